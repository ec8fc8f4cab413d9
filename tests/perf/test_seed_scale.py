"""``school seed-scale`` on tiny numbers: the rows it promises, valid scores, determinism."""

from __future__ import annotations

import json
import random

import pytest
from sqlalchemy import func, select

from app.extensions import db
from app.models import (
    Attempt,
    Certificate,
    ExamItem,
    ExamSession,
    Exercise,
    ExerciseVersion,
    LessonProgress,
    Review,
    User,
)
from app.seed_scale.exams import draw_form, load_exam_pool
from app.seed_scale.responses import build_pool
from app.seed_scale.run import ScaleError, ensure_unseeded, new_run
from app.services.certification.blueprints import load_blueprints
from app.services.certification.exam_pool import pool_entries
from app.services.practice.exercise_bank import item_for_version
from graders import grade, item_from_dict
from graders.exam_draw import PoolEntry, form_minimums, shortfall
from tests.perf.conftest import TINY, fingerprint

pytestmark = pytest.mark.usefixtures("perf_context")


def test_the_seed_reports_every_step(perf_app):
    lines = "\n".join(perf_app.extensions["perf_seed"]["lines"])
    for step in (
        "exercise bank:",
        "users: 22",
        "lesson progress:",
        "attempts: 500 of 500",
        "exam sessions: 30",
        "certificates: 5",
        "ANALYZE",
    ):
        assert step in lines


def test_the_seed_writes_the_promised_rows(perf_app):
    counts = perf_app.extensions["perf_seed"]["fingerprint"]["counts"]
    assert counts["users"] == TINY.students + TINY.instructors
    assert counts["attempts"] == TINY.attempts
    assert counts["exam_sessions"] == TINY.exam_sessions
    assert counts["certificates"] == TINY.certificates
    assert counts["exam_items"] >= TINY.exam_sessions * 10
    assert counts["lesson_progress"] > TINY.students


def test_students_share_one_hash_and_differ_in_skill():
    hashes = db.session.scalars(
        select(func.count(func.distinct(User.password_hash))).where(User.email.like("scale-%"))
    )
    assert list(hashes) == [1]
    means = db.session.scalars(
        select(func.avg(Attempt.score)).group_by(Attempt.user_id).having(func.count() >= 10)
    ).all()
    assert max(means) - min(means) > 0.1


def test_attempt_scores_are_what_the_graders_give():
    attempts = db.session.scalars(select(Attempt).order_by(Attempt.id).limit(300)).all()
    for attempt in random.Random(3).sample(attempts, 60):
        version = db.session.get(ExerciseVersion, attempt.version_id)
        assert version.exercise_id == attempt.exercise_id
        assert attempt.kind == version.exercise.kind
        result = grade(item_for_version(version), attempt.answer)
        assert result.score == pytest.approx(attempt.score)
        assert attempt.result == json.loads(json.dumps(result.to_dict()))
        assert 0 <= attempt.score <= 1


def test_free_text_attempts_are_reviewed_or_pending():
    statuses = dict(
        db.session.execute(
            select(Attempt.kind, func.count(func.distinct(Attempt.review_status))).group_by(
                Attempt.kind
            )
        ).all()
    )
    assert statuses.get("ranking") == 1
    reviewed = db.session.scalar(select(func.count()).where(Attempt.review_status == "reviewed"))
    reviews = db.session.scalar(select(func.count()).where(Review.attempt_id.is_not(None)))
    assert reviewed == reviews


def test_exam_sessions_follow_the_pass_rule_and_certificates_their_passes():
    passed = db.session.scalars(select(ExamSession).where(ExamSession.status == "passed")).all()
    certified = set(db.session.scalars(select(Certificate.exam_session_id)))
    assert {s.id for s in passed} <= certified
    for session in passed:
        assert session.score >= 0.8 and session.critical_errors == 0
        assert session.result["status"] == "passed"
    one_active = db.session.execute(
        select(ExamSession.user_id)
        .where(ExamSession.status == "active")
        .group_by(ExamSession.user_id)
        .having(func.count() > 1)
    ).all()
    assert one_active == []
    scores = db.session.scalars(select(ExamItem.score).where(ExamItem.score.is_not(None)))
    assert all(0 <= s <= 1 for s in scores)


