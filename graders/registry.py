"""The kind → grader registry and the two entry points services call."""

from __future__ import annotations

from collections.abc import Mapping
from types import MappingProxyType
from typing import Any, Final

from graders.base import Grader
from graders.correction import CorrectionGrader
from graders.criteria import DEFAULT_WEIGHTS, Criterion
from graders.item import Item
from graders.pairwise import PairwiseGrader
from graders.ranking import RankingGrader
from graders.rating import RatingGrader
from graders.reference import ReferenceGrader
from graders.result import GradeResult

GRADERS: Final[Mapping[str, type[Grader]]] = MappingProxyType(
    {
        g.kind: g
        for g in (RankingGrader, PairwiseGrader, RatingGrader, CorrectionGrader, ReferenceGrader)
    }
)
# Graders are stateless, so one shared instance per kind is enough.
_INSTANCES: Final = {kind: cls() for kind, cls in GRADERS.items()}


def get_grader(kind: str) -> Grader:
    """Return the grader for `kind`, or raise ValueError for an unknown kind."""
    try:
        return _INSTANCES[kind]
    except KeyError:
        raise ValueError(f"no grader for kind {kind!r}; known: {', '.join(GRADERS)}") from None


def grade(
    item: Item, response: Any, weights: Mapping[Criterion, float] | None = None
) -> GradeResult:
    """Grade a response to any item; raises InvalidResponse if it cannot be graded."""
    chosen = DEFAULT_WEIGHTS if weights is None else weights
    return get_grader(item.kind).grade(item, response, chosen)


def validate_response(item: Item, response: Any) -> list[str]:
    """Return reasons a response to `item` cannot be graded; [] when it can."""
    return get_grader(item.kind).validate_response(item, response)
