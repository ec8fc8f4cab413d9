"""Dated facts in lesson front matter: claims that change (hotlines, limits, prices, law).

Format (optional ``facts:`` list in a lesson's front matter)::

    facts:
      - claim: "The UK's NHS non-emergency number is 111."
        source: "https://www.nhs.uk/nhs-services/urgent-and-emergency-care-services/"
        checked_on: 2026-11-20

``school courses check`` lists facts whose ``checked_on`` is more than a year old.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any, Final

from app.content.errors import FieldError

FACT_KEYS: Final = ("claim", "source", "checked_on")
STALE_AFTER: Final = timedelta(days=365)


@dataclass(frozen=True, slots=True)
class Fact:
    """One claim that can go out of date, with where and when it was checked."""

    claim: str
    source: str
    checked_on: date

    def is_stale(self, today: date) -> bool:
        """Say whether the check is more than a year old."""
        return today - self.checked_on > STALE_AFTER


def _checked_on(value: Any, path: tuple[str | int, ...]) -> date:
    """A YAML date (unquoted YYYY-MM-DD) or the same text quoted."""
    if isinstance(value, date):
        return value
    try:
        return date.fromisoformat(str(value))
    except ValueError as error:
        raise FieldError(path, "checked_on must be a date written YYYY-MM-DD") from error


def _fact(raw: Any, index: int) -> Fact:
    """Validate one fact mapping."""
    path: tuple[str | int, ...] = ("facts", index)
    if not isinstance(raw, Mapping):
        raise FieldError(path, "each fact is a mapping of claim, source and checked_on")
    unknown = [k for k in raw if k not in FACT_KEYS]
    if unknown:
        raise FieldError((*path, unknown[0]), f"unknown field '{unknown[0]}' in a fact")
    for key in ("claim", "source"):
        if not isinstance(raw.get(key), str) or not raw[key].strip():
            raise FieldError((*path, key), f"a fact needs a non-empty '{key}'")
    if "checked_on" not in raw:
        raise FieldError((*path, "checked_on"), "a fact needs 'checked_on' (YYYY-MM-DD)")
    return Fact(raw["claim"].strip(), raw["source"].strip(), _checked_on(raw["checked_on"], path))


def facts_from_data(data: Any) -> tuple[Fact, ...]:
    """Read the optional ``facts`` list of a lesson's front matter."""
    raw = data.get("facts") if isinstance(data, Mapping) else None
    if raw is None:
        return ()
    if not isinstance(raw, list):
        raise FieldError(("facts",), "facts must be a list")
    return tuple(_fact(item, i) for i, item in enumerate(raw))
