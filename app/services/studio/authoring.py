"""Authoring bank items in the studio: create, edit (always a new version) and publish.

The content rules are ``graders.validate_item`` (shared with ``school exercises check``); this
module adds only what needs the database: ids must be new, and a flagged exam item stays a draft.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from app.models import Exercise, ExerciseVersion, User, db
from app.services.accounts.audit import record_event
from app.services.practice.exercise_bank import (
    GOLD_KEYS,
    SaveOutcome,
    current_version,
    save_item,
    version_to_dict,
)
from app.services.studio import publish_gate
from graders import Problem, validate_bank, validate_item

POOLS = ("practice", "exam")


class AuthoringError(ValueError):
    """A studio action is refused; the message is safe to show."""


def _bank_without(uid: Any) -> dict[str, list[dict[str, Any]]]:
    """Every other stored item's id and current prompt, by pool, for the cross-item rules."""
    rows = db.session.execute(
        select(Exercise.uid, Exercise.pool, ExerciseVersion.prompt)
        .join(ExerciseVersion, ExerciseVersion.exercise_id == Exercise.id)
        .where(ExerciseVersion.number == Exercise.current_version, Exercise.uid != str(uid))
    )
    bank: dict[str, list[dict[str, Any]]] = {pool: [] for pool in POOLS}
    for other, pool, prompt in rows:
        bank[pool].append({"id": other, "prompt": prompt})
    return bank


def item_problems(data: Mapping[str, Any], pool: str) -> list[Problem]:
    """Every problem ``school exercises check`` would report for this item in the bank.

    ``validate_item`` checks the item; ``validate_bank`` checks it against every other item
    (id prefix of its pool, and no prompt shared between the practice and exam pools).
    """
    problems = validate_item(data)
    uid = data.get("id")
    bank = _bank_without(uid)
    bank[pool].append(dict(data))
    for label, problem in validate_bank(bank):
        if label == uid or (problem.path == ("prompt",) and f"item {uid};" in problem.message):
            problems.append(problem)
    return problems


def new_item_problems(data: Mapping[str, Any], pool: str) -> list[Problem]:
    """Problems of an item about to be created: as ``item_problems``, and its id must be free."""
    problems = item_problems(data, pool)
    uid = data.get("id")
    if isinstance(uid, str) and db.session.scalar(select(Exercise.id).where(Exercise.uid == uid)):
        problems.append(Problem(("id",), _("the id %(id)s is already used", id=uid)))
    return problems


def create_exercise(data: Mapping[str, Any], pool: str, author: User) -> Exercise:
    """Store a new draft item (``data`` must have no problems) and audit it."""
    if pool not in POOLS:
        raise AuthoringError(_l("Unknown pool."))
    taken = _l("The id %(id)s is already used.", id=data["id"])
    if db.session.scalar(select(Exercise.id).where(Exercise.uid == data["id"])):
        raise AuthoringError(taken)
    try:
        with db.session.begin_nested():
            outcome = save_item(data, pool, source="studio", status="draft", author=author)
    except IntegrityError:  # another instructor took the id a moment ago
        raise AuthoringError(taken) from None
    record_event(
        author,
        "exercise.create",
        "exercise",
        outcome.exercise.id,
        uid=outcome.exercise.uid,
        pool=pool,
        kind=outcome.exercise.kind,
    )
    return outcome.exercise


def keep_translations(exercise: Exercise, data: Mapping[str, Any]) -> dict[str, Any]:
    """The edited item with the current version's other language versions carried over.

    The form edits one language; saving it must not silently drop the others. If the edit
    changed a shape they depend on (an answer added, a rubric point removed), validation says so.
    """
    before = version_to_dict(current_version(exercise))
    if "translations" in before and "translations" not in data:
        return {**data, "translations": before["translations"]}
    return dict(data)


def gold_of(data: Mapping[str, Any]) -> dict[str, Any]:
    """The parts of an item that decide grades: gold keys, answer labels and notes."""
    answers = [(a.get("labels"), a.get("note")) for a in data.get("answers") or ()]
    return {"answers": answers, **{key: data.get(key) for key in GOLD_KEYS}}


def edit_exercise(exercise: Exercise, data: Mapping[str, Any], author: User) -> SaveOutcome:
    """Save an edit as a new version (old attempts keep theirs); audit it and clear a stale flag.

    Editing the gold answers a calibration flag: the judgements belonged to the old version.
    """
    if data.get("id") != exercise.uid or data.get("kind") != exercise.kind:
        raise AuthoringError(_l("An item's id and kind cannot change."))
    before = version_to_dict(current_version(exercise))
    outcome = save_item(data, exercise.pool, status=exercise.status, author=author)
    if outcome.change != "versioned":
        return outcome
    gold_changed = gold_of(before) != gold_of(data)
    record_event(
        author,
        "exercise.edit",
        "exercise",
        exercise.id,
        uid=exercise.uid,
        version=outcome.version.number,
        gold_changed=gold_changed,
    )
    if exercise.calibration_flagged:
        exercise.calibration_flagged = False
        record_event(
            author,
            "calibration.resolve",
            "exercise",
            exercise.id,
            uid=exercise.uid,
            how="new version",
            version=outcome.version.number,
        )
    return outcome


def publish_exercise(exercise: Exercise, actor: User) -> None:
    """Publish a draft once reviewed (``publish_gate``); a flagged item cannot enter the exam."""
    if exercise.status == "published":
        raise AuthoringError(_l("This item is already published."))
    if exercise.pool == "exam" and exercise.calibration_flagged:
        raise AuthoringError(
            _l("Instructors disagree on this item's gold. Resolve the calibration flag first.")
        )
    ready = publish_gate.readiness(exercise)
    if not ready.is_ready:
        raise AuthoringError(" ".join(ready.reasons))
    exercise.status = "published"
    record_event(
        actor,
        "exercise.publish",
        "exercise",
        exercise.id,
        uid=exercise.uid,
        version=exercise.current_version,
    )


def versions_of(exercise: Exercise) -> list[ExerciseVersion]:
    """Every version of an item, newest first."""
    return list(
        db.session.scalars(
            select(ExerciseVersion)
            .where(ExerciseVersion.exercise_id == exercise.id)
            .order_by(ExerciseVersion.number.desc())
        )
    )
