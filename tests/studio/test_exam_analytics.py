"""Exam statistics: exam sittings only, judgement shares, one sitting per student per item,
reliability by identity (shared forms or random forms), decision consistency."""

from __future__ import annotations

from datetime import timedelta

import pytest

from app.extensions import db
from app.models import Attempt, ExamItem, ExamSession, utcnow
from app.services.analytics import analytics, analytics_sql, exam_analytics, exam_consistency
from graders.item_stats import cronbach_alpha
from tests.conftest import recorded_statements

NOW = utcnow()


def _judgements(agreed: int, total: int) -> dict:
    """A stored result with ``agreed`` of ``total`` judgements agreed."""
    return {
        "judgements": [
            {"criterion": "ethics", "agreed": n < agreed, "key": f"j{n}"} for n in range(total)
        ]
    }


@pytest.fixture
def bank(make_exercise, item_for):
    """Four exam items and one practice item."""
    exam = [
        make_exercise(item_for("pairwise", id=f"ex-pair-7{i}", prompt=f"Q {i}"), pool="exam")
        for i in range(4)
    ]
    practice = make_exercise(item_for("pairwise", id="pr-pair-70", prompt="P"))
    return [o.exercise for o in exam], practice


def sit(user, items, *, status="failed", when=NOW, slug="core"):
    """A graded session: ``items`` is [(exercise, stored score, result or None)]."""
    session = ExamSession(
        user_id=user.id,
        blueprint_slug=slug,
        seed=1,
        status=status,
        started_at=when,
        finished_at=when,
        deadline_at=when + timedelta(hours=1),
        attempt_number=1 + db.session.query(ExamSession).filter_by(user_id=user.id).count(),
    )
    db.session.add(session)
    db.session.flush()
    for position, (exercise, score, result) in enumerate(items, 1):
        db.session.add(
            ExamItem(
                session_id=session.id,
                position=position,
                section="s",
                exercise_id=exercise.id,
                version_id=exercise.versions[0].id,
                score=score,
                result=result,
            )
        )
    db.session.commit()
    return session


def test_item_score_is_the_share_of_judgements_agreed(make_user, bank):
    (a, b, _c, _d), _practice = bank
    sit(make_user(), [(a, 0.0, _judgements(3, 4)), (b, 0.9, None)])  # b: a session of old
    sit(make_user(), [(a, 1.0, _judgements(1, 4)), (b, 0.1, None)])
    stats = exam_analytics.item_stats()
    assert stats[a.id].p == pytest.approx(0.5)  # (.75 + .25) / 2, not the stored 0 and 1
    assert stats[b.id].p == pytest.approx(0.5)  # the stored scores
    assert stats[a.id].r == pytest.approx(1.0)  # rest = b: .9 and .1


def test_practice_attempts_do_not_enter_exam_statistics(make_user, bank):
    (a, b, _c, _d), practice = bank
    students = [make_user() for _ in range(3)]
    for student, (x, y) in zip(students, [(1.0, 1.0), (0.5, 0.0), (0.0, 0.5)], strict=True):
        sit(student, [(a, x, None), (b, y, None)])
        for exercise in (a, practice.exercise):  # practice on the exam item too
            db.session.add(
                Attempt(
                    user_id=student.id,
                    exercise_id=exercise.id,
                    version_id=exercise.versions[0].id,
                    kind="pairwise",
                    answer={},
                    score=1.0 - x,
                    criterion_scores={},
                )
            )
    db.session.commit()
    stats = exam_analytics.item_stats()
    assert set(stats) == {a.id, b.id}
    assert stats[a.id].respondents == 3 and stats[a.id].p == pytest.approx(0.5)
    detail = analytics.item_detail(a.id)
    assert detail.exam == stats[a.id]
    assert detail.row.attempts == 3 and detail.row.difficulty == pytest.approx(0.5)


def test_one_sitting_per_student_per_item(make_user, bank):
    (a, b, c, _d), _practice = bank
    student, other = make_user(), make_user()
    sit(student, [(a, 0.0, None), (b, 0.0, None)], when=NOW - timedelta(days=3))
    sit(student, [(a, 1.0, None), (c, 1.0, None)], status="passed")  # a repeated: not counted
    sit(other, [(a, 1.0, None), (b, 1.0, None)])
    stats = exam_analytics.item_stats()
    assert stats[a.id].respondents == 2 and stats[a.id].p == pytest.approx(0.5)
    assert stats[c.id].respondents == 1


def test_reliability_uses_item_identity_on_shared_forms(make_user, bank):
    (a, b, c, _d), _practice = bank
    matrix = [[0.9, 1.0, 0.8], [1.0, 0.85, 0.2], [0.9, 0.3, 0.1], [0.5, 0.2, 0.0], [0.4, 0.5, 0.1]]
    for n, row in enumerate(matrix):
        items = list(zip((a, b, c), row, strict=True))
        items = items[n % 3 :] + items[: n % 3]  # positions differ between sittings
        sit(make_user(), [(e, s, None) for e, s in items])
    rel = exam_analytics.reliability("core")
    assert rel.method == "forms" and rel.forms[0].respondents == 5
    assert rel.alpha == pytest.approx(cronbach_alpha(matrix))


def test_reliability_on_random_forms_is_estimated_and_labelled(make_user, bank):
    (a, b, c, d), _practice = bank
    forms = [(a, b), (b, c), (c, d), (a, d), (a, c), (b, d)]
    for n, form in enumerate(forms * 2):  # each pair of items sat together by two students
        agreed = n % 6
        sit(make_user(), [(e, 0.0, _judgements(agreed, 5)) for e in form])
    rel = exam_analytics.reliability("core")
    assert rel.method == "pairwise" and rel.forms == [] and rel.form_length == 2
    assert rel.alpha is not None and rel.kr20 is None


