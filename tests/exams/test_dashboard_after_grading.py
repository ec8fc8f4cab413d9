"""Grading an exam and the dashboard summary: the exam card is read live, the row stays valid."""

from __future__ import annotations

import pytest

from app.extensions import db
from app.models import StudentSummary
from app.services.certification import exams
from app.services.learning.dashboard import dashboard_for, live_dashboard
from app.services.learning.student_summary import fill_summary, rebuild_summary
from tests.exams.factories import GOLD_ANSWERS
from tests.exams.test_exams_rules import start

FIELDS = ("attempts_total", "last_attempt_id", "pending_reviews", "lessons_completed")


@pytest.mark.usefixtures("exam_ready")
def test_a_graded_exam_shows_on_the_dashboard_and_the_summary_equals_a_rebuild(client, student):
    rebuild_summary(student)
    db.session.commit()
    session = start(client, "quick")
    for item in session.items:
        exams.save_answer(session, item.position, GOLD_ANSWERS[item.version.exercise.kind], 0)
    exams.finish_session(session)
    db.session.commit()
    db.session.expire_all()
    stored = db.session.get(StudentSummary, student.id)
    fresh = fill_summary(StudentSummary(user_id=student.id), student)
    assert [getattr(stored, f) for f in FIELDS] == [getattr(fresh, f) for f in FIELDS]
    assert stored.practice == fresh.practice and stored.resume_lesson_id == fresh.resume_lesson_id
    dash, live = dashboard_for(student), live_dashboard(student)
    assert dash.rebuilt is None  # grading wrote nothing the row summarises
    held = dash.sections["exams"]["certificates"]
    assert held and held == live.sections["exams"]["certificates"]
    page = client.get("/dashboard").get_data(as_text=True)
    assert held[0].code in page
