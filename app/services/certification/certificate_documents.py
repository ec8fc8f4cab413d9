"""The certificate as a QR code (SVG for the page, PNG for the PDF) and as a PDF (fpdf2)."""

from __future__ import annotations

import io
from pathlib import Path
from typing import TYPE_CHECKING, Any
from urllib.parse import urlencode

from flask import current_app
from flask_babel import force_locale, format_date
from flask_babel import gettext as _
from markupsafe import Markup

from app.models import Certificate
from app.services.certification.certificates import CertificateState
from app.services.certification.credentials import ISSUER_NAME, credential_name, verification_url
from app.services.certification.exam_text import (
    CERTIFICATE_STATUS_LABELS,
    CRITERION_LABELS,
    LEVEL_LABELS,
)

if TYPE_CHECKING:
    # fpdf2 pulls in fontTools, Pillow and numpy (~55 MB per worker): it is imported only when
    # a PDF is actually made, not by every worker at start-up.
    from fpdf import FPDF

# A Unicode TrueType font lets holder names in any script print; core fonts are Latin-1 only.
FONT_CANDIDATES = (
    "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf",
    "/usr/share/fonts/dejavu/DejaVuSans.ttf",
    "/usr/share/fonts/truetype/liberation/LiberationSans-Regular.ttf",
)


LINKEDIN_ADD_TO_PROFILE = "https://www.linkedin.com/profile/add"


def linkedin_url(cert: Certificate, state: CertificateState) -> str | None:
    """LinkedIn's add-to-profile link filled with the certificate, or None if it should not be
    added (a demo, revoked or expired certificate)."""
    if cert.is_demo or not state.is_valid:
        return None
    params = {
        "startTask": "CERTIFICATION_NAME",
        "name": credential_name(cert),
        "organizationName": ISSUER_NAME,
        "issueYear": cert.issued_at.year,
        "issueMonth": cert.issued_at.month,
        "expirationYear": state.expires_at.year,
        "expirationMonth": state.expires_at.month,
        "certUrl": verification_url(cert),
        "certId": cert.code,
    }
    return f"{LINKEDIN_ADD_TO_PROFILE}?{urlencode(params)}"


def qr_svg(cert: Certificate) -> Markup:
    """An inline SVG QR code linking to the verification page (presentation attributes only)."""
    import segno  # imported on use, like fpdf: web workers start without it (~50 ms)

    code = segno.make(verification_url(cert), error="m")
    # segno writes the SVG itself and escapes the title; the URL holds only the checked code.
    svg = code.svg_inline(
        scale=4,
        title=_("QR code: verify this certificate"),
        svgclass="qr-code",
        lineclass=None,
        omitsize=True,
    )
    return Markup(svg)  # noqa: S704


def qr_png(cert: Certificate) -> bytes:
    """The same QR code as a PNG for the PDF."""
    import segno

    buffer = io.BytesIO()
    segno.make(verification_url(cert), error="m").save(buffer, kind="png", scale=10, border=2)
    return buffer.getvalue()


def _font(pdf: FPDF) -> str:
    """Register a Unicode font if one is installed (``PDF_FONT`` may name one)."""
    configured = current_app.config.get("PDF_FONT")
    for candidate in ([configured] if configured else []) + list(FONT_CANDIDATES):
        if Path(candidate).is_file():
            pdf.add_font("Body", "", candidate)
            return "Body"
    return "Helvetica"


def _safe(text: str, font: str) -> str:
    """Core fonts cannot print outside Latin-1: replace what they cannot show."""
    if font != "Helvetica":
        return text
    return text.encode("latin-1", "replace").decode("latin-1")


def _line(pdf: FPDF, font: str, size: int, text: str, height: float = 10) -> None:
    """One centred line."""
    from fpdf.enums import XPos, YPos

    pdf.set_font(font, size=size)
    pdf.cell(0, height, _safe(text, font), align="C", new_x=XPos.LMARGIN, new_y=YPos.NEXT)


def _facts(cert: Certificate, state: CertificateState) -> list[tuple[int, str, float]]:
    """The certificate's lines below the holder's name: (font size, text, line height)."""
    scores = ", ".join(
        f"{CRITERION_LABELS.get(k, k)} {round(v * 100)}%" for k, v in cert.criterion_scores.items()
    )
    dates = _(
        "Issued %(issued)s · valid until %(until)s · guidelines %(v)s",
        issued=format_date(cert.issued_at, "long"),
        until=format_date(state.expires_at, "long"),
        v=cert.guidelines_version,
    )
    status = CERTIFICATE_STATUS_LABELS.get(state.status, state.status)
    lines = [(11, _("Overall %(score)s%%", score=round(cert.overall_score * 100)), 10)]
    if scores:
        lines.append((10, scores, 8))
    lines += [
        (11, dates, 10),
        (11, _("Status: %(status)s", status=status), 10),
        (14, _("Certificate ID: %(code)s", code=cert.code), 12),
    ]
    return lines  # fmt: skip


def certificate_pdf(cert: Certificate, state: CertificateState) -> bytes:
    """A one-page landscape certificate in the language of its exam (the holder's choice).

    Without a Unicode font on the machine Cyrillic cannot be printed, so the PDF falls back to
    English rather than print question marks.
    """
    from fpdf import FPDF

    pdf = FPDF(orientation="L", unit="mm", format="A4")
    pdf.set_creator("AI Trainer School")
    pdf.add_page()
    font = _font(pdf)
    language = cert.language if font != "Helvetica" else "en"
    with force_locale(language):
        _draw_certificate(pdf, font, cert, state, language)
    return bytes(pdf.output())


def _draw_certificate(
    pdf: Any, font: str, cert: Certificate, state: CertificateState, language: str
) -> None:
    """Everything printed on the page, in the current locale."""
    from app.labels import certificate_title, language_name

    title = certificate_title(cert, language)
    pdf.set_title(title)
    pdf.set_lang(language)
    pdf.set_draw_color(31, 78, 121)
    pdf.rect(8, 8, 281, 194)
    pdf.set_y(22)
    _line(pdf, font, 14, _("AI Trainer School"))
    if cert.is_demo:
        pdf.set_text_color(161, 38, 34)
        _line(pdf, font, 16, _("Demo — not a real certificate"), 9)
        pdf.set_text_color(0, 0, 0)
    _line(pdf, font, 28, title, 16)
    _line(pdf, font, 12, str(LEVEL_LABELS.get(cert.level, cert.level)))
    _line(pdf, font, 12, _("awarded to"))
    _line(pdf, font, 24, cert.holder_name, 14)
    for size, text, height in _facts(cert, state):
        _line(pdf, font, size, text, height)
    _line(pdf, font, 10, _("Exam taken in: %(language)s", language=language_name(cert.language)), 8)
    pdf.image(io.BytesIO(qr_png(cert)), x=243, y=156, w=38, alt_text=_("Verification QR code"))
    pdf.set_y(186)
    _line(pdf, font, 9, _("Verify at %(url)s", url=verification_url(cert)), 6)
