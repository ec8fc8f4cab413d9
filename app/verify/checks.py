"""Recruiter checks: an email against a certificate (on its own page), a credential file.

Both are public (no account), posted with a CSRF token and rate-limited per IP: an email check
is a guess at a hashed address, so it is limited harder than page views.
"""

from __future__ import annotations

from flask import render_template

from app.access import public
from app.extensions import db, limiter
from app.models import Certificate
from app.public_cache import verification
from app.services.certification.certificates import (
    CertificateState,
    certificate_state,
    find_by_code,
)
from app.services.certification.credential_upload import UnreadableCredential, check_upload
from app.services.certification.holder_identity import email_matches
from app.verify import bp
from app.verify.forms import CredentialFileForm, EmailCheckForm
from app.verify.views import NOT_FOUND, RATE, render_form

EMAIL_RATE = "10/minute;60/hour"
FILE_RATE = "20/minute"


def render_email_check(
    cert: Certificate, state: CertificateState, form: EmailCheckForm, **context: object
) -> str:
    """The email-check page of one certificate: who holds it, the form and any verdict."""
    return render_template("verify/email.html", cert=cert, state=state, form=form, **context)


@bp.get("/<code>/email")
@limiter.limit(RATE)
@public
def email_check(code: str) -> str | tuple[str, int]:
    """The form for checking an email against a certificate (its own page: the certificate's
    page holds no form, so it needs no session and shared caches may keep it)."""
    found = verification(code)
    if found is None:
        return render_form(code[:64], None, not_found=NOT_FOUND), 404
    return render_email_check(found.cert, found.state, EmailCheckForm())


@bp.post("/<code>/email")
@limiter.limit(EMAIL_RATE)
@public
def check_email(code: str) -> str | tuple[str, int]:
    """Say whether a typed email is the one the certificate was issued to (never which it is)."""
    cert = find_by_code(code)
    if cert is None:
        return render_form(code[:64], None, not_found=NOT_FOUND), 404
    state = certificate_state(cert)
    form = EmailCheckForm()
    if not form.validate_on_submit():
        return render_email_check(cert, state, form), 400
    matches = email_matches(cert, form.email.data or "")
    db.session.commit()  # an older certificate may just have received its email hash
    return render_email_check(cert, state, form, email_result=matches)


@bp.post("/file")
@limiter.limit(FILE_RATE)
@public
def check_file() -> str | tuple[str, int]:
    """Check a dropped or chosen credential file on the server and show every check."""
    form = CredentialFileForm()
    if not form.validate_on_submit():
        return render_form(file_form=form), 400
    try:
        result = check_upload(form.credential.data.read(), form.email.data or "")
    except UnreadableCredential as problem:
        form.credential.errors = [str(problem)]
        return render_form(file_form=form), 400
    return render_template("verify/file_result.html", result=result, form=form)
