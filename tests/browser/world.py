"""Server-side setup for the journeys: gold answers, finished courses, practice mastery, and
certificates earned through the real exam services (the test's privilege, never the browser's)."""

from __future__ import annotations

from typing import Any

from sqlalchemy import select

from app.extensions import db
from app.models import ExamItem, ExamSession, Exercise, ExerciseVersion, Role, User
from app.services.accounts.accounts import find_user_by_email
from app.services.practice.exercise_bank import current_version, version_to_dict
from graders.blueprint import Blueprint
from tests.browser.site import LiveSite

CORE_EXAM = "certified-ai-trainer"
PRACTICE_KINDS = ("ranking", "pairwise", "rating")
REFERENCE_LIKERT_PASS = 7
UNLOCK_CHECK_EVERY = 10


def gold_response(data: dict[str, Any]) -> dict[str, Any]:
    """The response that matches an item's gold exactly (an item mapping in file format)."""
    kind = data["kind"]
    if kind == "ranking":
        return {"order": [aid for tier in data["gold_order"] for aid in tier]}
    if kind == "pairwise":
        return {"better": data["gold_better"], "criterion": data["gold_criterion"]}
    if kind == "rating":
        return {"ratings": dict(data["gold_ratings"]), "flags": list(data.get("gold_flags", []))}
    if kind == "correction":
        return {"text": data["gold_correction"]}
    return {"text": data["gold_reference"], "self_check": list(range(len(data["rubric"])))}


def gold_for_version(version_id: int) -> dict[str, Any]:
    """The gold response of one stored version."""
    version = db.session.get(ExerciseVersion, version_id)
    assert version is not None
    return gold_response(version_to_dict(version))


def user_by_email(email: str) -> User:
    """The account with this email (inside an app context)."""
    user = find_user_by_email(email)
    assert isinstance(user, User), email
    return user


def complete_foundations(user: User) -> None:
    """Mark every published Foundations lesson read."""
    from app.models import utcnow
    from app.services.learning.learning import (
        FOUNDATIONS_SLUG,
        find_course,
        progress_row,
        published_lessons,
    )

    course = find_course(FOUNDATIONS_SLUG)
    assert course is not None, "the Foundations course was not synced"
    for lesson in published_lessons(course):  # set up directly: the quiz gate is tested elsewhere
        progress_row(user, lesson).completed_at = utcnow()


def practise_until_unlocked(user: User, blueprint: Blueprint) -> None:
    """Answer published practice items of the judged kinds with their gold answers until
    practice mastery no longer keeps ``blueprint``'s exam locked.

    Stopping there rather than answering all 300 items saved each journey a second or more.
    """
    from app.services.certification.eligibility import missing_prerequisites
    from app.services.practice.practice import submit_practice

    exercises = db.session.scalars(
        select(Exercise)
        .where(
            Exercise.pool == "practice",
            Exercise.status == "published",
            Exercise.kind.in_(PRACTICE_KINDS),
        )
        .order_by(Exercise.id)
    ).all()
    for number, exercise in enumerate(exercises, start=1):
        version = current_version(exercise)
        submit_practice(user, exercise, version, gold_response(version_to_dict(version)))
        if number % UNLOCK_CHECK_EVERY == 0 and not missing_prerequisites(user, blueprint):
            return


def make_exam_ready(site: LiveSite, name: str) -> str:
    """A student who finished Foundations and mastered practice: the core exam is unlocked."""
    from app.services.certification.blueprints import get_blueprint
    from app.services.certification.eligibility import missing_prerequisites

    email = site.make_user(Role.STUDENT, name)
    with site.data():
        user = user_by_email(email)
        complete_foundations(user)
        blueprint = get_blueprint(CORE_EXAM)
        assert blueprint is not None
        practise_until_unlocked(user, blueprint)
        assert missing_prerequisites(user, blueprint) == []
        db.session.commit()
    return email


def exam_gold(site: LiveSite, session_id: int) -> dict[int, dict[str, Any]]:
    """Each drawn item's gold response by position, read from the database."""
    with site.data():
        items = db.session.scalars(
            select(ExamItem).where(ExamItem.session_id == session_id).order_by(ExamItem.position)
        )
        return {item.position: gold_for_version(item.version_id) for item in items}


def active_session_id(site: LiveSite, email: str) -> int:
    """The student's exam in progress."""
    with site.data():
        user = user_by_email(email)
        session_id = db.session.scalar(
            select(ExamSession.id).where(
                ExamSession.user_id == user.id, ExamSession.status == "active"
            )
        )
        assert session_id is not None, "no exam in progress"
        return session_id


def earn_certificate(site: LiveSite, name: str, reviewer_email: str) -> tuple[str, str]:
    """Sit the core exam through the services with gold answers: (holder's email, code)."""
    from app.services.certification import exams
    from app.services.certification.certificates import certificates_of

    email = make_exam_ready(site, name)
    with site.data():
        user = user_by_email(email)
        session = exams.start_session(user, CORE_EXAM)
        db.session.flush()
        for item in session.items:
            exams.save_answer(session, item.position, gold_for_version(item.version_id), 0)
        exams.finish_session(session, actor=user)
        reference = next(i for i in session.items if i.section == "reference")
        exams.record_reference_score(
            reference, REFERENCE_LIKERT_PASS, user_by_email(reviewer_email)
        )
        db.session.commit()
        assert session.status == "passed", session.result
        return email, certificates_of(user)[0].code


def revoke(site: LiveSite, code: str, admin_email: str, reason: str) -> None:
    """Revoke a certificate as an admin."""
    from app.services.certification.certificates import find_by_code, revoke_certificate

    with site.data():
        cert = find_by_code(code)
        assert cert is not None
        revoke_certificate(user_by_email(admin_email), cert, reason)
        db.session.commit()
