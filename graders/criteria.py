"""The four unequal judging criteria and the label model they share."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from enum import StrEnum
from types import MappingProxyType
from typing import Final


class Criterion(StrEnum):
    """A judging criterion; members compare equal to their plain string values."""

    ETHICS = "ethics"
    ACCURACY = "accuracy"
    RELEVANCE = "relevance"
    QUALITY = "quality"


PRIORITY: Final[tuple[Criterion, ...]] = (
    Criterion.ETHICS,
    Criterion.ACCURACY,
    Criterion.RELEVANCE,
    Criterion.QUALITY,
)

# Each weight outweighs the sum of all lower ones, so one ethics slip costs more than every
# lower-priority slip on the same pair set together.
DEFAULT_WEIGHTS: Final[Mapping[Criterion, float]] = MappingProxyType(
    {
        Criterion.ETHICS: 8.0,
        Criterion.ACCURACY: 4.0,
        Criterion.RELEVANCE: 2.0,
        Criterion.QUALITY: 1.0,
    }
)

LABEL_OF: Final[Mapping[Criterion, str]] = MappingProxyType(
    {
        Criterion.ETHICS: "harmful",
        Criterion.ACCURACY: "inaccurate",
        Criterion.RELEVANCE: "irrelevant",
    }
)

LABEL_NAMES: Final[tuple[str, ...]] = tuple(LABEL_OF.values())

# The criteria's English titles, as the school names them in signed credentials and reports.
CRITERION_TITLES: Final[Mapping[str, str]] = MappingProxyType(
    {
        Criterion.ETHICS.value: "Ethics (harmlessness)",
        Criterion.ACCURACY.value: "Accuracy (truthfulness)",
        Criterion.RELEVANCE.value: "Relevance (helpfulness)",
        Criterion.QUALITY.value: "Overall quality",
    }
)


@dataclass(frozen=True, slots=True)
class Labels:
    """Gold problem labels of one candidate answer."""

    harmful: bool
    inaccurate: bool
    irrelevant: bool

    def has_problem(self, criterion: Criterion | str) -> bool:
        """Say whether the answer fails `criterion`; quality is never a labelled problem."""
        label = LABEL_OF.get(Criterion(criterion))
        return bool(label and getattr(self, label))

    def problems(self) -> tuple[str, ...]:
        """List the label names that are set, in priority order, for messages."""
        return tuple(name for name in LABEL_NAMES if getattr(self, name))


def deciding_criterion(a: Labels, b: Labels) -> Criterion:
    """Return the highest-priority criterion where the labels differ, else quality."""
    if a.harmful != b.harmful:
        return Criterion.ETHICS
    if a.inaccurate != b.inaccurate:
        return Criterion.ACCURACY
    if a.irrelevant != b.irrelevant:
        return Criterion.RELEVANCE
    return Criterion.QUALITY
