"""The interface language: which one a request gets, switching it, and compiled catalogues.

Order of choice: a ``?lang=`` in the link (credentials point to their achievement page in each
language that way), the ``lang`` cookie (the visitor's explicit choice in this browser, set by the
header's switcher, no account needed), then the signed-in user's saved setting, then the
browser's ``Accept-Language``, then English. Catalogues (``app/translations/<lang>``) are kept
as ``.po`` text in git and compiled to ``.mo`` on start-up when missing or older, so an install
needs no manual ``pybabel compile`` step.
"""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po
from flask import Flask, current_app, has_request_context, request

COOKIE = "lang"
COOKIE_MAX_AGE = 365 * 24 * 3600
LANGUAGE_NAMES = {"en": "English", "ru": "Русский"}
TRANSLATIONS_DIR = Path(__file__).parent / "translations"


def supported() -> list[str]:
    """The interface languages this deployment offers (config ``LANGUAGES``)."""
    return list(current_app.config["LANGUAGES"])


def normalise(code: str | None) -> str | None:
    """A supported language code for ``code`` (``ru-RU`` → ``ru``), or None."""
    if not code:
        return None
    short = code.strip().lower().replace("_", "-").split("-")[0]
    return short if short in supported() else None


def user_locale() -> str | None:
    """The signed-in user's saved language, without loading a user just for it.

    Only a user the request has already loaded counts: choosing a language must never query
    the database (an error page for a database outage is rendered in a language too).
    """
    from flask import g

    user = g.get("_login_user")
    if user is None or not getattr(user, "is_authenticated", False):
        return None
    return normalise(getattr(user, "locale", None))


def select_locale() -> str:
    """Flask-Babel's locale selector (see the module docstring for the order)."""
    default = current_app.config["BABEL_DEFAULT_LOCALE"]
    if not has_request_context():
        return default
    chosen = (
        normalise(request.args.get("lang"))  # a shared link naming its language (?lang=ru)
        or normalise(request.cookies.get(COOKIE))
        or user_locale()
    )
    if chosen:
        return chosen
    return request.accept_languages.best_match(supported()) or default


def compile_catalogues(root: Path = TRANSLATIONS_DIR) -> list[Path]:
    """Compile every ``messages.po`` whose ``.mo`` is missing or older; return those written.

    The ``.mo`` is written to a temporary file and renamed into place, so workers starting at
    the same moment never read a half-written catalogue. Fuzzy entries are left out, as
    ``pybabel compile`` does by default.
    """
    written = []
    for po_path in sorted(root.glob("*/LC_MESSAGES/messages.po")):
        mo_path = po_path.with_suffix(".mo")
        if mo_path.exists() and mo_path.stat().st_mtime >= po_path.stat().st_mtime:
            continue
        with po_path.open("rb") as po_file:
            catalogue = read_po(po_file, locale=po_path.parent.parent.name)
        handle, temporary = tempfile.mkstemp(dir=po_path.parent, suffix=".mo.tmp")
        with os.fdopen(handle, "wb") as mo_file:
            write_mo(mo_file, catalogue)
        os.replace(temporary, mo_path)
        written.append(mo_path)
    return written


def init_i18n(app: Flask) -> None:
    """Compile the catalogues if needed and expose the language names to templates."""
    from flask_babel import get_locale

    compile_catalogues()
    app.jinja_env.globals["language_names"] = LANGUAGE_NAMES
    app.jinja_env.globals["get_locale"] = get_locale


def current_language() -> str:
    """The language of the current request's interface (``ru``, ``en``)."""
    from flask_babel import get_locale

    locale = get_locale()
    return locale.language if locale is not None else "en"
