"""The path around the questions: rules before starting, flags, the summary, extra time."""

from __future__ import annotations

from datetime import timedelta

import pytest

from app.extensions import db
from app.models import AuditEvent, ExamItem, ExamSession
from app.services.certification import exams
from tests.conftest import TEST_PASSWORD
from tests.exams.factories import GOLD_ANSWERS
from tests.exams.test_exams_flow import start


@pytest.mark.usefixtures("exam_ready")
def test_index_links_to_the_rules_page_instead_of_starting(client, student):
    body = client.get("/exams/").get_data(as_text=True)
    assert "/exams/test-core/rules" in body and 'action="/exams/test-core/start"' not in body


@pytest.mark.usefixtures("exam_ready")
def test_rules_page_reads_the_blueprint_and_offers_an_explicit_start(client, student):
    page = client.get("/exams/test-core/rules").get_data(as_text=True)
    assert "You have 30 minutes." in page
    assert "6 questions" in page  # item_count from the blueprint
    assert "2 rating and flags" in page and "2 ranking, 1 pair choice" in page
    assert "at least 2 judgements" in page  # min_judgements of the test blueprint
    assert "wrong on everything" in page and "must-catch" in page
    assert "No feedback until the end" in page and "submitted for you" in page
    assert 'action="/exams/test-core/start"' in page and "Start the exam" in page
    assert db.session.scalar(db.select(db.func.count(ExamSession.id))) == 0  # nothing started


@pytest.mark.usefixtures("exam_ready")
def test_rules_page_of_an_unknown_exam_is_404_and_blockers_hide_start(client, student):
    assert client.get("/exams/nope/rules").status_code == 404
    start(client)
    page = client.get("/exams/quick/rules").get_data(as_text=True)
    assert "You cannot start yet" in page and "exam in progress" in page
    assert 'action="/exams/quick/start"' not in page


@pytest.mark.usefixtures("exam_ready")
def test_rules_page_needs_a_student(client):
    assert client.get("/exams/test-core/rules").status_code in (302, 401)


@pytest.mark.usefixtures("exam_ready")
def test_flag_is_stored_per_item_and_listed_on_the_summary(client, student):
    session = start(client)
    url = f"/exams/sessions/{session.id}/2/flag"
    assert client.post(url, data={"flagged": "1"}).status_code == 302
    item = db.session.scalar(db.select(ExamItem).filter_by(session_id=session.id, position=2))
    assert item.flagged is True
    reply = client.post(url, data={"flagged": "1"}, headers={"Accept": "application/json"})
    assert reply.status_code == 200 and reply.json == {"position": 2, "flagged": True}
    question = client.get(f"/exams/sessions/{session.id}/2").get_data(as_text=True)
    assert "Remove flag" in question and "is-flagged" in question
    summary = client.get(f"/exams/sessions/{session.id}/summary").get_data(as_text=True)
    flagged_part = summary.split('id="flagged-heading"')[1].split("</section>")[0]
    assert "Flagged for later (1)" in flagged_part
    assert f"/exams/sessions/{session.id}/2" in flagged_part
    assert "Unanswered questions (6)" in summary and "Submit the exam" in summary
    client.post(url, data={"flagged": "0"})
    db.session.refresh(item)
    assert item.flagged is False


@pytest.mark.usefixtures("exam_ready")
def test_bad_flag_requests_are_refused_and_change_nothing(app, client, student, make_user):
    session = start(client)
    base = f"/exams/sessions/{session.id}"
    assert client.post(f"{base}/2/flag", data={"flagged": "yes"}).status_code == 400
    assert client.post(f"{base}/2/flag", data={}).status_code == 400
    assert client.post(f"{base}/99/flag", data={"flagged": "1"}).status_code == 404
    assert client.post(f"{base}/2/flag", data={"flagged": "1"}, csrf=False).status_code == 400
    other = app.test_client()
    other.post("/auth/login", data={"email": make_user().email, "password": TEST_PASSWORD})
    assert other.post(f"{base}/2/flag", data={"flagged": "1"}).status_code == 404
    assert not any(i.flagged for i in session.items)


@pytest.mark.usefixtures("exam_ready")
def test_flag_after_submission_is_refused(client, student):
    session = start(client, "quick")
    client.post(f"/exams/sessions/{session.id}/finish", data={"confirm_unanswered": "1"})
    reply = client.post(
        f"/exams/sessions/{session.id}/1/flag",
        data={"flagged": "1"},
        headers={"Accept": "application/json"},
    )
    assert reply.status_code == 409
    assert client.get(f"/exams/sessions/{session.id}/summary").status_code == 302


@pytest.mark.usefixtures("exam_ready")
def test_submit_with_blanks_goes_back_to_the_summary(client, student):
    session = start(client)
    response = client.post(f"/exams/sessions/{session.id}/finish")
    assert response.status_code == 302 and response.location.endswith("/summary#unanswered")
    db.session.refresh(session)
    assert session.status == "active"


def test_admin_grants_extra_time_audited(client, admin, make_user):
    user = make_user()
    url = f"/admin/users/{user.id}/extra-time"
    assert client.post(url, data={"extra_minutes": "25"}).status_code == 302
    db.session.refresh(user)
    assert user.exam_extra_minutes == 25
    event = db.session.scalar(db.select(AuditEvent).filter_by(action="user.exam_extra_minutes"))
    assert event.target_id == str(user.id) and event.details == {"before": 0, "after": 25}
    assert 'value="25"' in client.get("/admin/users").get_data(as_text=True)


@pytest.mark.parametrize("value", ["-5", "601", "ten", "", "2.5", "²"])
def test_bad_extra_time_is_refused(client, admin, make_user, value):
    user = make_user()
    response = client.post(f"/admin/users/{user.id}/extra-time", data={"extra_minutes": value})
    assert response.status_code == 400
    db.session.refresh(user)
    assert user.exam_extra_minutes == 0
    assert db.session.scalar(db.select(db.func.count(AuditEvent.id)).filter_by(
        action="user.exam_extra_minutes")) == 0


def test_only_admins_grant_extra_time(client, student, make_user):
    user = make_user()
    response = client.post(f"/admin/users/{user.id}/extra-time", data={"extra_minutes": "30"})
    assert response.status_code == 403
    db.session.refresh(user)
    assert user.exam_extra_minutes == 0


@pytest.mark.usefixtures("exam_ready")
def test_extra_time_extends_the_deadline_and_the_rules_page_says_so(client, student):
    student.exam_extra_minutes = 15
    db.session.commit()
    page = client.get("/exams/test-core/rules").get_data(as_text=True)
    assert "You have 45 minutes." in page and "15 extra minutes" in page
    session = start(client)
    assert (session.deadline_at - session.started_at) == timedelta(minutes=45)


@pytest.mark.usefixtures("exam_ready")
def test_answers_are_refused_only_after_the_extended_deadline(client, student):
    student.exam_extra_minutes = 15
    db.session.commit()
    session = start(client)
    item = session.items[0]
    answer = GOLD_ANSWERS[item.version.exercise.kind]
    in_extra_time = session.started_at + timedelta(minutes=40)
    saved = exams.save_answer(session, item.position, answer, item.revision, now=in_extra_time)
    assert saved.revision == 1
    db.session.commit()
    too_late = session.started_at + timedelta(minutes=45, seconds=1)
    with pytest.raises(exams.ExamClosed):
        exams.save_answer(session, item.position, answer, saved.revision, now=too_late)
