"""Practice mastery from SQL aggregates, the dashboard summary and the SVG chart."""

from __future__ import annotations

from datetime import UTC, timedelta

import pytest

from app.charts import line_chart
from app.extensions import db
from app.models import Attempt, utcnow
from app.services.learning.mastery import (
    RECENT,
    practice_candidates,
    practice_evidence,
    practice_mastery,
    practice_summary,
)
from graders.mastery import decayed_mean


@pytest.fixture
def stored(item_of_kind):
    """One ranking and one pairwise item."""
    return {"ranking": item_of_kind("ranking"), "pairwise": item_of_kind("pairwise")}


def add(user, outcome, score, scores, days_ago=0.0, minutes=0, at=None):
    """Store an attempt with the given per-criterion scores."""
    attempt = Attempt(
        user_id=user.id,
        exercise_id=outcome.exercise.id,
        version_id=outcome.version.id,
        kind=outcome.exercise.kind,
        answer={},
        score=score,
        criterion_scores=scores,
        created_at=at or utcnow() - timedelta(days=days_ago, minutes=minutes),
    )
    db.session.add(attempt)
    db.session.commit()
    return attempt


def test_no_practice_means_zero_mastery_everywhere(make_user):
    user = make_user()
    assert practice_mastery(user) == {
        "ethics": 0.0,
        "accuracy": 0.0,
        "relevance": 0.0,
        "quality": 0.0,
    }
    summary = practice_summary(user)
    assert summary.total == 0 and summary.recent == [] and summary.weeks == []
    assert summary.criteria == dict.fromkeys(("ethics", "accuracy", "relevance", "quality"))


def test_mastery_is_a_decayed_mean_of_first_attempts_only(make_user, stored):
    user, other = make_user(), make_user()
    none = {"ethics": None, "accuracy": None, "relevance": None, "quality": None}
    add(user, stored["ranking"], 1.0, {**none, "ethics": 1.0, "accuracy": 0.5}, days_ago=3)
    add(user, stored["pairwise"], 0.5, {**none, "ethics": 0.0}, days_ago=2)
    add(other, stored["ranking"], 1.0, {**none, "ethics": 1.0})
    mastery = practice_mastery(user)
    assert mastery["ethics"] == pytest.approx(decayed_mean([0.0, 1.0]))
    assert mastery["accuracy"] == pytest.approx(0.5)
    assert mastery["relevance"] == 0.0 and mastery["quality"] == 0.0
    assert practice_evidence(user) == {"ethics": 2, "accuracy": 1, "relevance": 0, "quality": 0}
    summary = practice_summary(user)
    assert summary.criteria["relevance"] is None
    assert summary.kinds == {"ranking": 1.0, "pairwise": 0.5}
    assert summary.total == 2


def test_repeats_after_the_gold_was_shown_do_not_count(make_user, stored):
    user = make_user()
    add(user, stored["ranking"], 0.2, {"ethics": 0.2}, days_ago=3)
    for n in range(3):  # re-done right after seeing the gold: teaches, does not count
        add(user, stored["ranking"], 1.0, {"ethics": 1.0}, days_ago=2 - n / 10)
    assert practice_mastery(user)["ethics"] == pytest.approx(0.2)
    assert practice_evidence(user)["ethics"] == 1
    assert practice_summary(user).total == 4  # the history still lists every attempt


@pytest.mark.parametrize(
    ("kind", "answer"),
    [
        ("reference", {"text": "ok", "self_check": [0, 1, 2]}),
        ("correction", {"text": "ok"}),
    ],
)
def test_self_checked_attempts_count_only_after_review(make_user, item_of_kind, kind, answer):
    from app.models import Role
    from app.services.practice.practice import submit_practice
    from app.services.studio.reviews import review_attempt

    stored = item_of_kind(kind)
    user = make_user()
    attempt = submit_practice(user, stored.exercise, stored.version, answer)
    db.session.commit()
    assert attempt.review_status == "pending"
    assert set(practice_evidence(user).values()) == {0}
    assert practice_summary(user).kinds == {}
    review_attempt(attempt, make_user(Role.INSTRUCTOR), [], "This is not an answer.")
    db.session.commit()
    assert practice_summary(user).kinds == {kind: 0.0}
    judged = [c for c, v in attempt.criterion_scores.items() if v is not None]
    assert all(practice_mastery(user)[c] == 0.0 for c in judged)
    assert all(practice_evidence(user)[c] == 1 for c in judged)


def test_only_the_most_recent_items_are_read(make_user, make_exercise):
    from tests.exams.factories import ranking_item

    user = make_user()
    scores = [(i % 3) / 2 for i in range(RECENT + 5)]  # oldest first
    for i, score in enumerate(scores):
        outcome = make_exercise(ranking_item(f"pr-rank-{700 + i}"))
        add(user, outcome, min(score, 1.0), {"ethics": score}, minutes=len(scores) - i)
    newest_first = list(reversed(scores))[:RECENT]
    assert practice_mastery(user)["ethics"] == pytest.approx(decayed_mean(newest_first))
    assert practice_evidence(user)["ethics"] == RECENT + 5


def test_weekly_series_groups_by_week_and_ignores_old_weeks(make_user, stored):
    user = make_user()
    now = utcnow()
    monday = (now - timedelta(days=now.weekday())).replace(
        hour=1, minute=0, second=0, microsecond=0
    )
    add(user, stored["ranking"], 0.4, {}, at=monday)
    add(user, stored["ranking"], 0.8, {}, at=monday + timedelta(hours=1))
    add(user, stored["ranking"], 1.0, {}, at=monday - timedelta(days=20))
    add(user, stored["ranking"], 0.1, {}, at=monday - timedelta(days=200))
    weeks = practice_summary(user).weeks
    assert [count for _week, _mean, count in weeks] == [1, 2]
    assert weeks[1][1] == pytest.approx(0.6)
    assert weeks[1][0] == monday.date().isoformat()
    assert weeks[0][0] == (monday - timedelta(days=21)).date().isoformat()


def test_candidates_carry_counts_last_scores_and_aware_times(make_user, stored):
    user = make_user()
    add(user, stored["ranking"], 0.3, {}, days_ago=2)
    add(user, stored["ranking"], 0.9, {}, days_ago=1)
    found = {c.uid: c for c in practice_candidates(user)}
    ranking = found[stored["ranking"].exercise.uid]
    assert ranking.attempts == 2 and ranking.last_score == 0.9
    assert ranking.last_attempt_at.tzinfo is not None
    assert ranking.last_attempt_at.utcoffset() == UTC.utcoffset(None)
    pairwise = found[stored["pairwise"].exercise.uid]
    assert pairwise.attempts == 0 and pairwise.last_score is None


def test_line_chart_is_accessible_svg_without_inline_styles():
    svg = line_chart(
        [("2026-01-05", 0.5), ("2026-01-12", 0.75), ("<b>", 1.0)],
        title="Scores & more",
        chart_id="c1",
    )
    assert svg.startswith("<svg") and 'role="img"' in svg and 'aria-labelledby="c1-title"' in svg
    assert '<title id="c1-title">Scores &amp; more</title>' in svg
    assert "&lt;b&gt;" in svg and "<b>" not in svg
    assert "style=" not in svg and "<polyline" in svg and svg.count("<circle") == 3
    single = line_chart([("w", 0.2)], title="One")
    assert "<polyline" not in single and single.count("<circle") == 1
    assert "<circle" not in line_chart([], title="None")
