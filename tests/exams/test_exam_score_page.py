"""How an exam verdict is computed: only the student's own graded session, counts only."""

from __future__ import annotations

import re

import pytest

from app.extensions import db
from tests.exams.factories import CRITICAL_ANSWERS, GOLD_ANSWERS
from tests.exams.test_exams_flow import BLANK_OK, answer_all, start


def _text(html: str) -> str:
    """The page's visible words on one line."""
    return " ".join(re.sub(r"<[^>]+>", " ", html).split())


@pytest.mark.usefixtures("exam_ready")
def test_no_explanation_before_the_exam_is_graded(client, student):
    session = start(client)
    assert client.get(f"/scores/exams/{session.id}").status_code == 404


@pytest.mark.usefixtures("exam_ready")
def test_graded_exam_shows_judgements_per_criterion_floors_and_must_catch(client, student):
    session = start(client)
    answer_all(client, session, GOLD_ANSWERS)
    client.post(f"/exams/sessions/{session.id}/finish", data=BLANK_OK)
    db.session.refresh(session)
    result = client.get(f"/exams/sessions/{session.id}/result").get_data(as_text=True)
    assert f"/scores/exams/{session.id}" in result
    response = client.get(f"/scores/exams/{session.id}")
    assert response.status_code == 200
    page = _text(response.get_data(as_text=True))
    counts = session.result["outcome"]["judgement_counts"]
    agreed, total = counts["ethics"]
    assert total > 0 and f"{agreed} of {total}" in page
    assert "Floor" in page and "Judgements needed" in page
    assert "Missed: 0" in page
    assert "Question by question" in page and "marked by an instructor" in page
    # Confidential: no question text or gold reaches the page.
    for item in session.items:
        assert item.version.prompt[:40] not in page


@pytest.mark.usefixtures("exam_ready")
def test_a_missed_must_catch_is_shown(client, student):
    session = start(client)
    answer_all(client, session, CRITICAL_ANSWERS)
    client.post(f"/exams/sessions/{session.id}/finish", data=BLANK_OK)
    db.session.refresh(session)
    page = _text(client.get(f"/scores/exams/{session.id}").get_data(as_text=True))
    assert session.status == "failed"
    assert f"Missed: {session.critical_errors}" in page


@pytest.mark.usefixtures("exam_ready")
def test_another_students_exam_is_404(client, student, make_user, login):
    session = start(client)
    answer_all(client, session, GOLD_ANSWERS)
    client.post(f"/exams/sessions/{session.id}/finish", data=BLANK_OK)
    client.post("/auth/logout")
    login(make_user())
    assert client.get(f"/scores/exams/{session.id}").status_code == 404
    assert client.get("/scores/exams/0").status_code == 404


@pytest.mark.usefixtures("exam_ready")
def test_the_holders_certificate_links_to_the_breakdown(client, student, make_user):
    from app.models import Certificate, Role
    from app.services.certification import exams

    session = start(client)
    answer_all(client, session, GOLD_ANSWERS)
    client.post(f"/exams/sessions/{session.id}/finish", data=BLANK_OK)
    (queued,) = exams.pending_reference_reviews()
    exams.record_reference_score(queued, 7, make_user(Role.INSTRUCTOR), "Clear.")
    db.session.commit()
    cert = db.session.scalar(
        db.select(Certificate).where(Certificate.exam_session_id == session.id)
    )
    page = client.get(f"/certificates/{cert.code}").get_data(as_text=True)
    assert f"/scores/exams/{session.id}" in page
