"""Staff views: manage and revoke certificates, supersede guidelines, award Lead Trainer."""

from __future__ import annotations

from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy import or_, select
from werkzeug.wrappers import Response

from app.access import role_required
from app.certify import bp
from app.certify.forms import AwardLeadForm, RevokeForm, SupersedeForm
from app.extensions import db
from app.models import Certificate, GuidelinesVersion, Role, User
from app.services.certification.certificates import (
    CertificateError,
    certificate_states,
    find_by_code,
    revoke_certificate,
    supersede_guidelines,
)
from app.services.certification.lead import award_lead, lead_candidates

PAGE_SIZE = 50


@bp.get("/manage")
@role_required(Role.ADMIN)
def manage() -> str:
    """Every certificate (search by code or holder) with revocation, and guidelines versions."""
    query = request.args.get("q", "").strip()[:80]
    stmt = select(Certificate).order_by(Certificate.issued_at.desc(), Certificate.id.desc())
    if query:
        stmt = stmt.where(
            or_(Certificate.code.ilike(f"%{query}%"), Certificate.holder_name.ilike(f"%{query}%"))
        )
    number = min(max(request.args.get("page", 1, type=int) or 1, 1), 10_000)
    page = db.paginate(stmt, page=number, per_page=PAGE_SIZE, error_out=False)
    versions = db.session.scalars(select(GuidelinesVersion).order_by(GuidelinesVersion.id)).all()
    return render_template(
        "certify/manage.html",
        page=page,
        rows=certificate_states(page.items),
        q=query,
        revoke_form=RevokeForm(),
        supersede_form=SupersedeForm(),
        versions=versions,
    )


@bp.post("/<code>/revoke")
@role_required(Role.ADMIN)
def revoke(code: str) -> Response:
    """Revoke a certificate with a reason (audited)."""
    cert = find_by_code(code)
    if cert is None:
        abort(404)
    form = RevokeForm()
    if not form.validate_on_submit():
        flash(_("Give a reason of 5 to 500 characters."), "error")
        return redirect(url_for(".manage", q=cert.code))
    try:
        revoke_certificate(current_user, cert, form.reason.data)
    except CertificateError as error:
        flash(_(str(error)), "error")
        return redirect(url_for(".manage", q=cert.code))
    db.session.commit()
    flash(_("Certificate %(code)s is revoked.", code=cert.code), "success")
    return redirect(url_for(".manage", q=cert.code))


@bp.post("/guidelines/supersede")
@role_required(Role.ADMIN)
def supersede() -> Response:
    """Mark a guidelines version superseded; its certificates show recertification due."""
    form = SupersedeForm()
    if not form.validate_on_submit():
        flash(_("Name a course, a version and a grace period of 0 or more days."), "error")
        return redirect(url_for(".manage"))
    supersede_guidelines(
        form.course.data.strip(), form.version.data.strip(), form.grace_days.data, current_user
    )
    db.session.commit()
    flash(_("Guidelines %(v)s are superseded.", v=form.version.data), "success")
    return redirect(url_for(".manage"))


@bp.get("/lead")
@role_required(Role.INSTRUCTOR)
def lead() -> str:
    """Certified trainers and whether they meet the Lead Trainer rule."""
    return render_template("certify/lead.html", candidates=lead_candidates(), form=AwardLeadForm())


@bp.post("/lead/<int(max=2147483647):user_id>")
@role_required(Role.INSTRUCTOR)
def award(user_id: int) -> Response:
    """Award Lead Trainer to an eligible trainer."""
    user = db.get_or_404(User, user_id)
    if not AwardLeadForm().validate_on_submit():
        abort(400, _("The form was incomplete."))
    try:
        cert = award_lead(current_user, user)
    except CertificateError as error:
        flash(_(str(error)), "error")
        return redirect(url_for(".lead"))
    db.session.commit()
    flash(
        _("%(name)s is now a Lead Trainer (%(code)s).", name=user.display_name, code=cert.code),
        "success",
    )
    return redirect(url_for(".lead"))
