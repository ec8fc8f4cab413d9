"""Negation-aware matching for "remove" rubric points: a warning against a mistake is no mistake.

A pattern match counts only when no negation cue (don't, do not, never, avoid, not, no, instead
of, rather than, without, and every "n't" contraction: isn't, aren't, wasn't…) precedes it
within the same clause. Clauses end at . ! ? ; : a line break, or the word "but", so
"Don't pop it" is negated while "Don't panic. Pop it" is not.

Russian works the same way: не, ни, нет, нельзя, никогда, без, вместо, избегайте (any form of
избегать), откажитесь от; "но" ends a clause like "but". Python's ``\\b`` is Unicode-aware, so
"не" does not match inside "нечто" or "вне".
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import Final

_CLAUSE_END: Final = re.compile(r"[.!?;:\n]|\b(?:but|но)\b", re.IGNORECASE)
_NEGATION: Final = re.compile(
    r"\b(?:don['’]?t|do\s+not|does\s+not|doesn['’]?t|never|avoid(?:ing)?|not|no|nor|"
    r"instead\s+of|rather\s+than|without|shouldn['’]?t|should\s+not|must\s+not|mustn['’]?t|"
    r"won['’]?t|cannot|can['’]?t|refrain\s+from|stop|"
    # Any other "n't" contraction (isn't, aren't, wasn't, didn't, wouldn't…), and the common
    # ones typed without an apostrophe; a bare "\w+nt" would also catch "want" or "parent".
    r"[a-z]+n['’]t|(?:is|are|was|were|did|has|have|had|would|could|need)nt|"
    r"не|ни|нет|нельзя|никогда|без|вместо|избега\w*|откаж\w*\s+от)\b",
    re.IGNORECASE,
)


def _clause_before(text: str, position: int) -> str:
    """Return the text from the start of the clause holding `position` up to it."""
    start = 0
    for boundary in _CLAUSE_END.finditer(text, 0, position):
        start = boundary.end()
    return text[start:position]


def is_negated(text: str, start: int) -> bool:
    """Say whether a match starting at `start` sits after a negation in its clause."""
    return bool(_NEGATION.search(_clause_before(text, start)))


def affirmed_matches(pattern: re.Pattern[str], text: str) -> list[re.Match[str]]:
    """Return the matches of `pattern` in `text` that are not negated."""
    return [m for m in pattern.finditer(text) if not is_negated(text, m.start())]


def any_affirmed(patterns: Iterable[re.Pattern[str]], text: str) -> bool:
    """Say whether any pattern matches `text` outside a negated clause."""
    return any(affirmed_matches(p, text) for p in patterns)
