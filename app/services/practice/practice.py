"""Practice submissions: check the version, validate, grade against gold and store an attempt."""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Any

from flask_babel import gettext as _
from sqlalchemy import and_, bindparam, insert, select
from sqlalchemy.orm import lazyload, load_only, make_transient_to_detached

from app.models import Attempt, Exercise, ExerciseVersion, Review, User, db, utcnow
from app.models.rollup import add_inserted_attempt
from app.services.learning.student_summary import lock_for_attempt, note_attempt
from app.services.practice.exercise_bank import (
    answer_html,
    item_for_version,
    reader_language,
    version_to_dict,
)
from graders import GradeResult, grade, validate_response

FREE_TEXT_KINDS = ("correction", "reference")
MAX_ID = 2**31 - 1  # ids are 32-bit integers; larger numbers cannot name a row


class PracticeError(ValueError):
    """A submission cannot be graded; ``reasons`` are safe to show to the student."""

    def __init__(self, reasons: Sequence[str]) -> None:
        """Keep the individual reasons for pages that list them."""
        super().__init__("; ".join(reasons))
        self.reasons = list(reasons)


def practice_exercise(uid: str) -> Exercise | None:
    """A published practice item by uid; exam, draft and archived items are never practice."""
    return db.session.scalar(
        select(Exercise).where(
            Exercise.uid == uid, Exercise.pool == "practice", Exercise.status == "published"
        )
    )


def _version_id(raw_version_id: str | None) -> int | None:
    """The version id a form names, if it is one (a bounded decimal number)."""
    text = (raw_version_id or "").strip()
    return int(text) if re.fullmatch(r"[0-9]{1,9}", text) else None


# A submit reads the exercise and, in the same statement, the few columns of the version its
# form names (grading takes the rest from the per-version item cache); built once at import.
SUBMISSION_TARGET = (
    select(Exercise, ExerciseVersion)
    .outerjoin(
        ExerciseVersion,
        and_(
            ExerciseVersion.id == bindparam("version_id"),
            ExerciseVersion.exercise_id == Exercise.id,
        ),
    )
    .where(
        Exercise.uid == bindparam("uid"),
        Exercise.pool == "practice",
        Exercise.status == "published",
    )
    .options(
        load_only(
            Exercise.id, Exercise.uid, Exercise.kind, Exercise.pool, Exercise.status,
            Exercise.title, Exercise.current_version,
        ),
        load_only(
            ExerciseVersion.id, ExerciseVersion.exercise_id, ExerciseVersion.number,
            ExerciseVersion.content_hash,
        ),
        lazyload(ExerciseVersion.answers),
    )
)


def submission_target(
    uid: str, raw_version_id: str | None
) -> tuple[Exercise | None, ExerciseVersion | None]:
    """The published practice item ``uid`` and the version its form names, in one statement.

    The version is None when the form names none, or one of another exercise. A submit read
    the exercise and then the whole version (two round trips, and a prompt and gold it never
    used); the outer join keeps the 404 and the form error apart.
    """
    # No id (None) compares as NULL: the join finds no version, the exercise is still read.
    found = db.session.execute(
        SUBMISSION_TARGET, {"uid": uid, "version_id": _version_id(raw_version_id)}
    ).one_or_none()
    return (found[0], found[1]) if found is not None else (None, None)


def check_submitted_version(exercise: Exercise, version: ExerciseVersion | None) -> ExerciseVersion:
    """The version a form answered; refuses another item's or an outdated version."""
    if version is None or version.exercise_id != exercise.id:
        raise PracticeError([_("The form does not belong to this exercise. Reload the page.")])
    if version.number != exercise.current_version:
        raise PracticeError([_("This exercise was updated while you answered. Reload the page.")])
    return version


def grade_version(
    version: ExerciseVersion, response: Any, language: str | None = None
) -> GradeResult:
    """Validate a response to a stored version and grade it against gold (shared with exams).

    ``language`` is the version shown: a correction is graded on that language's rubric.
    """
    item = item_for_version(version, language)
    reasons = validate_response(item, response)
    if reasons:
        raise PracticeError(reasons)
    return grade(item, response)


# The attempt's row is written by one Core INSERT built once at import: the unit of work spent
# about 0.2 ms of a submit's 3 ms of CPU on a single new row (an eighth of the request).
INSERT_ATTEMPT = insert(Attempt.__table__).returning(Attempt.__table__.c.id)


def record_attempt(
    user: User, exercise: Exercise, version: ExerciseVersion, response: dict[str, Any],
    result: GradeResult, language: str | None = None,
) -> Attempt:
    """Store one graded answer and the language it was shown in; free text awaits review."""
    values = {
        "user_id": user.id,
        "exercise_id": exercise.id,
        "version_id": version.id,
        "kind": exercise.kind,
        "answer": response,
        "score": result.score,
        "criterion_scores": dict(result.criterion_scores),
        "critical_errors": result.critical_errors,
        "result": result.to_dict(),
        "review_status": "pending" if exercise.kind in FREE_TEXT_KINDS else "none",
        "language": language,
        "created_at": utcnow(),
    }
    session = db.session
    session.flush()  # anything the caller added goes first (the row refers to it)
    attempt_id = session.connection().execute(INSERT_ATTEMPT, values).scalar_one()
    attempt = Attempt(id=attempt_id, **values)
    make_transient_to_detached(attempt)
    session.add(attempt)  # persistent and clean: a later review updates it like any loaded row
    add_inserted_attempt(session, attempt)
    return attempt


def submit_practice(
    user: User, exercise: Exercise, version: ExerciseVersion, response: dict[str, Any],
    language: str | None = None,
) -> Attempt:
    """Grade a practice answer and record the attempt; raises PracticeError and records nothing.

    ``language`` is the version the student was shown (the item's own when it has no such one).
    """
    if exercise.pool != "practice" or exercise.status != "published":
        raise PracticeError([_("This exercise is not open for practice.")])
    if version.exercise_id != exercise.id or version.number != exercise.current_version:
        raise PracticeError([_("This exercise was updated while you answered. Reload the page.")])
    shown = reader_language(version, language)
    result = grade_version(version, response, shown)
    locked = lock_for_attempt(user, exercise)  # first: one student's submits queue here
    attempt = record_attempt(user, exercise, version, response, result, shown)
    note_attempt(user, attempt, exercise, locked)
    return attempt


def attempt_for_viewer(attempt_id: int, viewer: User) -> Attempt | None:
    """An attempt its owner, or an instructor, may see; None for anyone else."""
    attempt = db.session.get(Attempt, attempt_id) if 0 < attempt_id <= MAX_ID else None
    if attempt is None or (attempt.user_id != viewer.id and not viewer.is_instructor):
        return None
    return attempt


def attempt_feedback(attempt: Attempt) -> dict[str, Any]:
    """Everything the attempt page shows: the gold item, the result and any review."""
    gold = version_to_dict(attempt.version, attempt.language)
    html = answer_html(attempt.version, attempt.language)
    for answer in gold.get("answers", []):
        answer["html"] = html.get(answer["id"], "")
    review = db.session.scalar(select(Review).where(Review.attempt_id == attempt.id))
    tiers = {aid: i for i, tier in enumerate(gold.get("gold_order") or []) for aid in tier}
    return {
        "item": gold,
        "answers": {a["id"]: a for a in gold.get("answers", [])},
        "result": GradeResult.from_dict(attempt.result),
        "details": attempt.result.get("details", {}),
        "tiers": tiers,
        "review": review,
    }
