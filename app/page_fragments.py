"""Rendered HTML kept with a placeholder where the reader's own CSRF token goes.

A fragment that is the same for every reader except the token (a practice item's answer form,
an anonymous verification page) is rendered once; each request fills in its own token. The
token is generated only when the fragment holds a form, so a page without one still sets no
session cookie for an anonymous visitor.
"""

from __future__ import annotations

from collections.abc import Callable

from flask import current_app, g

from app.csrf_tokens import signed_csrf_token
from app.process_cache import TimedCache

CSRF_PLACEHOLDER = "\x00csrf-token\x00"  # request guards refuse NUL input: no reader can type it
SHELL_RENDERING = "page_shell_rendering"  # in ``g`` while app/page_shell.py renders a shell


def rendering_shell() -> bool:
    """Whether this render is a page shell, whose reader's values are filled in afterwards."""
    return bool(g.get(SHELL_RENDERING))


def fill_csrf(html: str) -> str:
    """A stored fragment with this reader's token in place of the placeholder."""
    if CSRF_PLACEHOLDER not in html:
        return html
    return html.replace(CSRF_PLACEHOLDER, signed_csrf_token())


def storable(html: str) -> str:
    """A fragment just rendered for this reader, with their token taken out."""
    token = g.get(current_app.config.get("WTF_CSRF_FIELD_NAME", "csrf_token"))
    return html.replace(token, CSRF_PLACEHOLDER) if token else html


def cached_fragment(cache: TimedCache | None, key: str, render: Callable[[], str]) -> str:
    """``render()``'s HTML, rendered once per ``key`` and TTL, with this reader's CSRF token."""
    if cache is None:
        return render()
    found = cache.get(key)
    if found is not None:
        return fill_csrf(found)
    html = render()
    cache.put(key, storable(html))
    return html
