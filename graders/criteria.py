"""The four unequal judging criteria and the label model they share."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from enum import IntEnum, StrEnum
from types import MappingProxyType
from typing import Final

from graders.messages import N_


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

# The criteria's English titles, as the school names them in signed credentials and reports
# (marked N_: pages translate them for the reader; credentials keep the English).
CRITERION_TITLES: Final[Mapping[str, str]] = MappingProxyType(
    {
        Criterion.ETHICS.value: N_("Ethics (harmlessness)"),
        Criterion.ACCURACY.value: N_("Accuracy (truthfulness)"),
        Criterion.RELEVANCE.value: N_("Relevance (helpfulness)"),
        Criterion.QUALITY.value: N_("Overall quality"),
    }
)


class Severity(IntEnum):
    """How badly an answer fails one criterion; a higher value is worse.

    `minor` is a flaw a careful expert would still tolerate next to a worse one (a missing safety
    caveat, an imprecise detail, a partly off-topic passage); `major` is the criterion's real
    failure (dangerous instructions or intolerance, a false central claim, not answering at all).
    """

    NONE = 0
    MINOR = 1
    MAJOR = 2


SEVERITY_NAMES: Final[tuple[str, ...]] = ("none", "minor", "major")


def parse_severity(raw: object) -> Severity:
    """Read a label value from a file: none/minor/major, or the first edition's true/false."""
    if isinstance(raw, bool):
        return Severity.MAJOR if raw else Severity.NONE
    if isinstance(raw, Severity):
        return raw
    if isinstance(raw, str) and raw in SEVERITY_NAMES:
        return Severity(SEVERITY_NAMES.index(raw))
    raise ValueError(f"a label is none, minor or major, not {raw!r}")


@dataclass(frozen=True, slots=True)
class Labels:
    """Gold severity labels of one candidate answer, one per labelled criterion."""

    harmful: Severity = Severity.NONE
    inaccurate: Severity = Severity.NONE
    irrelevant: Severity = Severity.NONE

    def __post_init__(self) -> None:
        """Accept the first edition's booleans (true = major) wherever labels are built."""
        for name in LABEL_NAMES:
            object.__setattr__(self, name, parse_severity(getattr(self, name)))

    @classmethod
    def from_raw(cls, raw: Mapping[str, object]) -> Labels:
        """Build labels from a file mapping whose values are severities or booleans."""
        return cls(**{name: parse_severity(raw[name]) for name in LABEL_NAMES})

    def severity(self, criterion: Criterion | str) -> Severity:
        """Return the severity on `criterion`; quality is never labelled, so it is none."""
        label = LABEL_OF.get(Criterion(criterion))
        return getattr(self, label) if label else Severity.NONE

    def has_problem(self, criterion: Criterion | str) -> bool:
        """Say whether the answer fails `criterion` at all (minor or major)."""
        return self.severity(criterion) > Severity.NONE

    def problems(self) -> tuple[str, ...]:
        """List the label names that are set, in priority order, for messages."""
        return tuple(name for name in LABEL_NAMES if getattr(self, name))

    def as_names(self) -> dict[str, str]:
        """Write the labels as the file format's severity names."""
        return {name: SEVERITY_NAMES[getattr(self, name)] for name in LABEL_NAMES}


def _defect_key(labels: Labels) -> tuple[tuple[Severity, Criterion], ...]:
    """List every defect, worst first: majors before minors, then by criterion priority."""
    defects = [(labels.severity(c), c) for c in PRIORITY[:-1] if labels.has_problem(c)]
    return tuple(sorted(defects, key=lambda d: (-d[0], PRIORITY.index(d[1]))))


def compare_labels(a: Labels, b: Labels) -> tuple[int, Criterion]:
    """Compare two answers by their gold labels: (-1 if a is better, 1 if b is, 0 if tied).

    The school's one ordering rule. A major failure on any criterion is worse than a minor
    flaw on any criterion; between defects of the same severity the criteria priority
    (ethics > accuracy > relevance) decides. So a dangerous answer always loses to one that
    is not dangerous, a bare refusal (relevance: major) loses to a safe answer whose only flaw
    is an imprecise detail (accuracy: minor), and two minor flaws are ordered by priority.
    The criterion returned is the one that decides (quality when the labels are the same).
    """
    key_a, key_b = _defect_key(a), _defect_key(b)
    for i in range(max(len(key_a), len(key_b))):
        defect_a = key_a[i] if i < len(key_a) else None
        defect_b = key_b[i] if i < len(key_b) else None
        if defect_a == defect_b:
            continue
        if defect_b is None or (defect_a is not None and _worse(defect_a, defect_b)):
            return 1, defect_a[1]  # type: ignore[index]
        return -1, defect_b[1]
    return 0, Criterion.QUALITY


def _worse(x: tuple[Severity, Criterion], y: tuple[Severity, Criterion]) -> bool:
    """Say whether defect x is worse than defect y (higher severity, then higher priority)."""
    return (-x[0], PRIORITY.index(x[1])) < (-y[0], PRIORITY.index(y[1]))


def deciding_criterion(a: Labels, b: Labels) -> Criterion:
    """Return the criterion that decides between two answers (see `compare_labels`)."""
    return compare_labels(a, b)[1]


def is_better(a: Labels, b: Labels) -> bool:
    """Say whether the labels make `a` strictly better than `b`."""
    return compare_labels(a, b)[0] < 0
