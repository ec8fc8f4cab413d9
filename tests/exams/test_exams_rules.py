"""Exam rules: the timer, one active session, attempts and cooldown, retakes, privacy."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest

from app.extensions import db
from app.models import ExamSession, Role, utcnow
from app.services.certification import exams
from tests.exams.factories import GOLD_ANSWERS, GOLD_MARK

# Submitting with unanswered questions needs this explicit confirmation.
BLANK_OK = {"confirm_unanswered": "1"}


def start(client: Any, slug: str = "test-core") -> ExamSession:
    """Start through the real form and return the new session."""
    assert client.post(f"/exams/{slug}/start").status_code == 302
    return db.session.scalars(db.select(ExamSession).order_by(ExamSession.id.desc())).first()


def post_and_follow(client: Any, url: str, **kwargs: Any) -> str:
    """POST, then GET where it redirects (the page that shows the flashed message)."""
    response = client.post(url, **kwargs)
    assert response.status_code == 302, response.get_data(as_text=True)[:300]
    return client.get(response.headers["Location"]).get_data(as_text=True)


def run_out_of_time(session: ExamSession) -> None:
    """Move the session's window into the past, as if the time limit had passed."""
    past = utcnow() - timedelta(minutes=1)
    session.started_at = past - timedelta(minutes=30)
    session.deadline_at = past
    db.session.commit()


@pytest.mark.usefixtures("exam_ready")
def test_late_answers_are_refused_and_the_session_is_graded(client, student):
    session = start(client)
    url = f"/exams/sessions/{session.id}/autosave"
    assert (
        client.post(
            url, json={"position": 1, "revision": 0, "answer": GOLD_ANSWERS["rating"]}
        ).status_code
        == 200
    )
    run_out_of_time(session)
    late = client.post(url, json={"position": 2, "revision": 0, "answer": GOLD_ANSWERS["rating"]})
    assert late.status_code == 409 and late.json["closed"] is True
    db.session.refresh(session)
    assert session.status == "failed" and session.finished_at == session.deadline_at
    assert session.items[0].score == 1.0 and session.items[1].answer is None
    assert session.result["expired"] is True


@pytest.mark.usefixtures("exam_ready")
def test_late_form_save_redirects_to_the_result(client, student):
    session = start(client)
    run_out_of_time(session)
    response = client.post(
        f"/exams/sessions/{session.id}/1",
        data={
            "revision": "0",
            "rating_ethics": "2",
            "rating_accuracy": "3",
            "rating_relevance": "4",
        },
    )
    assert response.status_code == 302 and response.headers["Location"].endswith("/result")
    db.session.refresh(session)
    assert session.items[0].answer is None


@pytest.mark.usefixtures("exam_ready")
def test_an_abandoned_session_is_graded_when_anyone_looks(client, student):
    session = start(client)
    run_out_of_time(session)
    response = client.get(f"/exams/sessions/{session.id}/1")
    assert response.status_code == 302 and response.headers["Location"].endswith("/result")
    db.session.refresh(session)
    assert session.status == "failed"


@pytest.mark.usefixtures("exam_ready")
def test_expire_command_grades_overdue_sessions(client, student, runner):
    session = start(client)
    assert "Graded 0 overdue" in runner.invoke(args=["exams", "expire"]).output
    run_out_of_time(session)
    result = runner.invoke(args=["exams", "expire"])
    assert result.exit_code == 0 and "Graded 1 overdue exam session." in result.output
    db.session.refresh(session)
    assert session.status == "failed"


@pytest.mark.usefixtures("exam_ready")
def test_only_one_active_session(client, student):
    session = start(client)
    assert "You have an exam in progress" in post_and_follow(client, "/exams/quick/start")
    assert db.session.scalar(db.select(db.func.count(ExamSession.id))) == 1
    assert session.status == "active"


@pytest.mark.usefixtures("exam_ready")
def test_the_database_refuses_a_second_active_session(student):
    exams.start_session(student, "test-core")
    db.session.commit()
    # Two requests raced past the check: the partial unique index still refuses the second.
    second = exams._new_session(student, exams.get_blueprint("quick"), exams._pool(), 5, utcnow())
    with db.session.begin_nested():
        db.session.add(second)
        with pytest.raises(exams.IntegrityError):
            db.session.flush()
    db.session.rollback()
    with pytest.raises(exams.ExamError, match="in progress"):
        exams.start_session(student, "quick")


@pytest.mark.usefixtures("exam_ready")
def test_failed_attempts_cool_down_and_run_out(client, student):
    first = start(client, "quick")
    client.post(f"/exams/sessions/{first.id}/finish", data=BLANK_OK)
    assert "You can try again after" in post_and_follow(client, "/exams/quick/start")
    first.finished_at = utcnow() - timedelta(days=8)
    db.session.commit()
    second = start(client, "quick")
    assert second.attempt_number == 2
    client.post(f"/exams/sessions/{second.id}/finish", data=BLANK_OK)
    second.finished_at = utcnow() - timedelta(days=8)
    db.session.commit()
    status = exams.exam_status(student, exams.get_blueprint("quick"))
    assert status.attempts_left == 0
    assert "You have used all 2 attempts." in status.blockers


