"""``sync_courses`` and ``school courses sync``: idempotent, versioned, all-or-nothing."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import func, select

from app.config import REPO_ROOT
from app.content import ContentError, load_courses
from app.extensions import db
from app.models import (
    Course,
    GuidelinesVersion,
    Lesson,
    LessonProgress,
    LessonVersion,
    Module,
    utcnow,
)
from app.services.learning.course_sync import sync_courses

FOUNDATIONS = "ai-trainer-foundations"
REAL = load_courses(REPO_ROOT / "courses")
LESSONS = sum(len(course.lessons) for course in REAL)  # grows as lessons are written
MODULES = sum(len(course.modules) for course in REAL)
LAST_FOUNDATIONS_LESSON = max(
    next(c for c in REAL if c.slug == FOUNDATIONS).lessons, key=lambda lesson: lesson.order
)


def count(model: type) -> int:
    """Rows of a table."""
    return db.session.scalar(select(func.count()).select_from(model))


def lesson(slug: str) -> Lesson:
    """A lesson by slug."""
    return db.session.scalars(select(Lesson).where(Lesson.slug == slug)).one()


def snapshot() -> list[tuple]:
    """Everything a sync may touch, to compare before and after a refused sync."""
    lessons = db.session.execute(
        select(Lesson.slug, Lesson.title, Lesson.source_hash, Lesson.is_published).order_by(
            Lesson.id
        )
    ).all()
    return [
        *lessons,
        (count(Course), count(Module), count(LessonVersion), count(GuidelinesVersion)),
    ]


def test_sync_from_empty_database_loads_everything_and_second_run_changes_nothing(sync):
    report = sync(REPO_ROOT / "courses")
    assert (report.courses_created, report.created) == (2, LESSONS)
    assert report.unchanged == report.unpublished == 0 and report.guidelines_created == 2
    assert count(Lesson) == LESSONS and count(LessonVersion) == LESSONS
    assert count(Module) == MODULES
    first = lesson("how-people-teach-a-chatbot")
    assert first.course.slug == FOUNDATIONS and first.position == 1 and first.source == "file"
    assert "<h2" in first.body_html and "sec-" in first.toc_html and first.word_count >= 600
    assert first.quiz[0]["options"][0]["explanation"]
    version = db.session.scalars(select(LessonVersion).where(LessonVersion.lesson_id == first.id))
    assert version.one().author_id is None
    assert (
        db.session.scalar(
            select(GuidelinesVersion.version).where(GuidelinesVersion.course_slug == FOUNDATIONS)
        )
        == "2026.1"
    )

    again = sync(REPO_ROOT / "courses")
    assert not again.has_changes
    assert (again.created, again.updated, again.unchanged, again.unpublished) == (0, 0, LESSONS, 0)
    assert count(LessonVersion) == LESSONS and count(GuidelinesVersion) == 2


def test_edited_file_updates_its_lesson_with_a_new_version(real_courses_copy: Path, sync):
    sync(real_courses_copy)
    path = real_courses_copy / FOUNDATIONS / "03-the-three-criteria.md"
    text = path.read_text()
    path.write_text(text.replace("\n## ", "\n## A brand-new section\n\nFresh words.\n\n## ", 1))
    report = sync(real_courses_copy)
    assert (report.updated, report.unchanged, report.created) == (1, LESSONS - 1, 0)
    edited = lesson("the-three-criteria")
    assert "sec-a-brand-new-section" in edited.body_html
    numbers = db.session.scalars(
        select(LessonVersion.number).where(LessonVersion.lesson_id == edited.id)
    ).all()
    assert sorted(numbers) == [1, 2]


def test_removed_file_unpublishes_its_lesson_and_keeps_progress(
    real_courses_copy: Path, sync, make_user
):
    sync(real_courses_copy)
    student = make_user()
    last = LAST_FOUNDATIONS_LESSON  # the last one, so the remaining orders keep no gap
    target = lesson(last.slug)
    db.session.add(LessonProgress(user_id=student.id, lesson_id=target.id, completed_at=utcnow()))
    db.session.commit()
    name = f"{last.order:02d}-{last.slug}.md"
    (real_courses_copy / FOUNDATIONS / name).unlink()
    # Its language versions go with it (a version without an original is refused).
    for version in (real_courses_copy / FOUNDATIONS).glob(f"*/{name}"):
        version.unlink()
    report = sync(real_courses_copy)
    assert (report.unpublished, report.unchanged) == (1, LESSONS - 1)
    assert lesson(last.slug).is_published is False
    assert count(LessonProgress) == 1
    assert not sync(real_courses_copy).has_changes


def test_restored_file_republishes_the_lesson(mini_courses: Path, sync):
    sync(mini_courses)
    path = mini_courses / FOUNDATIONS / "03-ranking-basics.md"
    saved = path.read_text()
    path.unlink()
    assert sync(mini_courses).unpublished == 1
    path.write_text(saved)
    assert sync(mini_courses).updated == 1
    assert lesson("ranking-basics").is_published


def test_removed_course_folder_unpublishes_course_and_lessons(real_courses_copy: Path, sync):
    import shutil

    sync(real_courses_copy)
    shutil.rmtree(real_courses_copy / "medicine-and-health")
    report = sync(real_courses_copy)
    assert (report.courses_unpublished, report.unpublished) == (1, 6)
    medicine = db.session.scalars(select(Course).where(Course.slug == "medicine-and-health")).one()
    assert medicine.is_published is False


@pytest.mark.parametrize(
    ("name", "old", "new", "where", "reason"),
    [
        ("05-intolerance-and-fairness.md", "minutes:", "minutes: [", ":7:", "started on line 6"),
        ("07-refusals-that-still-help.md", "module: ethics\n", "", ":1:", "has no 'module'"),
        (
            "12-the-priority-order.md",
            "multiple: false",
            "multiple: false\n    # two correct below",
            "12-the-priority-order.md:",
            "options correct; mark exactly one",
        ),
    ],
)
def test_malformed_file_stops_the_sync_and_leaves_the_database_unchanged(
    real_courses_copy: Path, sync, name, old, new, where, reason
):
    sync(real_courses_copy)
    before = snapshot()
    path = real_courses_copy / FOUNDATIONS / name
    text = path.read_text().replace(old, new, 1)
    if "two correct" in new:
        text = text.replace("correct: false", "correct: true", 1)
    path.write_text(text)
    # A valid change elsewhere must not be applied either: all files are checked first.
    other = real_courses_copy / FOUNDATIONS / "01-how-people-teach-a-chatbot.md"
    other.write_text(other.read_text() + "\nAn extra closing sentence.\n")
    with pytest.raises(ContentError) as caught:
        sync_courses(real_courses_copy)
    db.session.rollback()
    message = str(caught.value)
    assert message.startswith(f"courses/{FOUNDATIONS}/{name}:")
    assert where in message and reason in message
    assert snapshot() == before


def test_cli_sync_prints_the_report_and_is_idempotent(runner, mini_courses: Path):
    result = runner.invoke(args=["courses", "sync", "--path", str(mini_courses)])
    assert result.exit_code == 0, result.output
    assert "lessons: 3 created, 0 updated, 0 unchanged, 0 unpublished" in result.output
    result = runner.invoke(args=["courses", "sync", "--path", str(mini_courses)])
    assert "3 unchanged" in result.output and "already up to date" in result.output


def test_cli_sync_reports_file_and_line_and_exits_non_zero(runner, mini_courses: Path):
    path = mini_courses / FOUNDATIONS / "02-second-steps.md"
    path.write_text(path.read_text().replace("minutes: 7\n", ""))
    result = runner.invoke(args=["courses", "sync", "--path", str(mini_courses)])
    assert result.exit_code != 0
    assert f"courses/{FOUNDATIONS}/02-second-steps.md:1: the front matter has no 'minutes'" in (
        result.output
    )
    assert count(Lesson) == 0


def test_sync_everything_includes_the_course_sync(app):
    from app.services.common.content import sync_everything

    lines = list(sync_everything())
    db.session.commit()
    assert any(f"lessons: {LESSONS} created" in line for line in lines)
