"""Refuse request data that no view should ever see, before any view runs."""

from __future__ import annotations

from typing import Any

from flask import Flask, abort, request
from flask_babel import gettext as _
from werkzeug.routing import IntegerConverter, Map

NUL = "\x00"
MAX_DEPTH = 64  # no form of this site nests deeper than a few levels
MAX_PAGE = 100_000  # pagers multiply the page number into an OFFSET the database must hold
MAX_DATABASE_INT = 2**31 - 1  # the largest value of an Integer column (ids) on PostgreSQL


def fits_database_int(value: int) -> bool:
    """Whether a number can be compared with an Integer column without a database error."""
    return -MAX_DATABASE_INT - 1 <= value <= MAX_DATABASE_INT


class DatabaseIntegerConverter(IntegerConverter):
    """``<int:…>`` that stops at the largest id the database holds: bigger ids are plain 404s."""

    def __init__(self, map: Map, *args: Any, **kwargs: Any) -> None:  # noqa: A002 - werkzeug's name
        kwargs.setdefault("max", MAX_DATABASE_INT)
        super().__init__(map, *args, **kwargs)


def register_converters(app: Flask) -> None:
    """Install the bounded ``int`` converter; call before any blueprint adds its rules."""
    app.url_map.converters["int"] = DatabaseIntegerConverter


class JsonTooDeep(ValueError):
    """JSON nested deeper than any view accepts."""


def contains_nul(value: object, max_depth: int = MAX_DEPTH) -> bool:
    """True when a string, or any key or value nested in JSON data, holds a NUL character.

    Iterative, so hostile nesting cannot exhaust the stack; deeper than ``max_depth`` raises.
    """
    stack: list[tuple[object, int]] = [(value, 0)]
    while stack:
        item, depth = stack.pop()
        if isinstance(item, str):
            if NUL in item:
                return True
            continue
        if not isinstance(item, dict | list):
            continue
        if depth >= max_depth:
            raise JsonTooDeep
        children = [*item.keys(), *item.values()] if isinstance(item, dict) else item
        stack.extend((child, depth + 1) for child in children)
    return False


def request_json() -> object:
    """The parsed JSON body (None when absent or invalid); nesting the parser cannot hold raises."""
    if not request.is_json:
        return None
    try:
        return request.get_json(silent=True)
    except RecursionError as error:
        raise JsonTooDeep from error


def request_has_nul() -> bool:
    """Look at the path, query string, form fields and JSON body (never uploaded files)."""
    if _plainly_clean():
        return False
    texts: list[object] = [request.path]
    for source in (request.args, request.form):
        for key, values in source.lists():
            texts.append(key)
            texts.extend(values)
    texts.append(request_json())
    return any(contains_nul(text) for text in texts)


def _plainly_clean() -> bool:
    """A request without a body whose path and raw query string hold no NUL, encoded or not.

    In a URL a NUL can only arrive as ``%00`` (or raw), so most GETs need no parsing at all.
    """
    if request.content_length or request.environ.get("HTTP_TRANSFER_ENCODING"):
        return False
    query = request.query_string
    return "\x00" not in request.path and b"\x00" not in query and b"%00" not in query


def page_out_of_range() -> bool:
    """A ``page`` number so large that its row offset would overflow a 64-bit integer."""
    page = request.args.get("page", type=int)
    return page is not None and abs(page) > MAX_PAGE


def register_request_guards(app: Flask) -> None:
    """Answer hostile input with a 4xx before it can reach the database as a 500."""

    @app.before_request
    def refuse_unstorable_input() -> None:
        try:
            has_nul = request_has_nul()
        except JsonTooDeep:
            reason = _("The JSON body is nested too deeply (at most %(n)s levels).", n=MAX_DEPTH)
            abort(400, reason)
        if has_nul:
            abort(400, _("The request contains a null character, which is not allowed."))
        if page_out_of_range():
            abort(404, _("There is no such page."))
