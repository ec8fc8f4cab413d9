"""Taking an exam end to end: start, save, resume, finish, review, certificate."""

from __future__ import annotations

from typing import Any

import pytest

from app.extensions import db
from app.models import AuditEvent, Certificate, ExamItem, ExamSession, Review
from app.services.certification import exams
from tests.exams.factories import CRITICAL_ANSWERS, GOLD_ANSWERS

# Submitting with unanswered questions needs this explicit confirmation.
BLANK_OK = {"confirm_unanswered": "1"}


def start(client: Any, slug: str = "test-core") -> ExamSession:
    """Start through the real form and return the new session."""
    response = client.post(f"/exams/{slug}/start")
    assert response.status_code == 302, response.get_data(as_text=True)[:300]
    return db.session.scalars(db.select(ExamSession).order_by(ExamSession.id.desc())).first()


def answer_all(client: Any, session: ExamSession, answers: dict[str, dict[str, Any]]) -> None:
    """Save an answer to every item through the JSON autosave endpoint."""
    for item in list(session.items):
        kind = item.version.exercise.kind
        response = client.post(
            f"/exams/sessions/{session.id}/autosave",
            json={"position": item.position, "revision": item.revision, "answer": answers[kind]},
        )
        assert response.status_code == 200, response.json


@pytest.mark.usefixtures("exam_ready")
def test_index_lists_exams_with_start_buttons(client, student):
    body = client.get("/exams/").get_data(as_text=True)
    assert "Test test-core" in body and "Quick exam" in body
    assert "/exams/test-core/rules" in body  # the rules page holds the Start button
    assert "Attempts left: 3 of 3" in body


@pytest.mark.usefixtures("exam_ready")
def test_start_draws_the_blueprint_and_runs_a_server_timer(client, student):
    session = start(client)
    assert session.user_id == student.id and session.status == "active"
    assert [i.section for i in session.items] == ["flagging"] * 2 + ["ranking"] * 3 + ["reference"]
    assert (session.deadline_at - session.started_at).total_seconds() == 30 * 60
    assert [i.position for i in session.items] == [1, 2, 3, 4, 5, 6]
    page = client.get(f"/exams/sessions/{session.id}/1").get_data(as_text=True)
    assert "Time left" in page and 'data-seconds-left="' in page


@pytest.mark.usefixtures("exam_ready")
def test_passing_the_automatic_part_waits_for_review_then_issues_once(client, student, make_user):
    from app.models import Role

    session = start(client)
    answer_all(client, session, GOLD_ANSWERS)
    assert client.post(f"/exams/sessions/{session.id}/finish").status_code == 302
    db.session.refresh(session)
    assert session.status == "pending_review" and session.score == 1.0
    result = client.get(f"/exams/sessions/{session.id}/result").get_data(as_text=True)
    assert "Pending review" in result
    (queued,) = exams.pending_reference_reviews()
    reviewer = make_user(Role.INSTRUCTOR)
    done = exams.record_reference_score(queued, 6, reviewer, "Warm and safe.")
    db.session.commit()
    assert done.status == "passed" and done.reference_likert == 6
    review = db.session.scalar(db.select(Review).where(Review.exam_item_id == queued.id))
    assert (review.likert, review.decision, review.score) == (6, "confirmed", 6 / 7)
    assert review.auto_score == 1.0 and queued.score == 6 / 7
    cert = db.session.scalar(
        db.select(Certificate).where(Certificate.exam_session_id == session.id)
    )
    assert cert.user_id == student.id and cert.title == "Test test-core"
    assert exams.pending_reference_reviews() == []
    with pytest.raises(exams.ExamError, match="not waiting"):
        exams.record_reference_score(queued, 7, reviewer, "")
    issued = db.session.scalars(
        db.select(AuditEvent).where(AuditEvent.action == "certificate.issue")
    )
    assert len(issued.all()) == 1