@pytest.mark.usefixtures("exam_ready")
def test_retake_avoids_items_already_seen(client, student):
    first = start(client, "quick")
    client.post(f"/exams/sessions/{first.id}/finish", data=BLANK_OK)
    first.finished_at = utcnow() - timedelta(days=8)
    db.session.commit()
    second = start(client, "quick")
    seen = {i.exercise_id for i in first.items}
    assert not seen & {i.exercise_id for i in second.items}
    assert second.seed != first.seed


@pytest.mark.usefixtures("exam_ready")
def test_a_certified_student_cannot_retake(client, student):
    session = start(client, "quick")
    for item in session.items:
        exams.save_answer(session, item.position, GOLD_ANSWERS[item.version.exercise.kind], 0)
    exams.finish_session(session)
    db.session.commit()
    status = exams.exam_status(student, exams.get_blueprint("quick"))
    assert status.certificate is not None
    assert "You already hold this certificate." in status.blockers


@pytest.mark.usefixtures("exam_ready")
def test_another_students_session_is_not_found(client, student, make_user, login):
    session = start(client)
    client.post("/auth/logout")
    login(make_user(Role.STUDENT))
    for url in (
        f"/exams/sessions/{session.id}",
        f"/exams/sessions/{session.id}/1",
        f"/exams/sessions/{session.id}/result",
    ):
        assert client.get(url).status_code == 404
    assert client.post(f"/exams/sessions/{session.id}/finish").status_code == 404
    assert (
        client.post(
            f"/exams/sessions/{session.id}/autosave",
            json={"position": 1, "revision": 0, "answer": {}},
        ).status_code
        == 404
    )


@pytest.mark.usefixtures("exam_ready")
def test_no_gold_reaches_any_exam_page_before_or_after_submission(client, student):
    session = start(client)
    pages = [client.get("/exams/"), client.get(f"/exams/sessions/{session.id}")]
    pages += [client.get(f"/exams/sessions/{session.id}/{i.position}") for i in session.items]
    for item in session.items:
        pages.append(
            client.post(
                f"/exams/sessions/{session.id}/autosave",
                json={
                    "position": item.position,
                    "revision": 0,
                    "answer": GOLD_ANSWERS[item.version.exercise.kind],
                },
            )
        )
    client.post(f"/exams/sessions/{session.id}/finish")
    pages += [
        client.get(f"/exams/sessions/{session.id}/result"),
        client.get("/exams/"),
        client.get(f"/exams/sessions/{session.id}/1"),
        client.get("/dashboard"),
    ]
    for response in pages:
        body = response.get_data(as_text=True)
        assert GOLD_MARK not in body, response.request.path
        for key in ("gold_", "rationale", '"labels"', "is_harmful", '"note"'):
            assert key not in body, (key, response.request.path)


@pytest.mark.usefixtures("exam_ready")
def test_no_per_item_feedback_during_the_exam(client, student):
    session = start(client)
    post_and_follow(
        client,
        f"/exams/sessions/{session.id}/1",
        data={
            "revision": "0",
            "rating_ethics": "5",
            "rating_accuracy": "5",
            "rating_relevance": "5",
        },
    )
    page = client.get(f"/exams/sessions/{session.id}/1").get_data(as_text=True)
    for word in ("score", "correct", "mistake", "critical"):
        assert word not in page.lower().replace("scores", ""), word


def test_students_only(client):
    assert client.get("/exams/").status_code == 302
    assert client.post("/exams/test-core/start").status_code == 302


@pytest.mark.usefixtures("exam_ready")
def test_unknown_exam_and_short_pool_are_explained(client, student, make_exercise, monkeypatch):
    assert "There is no such exam." in post_and_follow(client, "/exams/nope/start")
    from graders.exam import DrawError

    def short(*args: Any, **kwargs: Any) -> list:
        raise DrawError("the exam pool has 1 rating items; the draw needs 2")

    monkeypatch.setattr(exams, "draw_exam", short)
    assert "cannot start yet" in post_and_follow(client, "/exams/quick/start")


@pytest.mark.usefixtures("exam_ready")
def test_an_overdue_session_of_another_exam_does_not_block_a_start(client, student):
    abandoned = start(client, "quick")
    run_out_of_time(abandoned)
    fresh = start(client, "test-core")
    db.session.refresh(abandoned)
    assert abandoned.status == "failed" and fresh.status == "active"


@pytest.mark.usefixtures("exam_ready")
def test_out_of_range_numbers_are_not_found_or_refused(client, student):
    session = start(client)
    huge = 10**20
    assert client.get(f"/exams/sessions/{huge}").status_code == 404
    assert client.get(f"/exams/sessions/{session.id}/{huge}").status_code == 404
    url = f"/exams/sessions/{session.id}/autosave"
    for body in (
        {"position": huge, "revision": 0, "answer": {}},
        {"position": 1, "revision": huge, "answer": GOLD_ANSWERS["rating"]},
        {"position": True, "revision": 0, "answer": {}},
    ):
        assert client.post(url, json=body).status_code == 400
