"""The lesson page: the lesson's text, the reader's quiz and completion form, in one page.

What is the same for every reader of a look (the text, the pager, the layout around them) is
kept rendered (``app/lesson_cache.py``, ``app/page_shell.py``); the quiz and the completion
section are the reader's own and are filled in per view.
"""

from __future__ import annotations

from types import SimpleNamespace

from flask import current_app, render_template, request
from flask_babel import get_locale
from flask_login import current_user
from markupsafe import Markup

from app import lesson_cache
from app.i18n import current_language
from app.layout_cache import header_key
from app.models import Course, Lesson, LessonProgress
from app.page_shell import shell_page, shell_usable
from app.services.learning import learning, quizzes
from app.services.learning.lesson_languages import (
    LocalisedLesson,
    lesson_languages,
    localise_course,
    localise_lesson,
)
from app.templating import date_filter


def render_lesson(
    course: Course,
    lesson: Lesson,
    quiz_error: str = "",
    complete_error: str = "",
    language: str | None = None,
    progress: LessonProgress | SimpleNamespace | None = None,
) -> str:
    """The lesson page in the reader's language (the original where no version exists).

    The quiz's gold appears only alongside the student's own result, and a stored result is
    shown only in the language it was answered in. The quiz and the completion form are the
    reader's own; the rest of the page is kept as a shell per look (``app/page_shell.py``).
    """
    if progress is None:
        progress = learning.progress_by_lesson(current_user, [lesson.id]).get(lesson.id)
    localised_course = localise_course(course, language or current_language())
    text = localise_lesson(lesson, language or current_language(), localised_course)
    look = _text_key(text, progress)
    parts = {
        "quiz_part": _quiz_part(localised_course, text, progress, quiz_error),
        "finish_part": _finish_part(localised_course, text, progress, complete_error, look),
    }

    def context() -> dict[str, object]:
        return {
            "course": localised_course,
            "lesson": text,
            "text_html": _lesson_text(localised_course, text, progress, look),
            "pager_html": _lesson_pager(localised_course, lesson, text.language),
        }

    cache = lesson_cache.lesson_cache(current_app)
    if not shell_usable(cache):
        return render_template("learn/lesson.html", **context(), **parts)
    key = f"shell:{look}|{header_key(str(get_locale()))}"
    return shell_page(cache, key, "learn/lesson.html", parts, context)


def _quiz_part(
    course: object,
    text: LocalisedLesson,
    progress: LessonProgress | SimpleNamespace | None,
    quiz_error: str,
) -> str:
    """The quiz as this student sees it: unanswered, their stored result, or a grading error."""
    if not text.quiz:
        return Markup("")
    result = None
    if not quiz_error and not request.args.get("retry"):
        result = quizzes.stored_result(text, progress)  # type: ignore[arg-type]
    attempt = quizzes.attempt_number(progress)
    if result is None and not quiz_error:
        return _quiz_form(course, text, attempt)
    quiz = text.quiz
    if result is None:  # a grading error: their own option order again, without gold
        quiz = quizzes.student_quiz(current_user, text, attempt)  # type: ignore[arg-type]
    return _render_quiz(course, text, quiz, attempt, result, quiz_error)


def _render_quiz(
    course: object,
    text: LocalisedLesson,
    quiz: object,
    attempt: int,
    result: object = None,
    quiz_error: str = "",
) -> Markup:
    """The quiz section: the questions, or the student's own result with its explanations."""
    return Markup(  # noqa: S704 - rendered by Jinja with autoescape
        render_template(
            "learn/_quiz.html",
            course=course,
            lesson=text,
            quiz=quiz,
            result=result,
            attempt=attempt,
            quiz_error=quiz_error,
        )
    )


def _finish_part(
    course: object,
    text: LocalisedLesson,
    progress: LessonProgress | SimpleNamespace | None,
    complete_error: str,
    look: str,
) -> str:
    """The completion section: the day it was completed, or the rule and the button."""
    done = progress is not None and progress.completed_at is not None
    completed_on = date_filter(progress.completed_at) if done else ""  # type: ignore[union-attr]

    def render() -> str:
        return render_template(
            "learn/_lesson_finish.html",
            course=course,
            lesson=text,
            completed_on=completed_on,
            complete_error=complete_error,
            reading_minutes=learning.minimum_reading(text.lesson).total_seconds() / 60,
        )

    if complete_error:
        return Markup(render())  # noqa: S704 - rendered by Jinja with autoescape
    key = f"finish:{look}:{completed_on}"
    return lesson_cache.fragment(key, render)


def _quiz_form(course: object, text: LocalisedLesson, attempt: int) -> str:
    """The unanswered quiz in this student's option order for this attempt, rendered once.

    The order is a function of the student, the lesson and the attempt, so the key holds those
    (the shuffle itself is computed only to render). No gold is in it; an edit of the lesson
    empties the cache; the reader's CSRF token is filled in per request.
    """
    key = (
        f"quiz:{text.lesson.id}:{text.lesson.updated_at.isoformat()}:{text.language}:"
        f"{get_locale()}:{current_user.id}:{attempt}:{request.script_root}"
    )

    def render() -> Markup:
        shown = quizzes.student_quiz(current_user, text, attempt)  # type: ignore[arg-type]
        return _render_quiz(course, text, shown, attempt)

    return lesson_cache.fragment(key, render)


def _lesson_text(
    course: object,
    text: LocalisedLesson,
    progress: LessonProgress | SimpleNamespace | None,
    look: str,
) -> str:
    """The lesson's text as this kind of reader sees it, rendered once per lesson and look.

    ``look`` (``_text_key``) holds the row's ``updated_at``, so an edit shows at once in every
    worker (a language version's edit, like the version itself, within the lesson cache's TTL).
    """
    lesson = text.lesson
    return lesson_cache.fragment(
        f"text:{look}",
        lambda: render_template(
            "learn/_lesson_text.html",
            course=course,
            lesson=text,
            languages=lesson_languages(lesson.id),
            progress=progress,
        ),
    )


def _text_key(text: LocalisedLesson, progress: LessonProgress | SimpleNamespace | None) -> str:
    """What the lesson's text looks like to this reader: version, language, look and address."""
    completed = progress is not None and progress.completed_at is not None
    lesson = text.lesson
    return (
        f"{lesson.id}:{lesson.updated_at.isoformat()}:{text.language}:{get_locale()}:"
        f"{int(bool(current_user.is_instructor))}:{int(completed)}:{request.script_root}"
        f"{request.path}"
    )


def _lesson_pager(course: object, lesson: Lesson, language: str) -> str:
    """The previous and next links, rendered once per lesson and language."""
    previous, following = lesson_cache.neighbours(lesson)
    key = f"pager-html:{lesson.id}:{language}:{get_locale()}:{request.script_root}"
    return lesson_cache.fragment(
        key,
        lambda: render_template(
            "learn/_lesson_pager.html",
            course=course,
            previous=previous,
            following=following,
            titles=lesson_cache.lesson_titles(lesson.course_id, language),
        ),
    )
