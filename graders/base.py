"""The grader base class and the response checks several graders share."""

from __future__ import annotations

import math
from abc import ABC, abstractmethod
from collections.abc import Mapping, Sequence
from typing import Any, ClassVar

from graders.criteria import DEFAULT_WEIGHTS, PRIORITY, Criterion
from graders.item import Item
from graders.problems import is_int, type_name
from graders.result import GradeResult

MAX_TEXT = 10_000


class InvalidResponse(ValueError):
    """Raised by grade() for a response that validate_response would reject."""

    def __init__(self, reasons: Sequence[str]) -> None:
        """Keep the individual reasons for callers that list them."""
        super().__init__("; ".join(reasons))
        self.reasons = tuple(reasons)


class Grader(ABC):
    """Grades one kind of item; subclasses set `kind` and implement the two hooks."""

    kind: ClassVar[str]

    def validate_response(self, item: Item, response: Any) -> list[str]:
        """Return human-readable reasons the response cannot be graded; [] when it can."""
        if item.kind != self.kind:
            raise ValueError(f"{type(self).__name__} grades {self.kind} items, not {item.kind}")
        if not isinstance(response, Mapping):
            return [f"the response must be an object, not {type_name(response)}"]
        return self._check(item, response)

    @abstractmethod
    def _check(self, item: Item, response: Mapping[str, Any]) -> list[str]:
        """Check the kind-specific fields of a mapping response."""

    @abstractmethod
    def grade(
        self,
        item: Item,
        response: Any,
        weights: Mapping[Criterion, float] = DEFAULT_WEIGHTS,
    ) -> GradeResult:
        """Score a valid response against the item's gold data."""

    def require_valid(self, item: Item, response: Any) -> None:
        """Raise InvalidResponse unless the response can be graded."""
        reasons = self.validate_response(item, response)
        if reasons:
            raise InvalidResponse(reasons)


def check_weights(weights: Mapping[Criterion, float]) -> None:
    """Refuse weights that miss a criterion or are negative or not finite."""
    for criterion in PRIORITY:
        value = weights.get(criterion)
        if not isinstance(value, int | float) or not math.isfinite(value) or value < 0:
            raise ValueError(f"weight for {criterion} must be a finite number ≥ 0, got {value!r}")


def id_list_reasons(ids: Sequence[str], given: Any, field: str) -> list[str]:
    """Explain why `given` is not exactly the answer ids in some order."""
    if not isinstance(given, list):
        return [f"'{field}' must be a list of answer ids, not {type_name(given)}"]
    reasons = [
        f"'{field}' entry {i + 1} must be an answer id, not {type_name(v)}"
        for i, v in enumerate(given)
        if not isinstance(v, str)
    ]
    texts = [v for v in given if isinstance(v, str)]
    seen: set[str] = set()
    for aid in texts:
        if aid in seen:
            reasons.append(f"answer {aid} appears twice")
        elif aid not in ids:
            reasons.append(f"unknown answer id {aid!r}")
        seen.add(aid)
    missing = [aid for aid in ids if aid not in seen]
    if missing:
        reasons.append(f"missing answers: {', '.join(missing)}")
    return reasons


def text_reasons(response: Mapping[str, Any], *, allow_blank: bool) -> list[str]:
    """Check a free-text 'text' field: present, a string, not too long."""
    text = response.get("text")
    if "text" not in response:
        return ["missing 'text': write your answer"]
    if not isinstance(text, str):
        return [f"'text' must be text, not {type_name(text)}"]
    if not allow_blank and not text.strip():
        return ["'text' must not be empty"]
    if len(text) > MAX_TEXT:
        return [f"'text' is too long: {len(text):,} characters (limit {MAX_TEXT:,})"]
    return []


def index_list_reasons(given: Any, size: int, field: str) -> list[str]:
    """Check a list of distinct indices into a list of `size` entries."""
    if not isinstance(given, list):
        return [f"'{field}' must be a list of point numbers, not {type_name(given)}"]
    reasons: list[str] = []
    seen: set[int] = set()
    for value in given:
        if not is_int(value):
            reasons.append(f"'{field}' entries must be whole numbers, not {type_name(value)}")
        elif not 0 <= value < size:
            reasons.append(f"'{field}' index {value} is not a rubric point (0–{size - 1})")
        elif value in seen:
            reasons.append(f"'{field}' index {value} appears twice")
        else:
            seen.add(value)
    return reasons
