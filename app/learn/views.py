"""Views of the learn area: the catalogue, course pages, lessons, quizzes and completion."""

from __future__ import annotations

from types import SimpleNamespace

from flask import abort, current_app, flash, redirect, render_template, request, url_for
from flask_babel import get_locale
from flask_babel import gettext as _
from flask_login import current_user
from markupsafe import Markup
from sqlalchemy.exc import IntegrityError, OperationalError
from werkzeug.wrappers import Response

from app import lesson_cache, progress_cache
from app.access import public, role_required
from app.extensions import db
from app.i18n import current_language, normalise
from app.layout_cache import header_key
from app.learn import bp
from app.learn.forms import CompleteForm
from app.models import Course, Lesson, LessonProgress, Role
from app.page_shell import shell_page, shell_usable
from app.services.learning import learning, quizzes
from app.services.learning.lesson_languages import (
    LocalisedLesson,
    course_texts,
    lesson_languages,
    localise_course,
    localise_lesson,
)
from app.sqlite_locks import retry_holding_write_lock
from app.templating import date_filter
from graders.quiz import InvalidQuizAnswer


def signed_in_user() -> object | None:
    """The current user when signed in (progress is shown), else None."""
    return current_user if current_user.is_authenticated else None


def course_or_404(slug: str) -> Course:
    """A published course."""
    return learning.find_course(slug) or abort(404)


def lesson_or_404(slug: str, lesson_slug: str) -> tuple[Course, Lesson]:
    """A lesson of a published course; unpublished lessons exist only for instructors."""
    lesson = learning.find_course_lesson(slug, lesson_slug, current_user.is_instructor)
    if lesson is None:
        abort(404)
    return lesson.course, lesson


@bp.route("/")
@public
def catalogue() -> str:
    """Every published course, with progress for a signed-in student."""
    courses = learning.course_progress(signed_in_user(), learning.published_courses())
    texts = course_texts([item.course.id for item in courses], current_language())
    return render_template("learn/catalogue.html", courses=courses, texts=texts)


@bp.route("/<slug>")
@public
def course(slug: str) -> str:
    """A course's modules and lessons, with done ticks for a signed-in student."""
    found = course_or_404(slug)
    user = signed_in_user()
    outline = learning.course_outline(found)
    ids = [lesson.id for _module, lessons in outline for lesson in lessons]
    progress = learning.progress_by_lesson(user, ids) if user else {}
    summary = learning.course_progress(user, [found])[0]
    language = current_language()
    return render_template(
        "learn/course.html",
        course=localise_course(found, language),
        outline=outline,
        progress=progress,
        summary=summary,
        titles=lesson_cache.lesson_titles(found.id, language),
    )


def record_view_quietly(lesson: Lesson) -> LessonProgress | None:
    """Reading must never fail because the bookkeeping write could not get the database.

    Returns the student's progress row for the page (None when the write failed: the page
    then reads it itself).
    """
    recorded: list[LessonProgress] = []

    def record() -> None:
        view = learning.record_view(current_user, lesson)
        if view.wrote:
            db.session.commit()
        recorded.append(view.row)

    try:
        retry_holding_write_lock(record)
    except (OperationalError, IntegrityError):
        db.session.rollback()
        current_app.logger.warning("Could not record a view of lesson %s", lesson.id, exc_info=True)
        return None
    return recorded[-1]


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
    return Markup(  # noqa: S704 - rendered by Jinja with autoescape
        render_template(
            "learn/_quiz.html",
            course=course,
            lesson=text,
            quiz=text.quiz if result is not None else _student_quiz(text, attempt),
            result=result,
            attempt=attempt,
            quiz_error=quiz_error,
        )
    )


def _student_quiz(text: LocalisedLesson, attempt: int) -> object:
    """This student's questions in their option order for the attempt (no gold)."""
    return quizzes.student_quiz(current_user, text, attempt)  # type: ignore[arg-type]


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
    return lesson_cache.fragment(
        key,
        lambda: render_template(
            "learn/_quiz.html",
            course=course,
            lesson=text,
            quiz=quizzes.student_quiz(current_user, text, attempt),  # type: ignore[arg-type]
            attempt=attempt,
            quiz_error="",
            result=None,
        ),
    )


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


@bp.route("/<slug>/<lesson_slug>")
@role_required(Role.STUDENT)
def lesson(slug: str, lesson_slug: str) -> str:
    """Read a lesson (pre-rendered HTML) and take its quiz."""
    found = lesson_cache.lesson_row(slug, lesson_slug, current_user.is_instructor)
    if found is None:
        abort(404)
    return render_lesson(found.course, found, progress=progress_for_view(found))


def progress_for_view(lesson: Lesson) -> LessonProgress | SimpleNamespace | None:
    """The student's progress for this view: kept from a view moments ago, else recorded now."""
    kept = progress_cache.recent_view(current_user, lesson.id)
    if kept is not None:
        return kept
    row = record_view_quietly(lesson)
    if row is not None:
        progress_cache.remember_view(current_user, row)
    return row


@bp.route("/<slug>/<lesson_slug>/quiz", methods=["POST"])
@role_required(Role.STUDENT)
def quiz(slug: str, lesson_slug: str) -> Response | tuple[str, int]:
    """Grade the quiz on the spot, keep the score, then show every option's explanation."""
    found_course, found = lesson_or_404(slug, lesson_slug)
    # Graded in the language the quiz was shown in, even if the reader switched since.
    language = normalise(request.form.get("quiz_language")) or current_language()
    text = localise_lesson(found, language)
    try:
        answers = quizzes.answers_from_form(request.form)
        attempt = quizzes.attempt_from_form(request.form)
        result = quizzes.submit_quiz(current_user, text, answers, attempt)  # type: ignore[arg-type]
    except InvalidQuizAnswer as error:
        db.session.rollback()
        reason = _("Your answers could not be graded: %(reason)s.", reason=str(error))
        return render_lesson(found_course, found, quiz_error=reason, language=language), 400
    db.session.commit()
    progress_cache.note_progress_written()
    total = len(result.questions)
    flash(_("You answered %(right)s of %(total)s right.", right=result.right, total=total), "info")
    if result.is_passed:
        flash(_("Quiz passed: “%(title)s” is complete.", title=text.title), "success")
    return redirect(url_for("learn.lesson", slug=slug, lesson_slug=lesson_slug, _anchor="quiz"))


@bp.route("/<slug>/<lesson_slug>/complete", methods=["POST"])
@role_required(Role.STUDENT)
def complete(slug: str, lesson_slug: str) -> Response | tuple[str, int]:
    """Mark the lesson complete (quiz passed or reading time reached) and move on."""
    found_course, found = lesson_or_404(slug, lesson_slug)
    if not CompleteForm().validate_on_submit():
        abort(400, _("The form was incomplete."))
    try:
        learning.mark_complete(current_user, found)
    except learning.LessonNotReady as error:
        db.session.rollback()
        return render_lesson(found_course, found, complete_error=str(error)), 409
    db.session.commit()
    progress_cache.note_progress_written()
    flash(_("“%(title)s” is marked complete.", title=found.title), "success")
    _previous, following = lesson_cache.neighbours(found)
    if following is not None:
        return redirect(url_for("learn.lesson", slug=slug, lesson_slug=following.slug))
    return redirect(url_for("learn.course", slug=slug))
