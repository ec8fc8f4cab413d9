"""The dashboard body a process keeps is served only while it equals a fresh render.

Each write below is made the way another worker's would reach this one: committed through
SQL statements or services that this app's cache listeners do not see (only the stamp can
notice them). After each, the page served must equal the page rendered with the cache empty.
"""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from flask import Flask
from sqlalchemy import insert, select, update

from app.dashboard_cache import dashboard_cache
from app.extensions import db
from app.models import (
    Attempt,
    Certificate,
    Cohort,
    CohortMember,
    Course,
    ExamSession,
    GuidelinesVersion,
    Role,
    User,
    utcnow,
)
from app.services.practice.practice import submit_practice
from app.services.studio.reviews import review_attempt
from tests.conftest import signed_in_browser, templates_rendered
from tests.learn.conftest import mini_courses, mini_synced, sync  # noqa: F401 - fixtures
from tests.perf.growth import add_certificates

BODY = "main/_dashboard_body.html"
PARTIAL = "Colds are viral, so antibiotics do not help at all."


def served_equals_fresh(client: Any, app: Flask) -> str:
    """The page as served (kept or not) equals the page rendered with the cache empty."""
    served = client.get("/dashboard").get_data(as_text=True)
    dashboard_cache(app).clear()
    fresh = client.get("/dashboard").get_data(as_text=True)
    assert served == fresh
    return served


def settled(client: Any, app: Flask) -> str:
    """View until a body is kept, and check the next view renders nothing."""
    client.get("/dashboard")
    page = client.get("/dashboard").get_data(as_text=True)
    with templates_rendered(app) as names:
        assert client.get("/dashboard").get_data(as_text=True) == page
    assert BODY not in names
    return page


def elsewhere(statement: Any) -> None:
    """Commit one statement as another worker would (no ORM flush for this app to notice)."""
    db.session.execute(statement)
    db.session.commit()


def test_a_second_view_is_served_from_the_kept_body_per_reader(app, client, student, make_user):
    page = settled(client, app)
    assert "Sam Student" in page
    other = make_user(Role.STUDENT, display_name="Olive Other")
    theirs = signed_in_browser(app, other).get("/dashboard").get_data(as_text=True)
    assert "Olive Other" in theirs and "Sam Student" not in theirs
    assert "Sam Student" in client.get("/dashboard").get_data(as_text=True)


def test_the_language_is_part_of_what_is_kept(app, client, student):
    english = settled(client, app)
    client.get("/language/ru")
    russian = served_equals_fresh(client, app)
    assert russian != english and "Sam Student" in russian
    client.get("/language/en")
    assert client.get("/dashboard").get_data(as_text=True) == english


@pytest.fixture
def pending(make_exercise, item_for, student) -> Attempt:
    """A correction the signed-in student submitted: it waits for an instructor's review."""
    outcome = make_exercise(item_for("correction"))
    attempt = submit_practice(student, outcome.exercise, outcome.version, {"text": PARTIAL})
    db.session.commit()
    return attempt


def test_work_reviewed_elsewhere_shows_on_the_next_view(app, client, student, make_user, pending):
    before = settled(client, app)
    assert "1 answer is waiting for an instructor’s review." in before
    reviewer = make_user(Role.INSTRUCTOR, display_name="Ira Instructor")
    review_attempt(db.session.get(Attempt, pending.id), reviewer, [0], "Keep the fluids advice.")
    db.session.commit()
    after = served_equals_fresh(client, app)
    assert "score changed to" in after and "waiting for an instructor" not in after


def test_practice_submitted_elsewhere_shows_on_the_next_view(
    app, client, student, make_exercise, item_for
):
    outcome = make_exercise(item_for("correction"))
    before = settled(client, app)
    assert "You have not practised yet." in before
    submit_practice(student, outcome.exercise, outcome.version, {"text": PARTIAL})
    db.session.commit()
    after = served_equals_fresh(client, app)
    assert "You have not practised yet." not in after and outcome.version.title in after


def _certificate(student: User) -> Certificate:
    add_certificates(student, 1)
    return db.session.scalars(select(Certificate).where(Certificate.user_id == student.id)).one()


