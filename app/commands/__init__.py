"""``school`` CLI command groups; each module exposes ``commands`` (a list of click commands)."""
