"""The real courses/ folder: it parses, and it is big and complete enough to teach from."""

from __future__ import annotations

import pytest

from app.config import REPO_ROOT
from app.content import CourseFile, LessonFile, load_courses
from app.services.common.markdown_render import render_markdown

COURSES = {course.slug: course for course in load_courses(REPO_ROOT / "courses")}
ALL_LESSONS = [(course.slug, lesson) for course in COURSES.values() for lesson in course.lessons]
FOUNDATION_TOPICS = {
    "the-trainers-job",
    "ethics",
    "relevance",
    "accuracy",
    "ranking",
    "demonstrations",
    "corrections",
    "working-trainer",
}


def lesson_id(pair: tuple[str, LessonFile]) -> str:
    """Readable test ids: course/lesson."""
    return f"{pair[0]}/{pair[1].slug}"


def test_foundations_has_twenty_lessons_in_eight_modules_covering_the_topics():
    course: CourseFile = COURSES["ai-trainer-foundations"]
    assert course.level == "foundation"
    assert len(course.lessons) >= 20
    modules = {module.slug for module in course.modules}
    assert modules >= FOUNDATION_TOPICS, "the eight core topics stay; later modules add depth"
    used = {lesson.module for lesson in course.lessons}
    assert used == modules, "every module has at least one lesson"


def test_there_is_a_specialisation_course_with_six_lessons():
    specialisations = [c for c in COURSES.values() if c.level == "specialisation"]
    assert specialisations and all(len(c.lessons) >= 6 for c in specialisations)
    assert "medicine-and-health" in COURSES


def test_every_course_has_a_quoted_guidelines_version():
    assert all(course.guidelines_version == "2026.1" for course in COURSES.values())


@pytest.mark.parametrize("pair", ALL_LESSONS, ids=lesson_id)
def test_lesson_body_has_at_least_600_words(pair):
    _course, lesson = pair
    assert render_markdown(lesson.body).word_count >= 600


@pytest.mark.parametrize("pair", ALL_LESSONS, ids=lesson_id)
def test_lesson_quiz_has_2_to_4_questions_with_explanations_on_every_option(pair):
    _course, lesson = pair
    assert 2 <= len(lesson.quiz) <= 4
    for question in lesson.quiz:
        assert all(option.explanation.strip() for option in question.options)
        correct = sum(option.correct for option in question.options)
        assert correct == 1 if not question.multiple else correct >= 1


@pytest.mark.parametrize("pair", ALL_LESSONS, ids=lesson_id)
def test_lesson_renders_sections_and_objectives(pair):
    _course, lesson = pair
    rendered = render_markdown(lesson.body)
    assert "<h1" not in rendered.html, "the page's h1 is the lesson title"
    assert rendered.toc_html, "## sections give the page a table of contents"
    assert 2 <= len(lesson.objectives) <= 4
