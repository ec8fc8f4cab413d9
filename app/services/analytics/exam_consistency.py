"""Decision consistency of an exam: measured on repeat sittings, else the documented simulation.

Measured: students who sat the same blueprint twice within ``WINDOW_DAYS`` (skill barely moves
in that time) give a pair of verdicts; the share of pairs with the same verdict is the
consistency. Retakes mostly follow a fail, so the figure leans pessimistic; it is shown only
from ``ENOUGH_PAIRS`` pairs up. Otherwise the figure measured by ``school exams simulate`` and
written in ``docs/assessment.md`` is shown, labelled as simulated.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from flask import current_app

from app.services.analytics import exam_analytics
from graders.item_stats import decision_consistency, repeat_pairs

WINDOW_DAYS = 30
ENOUGH_PAIRS = 30
DOC = "docs/assessment.md"
_HEADING = re.compile(r"^#{2,4} .*`(?P<slug>[a-z0-9-]+)`")
_FIGURE = re.compile(r"^\|\s*Decision consistency[^|]*\|\s*\*\*(?P<value>[0-9.]+)\*\*")


@dataclass(frozen=True)
class Consistency:
    """A blueprint's decision consistency and where it comes from."""

    source: str  # "measured" | "simulated" | "none"
    value: float | None
    kappa: float | None
    pairs: int


def simulated_figures(text: str) -> dict[str, float]:
    """Decision consistency per blueprint slug; a later section (newer run) wins."""
    found: dict[str, float] = {}
    slug = None
    for line in text.splitlines():
        heading = _HEADING.match(line)
        if heading:
            slug = heading["slug"]
            continue
        figure = _FIGURE.match(line)
        if figure and slug:
            found[slug] = float(figure["value"])
    return found


@lru_cache(maxsize=4)
def _documented(path: str) -> dict[str, float]:
    """The documented figures of one doc file (read once per process)."""
    try:
        return simulated_figures(Path(path).read_text(encoding="utf-8"))
    except OSError:
        return {}


def documented(slug: str) -> float | None:
    """The simulated decision consistency written in the docs for a blueprint."""
    path = Path(current_app.root_path).parent / DOC
    return _documented(str(path)).get(slug)


def consistency(slug: str) -> Consistency:
    """Measured from repeat sittings when there are enough, else the simulated figure."""
    pairs = repeat_pairs(exam_analytics.verdicts(slug), WINDOW_DAYS)
    measured = decision_consistency(pairs)
    if measured is not None and len(pairs) >= ENOUGH_PAIRS:
        return Consistency("measured", measured[0], measured[1], len(pairs))
    value = documented(slug)
    if value is None:
        return Consistency("none", None, None, len(pairs))
    return Consistency("simulated", value, None, len(pairs))
