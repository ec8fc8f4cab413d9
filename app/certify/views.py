"""Holder views: my certificates, directory opt-in, the printable page, PDF and credential."""

from __future__ import annotations

import json

from flask import Response, abort, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user
from werkzeug.wrappers import Response as BaseResponse

from app.access import public, role_required
from app.certify import bp
from app.certify.forms import DirectoryForm
from app.extensions import db
from app.models import Certificate, Role
from app.services.certification.blueprints import get_blueprint
from app.services.certification.certificate_documents import certificate_pdf, linkedin_url, qr_svg
from app.services.certification.certificates import (
    certificate_state,
    certificate_states,
    certificates_of,
    find_by_code,
)
from app.services.certification.credentials import (
    ACHIEVEMENT_TEXT,
    signed_credential,
    verification_url,
)
from app.services.certification.directory import set_directory_preferences
from app.services.certification.exam_text import template_labels


@bp.context_processor
def labels() -> dict[str, object]:
    """Criterion, level and status names for certificate templates."""
    return template_labels()


def _viewable(code: str) -> Certificate:
    """A certificate its holder (or an admin) may open; anything else is a 404."""
    cert = find_by_code(code)
    if cert is None or not (cert.user_id == current_user.id or current_user.is_admin):
        abort(404)
    return cert


@bp.get("/")
@role_required(Role.STUDENT)
def mine() -> str:
    """The student's certificates with their status, and the directory opt-in."""
    form = DirectoryForm(opt_in=current_user.directory_opt_in, headline=current_user.headline)
    return render_template(
        "certify/mine.html", rows=certificate_states(certificates_of(current_user)), form=form
    )


@bp.post("/directory")
@role_required(Role.STUDENT)
def directory_settings() -> BaseResponse:
    """Opt in or out of the public directory."""
    form = DirectoryForm()
    if not form.validate_on_submit():
        abort(400, _("The headline must be at most 160 characters."))
    set_directory_preferences(current_user, form.opt_in.data, form.headline.data or "")
    db.session.commit()
    flash(_("Your directory settings are saved."), "success")
    return redirect(url_for(".mine"))


@bp.get("/<code>")
@role_required(Role.STUDENT)
def show(code: str) -> str:
    """The printable certificate with its QR code."""
    cert = _viewable(code)
    state = certificate_state(cert)
    return render_template(
        "certify/show.html",
        cert=cert,
        state=state,
        qr=qr_svg(cert),
        verify_url=verification_url(cert),
        linkedin=linkedin_url(cert, state),
    )


@bp.get("/<code>.pdf")
@role_required(Role.STUDENT)
def pdf(code: str) -> Response:
    """The certificate as a PDF download."""
    cert = _viewable(code)
    body = certificate_pdf(cert, certificate_state(cert))
    return Response(
        body,
        mimetype="application/pdf",
        headers={"Content-Disposition": f'attachment; filename="{cert.code}.pdf"'},
    )


@bp.get("/<code>/credential.json")
@role_required(Role.STUDENT)
def credential(code: str) -> Response:
    """The signed Open Badges 3.0 credential as a download."""
    cert = _viewable(code)
    body = json.dumps(signed_credential(cert), ensure_ascii=False, indent=2)
    db.session.commit()  # an older certificate may just have received its email hash
    return Response(
        body,
        mimetype="application/ld+json",
        headers={"Content-Disposition": f'attachment; filename="{cert.code}.json"'},
    )


@bp.get("/achievements/<slug>")
@public
def achievement(slug: str) -> str:
    """What a certificate stands for (the credential's achievement id points here)."""
    blueprint = get_blueprint(slug)
    level = blueprint.level if blueprint else ("lead" if slug == "lead-trainer" else None)
    if level is None:
        abort(404)
    return render_template(
        "certify/achievement.html",
        blueprint=blueprint,
        slug=slug,
        level=level,
        text=ACHIEVEMENT_TEXT.get(level, ""),
    )
