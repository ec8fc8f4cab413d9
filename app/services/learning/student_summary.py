"""Keep each student's dashboard summary (``StudentSummary``) in step with their work.

``rebuild_summary`` computes the row from the live tables with the same queries the
practice and learning services use; the write paths update it in their own transaction:
``lock_for_attempt`` then ``note_attempt`` (practice submit, incremental), ``refresh_practice``
(an instructor's review) and ``refresh_learning`` (a lesson viewed, completed or its quiz
passed). Nothing here commits.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any, NamedTuple

from sqlalchemy import Integer, Select, bindparam, exists, func, select, update
from sqlalchemy.orm.util import identity_key

from app.models import Attempt, Exercise, LessonProgress, StudentSummary, User, db, utcnow
from app.services.learning.learning import resume_lesson
from app.services.learning.mastery import (
    CHART_WEEKS,
    RECENT,
    RECENT_ATTEMPTS,
    _criterion_scores,
    _kind_scores,
    recent_attempts,
    week_start,
)

FORMAT = 1  # bump when the row's meaning changes: older rows are rebuilt on first read
KEPT_WEEKS = CHART_WEEKS + 1  # the chart's weeks, plus the one the cut-off falls in


def monday_of(moment: datetime) -> str:
    """The ISO date of the Monday starting ``moment``'s week (as ``week_start`` in SQL)."""
    return (moment.date() - timedelta(days=moment.weekday())).isoformat()


def stamp_query(user_id: int) -> Select[Any]:
    """The live counters a summary must match: attempts, last attempt, lessons done and viewed."""
    mine = Attempt.user_id == user_id
    progress = LessonProgress.user_id == user_id
    return select(
        select(func.count()).where(mine).scalar_subquery(),
        select(func.max(Attempt.id)).where(mine).scalar_subquery(),
        select(func.count(LessonProgress.completed_at)).where(progress).scalar_subquery(),
        select(func.max(LessonProgress.last_viewed_at)).where(progress).scalar_subquery(),
    )


def matches_stamp(summary: StudentSummary, stamp: tuple[Any, ...]) -> bool:
    """Does the row agree with the live counters (and is it in the current format)?"""
    kept = (
        summary.format,
        summary.attempts_total,
        summary.last_attempt_id,
        summary.lessons_completed,
        summary.lessons_viewed_at,
    )
    return counters_agree(kept, stamp)


def counters_agree(kept: tuple[Any, ...], stamp: tuple[Any, ...]) -> bool:
    """Do a row's format and counters (as ``matches_stamp`` lists them) match the live ones?"""
    return kept[0] == FORMAT and tuple(kept[1:]) == (
        stamp[0] or 0, stamp[1], stamp[2] or 0, _aware(stamp[3])
    )


def _aware(value: Any) -> datetime | None:
    """A timestamp from a raw scalar subquery as the model stores it (aware UTC)."""
    from app.models.base import UTCDateTime

    if value is None or isinstance(value, datetime) and value.tzinfo is not None:
        return value
    return UTCDateTime().process_result_value(value, db.engine.dialect)


def _weeks(user: User) -> dict[str, list[float]]:
    """Score sum and attempt count per week, for the weeks the chart can still show."""
    week = week_start(Attempt.created_at).label("week")
    since = utcnow() - timedelta(weeks=KEPT_WEEKS)
    rows = db.session.execute(
        select(week, func.sum(Attempt.score), func.count())
        .where(Attempt.user_id == user.id, Attempt.created_at >= since)
        .group_by(week)
    )
    return {str(w): [float(total), int(count)] for w, total, count in rows}


def practice_part(user: User) -> dict[str, Any]:
    """The practice section's inputs, computed from the attempts."""
    return {
        "criteria": _criterion_scores(user)[0],
        "kinds": _kind_scores(user),
        "weeks": _weeks(user),
        "recent": [
            [r.id, r.uid, r.title, r.kind, r.score, r.created_at.isoformat()]
            for r in recent_attempts(user)
        ],
    }


def _resume_lesson_id(user: User) -> int | None:
    """The lesson to continue with, if the student has one open (else Foundations' next)."""
    lesson = resume_lesson(user)
    return lesson.id if lesson is not None else None


def _summary_row(user: User) -> StudentSummary:
    """The student's row, created empty if missing (locked on PostgreSQL until commit)."""
    row = db.session.get(StudentSummary, user.id, with_for_update=True)
    if row is None:
        row = StudentSummary(user_id=user.id, practice={})
        db.session.add(row)
    return row


def _fill_stamp(row: StudentSummary, user: User, pending: bool = True) -> None:
    """Copy the live counters into the row (and, unless told not to, the pending reviews)."""
    stamp = db.session.execute(stamp_query(user.id)).one()
    row.attempts_total, row.last_attempt_id = stamp[0] or 0, stamp[1]
    row.lessons_completed, row.lessons_viewed_at = stamp[2] or 0, _aware(stamp[3])
    row.format = FORMAT
    row.updated_at = utcnow()
    if pending:
        waiting = Attempt.user_id == user.id, Attempt.review_status == "pending"
        row.pending_reviews = db.session.scalar(select(func.count()).where(*waiting)) or 0


def fill_summary(row: StudentSummary, user: User) -> StudentSummary:
    """Compute every field of ``row`` from the live tables (the row may be transient)."""
    row.practice = practice_part(user)
    row.resume_lesson_id = _resume_lesson_id(user)
    _fill_stamp(row, user)
    row.updated_at = utcnow()
    return row


def rebuild_summary(user: User) -> StudentSummary:
    """Compute the whole row from the live tables and store it (flushed, not committed)."""
    row = fill_summary(_summary_row(user), user)
    db.session.flush()
    return row


