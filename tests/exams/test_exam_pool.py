"""Exam pool security: the demo pool, production refusal, exposure retirement, retakes, blanks."""

from __future__ import annotations

from types import SimpleNamespace
from typing import Any

import pytest

from app.config import REPO_ROOT, ConfigError, build_config
from app.extensions import db
from app.models import ExamSession, Role
from app.services.certification import exam_pool, exams
from app.services.certification.blueprints import fill_problems
from graders.blueprint import blueprint_from_dict
from graders.item import item_from_dict
from tests.exams.factories import blueprint_data, pool_items

STRONG_KEY = "a-production-secret-key-that-is-long-and-random-123"


@pytest.fixture
def production_env(monkeypatch: pytest.MonkeyPatch) -> None:
    """Everything production needs except the exam pool."""
    monkeypatch.setenv("SCHOOL_ENV", "production")
    monkeypatch.setenv("SECRET_KEY", STRONG_KEY)
    monkeypatch.setenv("SITE_URL", "https://school.example.org")


@pytest.mark.usefixtures("production_env")
@pytest.mark.parametrize("pool", [None, str(REPO_ROOT / "exercises" / "exam"), "exercises/../"])
def test_production_refuses_the_public_demo_pool(tmp_path, monkeypatch, pool) -> None:
    if pool is None:
        monkeypatch.delenv("EXAM_POOL_DIR", raising=False)
    elif pool == "exercises/../":
        monkeypatch.chdir(REPO_ROOT)
        monkeypatch.setenv("EXAM_POOL_DIR", "exercises/../exercises/exam/")
    else:
        monkeypatch.setenv("EXAM_POOL_DIR", pool)
    with pytest.raises(ConfigError, match="EXAM_POOL_DIR must point to a private exam pool"):
        build_config(tmp_path)


@pytest.mark.usefixtures("production_env")
def test_production_starts_with_a_private_pool(tmp_path, monkeypatch) -> None:
    monkeypatch.setenv("EXAM_POOL_DIR", str(tmp_path / "private"))
    assert build_config(tmp_path)["EXAM_POOL_DIR"] == str(tmp_path / "private")


def no_blockers(monkeypatch: pytest.MonkeyPatch) -> None:
    """Let a student start again at once (attempt limits and cooldowns have their own tests)."""
    monkeypatch.setattr(exams, "exam_status", lambda *a, **k: SimpleNamespace(blockers=[]))


def sit_and_finish(user: Any, slug: str = "quick") -> ExamSession:
    """Start a session through the service and grade it blank."""
    session = exams.start_session(user, slug)
    db.session.commit()
    exams.finish_session(session)
    db.session.commit()
    return session


def uids(session: ExamSession) -> set[str]:
    """The exercises a session drew."""
    return {item.version.exercise.uid for item in session.items}


@pytest.mark.usefixtures("exam_ready")
def test_sessions_record_whether_they_came_from_the_demo_pool(app, make_user, monkeypatch):
    monkeypatch.setitem(app.config, "EXAM_POOL_DIR", "")
    assert sit_and_finish(make_user()).is_demo is True
    monkeypatch.setitem(app.config, "EXAM_POOL_DIR", "/srv/private-pool")
    assert sit_and_finish(make_user()).is_demo is False


@pytest.mark.usefixtures("exam_ready")
def test_retakes_repeat_no_item_and_consecutive_forms_share_none(make_user, monkeypatch):
    no_blockers(monkeypatch)
    user = make_user()
    forms = [sit_and_finish(user) for _ in range(4)]
    assert not uids(forms[0]) & uids(forms[1])  # unseen items exist: none repeated
    assert not (uids(forms[0]) | uids(forms[1])) & uids(forms[2])
    for earlier, later in zip(forms, forms[1:], strict=False):
        assert not uids(earlier) & uids(later)


@pytest.mark.usefixtures("exam_ready")
def test_items_retire_after_the_exposure_limit(app, make_user, monkeypatch):
    monkeypatch.setitem(app.config, "EXAM_ITEM_MAX_EXPOSURES", 1)
    first = sit_and_finish(make_user())
    second = sit_and_finish(make_user())
    assert not uids(first) & uids(second)  # another student never sees a retired item
    rows = exam_pool.items_near_retirement()
    assert {r.uid for r in rows} == uids(first) | uids(second)
    assert all(r.retired and r.exposures == 1 for r in rows)


