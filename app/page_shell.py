"""A whole page rendered once per look, with placeholders where each reader's own parts go.

Rendering the lesson page's template (the layout, header and footer around the lesson's text,
quiz and completion form) was about a third of the page's time, yet all of it but a few parts
is the same for every reader who shares a language, a look and a page. So the page is rendered
once with placeholders for those parts and for the header's own (the reader's name, CSRF token
and language links), kept in a cache emptied with the rows it shows, and each request splices
its reader's parts in. The placeholders hold NUL, which the request guards refuse in any
input, so no reader's text can carry one.

A pending flash message is the reader's own, so a page with one is rendered in full.
Pages whose template only puts the reader's body in the layout (the dashboard) use
``layout_page``.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager
from typing import Any, TypeGuard

from flask import current_app, g, render_template, session
from flask_babel import get_locale
from markupsafe import Markup

from app.layout_cache import fill_reader_parts, header_key, layout_cache
from app.page_fragments import SHELL_RENDERING, storable
from app.process_cache import TimedCache

PART = "\x00part-{name}\x00"


def shell_usable(cache: TimedCache | None) -> TypeGuard[TimedCache]:
    """Whether this request may be served from a shell (a cache to keep it, no flash pending)."""
    return cache is not None and "_flashes" not in session


@contextmanager
def _rendering_shell() -> Iterator[None]:
    """While the shell renders, the header leaves the reader's own values as placeholders."""
    before = g.get(SHELL_RENDERING)
    setattr(g, SHELL_RENDERING, True)
    try:
        yield
    finally:
        setattr(g, SHELL_RENDERING, before)


def _render_shell(template: str, parts: Mapping[str, str], context: Mapping[str, Any]) -> str:
    """The page with a placeholder for each part and no trace of this reader's token."""
    placeholders = {name: Markup(PART.format(name=name)) for name in parts}  # noqa: S704
    with _rendering_shell():
        return storable(render_template(template, **context, **placeholders))


def shell_page(
    cache: TimedCache,
    key: str,
    template: str,
    parts: Mapping[str, str],
    context: Callable[[], Mapping[str, Any]],
) -> Markup:
    """``template`` for this reader: the kept shell under ``key`` with ``parts`` filled in.

    ``key`` must name everything ``context()`` gives the template and the header's look
    (``layout_cache.header_key``); ``parts`` are this reader's own HTML, never kept in a shell.
    """
    shell = cache.get(key)
    if shell is None:
        shell = _render_shell(template, parts, context())
        cache.put(key, shell)
    for name, html in parts.items():
        shell = shell.replace(PART.format(name=name), html)
    return Markup(fill_reader_parts(shell))  # noqa: S704 - Jinja rendered both, autoescaped


def layout_page(template: str, body: str) -> Markup:
    """A page that is the layout around the reader's ``body`` alone, from a shell per look.

    Nothing in such a shell comes from the database, so it lives in the layout cache.
    """
    cache = layout_cache(current_app)
    if not shell_usable(cache):
        return Markup(render_template(template, body=Markup(body)))  # noqa: S704 - Jinja output
    key = f"shell:{template}|{header_key(str(get_locale()))}"
    return shell_page(cache, key, template, {"body": body}, dict)
