"""The site header and footer, rendered once per look instead of on every page.

The header was a fifth of a practice item page's time: a dozen translations, ten ``url_for``
calls and the navigation rules, the same for every reader who shares a language, a set of roles
and the page's place in the navigation. It is rendered once per such look with placeholders
for what is the reader's own (their name, their CSRF token, the language links that return to
this address), which each request fills in. Nothing in it comes from the database, so entries
never go stale while the process runs; ``LAYOUT_CACHE_SECONDS`` (1 hour) only bounds memory.
"""

from __future__ import annotations

from collections.abc import Callable

from flask import Flask, current_app, render_template, request, url_for
from flask_babel import get_locale
from flask_login import current_user
from markupsafe import Markup, escape

from app.i18n import LANGUAGE_NAMES
from app.page_fragments import CSRF_PLACEHOLDER, fill_csrf, rendering_shell
from app.process_cache import TimedCache, app_cache, kept

DEFAULT_SECONDS = 3600.0
EXTENSION = "layout_cache"
LINKS_EXTENSION = "layout_switch_links"
ACCOUNT_NAME = "\x00account-name\x00"
SWITCH_LINK = "\x00switch-{code}\x00"


def layout_cache(app: Flask) -> TimedCache | None:
    """This app's layout cache (None when ``LAYOUT_CACHE_SECONDS`` is 0)."""
    return app_cache(app, EXTENSION)


def _roles() -> str:
    """What decides the navigation: signed in or not, and the roles beyond student."""
    if not current_user.is_authenticated:
        return "anonymous"
    return f"member:{int(bool(current_user.is_instructor))}:{int(bool(current_user.is_admin))}"


def _return_path(is_error_page: bool) -> str:
    """Where the language links return (an error page returns home: a 404 must not echo ids)."""
    return "/" if is_error_page else request.full_path.rstrip("?")


def header_key(locale: str) -> str:
    """What the header shows depends on: the language, the roles and the page's place."""
    place = f"{request.endpoint}:{request.blueprint}:{request.script_root}"
    return f"header:{locale}:{_roles()}:{place}"


def site_header(is_error_page: object = False) -> Markup:
    """The header for this reader and page, from the cache when this look was seen before."""
    locale = str(get_locale())
    html = _stored(header_key(locale), _render_header)
    if rendering_shell():
        return Markup(html)  # noqa: S704 - the page shell fills it in (``fill_reader_parts``)
    return Markup(fill_reader_parts(html, bool(is_error_page)))  # noqa: S704


def fill_reader_parts(html: str, is_error_page: bool = False) -> str:
    """A kept header, or a page shell holding one, with this reader's name, language links
    and CSRF token filled in."""
    return fill_csrf(_fill_reader(html, is_error_page, str(get_locale())))


def _render_header() -> str:
    """The header with placeholders where the reader's own values go."""
    links = {code: Markup(SWITCH_LINK.format(code=code)) for code in LANGUAGE_NAMES}  # noqa: S704
    return render_template(
        "layout/_header.html",
        account_name=Markup(ACCOUNT_NAME),  # noqa: S704 - a constant placeholder
        csrf_value=Markup(CSRF_PLACEHOLDER),  # noqa: S704 - a constant placeholder
        switch_links=links,
    )


def _stored(key: str, render: Callable[[], str]) -> str:
    """The fragment under ``key``, rendered now if this process has not kept it."""
    return kept(layout_cache(current_app), key, render)


def _fill_reader(html: str, is_error_page: bool, locale: str) -> str:
    """Put this reader's name and this page's language links into a stored header."""
    if ACCOUNT_NAME in html:
        html = html.replace(ACCOUNT_NAME, str(escape(current_user.display_name)))
    back = _return_path(is_error_page)
    for code in LANGUAGE_NAMES:
        if code != locale:
            html = html.replace(SWITCH_LINK.format(code=code), _switch_href(code, back))
    return html


def _switch_href(code: str, back: str) -> str:
    """The escaped link that switches to ``code`` and returns to ``back``.

    Built by ``url_for`` once per address and kept: building it was most of filling the header.
    The addresses are the visitor's to choose, so they have a cache of their own, where a flood
    of odd addresses can push out only other links, never a rendered header.
    """
    key = f"{request.script_root}:{code}:{back}"

    def build() -> str:
        return str(escape(url_for("main.switch_language", code=code, next=back)))

    return kept(app_cache(current_app, LINKS_EXTENSION), key, build)


def site_footer() -> Markup:
    """The footer, rendered once per language."""
    key = f"footer:{get_locale()}:{request.script_root}"
    html = _stored(key, lambda: render_template("layout/_footer.html"))
    return Markup(html)  # noqa: S704 - rendered by Jinja with autoescape


def init_layout_cache(app: Flask) -> None:
    """Give this app its layout cache and the template globals that read it."""
    seconds = float(app.config.get("LAYOUT_CACHE_SECONDS", DEFAULT_SECONDS))
    if seconds > 0:
        app.extensions[EXTENSION] = TimedCache(seconds, maxsize=1_000)
        app.extensions[LINKS_EXTENSION] = TimedCache(seconds, maxsize=5_000)
    app.jinja_env.globals["site_header"] = site_header
    app.jinja_env.globals["site_footer"] = site_footer
