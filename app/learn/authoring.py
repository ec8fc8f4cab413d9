"""Instructor views of the learn area: editing lessons, live preview and version history."""

from __future__ import annotations

from flask import abort, flash, jsonify, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from werkzeug.wrappers import Response

from app.access import role_required
from app.content import quiz_to_yaml
from app.extensions import db
from app.i18n import LANGUAGE_NAMES, normalise, supported
from app.learn import bp
from app.learn.forms import LessonEditForm
from app.learn.views import lesson_or_404
from app.models import Role
from app.services.common.markdown_render import MarkdownTooComplex, render_markdown_strict
from app.services.learning import lessons
from app.services.learning.lesson_languages import (
    edit_lesson_version,
    language_status,
    lesson_version,
    localise_course,
)


def preview_or_error(form: LessonEditForm) -> str | None:
    """The previewed body, or None with the reason added to the body field's errors."""
    try:
        return render_markdown_strict(form.body.data or "").html
    except MarkdownTooComplex as error:
        form.body.errors = [*form.body.errors, _(str(error))]
        return None


@bp.route("/<slug>/<lesson_slug>/edit", methods=["GET", "POST"])
@role_required(Role.INSTRUCTOR)
def edit_lesson(slug: str, lesson_slug: str) -> Response | str:
    """Edit a lesson in the browser; each save is a new version, rendered once."""
    course, lesson = lesson_or_404(slug, lesson_slug)
    form = LessonEditForm(obj=lesson)
    if request.method == "GET":
        form.body.data = lesson.body_markdown
        form.quiz.data = quiz_to_yaml(lesson.quiz)
    preview_html = preview_or_error(form) if form.preview.data else None
    if not form.preview.data and form.validate_on_submit():
        version = lessons.edit_lesson(lesson, current_user, form.content())
        db.session.commit()
        flash(_("Saved as version %(number)s.", number=version.number), "success")
        return redirect(url_for("learn.lesson", slug=slug, lesson_slug=lesson_slug))
    return render_template(
        "learn/edit.html", course=course, lesson=lesson, form=form, preview_html=preview_html
    )


@bp.route("/preview", methods=["POST"])
@role_required(Role.INSTRUCTOR)
def preview() -> Response:
    """Render Markdown exactly as a saved lesson would be (sanitised), for the live preview."""
    data = request.get_json(silent=True)
    text = data.get("markdown") if isinstance(data, dict) else None
    if not isinstance(text, str):
        abort(400, _("Send JSON with the Markdown text in 'markdown'."))
    try:
        return jsonify(html=render_markdown_strict(text).html)
    except MarkdownTooComplex as error:
        abort(400, _(str(error)))


@bp.route("/<slug>/<lesson_slug>/history")
@role_required(Role.INSTRUCTOR)
def history(slug: str, lesson_slug: str) -> str:
    """Every saved version of a lesson, and one chosen version's text."""
    course, lesson = lesson_or_404(slug, lesson_slug)
    versions = lessons.lesson_versions(lesson)
    number = request.args.get("version", type=int)
    chosen = lessons.find_version(lesson, number) if number is not None else None
    if number is not None and chosen is None:
        abort(404, _("This lesson has no version %(number)s.", number=number))
    return render_template(
        "learn/history.html", course=course, lesson=lesson, versions=versions, chosen=chosen
    )


@bp.route("/<slug>/languages")
@role_required(Role.INSTRUCTOR)
def languages(slug: str) -> str:
    """Each lesson's versions in other languages: missing, older than the original, or current."""
    from app.learn.views import course_or_404

    course = course_or_404(slug)
    rows = language_status(course, supported())
    return render_template("learn/languages.html", course=course, rows=rows)


@bp.route("/<slug>/<lesson_slug>/edit/<language>", methods=["GET", "POST"])
@role_required(Role.INSTRUCTOR)
def edit_language_version(slug: str, lesson_slug: str, language: str) -> Response | str:
    """Edit a lesson's version in another language beside the original; each save re-renders."""
    course, lesson = lesson_or_404(slug, lesson_slug)
    if normalise(language) != language or language == "en":
        abort(404, _("This language is not offered."))
    version = lesson_version(lesson.id, language)
    form = LessonEditForm(obj=version or lesson)
    if request.method == "GET":
        source = version or lesson
        form.body.data = source.body_markdown if version else ""
        form.quiz.data = quiz_to_yaml(source.quiz)
        if version is None:
            form.title.data = ""
    preview_html = preview_or_error(form) if form.preview.data else None
    if not form.preview.data and form.validate_on_submit():
        edit_lesson_version(lesson, language, current_user, form.content())
        db.session.commit()
        flash(_("The %(language)s version is saved.", language=LANGUAGE_NAMES[language]), "success")
        return redirect(url_for("learn.languages", slug=slug))
    return render_template(
        "learn/edit_language.html",
        course=localise_course(course, "en"),
        lesson=lesson,
        version=version,
        language=language,
        form=form,
        preview_html=preview_html,
    )
