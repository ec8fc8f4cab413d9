"""Template globals: the navigation for each role and small formatting filters."""

from __future__ import annotations

from datetime import date, datetime
from functools import lru_cache

from babel.dates import format_date as babel_format_date
from babel.numbers import format_percent as babel_format_percent
from flask import Flask, current_app, has_request_context, request, url_for
from flask_babel import get_locale, to_user_timezone
from flask_babel import lazy_gettext as _l
from flask_login import current_user
from markupsafe import Markup

NAVIGATION = {
    "anonymous": [
        ("learn.catalogue", _l("Courses")),
        ("verify.form", _l("Verify a certificate")),
        ("verify.directory", _l("Trainer directory")),
    ],
    "student": [
        ("main.dashboard", _l("Dashboard")),
        ("learn.catalogue", _l("Courses")),
        ("practice.index", _l("Practice")),
        ("exams.index", _l("Exams")),
        ("certify.mine", _l("Certificates")),
    ],
    # One link per area keeps the bar on one line at 1280 px; an area's pages add their own row.
    "instructor": [
        ("studio.home", _l("Studio")),
        ("certify.lead", _l("Lead Trainer")),
    ],
    "admin": [
        ("admin.users", _l("Admin")),
    ],
}

# Second rows: shown on a section's own pages to those who may use it (label, blueprint, links).
SECTIONS = {
    "studio": (
        _l("Studio"),
        "studio",
        [
            ("studio.home", _l("Home")),
            ("studio.index", _l("Exercise bank")),
            ("studio.reviews", _l("Review queue")),
            ("studio.analytics", _l("Analytics")),
            ("studio.cohorts", _l("Cohorts")),
        ],
    ),
    "admin": (
        _l("Admin"),
        "admin",
        [
            ("admin.users", _l("Users")),
            ("admin.audit", _l("Audit log")),
            ("certify.manage", _l("Manage certificates")),
        ],
    ),
}


def navigation_for_current_user() -> list[tuple[str, object]]:
    """Links the current visitor may follow, most general first."""
    if not current_user.is_authenticated:
        links = NAVIGATION["anonymous"]
        return [link for link in links if link[0] in current_app.view_functions]
    links = list(NAVIGATION["student"])
    if current_user.is_instructor:
        links += NAVIGATION["instructor"]
    if current_user.is_admin:
        links += NAVIGATION["admin"]
    return [link for link in links if link[0] in current_app.view_functions]


def section_navigation() -> tuple[object, list[tuple[str, object]]] | None:
    """The current area's own row of links (studio, admin), for those who may use it."""
    if not current_user.is_authenticated:
        return None
    allowed = {"studio": current_user.is_instructor, "admin": current_user.is_admin}
    for name, (label, blueprint, links) in SECTIONS.items():
        here = request.blueprint == blueprint or request.endpoint in {e for e, _label in links}
        if allowed[name] and here:
            return label, [link for link in links if link[0] in current_app.view_functions]
    return None


@lru_cache(maxsize=8192)
def chat_markdown(text: str) -> Markup:
    """Chatbot answers are usually Markdown; show them formatted, sanitised, rendered once."""
    from app.services.common.markdown_render import render_markdown

    return Markup(render_markdown(text).html)  # noqa: S704 - sanitised by nh3 in render_markdown


def percent(value: float | None) -> str:
    """0.853 -> '85%' (English) or '85 %' (Russian), by the locale's data; None -> an en dash."""
    if value is None:
        return "–"
    return _whole_percent(round(value * 100), str(get_locale()))


@lru_cache(maxsize=2048)
def _whole_percent(whole: int, locale: str) -> str:
    """Babel's formatting of a whole percentage, once per value and locale.

    A dashboard shows dozens; parsing the locale's pattern each time was a tenth of its time.
    """
    return babel_format_percent(whole / 100, locale=locale)


def date_filter(value: datetime | None) -> str:
    """A locale-aware date (the reader's time zone decides the day, as ``format_date`` does)."""
    if value is None:
        return "–"
    day = to_user_timezone(value).date() if isinstance(value, datetime) else value
    return _medium_date(day, str(get_locale()))


@lru_cache(maxsize=4096)
def _medium_date(day: date, locale: str) -> str:
    """Babel's medium date, once per day and locale (a dashboard formats a dozen per view)."""
    return babel_format_date(day, "medium", locale=locale)


def static_url(filename: str) -> str:
    """``url_for("static", filename=…)``, built once per file and mount point.

    Every page asks for the same three files; building each address was 5 % of a cached page.
    """
    if not has_request_context():
        return url_for("static", filename=filename)
    return _static_url(request.script_root, current_app.static_url_path, filename)


@lru_cache(maxsize=256)
def _static_url(_script_root: str, _static_path: str | None, filename: str) -> str:
    """The address depends only on where the site is mounted and its static path."""
    return url_for("static", filename=filename)


def register_template_helpers(app: Flask) -> None:
    """Expose navigation and filters to every template."""
    app.jinja_env.globals["static_url"] = static_url
    app.jinja_env.globals["navigation"] = navigation_for_current_user
    app.jinja_env.globals["section_navigation"] = section_navigation
    app.jinja_env.globals["has_endpoint"] = lambda name: name in current_app.view_functions
    app.jinja_env.filters["percent"] = percent
    app.jinja_env.filters["chat_markdown"] = chat_markdown
    app.jinja_env.filters["date"] = date_filter
    from app.labels import register_labels

    register_labels(app)