def test_the_exam_draw_knows_each_item_as_a_real_start_does():
    # Without judgement counts the draw could not keep the pass rule's minimum evidence: at the
    # default scale a form with 39 ethics judgements (40 needed) failed its floor with every
    # answer right, and seed-scale stopped with "the exam pool cannot express it".
    seeded = {uid: found.entry for uid, found in load_exam_pool(new_run(TINY)).items()}
    exercises = db.session.scalars(select(Exercise).where(Exercise.uid.in_(list(seeded))))
    real = {entry.uid: entry for entry in pool_entries(exercises)}

    def facts(entry: PoolEntry) -> tuple:
        return entry.kind, entry.topic, dict(entry.judgements), entry.must_catch

    assert seeded and {uid: facts(e) for uid, e in seeded.items()} == {
        uid: facts(real[uid]) for uid in seeded
    }
    assert any(entry.judgements for entry in seeded.values())  # not two empty tallies


def test_a_pool_that_cannot_fill_a_form_is_a_message_not_a_traceback():
    blueprint = load_blueprints()["certified-ai-trainer"]
    entries = [found.entry for found in load_exam_pool(new_run(TINY)).values()]
    assert len(draw_form(entries, blueprint, 7, set())) > 0
    with pytest.raises(ScaleError, match="cannot draw a certified-ai-trainer form: the exam pool"):
        draw_form(entries[:5], blueprint, 7, set())


def test_every_seeded_form_holds_its_minimum_judgements():
    blueprints = load_blueprints()
    forms = 0
    for session in db.session.scalars(select(ExamSession)):
        exercises = db.session.scalars(
            select(Exercise)
            .join(ExamItem, ExamItem.exercise_id == Exercise.id)
            .where(ExamItem.session_id == session.id)
        ).all()
        if not exercises:
            continue  # a session another perf test added without a form
        minimums = form_minimums(blueprints[session.blueprint_slug])
        assert shortfall(pool_entries(exercises), minimums) == {}
        forms += 1
    assert forms >= TINY.exam_sessions


def test_progress_rows_point_at_real_lessons_once_per_student():
    duplicates = db.session.execute(
        select(LessonProgress.user_id, LessonProgress.lesson_id)
        .group_by(LessonProgress.user_id, LessonProgress.lesson_id)
        .having(func.count() > 1)
    ).all()
    assert duplicates == []


def test_response_pools_are_valid_sorted_and_truly_graded():
    rows = db.session.execute(
        select(Exercise.kind, ExerciseVersion)
        .join(ExerciseVersion, ExerciseVersion.exercise_id == Exercise.id)
        .where(ExerciseVersion.number == Exercise.current_version)
    ).all()
    kinds = {}
    for kind, version in rows:
        kinds.setdefault(kind, version)
    assert set(kinds) == {"ranking", "pairwise", "rating", "correction", "reference"}
    for version in kinds.values():
        item = item_for_version(version)
        pool = build_pool(item, random.Random(1))
        scores = [g.score for g in pool.graded]
        assert len(pool.graded) >= 2 and scores == sorted(scores)
        for graded in pool.graded:
            again = grade(item_from_dict({**_dict(item)}), json.loads(graded.answer))
            assert again.score == graded.score


def _dict(item):  # noqa: ANN001, ANN202 - a tiny local helper
    from graders import item_to_dict

    return item_to_dict(item)


def test_a_second_run_is_refused():
    with pytest.raises(ScaleError, match="already holds seed-scale data"):
        ensure_unseeded()


def test_the_command_gives_the_same_data_for_the_same_seed(app, runner, perf_app):
    args = [
        "seed-scale",
        "--students",
        str(TINY.students),
        "--attempts",
        str(TINY.attempts),
        "--exam-sessions",
        str(TINY.exam_sessions),
        "--certificates",
        str(TINY.certificates),
        "--instructors",
        str(TINY.instructors),
        "--seed",
        str(TINY.seed),
    ]
    with app.app_context():
        result = runner.invoke(args=args)
        assert result.exit_code == 0, result.output
        assert "Done in" in result.output and "certificates: 5" in result.output
        assert fingerprint() == perf_app.extensions["perf_seed"]["fingerprint"]
        again = runner.invoke(args=args)
        assert again.exit_code != 0 and "fresh database" in again.output