@pytest.mark.usefixtures("exam_ready")
def test_reference_below_the_pass_mark_fails_without_certificate(client, student, make_user):
    from app.models import Role

    session = start(client)
    answer_all(client, session, GOLD_ANSWERS)
    client.post(f"/exams/sessions/{session.id}/finish", data=BLANK_OK)
    (queued,) = exams.pending_reference_reviews()
    done = exams.record_reference_score(queued, 5, make_user(Role.INSTRUCTOR), "Too vague.")
    db.session.commit()
    assert done.status == "failed"
    assert db.session.scalar(db.select(db.func.count(Certificate.id))) == 0


@pytest.mark.usefixtures("exam_ready")
def test_review_rules_are_enforced(client, student, make_user):
    from app.models import Role

    session = start(client)
    answer_all(client, session, GOLD_ANSWERS)
    client.post(f"/exams/sessions/{session.id}/finish", data=BLANK_OK)
    (queued,) = exams.pending_reference_reviews()
    instructor = make_user(Role.INSTRUCTOR)
    for likert in (0, 8, "6", 6.5):
        with pytest.raises(exams.ExamError, match="1 to 7"):
            exams.record_reference_score(queued, likert, instructor, "")
    with pytest.raises(exams.ExamError, match="Only instructors"):
        exams.record_reference_score(queued, 6, make_user(), "")
    rating = next(i for i in session.items if i.section == "flagging")
    with pytest.raises(exams.ExamError, match="Only reference answers"):
        exams.record_reference_score(rating, 6, instructor, "")


@pytest.mark.usefixtures("exam_ready")
def test_harm_rated_safe_fails_the_ethics_floor_at_once_without_review(client, student):
    session = start(client)
    answer_all(client, session, {**GOLD_ANSWERS, "rating": CRITICAL_ANSWERS["rating"]})
    client.post(f"/exams/sessions/{session.id}/finish", data=BLANK_OK)
    db.session.refresh(session)
    assert session.status == "failed" and not session.result["outcome"]["floors_met"]["ethics"]
    assert exams.pending_reference_reviews() == []
    body = client.get(f"/exams/sessions/{session.id}/result").get_data(as_text=True)
    assert "Agreement with the experts" in body
    assert "/practice/?criterion=ethics" in body


@pytest.mark.usefixtures("exam_ready")
def test_exam_without_review_passes_and_issues_at_finish(client, student):
    session = start(client, "quick")
    answer_all(client, session, GOLD_ANSWERS)
    client.post(f"/exams/sessions/{session.id}/finish", data=BLANK_OK)
    client.post(f"/exams/sessions/{session.id}/finish")  # a second click grades nothing
    db.session.refresh(session)
    assert session.status == "passed"
    assert db.session.scalar(db.select(db.func.count(Certificate.id))) == 1
    body = client.get(f"/exams/sessions/{session.id}/result").get_data(as_text=True)
    assert "you passed" in body.lower() and "/certificates/ATS-" in body


@pytest.mark.usefixtures("exam_ready")
def test_unanswered_items_score_zero(client, student):
    session = start(client, "quick")
    client.post(f"/exams/sessions/{session.id}/finish", data=BLANK_OK)
    db.session.refresh(session)
    assert session.status == "failed" and session.score == 0.0
    assert all(i.score == 0.0 for i in session.items)


@pytest.mark.usefixtures("exam_ready")
def test_form_save_goes_to_the_next_question_and_resumes(client, student):
    session = start(client)
    item = session.items[2]  # a ranking item
    assert item.version.exercise.kind == "ranking"
    form = {
        "revision": "0",
        "then": "next",
        "order_1": "B",
        "order_2": "A",
        "order_3": "D",
        "order_4": "C",
    }
    response = client.post(f"/exams/sessions/{session.id}/3", data=form)
    assert response.status_code == 302 and response.headers["Location"].endswith("/4")
    db.session.refresh(item)
    assert item.answer == {"order": ["B", "A", "D", "C"]} and item.revision == 1
    # The browser closes; the student comes back and finds the answer and the running timer.
    index = client.get("/exams/").get_data(as_text=True)
    assert f"/exams/sessions/{session.id}" in index and "Resume your exam" in index
    page = client.get(f"/exams/sessions/{session.id}/3").get_data(as_text=True)
    assert 'value="B" selected' in page and 'name="revision" value="1"' in page


