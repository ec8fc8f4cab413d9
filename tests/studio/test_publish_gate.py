"""Publishing from the studio: exam items need calibration, practice items one other reviewer."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from app.extensions import db
from app.models import AuditEvent, Role
from app.services.studio import calibration, publish_gate
from app.services.studio.authoring import edit_exercise
from tests.studio.test_calibration import AGREEING, DISAGREEING


@pytest.fixture
def third_instructor(make_user):
    """A third instructor (not signed in)."""
    return make_user(Role.INSTRUCTOR, display_name="Theo Third")


def _authored(outcome, author) -> None:
    """Make `author` the author of the item and its current version."""
    outcome.exercise.created_by_id = author.id
    outcome.version.author_id = author.id
    db.session.commit()


def _publish(client, exercise) -> str:
    """Press Publish; return the item page it lands on."""
    client.post(f"/studio/exercises/{exercise.id}/publish")
    db.session.refresh(exercise)
    return client.get(f"/studio/exercises/{exercise.id}").get_data(as_text=True)


def test_exam_item_with_no_judgements_cannot_be_published(
    client, instructor, make_exercise, item_for
):
    outcome = make_exercise(item_for("ranking", id="ex-rank-811"), pool="exam", status="draft")
    _authored(outcome, instructor)
    page = _publish(client, outcome.exercise)
    assert outcome.exercise.status == "draft"
    assert "needs calibration by at least 2 instructors other than its author; 0 so far" in page
    assert not db.session.scalar(select(AuditEvent).where(AuditEvent.action == "exercise.publish"))


def test_the_authors_own_judgement_does_not_count(
    client, instructor, other_instructor, make_exercise, item_for
):
    outcome = make_exercise(item_for("ranking", id="ex-rank-812"), pool="exam", status="draft")
    _authored(outcome, instructor)
    calibration.record_judgement(outcome.version, instructor, AGREEING)
    calibration.record_judgement(outcome.version, other_instructor, AGREEING)
    db.session.commit()
    page = _publish(client, outcome.exercise)
    assert outcome.exercise.status == "draft" and "1 so far" in page


def test_two_agreeing_judges_besides_the_author_allow_publishing(
    client, instructor, other_instructor, third_instructor, make_exercise, item_for
):
    outcome = make_exercise(item_for("ranking", id="ex-rank-813"), pool="exam", status="draft")
    _authored(outcome, instructor)
    calibration.record_judgement(outcome.version, other_instructor, AGREEING)
    calibration.record_judgement(outcome.version, third_instructor, AGREEING)
    db.session.commit()
    _publish(client, outcome.exercise)
    assert outcome.exercise.status == "published"


def test_disagreeing_judges_block_even_after_the_flag_is_resolved(
    app, instructor, other_instructor, third_instructor, make_exercise, item_for
):
    outcome = make_exercise(item_for("ranking", id="ex-rank-814"), pool="exam", status="draft")
    _authored(outcome, instructor)
    calibration.record_judgement(outcome.version, other_instructor, AGREEING)
    calibration.record_judgement(outcome.version, third_instructor, DISAGREEING)
    outcome.exercise.calibration_flagged = False  # as if someone marked it resolved
    with app.test_request_context():
        ready = publish_gate.readiness(outcome.exercise)
    assert ready.reviewers == 2 and not ready.is_ready
    assert "agree less than the threshold" in ready.reasons[0]


def test_practice_item_needs_one_reviewer_other_than_the_author(
    client, instructor, other_instructor, login, make_exercise, item_for
):
    outcome = make_exercise(item_for("pairwise"), status="draft")
    _authored(outcome, instructor)
    page = _publish(client, outcome.exercise)
    assert outcome.exercise.status == "draft"
    assert "needs approval by 1 instructor(s) other than its author" in page
    # The author cannot approve their own item.
    client.post(f"/studio/exercises/{outcome.exercise.id}/approve")
    assert not publish_gate.approvers_of(outcome.exercise)
    client.post("/auth/logout")
    login(other_instructor)
    assert "Approve version 1" in client.get(f"/studio/exercises/{outcome.exercise.id}").text
    client.post(f"/studio/exercises/{outcome.exercise.id}/approve")
    event = db.session.scalar(select(AuditEvent).where(AuditEvent.action == "exercise.approve"))
    assert event.actor_id == other_instructor.id and event.details["version"] == 1
    client.post("/auth/logout")
    login(instructor)
    _publish(client, outcome.exercise)
    assert outcome.exercise.status == "published"


def test_an_edit_needs_a_new_review(app, instructor, other_instructor, make_exercise, item_for):
    outcome = make_exercise(item_for("pairwise"), status="draft")
    _authored(outcome, instructor)
    with app.test_request_context():
        publish_gate.approve(outcome.exercise, other_instructor)
        assert publish_gate.readiness(outcome.exercise).is_ready
        changed = item_for("pairwise", title="A clearer title")
        edit_exercise(outcome.exercise, changed, instructor)
        assert not publish_gate.readiness(outcome.exercise).is_ready


def test_approve_needs_csrf_and_an_instructor(client, make_user, login, make_exercise, item_for):
    outcome = make_exercise(item_for("pairwise"), status="draft")
    login(make_user(Role.INSTRUCTOR))
    url = f"/studio/exercises/{outcome.exercise.id}/approve"
    assert client.post(url, csrf=False).status_code == 400
    client.post("/auth/logout")
    login(make_user())
    assert client.post(url).status_code == 403
    assert not db.session.scalar(select(AuditEvent).where(AuditEvent.action == "exercise.approve"))
