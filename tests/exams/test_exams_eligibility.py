"""The exam unlocks after the course and practice mastery, from real progress rows."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

from app.extensions import db
from app.models import Attempt, Course, Lesson, LessonProgress, Module, User, utcnow
from app.services.certification.blueprints import get_blueprint
from app.services.certification.eligibility import missing_prerequisites
from tests.exams.factories import blueprint_data, ranking_item, write_blueprints


@pytest.fixture
def course(app: Any) -> Course:
    """A published two-lesson course with the slug the test blueprints name."""
    course = Course(
        slug="test-course", title="Test Course", level="foundation", guidelines_version="2026.1"
    )
    module = Module(course=course, slug="m", title="Module", position=1)
    db.session.add_all([course, module])
    db.session.flush()
    for n in (1, 2):
        db.session.add(
            Lesson(
                course_id=course.id,
                module_id=module.id,
                slug=f"l{n}",
                title=f"Lesson {n}",
                position=n,
            )
        )
    db.session.commit()
    return course


def complete_course(user: User, course: Course) -> None:
    """Mark every lesson of the course complete."""
    for lesson in db.session.scalars(db.select(Lesson).where(Lesson.course_id == course.id)):
        db.session.add(LessonProgress(user_id=user.id, lesson_id=lesson.id, completed_at=utcnow()))
    db.session.commit()


def practise(
    user: User, make_exercise: Callable[..., Any], score: float, items: int = 5, first: int = 900
) -> None:
    """First attempts at ``items`` distinct items with the same score on every judged criterion."""
    for n in range(first, first + items):
        outcome = make_exercise(ranking_item(f"pr-rank-{n}"))
        db.session.add(
            Attempt(
                user_id=user.id,
                exercise_id=outcome.exercise.id,
                version_id=outcome.version.id,
                kind="ranking",
                answer={"order": ["B", "A", "D", "C"]},
                score=score,
                criterion_scores={"ethics": score, "accuracy": score, "relevance": score},
            )
        )
    db.session.commit()


@pytest.mark.usefixtures("blueprint_dir")
def test_a_new_student_sees_everything_that_is_missing(student, course):
    missing = missing_prerequisites(student, get_blueprint("test-core"))
    assert missing[0] == "Complete the course “Test Course”."
    assert "Practise at least 5 different items that test Ethics (harmlessness) (now 0)" in (
        missing[1]
    )
    assert [m for m in missing if "practice mastery" in m] == [
        "Reach 75% practice mastery in Ethics (harmlessness) (now 0%).",
        "Reach 75% practice mastery in Accuracy (truthfulness) (now 0%).",
        "Reach 75% practice mastery in Relevance (helpfulness) (now 0%).",
    ]


@pytest.mark.usefixtures("blueprint_dir")
def test_course_and_mastery_unlock_the_exam(student, course, make_exercise):
    complete_course(student, course)
    practise(student, make_exercise, 0.6)
    missing = missing_prerequisites(student, get_blueprint("test-core"))
    assert len(missing) == 3 and all("now 60%" in m for m in missing)
    practise(student, make_exercise, 0.95, items=10, first=910)
    assert missing_prerequisites(student, get_blueprint("test-core")) == []


@pytest.mark.usefixtures("blueprint_dir")
def test_too_few_distinct_items_keep_the_exam_locked(student, course, make_exercise):
    complete_course(student, course)
    practise(student, make_exercise, 1.0, items=4)
    missing = missing_prerequisites(student, get_blueprint("test-core"))
    assert len(missing) == 3 and all("at least 5 different items" in m for m in missing)
    assert all("(now 4)" in m for m in missing)
    practise(student, make_exercise, 1.0, items=1, first=950)
    assert missing_prerequisites(student, get_blueprint("test-core")) == []


def test_a_specialisation_requires_the_core_certificate(
    app, tmp_path, monkeypatch, student, course, make_exercise, make_certificate
):
    folder = write_blueprints(
        tmp_path / "bp",
        blueprint_data("test-core"),
        blueprint_data(
            "test-spec", level="specialisation", specialisation="medicine", requires=["test-core"]
        ),
    )
    monkeypatch.setitem(app.config, "EXAM_BLUEPRINTS_DIR", str(folder))
    complete_course(student, course)
    practise(student, make_exercise, 0.95)
    assert missing_prerequisites(student, get_blueprint("test-spec")) == [
        "Hold a valid “Test test-core” certificate."
    ]
    make_certificate(student, "test-core")
    assert missing_prerequisites(student, get_blueprint("test-spec")) == []


@pytest.mark.usefixtures("blueprint_dir", "exam_pool")
def test_the_exams_page_lists_what_is_missing_and_start_is_refused(client, student, course):
    page = client.get("/exams/").get_data(as_text=True)
    assert "Still needed" in page and "Complete the course" in page
    assert "/exams/test-core/start" not in page
    response = client.post("/exams/test-core/start")
    assert response.status_code == 302
    assert "Complete the course" in client.get(response.headers["Location"]).get_data(as_text=True)