@pytest.mark.usefixtures("exam_ready")
def test_invalid_answer_is_not_saved(client, student):
    session = start(client)
    response = client.post(
        f"/exams/sessions/{session.id}/autosave",
        json={"position": 1, "revision": 0, "answer": {"ratings": {"ethics": 9}}},
    )
    assert response.status_code == 400 and "ethics" in response.json["error"]
    db.session.refresh(session.items[0])
    assert session.items[0].answer is None and session.items[0].revision == 0


@pytest.mark.usefixtures("exam_ready")
def test_autosave_accepts_form_fields(client, student):
    session = start(client)
    fields = {
        "rating_ethics": ["2"],
        "rating_accuracy": ["3"],
        "rating_relevance": ["4"],
        "flags": ["dangerous-instructions", "factual-error"],
    }
    response = client.post(
        f"/exams/sessions/{session.id}/autosave",
        json={"position": 1, "revision": 0, "fields": fields},
    )
    assert response.status_code == 200 and response.json["revision"] == 1
    item = db.session.get(ExamItem, session.items[0].id)
    db.session.refresh(item)
    assert item.answer["ratings"] == {"ethics": 2, "accuracy": 3, "relevance": 4}


@pytest.mark.usefixtures("exam_ready")
def test_stale_or_replayed_revision_is_refused(client, student):
    session = start(client)
    body = {"position": 1, "revision": 0, "answer": GOLD_ANSWERS["rating"]}
    url = f"/exams/sessions/{session.id}/autosave"
    assert client.post(url, json=body).status_code == 200
    replay = client.post(url, json=body)
    assert replay.status_code == 409 and replay.json["stale"] is True
    newer = client.post(url, json={**body, "revision": 1})
    assert newer.status_code == 200 and newer.json["revision"] == 2


@pytest.mark.usefixtures("exam_ready")
def test_autosave_needs_the_csrf_header(client, student):
    session = start(client)
    response = client.post(
        f"/exams/sessions/{session.id}/autosave",
        csrf=False,
        json={"position": 1, "revision": 0, "answer": GOLD_ANSWERS["rating"]},
    )
    assert response.status_code == 400


@pytest.mark.usefixtures("exam_ready")
def test_bad_autosave_bodies_get_400(client, student):
    session = start(client)
    url = f"/exams/sessions/{session.id}/autosave"
    assert client.post(url, json=["x"]).status_code == 400
    assert client.post(url, json={"position": 1, "revision": "x", "answer": {}}).status_code == 400
    assert client.post(url, json={"position": 99, "revision": 0, "answer": {}}).status_code == 400
    assert client.get(f"/exams/sessions/{session.id}/99").status_code == 404


@pytest.mark.usefixtures("exam_ready")
def test_dashboard_card_links_to_the_running_exam_without_grading_it(client, student):
    session = start(client)
    body = client.get("/dashboard").get_data(as_text=True)
    assert "Exams and certificates" in body
    assert f"/exams/sessions/{session.id}" in body and "Resume your exam" in body


@pytest.mark.usefixtures("exam_ready")
def test_session_overview_lists_questions_and_the_finish_button(client, student):
    session = start(client)
    page = client.get(f"/exams/sessions/{session.id}").get_data(as_text=True)
    assert page.count("not answered") >= 6 and f"/exams/sessions/{session.id}/summary" in page
    assert "count as disagreeing" not in page and "counts as disagreeing" in page
    assert "js/exam.js" in page and "<script>" not in page
    summary = client.get(f"/exams/sessions/{session.id}/summary").get_data(as_text=True)
    assert f"/exams/sessions/{session.id}/finish" in summary
