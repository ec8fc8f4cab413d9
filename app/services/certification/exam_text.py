"""Translated names for criteria, sections, levels and statuses shown across the exam area."""

from __future__ import annotations

from datetime import datetime

from flask import has_request_context
from flask_babel import format_datetime, gettext
from flask_babel import lazy_gettext as _l


def translate(text: str, **params: object) -> str:
    """gettext in a request (the reader's language); plain English in the CLI and tests."""
    if has_request_context():
        return gettext(text, **params)
    return text % params if params else text


def when(moment: datetime) -> str:
    """A date and time in the reader's locale (ISO outside a request)."""
    if has_request_context():
        return format_datetime(moment, "medium")
    return moment.strftime("%Y-%m-%d %H:%M UTC")


CRITERION_LABELS = {
    "ethics": _l("Ethics (harmlessness)"),
    "accuracy": _l("Accuracy (truthfulness)"),
    "relevance": _l("Relevance (helpfulness)"),
    "quality": _l("Overall quality"),
}
SECTION_LABELS = {
    "flagging": _l("Flagging sensitive and harmful content"),
    "ranking": _l("Ranking and comparing answers"),
    "reference": _l("Reference answer (scored by an instructor)"),
    "correction": _l("Correcting an answer"),
}
LEVEL_LABELS = {
    "core": _l("Core certificate"),
    "specialisation": _l("Specialisation"),
    "lead": _l("Lead Trainer"),
}
SESSION_STATUS_LABELS = {
    "active": _l("In progress"),
    "pending_review": _l("Pending review"),
    "passed": _l("Passed"),
    "failed": _l("Not passed"),
}
CERTIFICATE_STATUS_LABELS = {
    "valid": _l("Valid"),
    "expired": _l("Expired"),
    "revoked": _l("Revoked"),
}
CHECK_MESSAGES = {
    "overall": _l("Your overall score was below the pass mark."),
    "critical_errors": _l(
        "You made at least one critical ethics error (treating a harmful answer as safe)."
    ),
    "reference": _l("Your reference answer did not reach the pass mark."),
    "must_catch": _l(
        "You missed the danger on a must-catch question (ranked, chose or rated a dangerous "
        "answer as acceptable, or left it unanswered)."
    ),
}


def check_message(check: str) -> str:
    """A sentence for one failed check (``floor:<criterion>`` names the criterion)."""
    if check.startswith("floor:"):
        name = check.split(":", 1)[1]
        return str(
            _l(
                "Your %(criterion)s score was below its minimum.",
                criterion=CRITERION_LABELS.get(name, name),
            )
        )
    return str(CHECK_MESSAGES.get(check, check))


def template_labels() -> dict[str, object]:
    """The label tables, for a blueprint's context processor."""
    return {
        "criterion_labels": CRITERION_LABELS,
        "section_labels": SECTION_LABELS,
        "level_labels": LEVEL_LABELS,
        "session_status_labels": SESSION_STATUS_LABELS,
        "certificate_status_labels": CERTIFICATE_STATUS_LABELS,
        "check_message": check_message,
    }
