"""Storing bank items as versioned rows, and turning rows back into graders' items.

One function (``save_item``) writes items for the file sync, the studio and the importer, so an
edit always creates a new version and old attempts keep pointing at the version they answered.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Mapping
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import lazyload

from app.models import CandidateAnswer, Exercise, ExerciseVersion, User, db
from app.services.practice.item_render import render_item_html, stored_or_render
from graders import Item, item_from_dict, item_to_dict, student_view
from graders.criteria import LABEL_NAMES, SEVERITY_NAMES, Labels
from graders.item import OPTIONAL_FIELDS
from graders.translations import available_languages, localise, shown_language

GOLD_KEYS = (
    "gold_order",
    "gold_better",
    "gold_criterion",
    "gold_ratings",
    "gold_flags",
    "gold_correction",
    "gold_reference",
    "rubric",
)


# The extras key holding each translated answer's HTML, rendered at save time (not content).
TRANSLATED_HTML = "translations_html"


class BankError(ValueError):
    """An item cannot be stored as asked; the message is safe to show."""


@dataclass(frozen=True)
class SaveOutcome:
    """What ``save_item`` did: created, a new version, or nothing (content unchanged)."""

    exercise: Exercise
    version: ExerciseVersion
    change: str  # "created" | "versioned" | "unchanged"


def content_hash(data: Mapping[str, Any]) -> str:
    """A stable fingerprint of an item's content (key order does not matter)."""
    encoded = json.dumps(data, sort_keys=True, ensure_ascii=False, default=str)
    return hashlib.sha256(encoded.encode()).hexdigest()


def canonical(data: Mapping[str, Any]) -> dict[str, Any]:
    """The item as the file format writes it (severity names, documented key order).

    Hashing and storing this form makes an item read from a first-edition file (true/false
    labels), the studio or an import produce the same version when its content is the same.
    """
    return item_to_dict(item_from_dict(data))


def current_version(exercise: Exercise) -> ExerciseVersion:
    """The version students see now.

    Its answers load only if used: most callers need the id or the cached item, and the
    relationship's eager "selectin" load was one query per page for nothing.
    """
    return db.session.scalars(
        select(ExerciseVersion)
        .options(lazyload(ExerciseVersion.answers))
        .where(
            ExerciseVersion.exercise_id == exercise.id,
            ExerciseVersion.number == exercise.current_version,
        )
    ).one()


def _extras(data: Mapping[str, Any]) -> dict[str, Any]:
    """The optional keys, plus each translated answer's sanitised HTML (rendered once, here)."""
    extras = {key: data[key] for key in OPTIONAL_FIELDS if key in data}
    rendered = {
        language: {
            answer_id: render_item_html(answer["text"])
            for answer_id, answer in (version.get("answers") or {}).items()
        }
        for language, version in (data.get("translations") or {}).items()
    }
    if any(rendered.values()):
        extras[TRANSLATED_HTML] = rendered
    return extras


def _new_version(exercise: Exercise, data: Mapping[str, Any], number: int,
                 digest: str, author: User | None) -> ExerciseVersion:
    """Build the rows of one version from an item mapping."""
    version = ExerciseVersion(
        exercise=exercise,
        number=number,
        title=data["title"],
        prompt=data["prompt"],
        rationale=data.get("rationale", ""),
        gold={key: data[key] for key in GOLD_KEYS if key in data},
        extras=_extras(data),
        content_hash=digest,
        author_id=author.id if author is not None else None,
    )
    for position, answer in enumerate(data.get("answers") or ()):
        labels = Labels.from_raw(answer.get("labels") or dict.fromkeys(LABEL_NAMES, "none"))
        version.answers.append(
            CandidateAnswer(
                key=answer["id"],
                position=position,
                text=answer["text"],
                text_html=render_item_html(answer["text"]),
                harmful=int(labels.harmful),
                inaccurate=int(labels.inaccurate),
                irrelevant=int(labels.irrelevant),
                note=answer.get("note", ""),
            )
        )
    db.session.add(version)
    return version


def _copy_metadata(exercise: Exercise, data: Mapping[str, Any]) -> None:
    """Searchable copies of an item's metadata on the exercise row."""
    exercise.title = data["title"]
    exercise.topic = data["topic"]
    exercise.criteria = list(data["criteria"])
    exercise.difficulty = int(data["difficulty"])
    exercise.language = str(data.get("language") or "en")
    exercise.translated_languages = translated_languages_text(data)


def translated_languages_text(data: Mapping[str, Any]) -> str:
    """The languages an item is translated into, as stored on its row: ",ru,", ",de,ru," or ""."""
    languages = sorted(data.get("translations") or {})
    return f",{','.join(languages)}," if languages else ""


