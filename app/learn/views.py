"""Views of the learn area: the catalogue, course pages, lessons, quizzes and completion."""

from __future__ import annotations

from types import SimpleNamespace

from flask import abort, current_app, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy.exc import IntegrityError, OperationalError
from werkzeug.wrappers import Response

from app import lesson_cache, progress_cache
from app.access import public, role_required
from app.extensions import db
from app.i18n import current_language, normalise
from app.learn import bp
from app.learn.forms import CompleteForm
from app.learn.lesson_page import render_lesson
from app.models import Course, Lesson, LessonProgress, Role
from app.services.learning import learning, quizzes
from app.services.learning.lesson_languages import (
    course_texts,
    localise_course,
    localise_lesson,
)
from app.sqlite_locks import retry_holding_write_lock
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
