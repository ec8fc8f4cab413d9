"""The review queue: practice work scored by the instructor's own ticks (the form starts empty)."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from app.extensions import db
from app.models import Attempt, AuditEvent, Review, Role
from app.services.practice.practice import submit_practice

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
    # The form starts empty: the instructor judges, no box is pre-ticked by the auto-check.
    assert "checked" not in page
    assert all(f'name="met" value="{i}">' in page for i in range(3))


def test_ticking_what_the_check_found_confirms_the_automatic_score(
    client, instructor, pending_attempt
):
    auto = pending_attempt.score
    response = client.post(
        f"/studio/reviews/attempts/{pending_attempt.id}",
        data={"met": ["0", "1"], "comment": "Good fix."},
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
        data={"met": ["0"], "comment": "Keep the fluids advice."},
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
    client.post(f"/studio/reviews/attempts/{pending_attempt.id}", data={"met": ["0", "1"]})
    client.post(f"/studio/reviews/attempts/{pending_attempt.id}", data={"met": ["2"]})
    assert len(db.session.scalars(select(Review)).all()) == 1
    own = make_exercise(item_for("reference", id="pr-ref-801"))
    mine = submit_practice(instructor, own.exercise, own.version, {"text": "Mine."})
    db.session.commit()
    page = client.post(f"/studio/reviews/attempts/{mine.id}", data={"met": ["0"]})
    assert page.status_code == 400
    assert "cannot review your own attempt" in page.get_data(as_text=True)
    db.session.refresh(mine)
    assert mine.review_status == "pending"


def test_out_of_range_rubric_ticks_are_refused(client, instructor, pending_attempt):
    response = client.post(
        f"/studio/reviews/attempts/{pending_attempt.id}",
        data={"met": ["7"]},
    )
    assert response.status_code == 400 and db.session.scalar(select(Review)) is None


def test_only_instructors_review(client, make_user, login, pending_attempt):
    login(make_user(Role.STUDENT))
    assert client.get("/studio/reviews").status_code == 403
    assert (
        client.post(
            f"/studio/reviews/attempts/{pending_attempt.id}", data={"met": ["0"]}
        ).status_code
        == 403
    )