def refresh_practice(user_id: int) -> None:
    """Recompute the practice part after a write that may reorder it (a review)."""
    row = db.session.get(StudentSummary, user_id, with_for_update=True)
    user = db.session.get(User, user_id) if row is not None else None
    if row is None or user is None:
        return  # built in full on the next dashboard
    row.practice = practice_part(user)
    _fill_stamp(row, user)


def refresh_learning(user: User) -> None:
    """Recompute the lesson to resume and the lesson counters after a progress write."""
    row = db.session.get(StudentSummary, user.id, with_for_update=True)
    if row is None:
        return
    row.resume_lesson_id = _resume_lesson_id(user)
    _fill_stamp(row, user, pending=False)


# The student's summary row, locked until commit before the attempt is written, and whether
# they answered this item before (only a first attempt counts towards mastery). Locking first
# orders one student's concurrent submits: each one's id, time and summary update follow the
# order of the lock, as a rebuild from the attempts would list them. Read and written with Core
# statements built once at import: loading and flushing the ORM row cost about a tenth of a
# submit's CPU.
SUMMARY = StudentSummary.__table__
SUMMARY_FOR_ATTEMPT = (
    select(
        SUMMARY.c.format,
        SUMMARY.c.practice,
        exists().where(
            Attempt.user_id == bindparam("user_id"),
            Attempt.exercise_id == bindparam("exercise_id"),
        ),
    )
    .where(SUMMARY.c.user_id == bindparam("user_id"))
    .with_for_update(of=SUMMARY)
)
SUMMARY_ADD_ATTEMPT = (
    update(SUMMARY)
    .where(SUMMARY.c.user_id == bindparam("row_user_id"))
    .values(
        attempts_total=SUMMARY.c.attempts_total + 1,
        pending_reviews=SUMMARY.c.pending_reviews + bindparam("pending", type_=Integer),
        practice=bindparam("practice"),
        last_attempt_id=bindparam("last_attempt_id"),
        updated_at=bindparam("updated_at"),
    )
)


class LockedSummary(NamedTuple):
    """The practice part of a locked summary row, and whether the item was answered before."""

    practice: dict[str, Any]
    repeated: bool


def lock_for_attempt(user: User, exercise: Exercise) -> LockedSummary | None:
    """Lock the student's summary row for an attempt about to be written (None: no such row).

    A submit that waited for the lock read "answered before?" in a snapshot from before the
    wait; the row it then locked is the newest, so an attempt at the same item committed
    meanwhile is among its recent lines.
    """
    found = db.session.execute(
        SUMMARY_FOR_ATTEMPT, {"user_id": user.id, "exercise_id": exercise.id}
    ).one_or_none()
    if found is None or found.format != FORMAT:
        return None  # built in full on the next dashboard
    practice = found.practice or {}
    recent_items = {line[1] for line in practice.get("recent", [])}
    return LockedSummary(practice, bool(found[2]) or exercise.uid in recent_items)


def note_attempt(
    user: User, attempt: Attempt, exercise: Exercise, locked: LockedSummary | None
) -> None:
    """Add a just-written practice attempt to the locked summary, without re-reading the others."""
    if locked is None:
        return
    session = db.session
    practice = with_attempt(locked.practice, attempt, exercise, first=not locked.repeated)
    session.execute(
        SUMMARY_ADD_ATTEMPT,
        {
            "row_user_id": user.id,
            "pending": int(attempt.review_status == "pending"),
            "practice": practice,
            "last_attempt_id": attempt.id,
            "updated_at": utcnow(),
        },
    )
    loaded = session.identity_map.get(identity_key(StudentSummary, user.id))
    if loaded is not None:
        session.expire(loaded)  # this session read the row before: read it again when asked


def with_attempt(
    practice: dict[str, Any] | None, attempt: Attempt, exercise: Exercise, first: bool
) -> dict[str, Any]:
    """The summary's practice part with one new attempt (the student's newest) folded in."""
    practice = {key: value for key, value in (practice or {}).items()}
    pending = attempt.review_status == "pending"
    if first and not pending:
        criteria = dict(practice.get("criteria", {}))
        for name, value in sorted((attempt.criterion_scores or {}).items()):
            if value is not None:
                criteria[name] = [float(value), *criteria.get(name, [])][:RECENT]
        kinds = dict(practice.get("kinds", {}))
        kinds[attempt.kind] = [float(attempt.score), *kinds.get(attempt.kind, [])][:RECENT]
        practice["criteria"], practice["kinds"] = criteria, kinds
    weeks = dict(practice.get("weeks", {}))
    week = monday_of(attempt.created_at)
    total, count = weeks.get(week, [0.0, 0])
    weeks[week] = [total + attempt.score, count + 1]
    oldest = monday_of(utcnow() - timedelta(weeks=KEPT_WEEKS))
    practice["weeks"] = {w: v for w, v in weeks.items() if w >= oldest}
    line = [attempt.id, exercise.uid, exercise.title, attempt.kind, attempt.score]
    recent = [[*line, attempt.created_at.isoformat()], *practice.get("recent", [])]
    practice["recent"] = recent[:RECENT_ATTEMPTS]
    return practice


def rebuild_all(batch: int = 200) -> int:
    """Rebuild every student's summary (the backfill); returns how many rows were written."""
    from app.models import Role

    done = 0
    ids = list(db.session.scalars(select(User.id).where(User.role == Role.STUDENT.value)))
    for start in range(0, len(ids), batch):
        for user in db.session.scalars(select(User).where(User.id.in_(ids[start : start + batch]))):
            rebuild_summary(user)
            done += 1
        db.session.commit()
    return done
