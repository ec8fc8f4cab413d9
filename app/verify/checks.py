"""Recruiter checks that need a POST: an email against a certificate, a credential file.

Both are public (no account), CSRF-protected and rate-limited per IP: an email check is a
guess at a hashed address, so it is limited harder than page views.
"""

from __future__ import annotations

from flask import render_template

from app.access import public
from app.extensions import db, limiter
from app.services.certification.certificates import find_by_code
from app.services.certification.credential_upload import UnreadableCredential, check_upload
from app.services.certification.holder_identity import email_matches
from app.verify import bp
from app.verify.forms import CredentialFileForm, EmailCheckForm
from app.verify.views import NOT_FOUND, render_form, render_page

EMAIL_RATE = "10/minute;60/hour"
FILE_RATE = "20/minute"


@bp.post("/<code>/email")
@limiter.limit(EMAIL_RATE)
@public
def check_email(code: str) -> str | tuple[str, int]:
    """Say whether a typed email is the one the certificate was issued to (never which it is)."""
    cert = find_by_code(code)
    if cert is None:
        return render_form(code[:64], None, not_found=NOT_FOUND), 404
    form = EmailCheckForm()
    if not form.validate_on_submit():
        return render_page(cert, email_form=form), 400
    matches = email_matches(cert, form.email.data or "")
    db.session.commit()  # an older certificate may just have received its email hash
    return render_page(cert, email_form=form, email_result=matches)


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
