"""Typed exercise items and their conversion to and from the content file format."""

from __future__ import annotations

import copy
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any, Final

from graders.criteria import Labels

COMMON_FIELDS: Final = (
    "id",
    "kind",
    "title",
    "topic",
    "criteria",
    "difficulty",
    "prompt",
    "rationale",
)

# Kind-specific keys in the order docs/content-formats.md documents them.
KIND_FIELDS: Final[Mapping[str, tuple[str, ...]]] = {
    "ranking": ("answers", "gold_order"),
    "pairwise": ("answers", "gold_better", "gold_criterion"),
    "rating": ("answers", "gold_ratings", "gold_flags"),
    "correction": ("answers", "gold_correction", "rubric"),
    "reference": ("rubric", "gold_reference"),
}

# Optional keys any kind may carry, in documented order (written only when set).
OPTIONAL_FIELDS: Final = (
    "language",
    "source",
    "lesson_example",
    "must_catch",
    "conversation",
    "translations",
)

RATED_CRITERIA: Final = ("ethics", "accuracy", "relevance")
TURN_ROLES: Final = ("user", "assistant")


@dataclass(frozen=True, slots=True)
class Turn:
    """One earlier turn of a multi-turn conversation; the item's prompt is the latest user turn."""

    role: str
    text: str


@dataclass(frozen=True, slots=True)
class Answer:
    """One candidate chatbot answer with its gold labels and teaching note."""

    id: str
    text: str
    labels: Labels
    note: str


@dataclass(frozen=True, slots=True)
class RubricPoint:
    """A key point a correction or reference answer should meet."""

    point: str
    kind: str = "include"
    patterns: tuple[str, ...] = ()
    criterion: str = "accuracy"


@dataclass(frozen=True)
class Item:
    """One exercise item of any kind; fields that do not apply to the kind stay empty."""

    id: str
    kind: str
    title: str
    topic: str
    criteria: tuple[str, ...]
    difficulty: int
    prompt: str
    rationale: str
    answers: tuple[Answer, ...] = ()
    gold_order: tuple[tuple[str, ...], ...] = ()
    gold_better: str | None = None
    gold_criterion: str | None = None
    gold_ratings: Mapping[str, int] | None = None
    gold_flags: tuple[str, ...] = ()
    gold_correction: str | None = None
    gold_reference: str | None = None
    rubric: tuple[RubricPoint, ...] = ()
    language: str = "en"
    source: Mapping[str, str] | None = None
    lesson_example: str | None = None
    must_catch: bool = False
    conversation: tuple[Turn, ...] = ()
    # Other language versions' texts, by language code (graders.translations reads them).
    translations: Mapping[str, Mapping[str, Any]] = field(default_factory=dict)

    def answer(self, answer_id: str) -> Answer:
        """Return the answer with `answer_id`, so graders can quote its note."""
        for answer in self.answers:
            if answer.id == answer_id:
                return answer
        raise KeyError(answer_id)


def _answer_from_dict(data: Mapping[str, Any]) -> Answer:
    """Build an Answer from its file mapping."""
    labels = Labels.from_raw(data["labels"])
    return Answer(id=data["id"], text=data["text"], labels=labels, note=data["note"])


def _point_from_dict(data: Mapping[str, Any]) -> RubricPoint:
    """Build a RubricPoint; reference points have no kind and no patterns."""
    return RubricPoint(
        point=data["point"],
        kind=data.get("kind", "include"),
        patterns=tuple(data.get("patterns") or ()),
        criterion=data.get("criterion", "accuracy"),
    )


