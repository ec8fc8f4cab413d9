"""Language versions of one item: the texts in another language, the non-text gold shared.

An item's ``translations`` maps a language code to that language's prompt, turns, answer texts
and notes, rationale and (correction, reference) rubric and gold text. Labels, orders, ratings and
flags stay the item's own, so a student's progress and mastery belong to one item whatever
language they read it in. ``localise`` returns the item as a reader of one language sees and is
graded on it.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import replace
from typing import Any, Final

from graders.item import Answer, Item, RubricPoint, Turn

# The text keys a translation may carry; every other key of the item is shared.
TRANSLATION_FIELDS: Final = (
    "title",
    "prompt",
    "rationale",
    "conversation",
    "answers",
    "gold_correction",
    "rubric",
    "gold_reference",
)


def available_languages(item: Item) -> tuple[str, ...]:
    """The item's own language first, then every language it is translated into, sorted."""
    return (item.language, *sorted(set(item.translations) - {item.language}))


def shown_language(item: Item, wanted: str | None) -> str:
    """The language a reader of ``wanted`` is shown: that version if it exists, else the item's."""
    return wanted if wanted in available_languages(item) else item.language


def _answers(item: Item, texts: Mapping[str, Mapping[str, str]]) -> tuple[Answer, ...]:
    """The answers with translated text and note; labels are shared."""
    return tuple(
        replace(a, text=texts[a.id]["text"], note=texts[a.id]["note"]) if a.id in texts else a
        for a in item.answers
    )


def _rubric(item: Item, points: list[Mapping[str, Any]]) -> tuple[RubricPoint, ...]:
    """The rubric with translated point texts and patterns; kinds and criteria are shared."""
    return tuple(
        replace(original, point=raw["point"], patterns=tuple(raw.get("patterns") or ()))
        for original, raw in zip(item.rubric, points, strict=True)
    )


def localise(item: Item, language: str | None) -> Item:
    """The item in ``language``, gold texts included; the item itself if it has no such version."""
    version = item.translations.get(language or "") if language != item.language else None
    if not version:
        return item
    changes: dict[str, Any] = {
        "language": language,
        "title": version["title"],
        "prompt": version["prompt"],
        "rationale": version["rationale"],
    }
    if version.get("conversation"):
        changes["conversation"] = tuple(
            Turn(role=t["role"], text=t["text"]) for t in version["conversation"]
        )
    if version.get("answers"):
        changes["answers"] = _answers(item, version["answers"])
    if version.get("rubric"):
        changes["rubric"] = _rubric(item, version["rubric"])
    for key in ("gold_correction", "gold_reference"):
        if version.get(key):
            changes[key] = version[key]
    return replace(item, **changes)
