"""Exporting items to the ``exercises/`` file format and importing such files."""

from __future__ import annotations

from typing import Any

from flask import Response, render_template, request
from flask_babel import gettext as _
from flask_login import current_user

from app.access import role_required
from app.extensions import db
from app.models import Exercise, Role
from app.services.practice.exercise_bank import current_version
from app.services.studio import bank_transfer
from app.services.studio.bank_overview import whole_bank
from app.studio import bp
from app.studio.forms import ImportForm


@bp.url_value_preprocessor
def _allow_bank_uploads(endpoint: str | None, values: dict[str, Any] | None) -> None:
    """Let the import page take a whole bank's zip (over the site's 512 KB request limit).

    URL value preprocessors run before every before-request hook, so the larger limit is in
    place when the CSRF check parses the form; zip contents stay bounded by bank_transfer.
    """
    if endpoint == "studio.import_bank":
        request.max_content_length = bank_transfer.MAX_UPLOAD_BYTES


def _download(body: str | bytes, mimetype: str, filename: str) -> Response:
    """A file download response."""
    response = Response(body, mimetype=mimetype)
    response.headers["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


@bp.route("/exercises/<int:exercise_id>/export")
@role_required(Role.INSTRUCTOR)
def export_item(exercise_id: int) -> Response:
    """The current version as ``<id>.yaml``."""
    exercise = db.get_or_404(Exercise, exercise_id)
    text = bank_transfer.version_yaml(current_version(exercise))
    return _download(text, "application/yaml", f"{exercise.uid}.yaml")


@bp.route("/export")
@role_required(Role.INSTRUCTOR)
def export_bank() -> Response:
    """The whole bank as a zip of ``practice/`` and ``exam/`` folders."""
    return _download(bank_transfer.bank_zip(whole_bank()), "application/zip", "exercises.zip")


@bp.route("/import", methods=["GET", "POST"])
@role_required(Role.INSTRUCTOR)
def import_bank() -> tuple[str, int]:
    """Import a YAML item or a zip of the bank; any problem imports nothing and lists them all."""
    form = ImportForm()
    problems: list[str] = []
    report = None
    if form.validate_on_submit():
        upload = bank_transfer.read_upload(
            form.file.data.filename or "", form.file.data.read(), form.pool.data
        )
        problems = bank_transfer.upload_problems(upload)
        try:
            report = None if problems else bank_transfer.import_upload(upload, current_user)
        except ValueError as error:  # a conflict that appeared after the check
            db.session.rollback()
            problems = [str(error)]
        else:
            db.session.commit()
    page = render_template(
        "studio/import.html", form=form, problems=problems, report=report, title=_("Import items")
    )
    return page, 400 if problems else 200