def test_certificates_issued_and_revoked_elsewhere_show_on_the_next_view(app, client, student):
    settled(client, app)
    cert = _certificate(student)
    assert cert.code in served_equals_fresh(client, app)
    settled(client, app)
    elsewhere(update(Certificate).where(Certificate.id == cert.id).values(revoked_at=utcnow()))
    assert cert.code not in served_equals_fresh(client, app)


def test_superseded_guidelines_end_a_certificate_on_the_next_view(app, client, student):
    cert = _certificate(student)
    assert cert.code in settled(client, app)
    long_ago = utcnow() - timedelta(days=400)
    elsewhere(
        insert(GuidelinesVersion).values(
            course_slug="ai-trainer-foundations", version=cert.guidelines_version,
            superseded_at=long_ago, grace_days=30, created_at=long_ago,
        )
    )
    assert cert.code not in served_equals_fresh(client, app)


def test_a_certificate_leaves_the_kept_page_when_it_expires(app, client, student, monkeypatch):
    cert = _certificate(student)
    elsewhere(
        update(Certificate)
        .where(Certificate.id == cert.id)
        .values(expires_at=utcnow() + timedelta(minutes=5))
    )
    assert cert.code in settled(client, app)
    later = utcnow() + timedelta(minutes=6)
    import app.dashboard_cache as kept
    import app.services.certification.certificates as certificates

    monkeypatch.setattr(kept, "utcnow", lambda: later)
    monkeypatch.setattr(certificates, "utcnow", lambda: later)
    assert cert.code not in client.get("/dashboard").get_data(as_text=True)


def test_an_exam_moving_to_review_elsewhere_shows_on_the_next_view(app, client, student):
    now = utcnow()
    session_id = db.session.execute(
        insert(ExamSession)
        .values(
            user_id=student.id, blueprint_slug="certified-ai-trainer", attempt_number=1,
            seed=7, status="active", started_at=now, deadline_at=now + timedelta(hours=1),
        )
        .returning(ExamSession.id)
    ).scalar_one()
    db.session.commit()
    assert "Resume your exam" in settled(client, app)
    elsewhere(
        update(ExamSession)
        .where(ExamSession.id == session_id)
        .values(status="pending_review", finished_at=utcnow())
    )
    after = served_equals_fresh(client, app)
    assert "Resume your exam" not in after and "waiting for an instructor to score" in after


def test_joining_a_cohort_elsewhere_shows_on_the_next_view(app, client, student, make_user):
    teacher = make_user(Role.INSTRUCTOR, display_name="Ira Instructor")
    cohort_id = db.session.execute(
        insert(Cohort)
        .values(name="Evening group", instructor_id=teacher.id, invite_code="EVENING1")
        .returning(Cohort.id)
    ).scalar_one()
    db.session.commit()
    assert "Evening group" not in settled(client, app)
    elsewhere(insert(CohortMember).values(cohort_id=cohort_id, user_id=student.id))
    assert "Evening group" in served_equals_fresh(client, app)
    settled(client, app)
    elsewhere(CohortMember.__table__.delete().where(CohortMember.user_id == student.id))
    assert "Evening group" not in served_equals_fresh(client, app)


@pytest.mark.usefixtures("mini_synced")
def test_lessons_viewed_and_a_course_renamed_here_show_at_once(app, client, student):
    base = "/courses/ai-trainer-foundations"
    first = settled(client, app)
    assert f'href="{base}/first-steps"' in first
    client.get(f"{base}/second-steps")
    assert f'href="{base}/second-steps"' in served_equals_fresh(client, app)
    settled(client, app)
    course = db.session.scalars(select(Course)).one()
    course.title = "Foundations, renamed"
    db.session.commit()  # this process's write empties its cache at once
    assert "Foundations, renamed" in client.get("/dashboard").get_data(as_text=True)


def test_switched_off_it_keeps_nothing(app, client, student):
    cache = app.extensions.pop("dashboard_cache")
    try:
        client.get("/dashboard")
        with templates_rendered(app) as names:
            client.get("/dashboard")
        assert BODY in names
    finally:
        app.extensions["dashboard_cache"] = cache
