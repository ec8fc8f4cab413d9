"""Exam reference answers: blind, anonymous double marking with adjudication."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from sqlalchemy import func, select

from app.extensions import db
from app.models import (
    Cohort,
    CohortMember,
    ExamItem,
    ExamSession,
    ReferenceMark,
    Review,
    Role,
    User,
)
from app.services.certification import exams
from app.services.studio.double_marking import script_code
from tests.exams.factories import GOLD_ANSWERS

pytestmark = pytest.mark.usefixtures("exam_ready")

NAME, EMAIL, COHORT = "Eva Examinee", "eva.examinee@example.org", "Thursday Evening Group"


@pytest.fixture
def script(make_user: Callable[..., User]) -> ExamItem:
    """A finished exam whose reference answer waits for marks; the student is in a cohort."""
    student = make_user(display_name=NAME, email=EMAIL)
    owner = make_user(Role.INSTRUCTOR, display_name="Cora Cohortlead")
    cohort = Cohort(name=COHORT, instructor_id=owner.id, invite_code="EVE-1234")
    db.session.add(cohort)
    db.session.flush()
    db.session.add(CohortMember(cohort_id=cohort.id, user_id=student.id))
    session = exams.start_session(student, "test-core")
    for item in session.items:
        exams.save_answer(
            session, item.position, GOLD_ANSWERS[item.version.exercise.kind], item.revision
        )
    exams.finish_session(session)
    db.session.commit()
    assert session.status == "pending_review"
    return db.session.scalar(
        select(ExamItem).where(ExamItem.session_id == session.id, ExamItem.section == "reference")
    )


@pytest.fixture
def mark_as(client: Any, login: Callable[..., Any], make_user: Callable[..., User]) -> Callable:
    """Sign in a fresh instructor and post a mark; returns the response."""

    def do_mark(item: ExamItem, likert: str, comment: str = "", marker: User | None = None):
        client.post("/auth/logout")
        marker = marker or make_user(Role.INSTRUCTOR, display_name="Mark Er")
        login(marker)
        url = f"/studio/reviews/exam-items/{item.id}"
        return client.post(url, data={"likert": likert, "comment": comment})

    return do_mark


def session_of(item: ExamItem) -> ExamSession:
    """The item's session as stored now."""
    session = db.session.get(ExamSession, item.session_id)
    db.session.refresh(session)
    return session


def count(model: Any) -> int:
    """Rows in a table."""
    return db.session.scalar(select(func.count()).select_from(model))


def test_marking_view_and_queue_are_anonymous(client, instructor, script):
    queue = client.get("/studio/reviews").get_data(as_text=True)
    page = client.get(f"/studio/reviews/exam-items/{script.id}").get_data(as_text=True)
    code = script_code(script.id)
    assert code in queue and code in page and f"exam-items/{script.id}" in queue
    for secret in (NAME, EMAIL, COHORT, "Eva"):
        assert secret not in queue and secret not in page
    assert GOLD_ANSWERS["reference"]["text"] in page


def test_page_shows_the_blueprint_anchors(client, instructor, script, monkeypatch):
    from app.services.studio import double_marking

    anchors = {n: f"Anchor text for mark {n}" for n in range(1, 8)}
    monkeypatch.setattr(double_marking, "anchors_for", lambda item: anchors)
    page = client.get(f"/studio/reviews/exam-items/{script.id}").get_data(as_text=True)
    assert all(text in page for text in anchors.values())


def test_two_agreeing_marks_pass_their_mean_rounded_down(script, mark_as):
    assert mark_as(script, "7", "Exemplary.").status_code == 302
    assert session_of(script).status == "pending_review"  # one mark is never enough
    assert db.session.scalar(select(Review)) is None
    assert mark_as(script, "6").status_code == 302
    session = session_of(script)
    assert session.status == "passed" and session.reference_likert == 6
    review = db.session.scalar(select(Review).where(Review.exam_item_id == script.id))
    assert review.likert == 6 and "first 7" in review.comment and "second 6" in review.comment


@pytest.mark.parametrize(("first", "second"), [("4", "6"), ("6", "5")])
def test_apart_or_straddling_marks_need_an_adjudicator(script, mark_as, client, first, second):
    mark_as(script, first)
    mark_as(script, second)
    assert session_of(script).status == "pending_review"
    assert db.session.scalar(select(Review)) is None
    client.post("/auth/logout")
    response = mark_as(script, "5")  # a third instructor adjudicates
    assert response.status_code == 302
    session = session_of(script)
    assert session.status == "failed" and session.reference_likert == 5
    roles = db.session.scalars(select(ReferenceMark.role).order_by(ReferenceMark.id)).all()
    assert roles == ["first", "second", "adjudicator"]
    assert mark_as(script, "7").status_code == 409  # a fourth mark is refused
    assert count(ReferenceMark) == 3


def test_a_marker_sees_no_other_mark_and_marks_once(script, mark_as, make_user, client):
    first = make_user(Role.INSTRUCTOR, display_name="First Marker")
    mark_as(script, "3", "Misses the referral entirely.", marker=first)
    page = mark_as(script, "x").get_data(as_text=True)  # the second marker, bad input
    assert "Misses the referral" not in page and 'value="3" checked' not in page
    assert count(ReferenceMark) == 1
    assert mark_as(script, "4", marker=first).status_code == 409
    assert count(ReferenceMark) == 1


@pytest.mark.parametrize("likert", ["9", "0", "", "six", "6.5"])
def test_bad_marks_are_refused_with_nothing_recorded(script, mark_as, likert):
    response = mark_as(script, likert)
    assert response.status_code == 400
    assert count(ReferenceMark) == 0 and session_of(script).status == "pending_review"


def test_cohort_instructor_and_candidate_cannot_mark(script, mark_as, client, login):
    owner = db.session.scalar(select(User).where(User.display_name == "Cora Cohortlead"))
    response = mark_as(script, "6", marker=owner)
    assert response.status_code == 403 and "cohort you instruct" in response.get_data(as_text=True)
    assert client.get(f"/studio/reviews/exam-items/{script.id}").status_code == 403
    assert f"exam-items/{script.id}" not in client.get("/studio/reviews").get_data(as_text=True)
    candidate = db.session.get(User, session_of(script).user_id)
    candidate.role = Role.INSTRUCTOR.value
    db.session.commit()
    response = mark_as(script, "7", marker=candidate)
    assert response.status_code == 403 and "own exam" in response.get_data(as_text=True)
    assert count(ReferenceMark) == 0


def test_students_cannot_mark(script, client, login, make_user):
    login(make_user())
    response = client.post(f"/studio/reviews/exam-items/{script.id}", data={"likert": "7"})
    assert response.status_code == 403 and count(ReferenceMark) == 0


def test_studio_shows_each_markers_agreement(script, mark_as, client, make_user, login):
    ana = make_user(Role.INSTRUCTOR, display_name="Ana Marker")
    ben = make_user(Role.INSTRUCTOR, display_name="Ben Marker")
    mark_as(script, "6", marker=ana)
    mark_as(script, "7", marker=ben)
    page = client.get("/studio/reviews").get_data(as_text=True)
    assert "Ana Marker" in page and "Ben Marker" in page and "Within one" in page


def test_queue_page_title_is_plain_text(client, instructor, script):
    """The agreement table once leaked into the <title> block."""
    queue = client.get("/studio/reviews").get_data(as_text=True)
    title = queue.split("<title>", 1)[1].split("</title>", 1)[0]
    assert "<" not in title and "Review queue" in title
    assert queue.count('id="agreement-heading"') == 1
