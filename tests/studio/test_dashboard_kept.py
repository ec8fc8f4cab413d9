"""The dashboard body a process keeps is served only while it equals a fresh render.

Each write below is made the way another worker's would reach this one: committed through
SQL statements or services that this app's cache listeners do not see (only the stamp can
notice them). Such a write shows once the 5-second recheck window has passed (the cache runs
on a fake clock here); after each, the page served must equal the page rendered with the cache
empty. The student's own POSTs show at once, in whichever worker serves the next view.
"""

from __future__ import annotations

import time
from collections.abc import Iterator
from datetime import timedelta
from pathlib import Path
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
from tests.conftest import (
    CSRF_PATTERN,
    FakeClock,
    carry_session,
    csrf_token_in,
    recorded_statements,
    second_worker,
    signed_in_browser,
    templates_rendered,
)
from tests.learn.conftest import mini_courses, mini_synced, sync  # noqa: F401 - fixtures
from tests.perf.growth import add_certificates

BODY = "main/_dashboard_body.html"
PARTIAL = "Colds are viral, so antibiotics do not help at all."


@pytest.fixture(autouse=True)
def clock(app: Flask) -> Iterator[FakeClock]:
    """The dashboard cache's clock, which the tests move on."""
    cache = dashboard_cache(app)
    fake = FakeClock()
    cache.clock = fake
    yield fake
    cache.clock = time.monotonic
    cache.clear()


def served_equals_fresh(client: Any, app: Flask) -> str:
    """Past the recheck window, the page as served equals the one rendered with no cache."""
    dashboard_cache(app).clock.now += 6
    served = client.get("/dashboard").get_data(as_text=True)
    dashboard_cache(app).clear()
    fresh = client.get("/dashboard").get_data(as_text=True)
    assert without_token(served) == without_token(fresh)
    return served


def without_token(page: str) -> str:
    """A page without its CSRF token (signed with the time: two requests may differ in it)."""
    return CSRF_PATTERN.sub("csrf", page)


def settled(client: Any, app: Flask) -> str:
    """View until a body is kept, and check the next views render nothing."""
    client.get("/dashboard")
    page = client.get("/dashboard").get_data(as_text=True)
    with templates_rendered(app) as names, recorded_statements() as statements:
        assert without_token(client.get("/dashboard").get_data(as_text=True)) == without_token(page)
    assert BODY not in names and statements == []  # within the window: not even the stamp
    dashboard_cache(app).clock.now += 6
    with templates_rendered(app) as names, recorded_statements() as statements:
        assert without_token(client.get("/dashboard").get_data(as_text=True)) == without_token(page)
    assert BODY not in names and len(statements) == 1  # past it: the stamp only
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
    assert without_token(client.get("/dashboard").get_data(as_text=True)) == without_token(english)


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


def test_guidelines_superseded_elsewhere_show_within_the_ttl(app, client, student):
    """The same for everyone, so not in the stamp: other workers follow within 60 s."""
    cert = _certificate(student)
    assert cert.code in settled(client, app)
    long_ago = utcnow() - timedelta(days=400)
    elsewhere(
        insert(GuidelinesVersion).values(
            course_slug="ai-trainer-foundations", version=cert.guidelines_version,
            superseded_at=long_ago, grace_days=30, created_at=long_ago,
        )
    )
    dashboard_cache(app).clock.now += 50  # 56 s after rendering (settling took 6)
    assert cert.code in client.get("/dashboard").get_data(as_text=True)
    dashboard_cache(app).clock.now += 5  # rechecks do not extend the 60 s
    assert cert.code not in client.get("/dashboard").get_data(as_text=True)


def test_guidelines_superseded_in_this_worker_show_at_once(app, client, student):
    cert = _certificate(student)
    assert cert.code in settled(client, app)
    long_ago = utcnow() - timedelta(days=400)
    db.session.add(
        GuidelinesVersion(
            course_slug="ai-trainer-foundations", version=cert.guidelines_version,
            superseded_at=long_ago, grace_days=30,
        )
    )
    db.session.commit()
    assert cert.code not in client.get("/dashboard").get_data(as_text=True)


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


def test_a_write_elsewhere_waits_for_the_recheck_window(app, client, student):
    settled(client, app)
    cert = _certificate(student)
    assert cert.code not in client.get("/dashboard").get_data(as_text=True)  # within 5 s
    dashboard_cache(app).clock.now += 6
    assert cert.code in client.get("/dashboard").get_data(as_text=True)


TAG = '<span class="tag">Morning group</span>'  # the card, not the flash after joining


def _cohort(make_user: Any, code: str) -> None:
    teacher = make_user(Role.INSTRUCTOR, display_name="Ira Instructor")
    db.session.add(Cohort(name="Morning group", instructor_id=teacher.id, invite_code=code))
    db.session.commit()


def test_own_posts_show_on_the_next_view_at_once(app, client, student, make_user):
    _cohort(make_user, "MORN-ING1-AAAA")
    assert "Morning group" not in settled(client, app)
    assert client.post("/studio/join", data={"code": "MORN-ING1-AAAA"}).status_code == 302
    assert TAG in client.get("/dashboard").get_data(as_text=True)


def test_a_post_to_another_worker_shows_on_the_next_view_here(
    app, make_user, tmp_path: Path
):
    _cohort(make_user, "MORN-ING2-AAAA")
    user = make_user(Role.STUDENT, display_name="Wendy Worker")
    with second_worker(app, tmp_path) as (other, _clock):
        here = signed_in_browser(app, user)
        assert "Morning group" not in settled(here, app)
        there = other.test_client()
        carry_session(here, there)
        page = there.get("/studio/join").get_data(as_text=True)
        token = csrf_token_in(page)
        answer = there.post("/studio/join", data={"code": "MORN-ING2-AAAA", "csrf_token": token})
        assert answer.status_code == 302
        carry_session(there, here)
        assert TAG in here.get("/dashboard").get_data(as_text=True)