def save_item(data: Mapping[str, Any], pool: str, *, source: str = "file",
              status: str = "published", author: User | None = None) -> SaveOutcome:
    """Create the item, add a version if its content changed, or leave it as it is.

    ``data`` must already pass ``graders.validate_item``. The pool of an existing item never
    changes here: moving an item between pools is refused, so practice never leaks exam items.
    """
    data = canonical(data)
    digest = content_hash(data)
    exercise = db.session.scalar(select(Exercise).where(Exercise.uid == data["id"]))
    if exercise is None:
        exercise = Exercise(uid=data["id"], kind=data["kind"], pool=pool, source=source,
                            status=status, current_version=1,
                            created_by_id=author.id if author is not None else None)
        _copy_metadata(exercise, data)
        db.session.add(exercise)
        version = _new_version(exercise, data, 1, digest, author)
        db.session.flush()
        return SaveOutcome(exercise, version, "created")
    if exercise.pool != pool:
        raise BankError(f"{data['id']} is in the {exercise.pool} pool and cannot move to {pool}.")
    if exercise.kind != data["kind"]:
        raise BankError(f"{data['id']} is a {exercise.kind} item; its kind cannot change.")
    latest = current_version(exercise)
    if latest.content_hash == digest:
        if exercise.status != status:
            exercise.status = status
        return SaveOutcome(exercise, latest, "unchanged")
    number = (db.session.scalar(
        select(db.func.max(ExerciseVersion.number)).where(
            ExerciseVersion.exercise_id == exercise.id)) or 0) + 1
    version = _new_version(exercise, data, number, digest, author)
    exercise.current_version = number
    exercise.status = status
    _copy_metadata(exercise, data)
    db.session.flush()
    return SaveOutcome(exercise, version, "versioned")


def version_to_dict(version: ExerciseVersion, language: str | None = None) -> dict[str, Any]:
    """The item mapping (file format) of one stored version, gold included.

    With ``language``, the texts are that language version's when the item has one (the
    mapping then has no ``translations``: it is what a reader of that language is shown).
    """
    if language is not None:
        item = item_for_version(version)
        if shown_language(item, language) != item.language:
            localised = item_to_dict(localise(item, language))
            localised.pop("translations", None)
            return localised
    exercise = version.exercise
    data: dict[str, Any] = {
        "id": exercise.uid,
        "kind": exercise.kind,
        "title": version.title,
        "topic": exercise.topic,
        "criteria": list(exercise.criteria),
        "difficulty": exercise.difficulty,
        "prompt": version.prompt,
        "rationale": version.rationale,
    }
    if version.answers:
        data["answers"] = [
            {
                "id": a.key,
                "text": a.text,
                "labels": {name: SEVERITY_NAMES[getattr(a, name)] for name in LABEL_NAMES},
                "note": a.note,
            }
            for a in version.answers
        ]
    data.update(version.gold)
    data.update({k: v for k, v in (version.extras or {}).items() if k != TRANSLATED_HTML})
    return data


def answer_html(version: ExerciseVersion, language: str | None = None) -> dict[str, str]:
    """Each answer's HTML rendered at save time, by answer id (rows from before: rendered now).

    With ``language``, a translated item's answers come from that version's stored HTML.
    """
    stored = ((version.extras or {}).get(TRANSLATED_HTML) or {}).get(language or "")
    if stored:
        return dict(stored)  # sanitised when saved, like CandidateAnswer.text_html
    return {a.key: str(stored_or_render(a.text_html, a.text)) for a in version.answers}


@lru_cache(maxsize=4096)
def _cached_item(version_id: int, digest: str) -> Item:
    """Versions are immutable, so their graders' items are built once per process."""
    version = db.session.get(ExerciseVersion, version_id)
    if version is None:  # pragma: no cover - callers pass existing ids
        raise BankError(f"exercise version {version_id} does not exist")
    return item_from_dict(version_to_dict(version))


def item_for_version(version: ExerciseVersion, language: str | None = None) -> Item:
    """The graders' item (gold included) for a stored version; never send it to a browser.

    With ``language``, the item as a reader of that language sees it and is graded on it
    (its own texts when it has no version in that language).
    """
    item = _cached_item(version.id, version.content_hash)
    return localise(item, language) if language else item


def version_languages(version: ExerciseVersion) -> tuple[str, ...]:
    """The languages a version can be read in, its own first."""
    return available_languages(item_for_version(version))


def reader_language(version: ExerciseVersion, wanted: str | None) -> str:
    """The language a reader who wants ``wanted`` is shown this version in."""
    return shown_language(item_for_version(version), wanted)


def student_item(version: ExerciseVersion, language: str | None = None) -> dict[str, Any]:
    """Only what a student may see before submitting: prompt, turns, answers, self-check list.

    With ``language``, that language version when the item has one; ``view["language"]`` says
    which language is shown.
    """
    shown = reader_language(version, language)
    view = student_view(item_for_version(version, shown))
    html = answer_html(version, shown)
    for answer in view["answers"]:
        answer["html"] = html.get(answer["id"], "")
    view["language"] = shown
    return view
