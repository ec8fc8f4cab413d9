"""Template ``_()`` and ``ngettext()`` with the catalogue looked up once per request.

A page calls ``_()`` a hundred times or more. Through Flask-Babel and Jinja's new-style wrapper
each call cost about 18 µs (Flask-Babel finds the request's translations again on every call),
which was the largest single cost of rendering a page. These callables find the translations
once per request and memoise strings without variables per catalogue; the output is exactly
what the new-style wrapper produces (autoescaped Markup, always %-formatted).
"""

from __future__ import annotations

from typing import Any

from flask import Flask, g
from flask_babel import get_translations
from jinja2 import pass_context
from jinja2.runtime import Context
from markupsafe import Markup

_PLAIN: dict[tuple[Any, str], Markup] = {}
_PLAIN_LIMIT = 20_000
CONTEXT_KEY = "_fast_translations"


def request_translations() -> Any:
    """The current request's catalogue (Flask-Babel's choice), remembered on ``g``."""
    found = g.get("_fast_translations")
    if found is None:
        found = g._fast_translations = get_translations()
    return found


def _translations(context: Context) -> Any:
    """From the template context (a dict lookup); macros imported without context ask ``g``."""
    found = context.get(CONTEXT_KEY)
    return found if found is not None else request_translations()


@pass_context
def fast_gettext(context: Context, string: str, **variables: Any) -> str:
    """``_('text', name=value)`` as Jinja's new-style gettext renders it."""
    translations = _translations(context)
    if not variables and context.eval_ctx.autoescape:
        key = (translations, string)  # the catalogue itself: Flask-Babel keeps one per locale
        plain = _PLAIN.get(key)
        if plain is None:
            if len(_PLAIN) >= _PLAIN_LIMIT:
                _PLAIN.clear()
            plain = _PLAIN[key] = Markup(translations.ugettext(string)) % {}  # noqa: S704
        return plain
    text = translations.ugettext(string)
    if context.eval_ctx.autoescape:
        text = Markup(text)  # noqa: S704 - catalogue text is trusted, as in Jinja's own
    return text % variables


@pass_context
def fast_ngettext(context: Context, singular: str, plural: str, num: int, **variables: Any) -> str:
    """``ngettext('%(num)d item', '%(num)d items', n)`` as Jinja's new-style ngettext renders it."""
    variables.setdefault("num", num)
    text = _translations(context).ungettext(singular, plural, num)
    if context.eval_ctx.autoescape:
        text = Markup(text)  # noqa: S704 - catalogue text is trusted, as in Jinja's own
    return text % variables


def install_fast_gettext(app: Flask) -> None:
    """Replace the template callables Flask-Babel installed (Python code keeps Flask-Babel's)."""
    app.jinja_env.globals.update(gettext=fast_gettext, _=fast_gettext, ngettext=fast_ngettext)
    app.context_processor(lambda: {CONTEXT_KEY: request_translations()})