def test_decision_consistency_measured_from_close_retakes(make_user, bank, monkeypatch):
    (a, _b, _c, _d), _practice = bank
    monkeypatch.setattr(exam_consistency, "ENOUGH_PAIRS", 2)
    verdicts = [("failed", "failed"), ("passed", "passed"), ("failed", "passed")]
    for first, second in verdicts:
        student = make_user()
        sit(student, [(a, 0.5, None)], status=first, when=NOW - timedelta(days=5))
        sit(student, [(a, 0.5, None)], status=second)
    far = make_user()  # two sittings 60 days apart: not a pair
    sit(far, [(a, 0.5, None)], status="failed", when=NOW - timedelta(days=60))
    sit(far, [(a, 0.5, None)], status="passed")
    result = exam_consistency.consistency("core")
    assert (result.source, result.pairs) == ("measured", 3)
    assert result.value == pytest.approx(2 / 3)


def test_decision_consistency_falls_back_to_the_documented_simulation(make_user, bank):
    (a, _b, _c, _d), _practice = bank
    sit(make_user(), [(a, 0.5, None)], slug="certified-ai-trainer")
    result = exam_consistency.consistency("certified-ai-trainer")
    assert result.source == "simulated"
    assert result.value == exam_consistency.documented("certified-ai-trainer")
    assert exam_consistency.consistency("no-such-exam").source == "none"


def test_simulated_figures_are_read_per_blueprint():
    text = """### Core: `core-exam` (38 items)
| Figure | Value | Target |
| Decision consistency (two independent forms) | **0.901** (kappa 0.802) | ≥ 0.90 |
### Medicine: `med` (18 items)
| Decision consistency | **0.863** (kappa 0.725) | ≥ 0.90 |
"""
    assert exam_consistency.simulated_figures(text) == {"core-exam": 0.901, "med": 0.863}


def test_analytics_page_says_how_reliability_and_consistency_were_found(
    client, instructor, make_user, bank
):
    (a, b, c, d), _practice = bank
    for n, form in enumerate([(a, b), (b, c), (c, d), (a, d), (a, c), (b, d)] * 2):
        sit(
            make_user(),
            [(e, 0.0, _judgements(n % 6, 5)) for e in form],
            slug="certified-ai-trainer",
        )
    page = client.get("/studio/analytics").get_data(as_text=True)
    assert "Random forms (no 5 sittings share the same items)" in page
    assert "simulated" in page and "0 students sat it twice within 30 days" in page
    assert exam_consistency.documented("certified-ai-trainer") is not None


def test_a_later_simulation_section_replaces_an_earlier_figure():
    text = """### Core: `core-exam`
| Decision consistency | **0.895** (kappa 0.79) | ≥ 0.90 |
#### At the stop: `core-exam`
| Decision consistency | **0.903** (kappa 0.81) | ≥ 0.90 |
"""
    assert exam_consistency.simulated_figures(text) == {"core-exam": 0.903}


def test_item_pages_read_item_scores_without_the_judgement_cells(make_user, bank):
    (a, b, _c, _d), _practice = bank
    sit(make_user(), [(a, 0.0, _judgements(3, 4)), (b, 0.5, _judgements(1, 2))])
    plain = next(iter(exam_analytics.sittings().values()))
    judged = next(iter(exam_analytics.sittings(with_judgements=True).values()))
    assert plain.items == judged.items == {a.id: 0.75, b.id: 0.5}
    assert plain.judgements == {}  # what the item page and table need: item scores only
    assert len(judged.judgements) == 6  # reliability's KR-20 reads these


def test_item_statistics_are_computed_once_per_analytics_ttl(app, make_user, bank, monkeypatch):
    (a, b, _c, _d), _practice = bank
    sit(make_user(), [(a, 0.0, _judgements(3, 4)), (b, 0.5, None)])
    monkeypatch.setitem(app.config, "ANALYTICS_CACHE_SECONDS", 60)  # the app outlives this test
    try:
        first = exam_analytics.item_stats()
        with recorded_statements() as statements:
            again = exam_analytics.item_stats()
    finally:
        analytics_sql._CACHE.clear()  # the cache is per process: leave none for later tests
    assert again is first and statements == []


def test_first_per_student_keeps_each_students_first_answer_to_each_item():
    """Retakes add only the items a student had not sat before, whatever the dict order."""
    sitting = exam_analytics.Sitting
    rows = {
        # listed first, sat last: student 1's third sitting repeats everything
        30: sitting(1, "core", NOW, True, items={1: 0.1, 2: 0.2}),
        10: sitting(1, "core", NOW - timedelta(days=9), False, items={1: 0.5, 2: 0.0}),
        20: sitting(1, "core", NOW - timedelta(days=4), True, items={2: 1.0, 3: 0.75}),
        11: sitting(2, "core", NOW - timedelta(days=4), True, items={1: 1.0, 2: 1.0}),
    }
    kept = exam_analytics.first_per_student(rows)
    assert {sid: dict(items) for sid, items in kept.items()} == {
        10: {1: 0.5, 2: 0.0},
        20: {3: 0.75},
        11: {1: 1.0, 2: 1.0},
    }
    assert rows[20].items == {2: 1.0, 3: 0.75}  # the sittings themselves are left as they were
