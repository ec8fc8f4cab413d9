"""The review queue: practice corrections confirmed or overridden, exam references scored 1–7."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from app.extensions import db
from app.models import Attempt, AuditEvent, ExamItem, Review, Role
from app.services import exams
from app.services.practice import submit_practice
from tests.exams.factories import GOLD_ANSWERS

# Meets the remove and fix points, loses "rest and fluids" (keep).
PARTIAL = "Colds are viral, so antibiotics do not help at all."


@pytest.fixture
def pending_attempt(make_user, make_exercise, item_for) -> Attempt:
    """A student's correction attempt waiting for review."""
    outcome = make_exercise(item_for("correction"))
    student = make_user(display_name="Rosa Student")
    attempt = submit_practice(student, outcome.exercise, outcome.version, {"text": PARTIAL})
    db.session.commit()
    return attempt


def test_queue_lists_pending_work_oldest_first(
    client, instructor, pending_attempt, make_user, make_exercise, item_for
):
    reference = make_exercise(item_for("reference", id="pr-ref-801"))
    later = submit_practice(
        make_user(),
        reference.exercise,
        reference.version,
        {"text": "Ask a pharmacist.", "self_check": [2]},
    )
    db.session.commit()
    page = client.get("/studio/reviews").get_data(as_text=True)
    assert f"/studio/reviews/attempts/{pending_attempt.id}" in page
    assert page.index(f"attempts/{pending_attempt.id}") < page.index(f"attempts/{later.id}")
    assert "<strong>2</strong>" in page and "Rosa Student" in page


def test_review_page_shows_text_rubric_auto_result_and_gold(client, instructor, pending_attempt):
    page = client.get(f"/studio/reviews/attempts/{pending_attempt.id}").get_data(as_text=True)
    assert PARTIAL in page and "Colds are caused by viruses" in page
    assert 'name="met" value="0" checked' in page and 'name="met" value="1" checked' in page
    assert 'name="met" value="2">' in page  # the lost "keep" point starts unticked


def test_confirming_keeps_the_automatic_score(client, instructor, pending_attempt):
    auto = pending_attempt.score
    response = client.post(
        f"/studio/reviews/attempts/{pending_attempt.id}",
        data={"decision": "confirmed", "comment": "Good fix."},
    )
    assert response.status_code == 302
    review = db.session.scalar(select(Review))
    assert (review.decision, review.score, review.auto_score) == ("confirmed", auto, auto)
    assert review.rubric_met == [True, True, False] and review.reviewer_id == instructor.id
    db.session.refresh(pending_attempt)
    assert pending_attempt.review_status == "reviewed" and pending_attempt.score == auto
    assert "/studio/reviews/attempts" not in client.get("/studio/reviews").get_data(as_text=True)


def test_overriding_scores_by_the_ticked_rubric_points(client, instructor, pending_attempt, login):
    auto = pending_attempt.score
    client.post(
        f"/studio/reviews/attempts/{pending_attempt.id}",
        data={
            "decision": "overridden",
            "met": ["0", "1", "2"],
            "comment": "Resting is implied; full marks.",
        },
    )
    review = db.session.scalar(select(Review))
    assert review.decision == "overridden" and review.score == 1.0 and review.auto_score == auto
    db.session.refresh(pending_attempt)
    assert pending_attempt.score == 1.0 and pending_attempt.review_status == "reviewed"
    event = db.session.scalar(select(AuditEvent).where(AuditEvent.action == "attempt.review"))
    assert event.details["decision"] == "overridden"


def test_student_sees_the_review_on_attempt_page_and_dashboard(
    client, instructor, pending_attempt, login
):
    client.post(
        f"/studio/reviews/attempts/{pending_attempt.id}",
        data={"decision": "overridden", "met": ["0"], "comment": "Keep the fluids advice."},
    )
    client.post("/auth/logout")
    from app.models import User

    login(db.session.get(User, pending_attempt.user_id))
    page = client.get(f"/practice/attempts/{pending_attempt.id}").get_data(as_text=True)
    assert "An instructor changed the score." in page and "Keep the fluids advice." in page
    dashboard = client.get("/dashboard").get_data(as_text=True)
    assert "score changed to 33%" in dashboard


def test_a_review_happens_once_and_never_on_your_own_work(
    client, instructor, pending_attempt, make_exercise, item_for
):
    client.post(f"/studio/reviews/attempts/{pending_attempt.id}", data={"decision": "confirmed"})
    client.post(f"/studio/reviews/attempts/{pending_attempt.id}", data={"decision": "overridden"})
    assert len(db.session.scalars(select(Review)).all()) == 1
    own = make_exercise(item_for("reference", id="pr-ref-801"))
    mine = submit_practice(instructor, own.exercise, own.version, {"text": "Mine."})
    db.session.commit()
    page = client.post(f"/studio/reviews/attempts/{mine.id}", data={"decision": "confirmed"})
    assert "cannot review your own attempt" in page.get_data(as_text=True)
    db.session.refresh(mine)
    assert mine.review_status == "pending"


def test_out_of_range_rubric_ticks_are_refused(client, instructor, pending_attempt):
    response = client.post(
        f"/studio/reviews/attempts/{pending_attempt.id}",
        data={"decision": "overridden", "met": ["7"]},
    )
    assert response.status_code == 200 and db.session.scalar(select(Review)) is None


@pytest.mark.usefixtures("exam_ready")
def test_exam_reference_scored_through_the_exam_service(client, instructor, make_user):
    student = make_user(display_name="Eva Examinee")
    session = exams.start_session(student, "test-core")
    for item in session.items:
        exams.save_answer(
            session, item.position, GOLD_ANSWERS[item.version.exercise.kind], item.revision
        )
    exams.finish_session(session)
    db.session.commit()
    assert session.status == "pending_review"
    item = db.session.scalar(
        select(ExamItem).where(ExamItem.session_id == session.id, ExamItem.section == "reference")
    )
    page = client.get("/studio/reviews").get_data(as_text=True)
    assert f"/studio/reviews/exam-items/{item.id}" in page and "Eva Examinee" in page
    form = client.get(f"/studio/reviews/exam-items/{item.id}").get_data(as_text=True)
    assert "The candidate" in form and GOLD_ANSWERS["reference"]["text"] in form
    assert (
        client.post(f"/studio/reviews/exam-items/{item.id}", data={"likert": "9"}).status_code
        == 200
    )
    response = client.post(
        f"/studio/reviews/exam-items/{item.id}", data={"likert": "7", "comment": "Warm and safe."}
    )
    assert response.status_code == 302
    db.session.refresh(session)
    assert session.status == "passed" and session.reference_likert == 7
    review = db.session.scalar(select(Review).where(Review.exam_item_id == item.id))
    assert review.likert == 7 and review.reviewer_id == instructor.id
    assert f"exam-items/{item.id}" not in client.get("/studio/reviews").get_data(as_text=True)


def test_only_instructors_review(client, make_user, login, pending_attempt):
    login(make_user(Role.STUDENT))
    assert client.get("/studio/reviews").status_code == 403
    assert (
        client.post(
            f"/studio/reviews/attempts/{pending_attempt.id}", data={"decision": "confirmed"}
        ).status_code
        == 403
    )
