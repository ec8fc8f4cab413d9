"""Public verification for recruiters (no account), the issuer key, revocations, the directory.

Every answer carries only what the certificate states: the holder's display name, the title,
level, dates, status and scores. Unknown and malformed identifiers get the same plain 404 (the
page answers with the form again and a plain explanation).
"""

from __future__ import annotations

from flask import Response as FlaskResponse
from flask import abort, jsonify, make_response, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from werkzeug.wrappers import Response

from app.access import public
from app.extensions import limiter
from app.models import Certificate
from app.public_cache import (
    anonymous_page,
    signed_in_visitor,
    signed_status_list,
    verification,
)
from app.services.certification.badge import badge_svg
from app.services.certification.certificates import (
    CertificateState,
    find_by_code,
    normalise_code,
)
from app.services.certification.credentials import issuer_profile
from app.services.certification.directory import directory_entries, specialisations
from app.services.certification.exam_text import template_labels
from app.verify import bp
from app.verify.forms import CredentialFileForm

RATE = "60/minute"
PUBLIC_MAX_AGE = 30  # seconds a shared cache may keep a record (a revocation shows within it)
NOT_FOUND = _l(
    "No certificate has this identifier. Check it against the certificate (its QR code leads "
    "to the right page), or ask the candidate for their credential file and check it below."
)


@bp.context_processor
def labels() -> dict[str, object]:
    """Criterion, level and status names for verification templates."""
    return template_labels()


def _found(code: str) -> Certificate:
    """The certificate named by ``code`` or a 404 that says nothing more."""
    cert = find_by_code(code)
    if cert is None:
        abort(404, _("No certificate has this identifier. Check it and try again."))
    return cert


@bp.get("/")
@limiter.limit(RATE)
@public
def form() -> str | Response:
    """A form for the identifier; a submitted identifier goes to its page."""
    typed = request.args.get("code", "").strip()
    if typed:
        code = normalise_code(typed)
        if code is not None:
            return redirect(url_for(".page", code=code))
        error = _("That is not a certificate identifier. It looks like ATS-7KQ2-M9XD-4HPR.")
        return render_form(typed[:64], error), 400
    return render_form()


def render_form(typed: str = "", error: str | None = None, **context: object) -> str:
    """The verification form (identifier and credential file), with an optional explanation."""
    context.setdefault("file_form", CredentialFileForm())
    return render_template("verify/form.html", typed=typed, error=error, **context)


def render_page(cert: Certificate, state: CertificateState) -> str:
    """A certificate's public page: facts and status, and a link to the email check."""
    return render_template("verify/page.html", cert=cert, state=state)


def shared_for(seconds: int, response: FlaskResponse) -> FlaskResponse:
    """Let shared caches keep an anonymous visitor's public answer, once per language."""
    response.headers["Cache-Control"] = f"public, max-age={seconds}"
    response.vary.add("Accept-Language")
    response.vary.add("Cookie")
    return response


@bp.get("/<code>")
@limiter.limit(RATE)
@public
def page(code: str) -> str | tuple[str, int] | FlaskResponse:
    """The certificate's public facts and status; an unknown identifier gets the form again.

    No form: an anonymous visitor gets no session cookie, and the bytes every such visitor
    gets (per language) may be kept by shared caches for ``PUBLIC_MAX_AGE``.
    """
    found = verification(code)  # the same for everyone: cached briefly (app/public_cache.py)
    if found is None:
        return render_form(code[:64], None, not_found=NOT_FOUND), 404
    html, shared = anonymous_page(found.cert.code, lambda: render_page(found.cert, found.state))
    return shared_for(PUBLIC_MAX_AGE, make_response(html)) if shared else html


@bp.get("/<code>/badge.svg")
@limiter.limit(RATE)
@public
def badge(code: str) -> FlaskResponse:
    """The certificate's badge (the image its credential embeds); a demo badge says so."""
    cert = _found(code)
    svg = badge_svg(cert.title, cert.level, cert.is_demo)
    response = FlaskResponse(svg, mimetype="image/svg+xml")
    response.headers["Cache-Control"] = "public, max-age=3600"
    return response


@bp.get("/api/<code>")
@limiter.limit(RATE)
@public
def api(code: str) -> Response:
    """The same facts as JSON (never an email address or an account id)."""
    found = verification(code)
    if found is None:
        abort(404, _("No certificate has this identifier. Check it and try again."))
    response = jsonify(found.record)
    if not signed_in_visitor():
        response.headers["Cache-Control"] = f"public, max-age={PUBLIC_MAX_AGE}"
    return response


@bp.get("/issuer.json")
@limiter.limit(RATE)
@public
def issuer() -> Response:
    """The issuer profile with the public key that signs credentials."""
    response = jsonify(issuer_profile())
    response.mimetype = "application/ld+json"
    return response


@bp.get("/status-list")
@limiter.limit(RATE)
@public
def status_list() -> Response:
    """The signed revocation list credentials point to (BitstringStatusListCredential)."""
    response = jsonify(signed_status_list())  # signed once per TTL (app/public_cache.py)
    response.mimetype = "application/ld+json"
    response.headers["Cache-Control"] = "public, max-age=300"
    return response


@bp.get("/directory")
@limiter.limit(RATE)
@public
def directory() -> str:
    """Certified trainers who chose to be listed, by specialisation and level."""
    options = specialisations()
    chosen = request.args.get("specialisation", "")
    level = request.args.get("level", "")
    chosen = chosen if chosen in options else ""
    level = level if level in ("core", "specialisation", "lead") else ""
    return render_template(
        "verify/directory.html",
        entries=directory_entries(chosen, level),
        options=options,
        chosen=chosen,
        level=level,
    )
