"""Domain services, grouped by capability: one package per area of the school.

``accounts``, ``learning``, ``practice``, ``certification``, ``studio`` and ``analytics`` hold the
domain logic the views call; ``common`` holds machinery several of them share. Grading rules
themselves live in ``graders/`` (no Flask, no database). Services flush; the view or CLI command
commits once.
"""
