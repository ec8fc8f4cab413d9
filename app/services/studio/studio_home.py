"""The instructor's studio home: the work waiting for them and what their cohorts did lately.

Reviews come from the review queue, which already applies the blind-marking rules (exam
scripts by code only, none of the marker's own exam or cohort students); exam scripts come
first, oldest first, because a candidate's certificate waits on them.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import and_, exists, func, select

from app.models import (
    Attempt,
    CalibrationJudgement,
    Cohort,
    CohortMember,
    ExamSession,
    Exercise,
    ExerciseVersion,
    User,
    db,
    utcnow,
)
from app.services.analytics import exam_analytics
from app.services.studio.calibration import CALIBRATED_KINDS
from app.services.studio.publish_gate import EXAM_JUDGES
from app.services.studio.reviews import EARLIEST, QueueEntry, review_queue

SHOWN = 10


@dataclass(frozen=True)
class Waiting:
    """A review waiting, with how long it has waited."""

    entry: QueueEntry
    age_days: int


def reviews(user: User, now: datetime | None = None) -> tuple[list[Waiting], int]:
    """Reviews this instructor may do (exam scripts first, oldest first) and their total."""
    entries, _counts = review_queue(user)
    mine = [e for e in entries if not (e.source == "practice" and e.student_id == user.id)]
    mine.sort(
        key=lambda e: (e.source != "exam", e.submitted_at is None, e.submitted_at or EARLIEST)
    )
    moment = now or utcnow()
    waiting = [
        Waiting(e, (moment - e.submitted_at).days if e.submitted_at else 0) for e in mine[:SHOWN]
    ]
    return waiting, len(mine)


@dataclass(frozen=True)
class Uncalibrated:
    """A draft item that still needs calibration judgements."""

    id: int
    uid: str
    title: str
    pool: str
    judges: int
    needed: int
    flagged: bool
    judged_by_me: bool
    authored_by_me: bool


def awaiting_calibration(user: User) -> list[Uncalibrated]:
    """Exam drafts short of independent judges, or flagged by disagreement: one query.

    The rule is the publish gate's: judges other than the item's authors (practice drafts need
    an approval, not calibration, and are not listed).
    """
    judge = CalibrationJudgement
    judges = (
        select(func.count())
        .where(
            judge.version_id == ExerciseVersion.id,
            judge.instructor_id != func.coalesce(ExerciseVersion.author_id, 0),
            judge.instructor_id != func.coalesce(Exercise.created_by_id, 0),
        )
        .scalar_subquery()
    )
    mine = exists().where(judge.version_id == ExerciseVersion.id, judge.instructor_id == user.id)
    rows = db.session.execute(
        select(Exercise, judges.label("judges"), mine.label("mine"), ExerciseVersion.author_id)
        .join(
            ExerciseVersion,
            and_(
                ExerciseVersion.exercise_id == Exercise.id,
                ExerciseVersion.number == Exercise.current_version,
            ),
        )
        .where(
            Exercise.status == "draft",
            Exercise.kind.in_(CALIBRATED_KINDS),
            Exercise.pool == "exam",
        )
        .order_by(Exercise.updated_at, Exercise.id)
        .limit(200)
    ).all()
    found = []
    for exercise, count, judged, author in rows:
        needed = EXAM_JUDGES
        if count < needed or exercise.calibration_flagged:
            found.append(
                Uncalibrated(
                    exercise.id,
                    exercise.uid,
                    exercise.title,
                    exercise.pool,
                    int(count),
                    needed,
                    exercise.calibration_flagged,
                    bool(judged),
                    author == user.id,
                )  # fmt: skip
            )
    return found


@dataclass(frozen=True)
class PoorItem:
    """An exam item its statistics flag for review."""

    id: int
    uid: str
    title: str
    exam_n: int
    p: float | None
    r: float | None
    flags: tuple[str, ...]


def poor_statistics() -> list[PoorItem]:
    """Exam items flagged by their statistics, most flags first (no scan of practice attempts)."""
    flagged = {k: s for k, s in exam_analytics.item_stats().items() if s.flags}
    if not flagged:
        return []
    rows = db.session.execute(
        select(Exercise.id, Exercise.uid, Exercise.title).where(Exercise.id.in_(list(flagged)))
    ).all()
    found = [PoorItem(i, uid, title, flagged[i].respondents, flagged[i].p, flagged[i].r,
                      flagged[i].flags) for i, uid, title in rows]  # fmt: skip
    found.sort(key=lambda r: (-len(r.flags), r.uid))
    return found


@dataclass(frozen=True)
class Activity:
    """Something a student of my cohorts did."""

    when: datetime
    student: str
    what: str  # "practice" | "exam"
    title: str
    score: float | None
    status: str


def cohort_activity(user: User, limit: int = SHOWN) -> list[Activity]:
    """The latest practice attempts and finished exams of my cohorts' students: two queries."""
    members = (
        select(CohortMember.user_id)
        .join(Cohort, Cohort.id == CohortMember.cohort_id)
        .where(Cohort.instructor_id == user.id)
    )
    practice = db.session.execute(
        select(Attempt.created_at, User.display_name, ExerciseVersion.title, Attempt.score)
        .join(User, User.id == Attempt.user_id)
        .join(ExerciseVersion, ExerciseVersion.id == Attempt.version_id)
        .where(Attempt.user_id.in_(members))
        .order_by(Attempt.created_at.desc(), Attempt.id.desc())
        .limit(limit)
    ).all()
    exams = db.session.execute(
        select(
            ExamSession.finished_at,
            User.display_name,
            ExamSession.blueprint_slug,
            ExamSession.score,
            ExamSession.status,
        )  # fmt: skip
        .join(User, User.id == ExamSession.user_id)
        .where(ExamSession.user_id.in_(members), ExamSession.finished_at.is_not(None))
        .order_by(ExamSession.finished_at.desc(), ExamSession.id.desc())
        .limit(limit)
    ).all()
    found = [Activity(w, n, "practice", t, s, "") for w, n, t, s in practice]
    found += [Activity(w, n, "exam", slug, s, st) for w, n, slug, s, st in exams]
    found.sort(key=lambda a: a.when, reverse=True)
    return found[:limit]
