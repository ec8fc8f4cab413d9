"""Analytics: SQL aggregates against hand-computed values; one query for the item table."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from sqlalchemy import DateTime, literal, select

from app.extensions import db
from app.models import Attempt, Cohort, CohortMember, ExamItem, ExamSession, User, utcnow
from app.services.analytics import analytics
from app.services.analytics.analytics_sql import week_label, week_start
from graders.item_stats import cronbach_alpha, point_biserial
from tests.conftest import recorded_statements

NOW = utcnow()
THIS_MONDAY = (NOW - timedelta(days=NOW.weekday())).replace(
    hour=1, minute=0, second=0, microsecond=0
)
LAST_MONDAY = THIS_MONDAY - timedelta(days=7)


def count_queries() -> Any:
    """Count the SQL statements run inside the block."""
    return recorded_statements(("SELECT", "WITH"))


def _attempt(
    user: User,
    outcome,
    score: float,
    order: str | None = None,
    critical: int = 0,
    when=THIS_MONDAY,
    criteria: dict | None = None,
) -> Attempt:
    answer = {"order": list(order)} if order else {"better": "B", "criterion": "ethics"}
    row = Attempt(
        user_id=user.id,
        exercise_id=outcome.exercise.id,
        version_id=outcome.version.id,
        kind=outcome.exercise.kind,
        answer=answer,
        score=score,
        critical_errors=critical,
        created_at=when,
        criterion_scores=criteria or {"ethics": score, "accuracy": None},
    )
    db.session.add(row)
    return row


@pytest.fixture
def practice_data(make_user, make_exercise, item_for):
    """Three students on a ranking item X and a pairwise item Y (see the test comments)."""
    x = make_exercise(item_for("ranking"))
    y = make_exercise(item_for("pairwise"))
    s1, s2, s3 = (make_user(display_name=f"S{i}") for i in (1, 2, 3))
    _attempt(s1, x, 1.0, "BAC", when=LAST_MONDAY)
    _attempt(s2, x, 0.5, "ABC", when=LAST_MONDAY)
    _attempt(s3, x, 0.0, "CAB", critical=1)
    _attempt(s3, x, 0.0, "CAB", critical=1)
    _attempt(s1, y, 1.0)
    _attempt(s2, y, 1.0)
    _attempt(s3, y, 0.5)
    db.session.commit()
    return {"x": x.exercise, "y": y.exercise, "students": (s1, s2, s3)}


def test_item_table_is_one_query_with_hand_computed_values(practice_data):
    with count_queries() as statements:
        rows = {row.uid: row for row in analytics.item_table()}
    assert len(statements) == 1
    x, y = rows["pr-rank-801"], rows["pr-pair-801"]
    assert (x.attempts, x.difficulty, x.critical_share) == (4, pytest.approx(0.375), 0.5)
    assert (y.attempts, y.difficulty, y.critical_share) == (3, pytest.approx(2.5 / 3), 0.0)


def test_item_without_attempts_is_listed_empty(make_exercise, item_for):
    make_exercise(item_for("reference"), pool="exam")
    (row,) = analytics.item_table()
    assert (row.attempts, row.difficulty, row.critical_share) == (0, None, None)


def test_item_detail_discrimination_and_wrong_orders(practice_data):
    with count_queries() as statements:
        detail = analytics.item_detail(practice_data["x"].id)
    assert len(statements) <= 6  # + the exam sittings (exam statistics are shown apart)
    # per student: item mean 1, .5, 0; mean on the OTHER items (y) 1, 1, .5 → r ≈ 0.866;
    # the uncorrected value (overall means 1, .75, 1/6, item included) would be 0.974
    expected = point_biserial([1.0, 0.5, 0.0], [1.0, 1.0, 0.5])
    assert detail.discrimination == pytest.approx(expected)
    assert detail.discrimination == pytest.approx(0.86603, abs=1e-4)
    assert point_biserial([1.0, 0.5, 0.0], [1.0, 0.75, 1 / 6]) == pytest.approx(0.97436, abs=1e-4)
    assert detail.exam is None  # practice attempts never make exam statistics
    assert detail.students == 3
    assert detail.wrong_orders == [(["C", "A", "B"], 2), (["A", "B", "C"], 1)]
    assert [(w, n) for w, _mean, n in detail.weekly] == [
        (LAST_MONDAY.date().isoformat(), 2),
        (THIS_MONDAY.date().isoformat(), 2),
    ]
    assert [mean for _w, mean, _n in detail.weekly] == [pytest.approx(0.75), 0.0]


def test_item_detail_of_unknown_item_is_none(app):
    assert analytics.item_detail(999) is None


def test_criterion_trends_weekly_and_per_cohort(practice_data, make_user):
    trends = analytics.criterion_trends()
    # last week: x by s1 (1.0) and s2 (.5); this week: x twice by s3 (0) and y three times
    assert trends["ethics"] == [
        (LAST_MONDAY.date().isoformat(), pytest.approx(0.75), 2),
        (THIS_MONDAY.date().isoformat(), pytest.approx(2.5 / 5), 5),
    ]
    assert trends["accuracy"] == [] and trends["quality"] == []
    owner = make_user()
    cohort = Cohort(name="Class A", instructor_id=owner.id, invite_code="AAAA-BBBB-CCCC")
    db.session.add(cohort)
    db.session.flush()
    s1, s2, _s3 = practice_data["students"]
    db.session.add_all([CohortMember(cohort_id=cohort.id, user_id=s.id) for s in (s1, s2)])
    db.session.commit()
    trends = analytics.criterion_trends(cohort.id)
    assert trends["ethics"] == [
        (LAST_MONDAY.date().isoformat(), pytest.approx(0.75), 2),
        (THIS_MONDAY.date().isoformat(), 1.0, 2),
    ]


SCORES = [[0.9, 1.0, 0.8], [1.0, 0.85, 0.2], [0.9, 0.3, 0.1], [0.5, 0.2, 0.0], [0.4, 0.5, 0.1]]


@pytest.fixture
def finished_exams(make_user, make_exercise, item_for):
    """Five finished sessions of one blueprint, the same three items in shuffled positions."""
    outcomes = [
        make_exercise(item_for("pairwise", id=f"ex-pair-80{i}", prompt=f"Prompt {i}"), pool="exam")
        for i in range(3)
    ]
    for number, scores in enumerate(SCORES):
        user = make_user()
        session = ExamSession(
            user_id=user.id,
            blueprint_slug="core",
            seed=number,
            status="passed" if number < 2 else "failed",
            started_at=THIS_MONDAY,
            finished_at=THIS_MONDAY,
            deadline_at=THIS_MONDAY + timedelta(hours=1),
        )
        db.session.add(session)
        db.session.flush()
        rotation = number % 3  # item i sits at a different position in each session
        for index, (outcome, score) in enumerate(zip(outcomes, scores, strict=True)):
            db.session.add(
                ExamItem(
                    session_id=session.id,
                    position=(index + rotation) % 3 + 1,
                    section="s",
                    exercise_id=outcome.exercise.id,
                    version_id=outcome.version.id,
                    score=score,
                )
            )
    db.session.commit()


@pytest.mark.usefixtures("finished_exams")
def test_exam_reliability_by_identity_and_monthly_pass_rate():
    (stats,) = analytics.exam_stats()
    assert stats.blueprint == "core"
    rel = stats.reliability
    assert (rel.method, rel.sittings, rel.form_length) == ("forms", 5, 3)
    assert rel.alpha == pytest.approx(cronbach_alpha(SCORES))
    assert rel.kr20 is None  # old sittings hold no judgements
    assert stats.monthly == [(THIS_MONDAY.strftime("%Y-%m"), 0.4, 5)]
    assert stats.consistency.source in ("simulated", "none") and stats.consistency.pairs == 0


def test_week_start_is_monday_in_either_database(app):
    for offset in (timedelta(0), timedelta(days=3, hours=5), timedelta(days=6, hours=22)):
        moment = (THIS_MONDAY + offset).replace(tzinfo=None)
        week = db.session.scalar(select(week_start(literal(moment, DateTime()))))
        assert week_label(week) == THIS_MONDAY.date().isoformat()


def test_analytics_pages_render_charts_with_tables(client, instructor, practice_data):
    page = client.get("/studio/analytics").get_data(as_text=True)
    assert "<svg" in page and "<title" in page and "<table>" in page and "style=" not in page
    assert "pr-rank-801" in page and "38%" in page and "Download CSV" in page
    page = client.get(f"/studio/analytics/items/{practice_data['x'].id}").get_data(as_text=True)
    assert "C &gt; A &gt; B" in page and "0.87" in page and "<svg" in page
    assert "Not in any graded exam sitting yet." in page
    assert client.get("/studio/analytics/items/9999").status_code == 404