def item_from_dict(data: Mapping[str, Any]) -> Item:
    """Build an Item from a mapping that validate_item has already accepted."""
    ratings = data.get("gold_ratings")
    return Item(
        id=data["id"],
        kind=data["kind"],
        title=data["title"],
        topic=data["topic"],
        criteria=tuple(data["criteria"]),
        difficulty=int(data["difficulty"]),
        prompt=data["prompt"],
        rationale=data["rationale"],
        answers=tuple(_answer_from_dict(a) for a in data.get("answers") or ()),
        gold_order=tuple(tuple(tier) for tier in data.get("gold_order") or ()),
        gold_better=data.get("gold_better"),
        gold_criterion=data.get("gold_criterion"),
        gold_ratings=None if ratings is None else {k: int(ratings[k]) for k in RATED_CRITERIA},
        gold_flags=tuple(data.get("gold_flags") or ()),
        gold_correction=data.get("gold_correction"),
        gold_reference=data.get("gold_reference"),
        rubric=tuple(_point_from_dict(p) for p in data.get("rubric") or ()),
        language=data.get("language") or "en",
        source=dict(data["source"]) if data.get("source") else None,
        lesson_example=data.get("lesson_example"),
        must_catch=bool(data.get("must_catch", False)),
        conversation=tuple(
            Turn(role=t["role"], text=t["text"]) for t in data.get("conversation") or ()
        ),
        translations=copy.deepcopy(dict(data.get("translations") or {})),
    )


def _answer_to_dict(answer: Answer) -> dict[str, Any]:
    """Write an Answer in file order."""
    labels = answer.labels.as_names()
    return {"id": answer.id, "text": answer.text, "labels": labels, "note": answer.note}


def _point_to_dict(point: RubricPoint, kind: str) -> dict[str, Any]:
    """Write a RubricPoint; reference points carry only their text."""
    if kind == "reference":
        return {"point": point.point}
    data = {"kind": point.kind, "point": point.point, "patterns": list(point.patterns)}
    if point.criterion != "accuracy":
        data["criterion"] = point.criterion
    return data


def _kind_value(item: Item, key: str) -> Any:
    """Return the plain (YAML-safe) value of one kind-specific field."""
    if key == "answers":
        return [_answer_to_dict(a) for a in item.answers]
    if key == "gold_order":
        return [list(tier) for tier in item.gold_order]
    if key == "gold_ratings":
        ratings = item.gold_ratings or {}
        return {k: ratings[k] for k in RATED_CRITERIA if k in ratings}
    if key == "gold_flags":
        return list(item.gold_flags)
    if key == "rubric":
        return [_point_to_dict(p, item.kind) for p in item.rubric]
    return getattr(item, key)


def item_to_dict(item: Item) -> dict[str, Any]:
    """Write an Item as the file mapping: the kind's keys only, in documented order."""
    data: dict[str, Any] = {key: getattr(item, key) for key in COMMON_FIELDS}
    data["criteria"] = list(item.criteria)
    for key in KIND_FIELDS[item.kind]:
        data[key] = _kind_value(item, key)
    data.update(_optional_values(item))
    return data


def _optional_values(item: Item) -> dict[str, Any]:
    """Return the optional keys that differ from their defaults, in documented order."""
    values: dict[str, Any] = {}
    if item.language != "en":
        values["language"] = item.language
    if item.source:
        values["source"] = dict(item.source)
    if item.lesson_example:
        values["lesson_example"] = item.lesson_example
    if item.must_catch:
        values["must_catch"] = True
    if item.conversation:
        values["conversation"] = [{"role": t.role, "text": t.text} for t in item.conversation]
    if item.translations:
        values["translations"] = copy.deepcopy(dict(item.translations))
    return values


def student_view(item: Item) -> dict[str, Any]:
    """Return the only data a student may see before submitting: no gold, labels or notes."""
    view: dict[str, Any] = {
        "id": item.id,
        "kind": item.kind,
        "title": item.title,
        "topic": item.topic,
        "prompt": item.prompt,
        "conversation": [{"role": t.role, "text": t.text} for t in item.conversation],
        "answers": [{"id": a.id, "text": a.text} for a in item.answers],
    }
    if item.kind == "reference":
        view["self_check"] = [p.point for p in item.rubric]
    return view
