"""Adding rows to the seeded performance database, so list pages can be measured twice."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from sqlalchemy import func, select

from app.extensions import db
from app.models import (
    Attempt,
    Certificate,
    Course,
    ExamSession,
    Lesson,
    Module,
    Review,
    User,
    utcnow,
)
from app.services.common.bulk_insert import columns_of
from app.services.practice.exercise_bank import save_item, version_to_dict

# Everything an attempt carries except who made it, when, and its own id.
COPIED = columns_of("attempts", without=("id", "user_id", "created_at"))


def _sources(count: int, exercise_id: int | None, review: str) -> list[Attempt]:
    """Seeded attempts to copy (free-text ones when copying review states)."""
    stmt = select(Attempt).order_by(Attempt.id)
    if exercise_id is not None:
        stmt = stmt.where(Attempt.exercise_id == exercise_id)
    if review != "none":
        stmt = stmt.where(Attempt.kind.in_(("correction", "reference")))
    sources = list(db.session.scalars(stmt.limit(count)))
    assert sources, "the seeded database has no attempts to copy"
    return sources


def copy_attempts(
    count: int, user_id: int | None = None, exercise_id: int | None = None, review: str = "none"
) -> list[Attempt]:
    """Add ``count`` attempts copied from seeded ones, for one student or one item.

    ``review`` "pending" or "reviewed" copies free-text attempts in that state (reviewed ones
    get an instructor's Review).
    """
    sources = _sources(count, exercise_id, review)
    owners = list(db.session.scalars(select(User.id).where(User.role == "student")))
    added = []
    for n in range(count):
        fields: dict[str, Any] = {name: getattr(sources[n % len(sources)], name) for name in COPIED}
        fields.update(review_status=review, created_at=utcnow() - timedelta(hours=n))
        added.append(Attempt(user_id=user_id or owners[n % len(owners)], **fields))
    db.session.add_all(added)
    db.session.flush()
    if review == "reviewed":
        reviewer = db.session.scalar(select(User.id).where(User.role == "instructor"))
        db.session.add_all(
            Review(
                attempt_id=a.id,
                reviewer_id=reviewer,
                auto_score=a.score,
                score=a.score,
                decision="confirmed",
            )
            for a in added
        )
    db.session.commit()
    return added


def add_course(lessons: int = 4) -> Course:
    """A further published course with a module and some lessons."""
    number = (db.session.scalar(select(func.count()).select_from(Course)) or 0) + 1
    course = Course(
        slug=f"extra-course-{number}",
        title=f"Extra course {number}",
        summary="More to read.",
        level="specialisation",
        guidelines_version="2026.1",
    )
    module = Module(course=course, slug="only", title="Only module", position=1)
    db.session.add_all([course, module])
    db.session.flush()
    for position in range(1, lessons + 1):
        db.session.add(
            Lesson(
                course_id=course.id,
                module_id=module.id,
                slug=f"lesson-{position}",
                title=f"Lesson {position}",
                position=position,
                minutes=5,
                objectives=["Read."],
                criteria=[],
                quiz=[],
                body_html="<p>Text.</p>",
                body_markdown="Text.",
            )
        )
    db.session.commit()
    return course


def add_practice_items(count: int) -> None:
    """Published copies of an existing practice item under new ids."""
    from app.models import Exercise
    from app.services.practice.exercise_bank import current_version

    template = db.session.scalar(
        select(Exercise).where(Exercise.pool == "practice", Exercise.kind == "ranking")
    )
    assert template is not None
    data = version_to_dict(current_version(template))
    start = db.session.scalar(select(func.count()).select_from(Exercise)) or 0
    for n in range(count):
        save_item({**data, "id": f"pr-rank-{900 + start + n}"}, "practice")
    db.session.commit()


def _passed_session(user: User, attempt_number: int, days_ago: int) -> ExamSession:
    """A passed core exam session of ``user``, finished ``days_ago`` days ago."""
    finished = utcnow() - timedelta(days=days_ago)
    session = ExamSession(
        user_id=user.id,
        blueprint_slug="certified-ai-trainer",
        attempt_number=attempt_number,
        seed=attempt_number,
        status="passed",
        started_at=finished - timedelta(hours=1),
        deadline_at=finished,
        score=0.9,
        finished_at=finished,
        criterion_scores={},
        critical_errors=0,
        result={"status": "passed"},
    )
    db.session.add(session)
    db.session.flush()
    return session


def add_certificates(user: User, count: int) -> None:
    """More certificates (with their passed sessions) for one holder, who joins the directory."""
    from app.services.certification.certificates import new_code

    first = (db.session.scalar(select(func.max(Certificate.status_index))) or 0) + 1
    latest = select(func.max(ExamSession.attempt_number)).where(ExamSession.user_id == user.id)
    attempt = (db.session.scalar(latest) or 0) + 1
    for n in range(count):
        session = _passed_session(user, attempt + n, n + 1)
        db.session.add(
            Certificate(
                code=new_code(),
                user_id=user.id,
                exam_session_id=session.id,
                certificate_slug="certified-ai-trainer",
                title="Certified AI Trainer",
                level="core",
                holder_name=user.display_name,
                overall_score=0.9,
                criterion_scores={},
                guidelines_version="2026.1",
                status_index=first + n,
                issued_at=session.finished_at,
                expires_at=session.finished_at + timedelta(days=730),
            )
        )
    user.directory_opt_in = True
    db.session.commit()
