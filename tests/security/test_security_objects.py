"""Object-level access beyond roles: other people's work, other instructors' cohorts, privacy."""

from __future__ import annotations

import re
from typing import Any

import pytest

from app.extensions import db
from app.models import Attempt, Role
from tests.security.conftest import signed_in_client
from tests.security.world import World


def without_tokens(response: Any) -> str:
    """The page with its (time-stamped) CSRF tokens blanked."""
    return re.sub(r'name="csrf_token" value="[^"]+"', "", response.get_data(as_text=True))


@pytest.mark.parametrize(
    "url",
    [
        "/practice/attempts/{attempt_b}",
        "/practice/attempts/{correction_attempt_b}",
        "/exams/sessions/{session_b}",
        "/exams/sessions/{session_b}/1",
        "/exams/sessions/{finished_session_b}/result",
    ],
)
def test_another_students_work_looks_exactly_like_nothing(world: World, visitors, url):
    client = visitors["student"]
    ids = {
        name: world.objects[name].id
        for name in ("attempt_b", "correction_attempt_b", "session_b", "finished_session_b")
    }
    client.get("/")  # show the sign-in flash message now, not on the pages compared
    theirs = client.get(url.format(**ids))
    missing = client.get(url.format(**dict.fromkeys(ids, 987654)))
    assert theirs.status_code == missing.status_code == 404
    assert without_tokens(theirs) == without_tokens(missing), "the 404 reveals the row exists"


def test_a_second_instructor_cannot_open_someone_elses_cohort(app, world: World, make_user):
    second = make_user(Role.INSTRUCTOR, display_name="Second Instructor")
    client = signed_in_client(app, second.email)
    cohort = world.cohort.id
    for url in (
        f"/studio/cohorts/{cohort}",
        f"/studio/cohorts/{cohort}/export.csv",
        f"/studio/analytics?cohort={cohort}",
    ):
        assert client.get(url).status_code == 404, url
    assert "Morning cohort" not in client.get("/studio/cohorts").get_data(as_text=True)


def test_public_verification_reveals_no_account_data(world: World, visitors):
    cert, student = world.certificate, world.users["student"]
    anonymous = visitors["anonymous"]
    record = anonymous.get(f"/verify/api/{cert.code}").json
    text = str(record)
    assert student.email not in text and "email" not in text
    assert "user_id" not in record and record["id"] == cert.code
    page = anonymous.get(f"/verify/{cert.code}").get_data(as_text=True)
    assert student.email not in page
    assert anonymous.get("/verify/api/ATS-0000-0000-0000").status_code == 404
    assert anonymous.get("/verify/api/not-a-code").status_code == 404


def test_directory_lists_only_people_who_opted_in(world: World, visitors):
    anonymous = visitors["anonymous"]
    page = anonymous.get("/verify/directory").get_data(as_text=True)
    assert "Alice Student" in page and world.users["student"].email not in page
    world.users["student"].directory_opt_in = False
    db.session.commit()
    page = anonymous.get("/verify/directory").get_data(as_text=True)
    assert "Alice Student" not in page


def test_students_cannot_grant_themselves_roles_or_review_their_own_work(world: World, visitors):
    student = world.users["student"]
    client = visitors["student"]
    assert client.post(f"/admin/users/{student.id}/role", data={"role": "admin"}).status_code == 403
    review = client.post(
        f"/studio/reviews/attempts/{world.correction_attempt.id}",
        data={"decision": "overridden", "met": ["0", "1", "2"]},
    )
    assert review.status_code == 403
    db.session.refresh(student)
    assert student.role == "student"


def test_an_instructor_cannot_review_their_own_attempt(app, world: World, visitors):
    instructor = world.users["instructor"]
    client = visitors["instructor"]
    uid = world.practice_correction.uid
    page = client.get(f"/practice/{uid}").get_data(as_text=True)
    version = page.split('name="version_id" value="', 1)[1].split('"', 1)[0]
    answered = client.post(f"/practice/{uid}", data={"version_id": version, "text": "viral rest"})
    assert answered.status_code == 302
    attempt_id = answered.headers["Location"].rsplit("/", 1)[1]
    client.post(f"/studio/reviews/attempts/{attempt_id}", data={"decision": "confirmed"})
    attempt = db.session.get(Attempt, int(attempt_id))
    db.session.refresh(attempt)
    assert attempt.user_id == instructor.id and attempt.review_status == "pending"