@pytest.mark.usefixtures("exam_ready")
def test_the_draw_prefers_items_with_fewer_exposures(make_user):
    first = sit_and_finish(make_user())
    second = sit_and_finish(make_user())
    assert not uids(first) & uids(second)


@pytest.mark.usefixtures("exam_ready")
def test_instructors_see_items_near_retirement(app, client, make_user, login, monkeypatch):
    monkeypatch.setitem(app.config, "EXAM_ITEM_MAX_EXPOSURES", 1)
    session = sit_and_finish(make_user())
    login(make_user(Role.INSTRUCTOR))
    page = client.get("/studio/exam-exposure").get_data(as_text=True)
    assert all(uid in page for uid in uids(session)) and "retired" in page


@pytest.mark.usefixtures("exam_ready")
def test_a_blank_exam_fails_the_ethics_floor(student):
    session = sit_and_finish(student)
    outcome = session.result["outcome"]
    assert session.status == "failed" and "floor:ethics" in outcome["failed_checks"]
    assert session.score == 0.0 and outcome["criterion_scores"]["ethics"] == 0.0


@pytest.mark.usefixtures("exam_ready")
def test_submitting_with_blanks_needs_a_confirmation(client, student):
    assert client.post("/exams/quick/start").status_code == 302
    session = db.session.scalars(db.select(ExamSession)).one()
    response = client.post(f"/exams/sessions/{session.id}/finish")
    assert response.status_code == 302 and "#unanswered" in response.headers["Location"]
    db.session.refresh(session)
    assert session.status == "active"
    page = client.get(f"/exams/sessions/{session.id}/summary").get_data(as_text=True)
    assert "counts as disagreeing" in page and "Question 1" in page
    client.post(f"/exams/sessions/{session.id}/finish", data={"confirm_unanswered": "1"})
    db.session.refresh(session)
    assert session.status == "failed"


def test_a_blueprint_the_pool_cannot_fill_three_times_is_a_problem() -> None:
    items = {d["id"]: item_from_dict(d) for d in pool_items({"rating": 5, "ranking": 6})}
    data = blueprint_data("thin", review=False)
    data["sections"] = [{"name": "a", "draw": [{"kind": "rating", "count": 2},
                                               {"kind": "ranking", "count": 2}]}]
    (problem,) = fill_problems(blueprint_from_dict(data), items)
    assert "only 2 time(s)" in problem and "rating: 5 in the pool, 6 needed" in problem
    data["sections"][0]["draw"][0]["count"] = 1
    assert fill_problems(blueprint_from_dict(data), items) == []


@pytest.mark.usefixtures("exam_ready")
def test_simulate_command_runs_on_the_synced_pool(runner, tmp_path):
    svg = tmp_path / "curve.svg"
    result = runner.invoke(
        args=["exams", "simulate", "--blueprint", "quick", "--candidates", "20", "--forms", "3",
              "--group-size", "10", "--seed", "3", "--svg", str(svg)]
    )
    assert result.exit_code == 0, result.output
    assert "Decision consistency" in result.output and "Cronbach" in result.output
    assert svg.read_text().startswith("<svg")
    bad = runner.invoke(args=["exams", "simulate", "--blueprint", "nope"])
    assert bad.exit_code != 0 and "no blueprint" in bad.output


@pytest.mark.usefixtures("unlocked")
def test_a_correction_item_is_judged_point_by_point(app, blueprint_dir, make_exercise, make_user):
    from tests.exams.factories import GOLD_ANSWERS, correction_item, write_blueprints

    data = blueprint_data("fix-it", review=False)
    data["sections"] = [{"name": "correction", "draw": [{"kind": "correction", "count": 1}]}]
    data["pass_rule"] = {"min_judgements": {"ethics": 1, "accuracy": 1},
                         "floors": {"ethics": 0.5, "accuracy": 0.5}}
    write_blueprints(blueprint_dir, data)
    make_exercise(correction_item("ex-corr-001"), pool="exam")
    session = exams.start_session(make_user(), "fix-it")
    exams.save_answer(session, 1, GOLD_ANSWERS["correction"], 0)
    exams.finish_session(session)
    (item,) = session.items
    assert [j["criterion"] for j in item.result["judgements"]] == ["accuracy", "ethics", "accuracy"]
    assert all(j["agreed"] for j in item.result["judgements"]) and session.status == "passed"
