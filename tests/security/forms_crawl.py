"""Find every form the site renders, so the fuzzer knows each endpoint's fields.

Every GET page in the inventory is fetched as each visitor allowed to see it; each ``<form>`` is
resolved to the endpoint its action points at, and its field names (with the values offered by
selects, radios and checkboxes) are merged per endpoint and method.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from html.parser import HTMLParser
from urllib.parse import urljoin, urlsplit

from flask import Flask
from flask.testing import FlaskClient
from werkzeug.exceptions import HTTPException

from tests.security.probing import build_url
from tests.security.route_inventory import TABLE, VISITORS
from tests.security.world import World

SKIPPED_FIELDS = frozenset({"csrf_token"})


@dataclass
class FormFields:
    """One endpoint's fields: name → the values the page offers (empty for free text)."""

    fields: dict[str, set[str]] = field(default_factory=lambda: defaultdict(set))
    files: set[str] = field(default_factory=set)


class FormParser(HTMLParser):
    """Collect (action, method, fields, file fields) for every form in a page."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.forms: list[tuple[str, str, dict[str, set[str]], set[str]]] = []
        self._select: str | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        """Track the open form and record its controls."""
        names = {k: v or "" for k, v in attrs}
        if tag == "form":
            self.forms.append(
                (
                    names.get("action", ""),
                    names.get("method", "get").upper(),
                    defaultdict(set),
                    set(),
                )
            )
            return
        if not self.forms or not names.get("name") or names["name"] in SKIPPED_FIELDS:
            if tag == "option" and self._select and self.forms:
                self.forms[-1][2][self._select].add(names.get("value", ""))
            return
        _action, _method, fields, files = self.forms[-1]
        name = names["name"]
        if tag == "input" and names.get("type", "").lower() == "file":
            files.add(name)
        elif tag == "input" and names.get("type", "").lower() in ("radio", "checkbox", "submit"):
            fields[name].add(names.get("value", "y"))
        elif tag in ("input", "textarea"):
            fields[name]  # noqa: B018 - registers a free-text field
        elif tag == "select":
            self._select = name
            fields[name]  # noqa: B018
        elif tag == "button":
            fields[name].add(names.get("value", ""))

    def handle_endtag(self, tag: str) -> None:
        """A closed select stops collecting options."""
        if tag == "select":
            self._select = None


def _endpoint_of(app: Flask, page_url: str, action: str, method: str) -> str | None:
    """The endpoint a form posts to, or None when it leaves the site."""
    parts = urlsplit(urljoin(page_url, action or page_url))
    if parts.netloc and parts.netloc != "localhost":
        return None
    try:
        endpoint, _args = app.url_map.bind("localhost").match(parts.path, method=method)
    except HTTPException:
        return None
    return endpoint


def crawl_forms(
    app: Flask, world: World, visitors: dict[str, FlaskClient]
) -> dict[tuple[str, str], FormFields]:
    """(endpoint, method) → the fields of every form that targets it."""
    found: dict[tuple[str, str], FormFields] = defaultdict(FormFields)
    for endpoint, route in sorted(TABLE.items()):
        if route.get is None or endpoint not in app.view_functions:
            continue
        url = build_url(app, endpoint, route, world)
        for visitor in VISITORS:
            if route.get[visitor] != 200:
                continue
            response = visitors[visitor].get(url)
            if response.mimetype != "text/html":
                continue
            parser = FormParser()
            parser.feed(response.get_data(as_text=True))
            for action, method, fields, files in parser.forms:
                target = _endpoint_of(app, url, action, method)
                if target is None:
                    continue
                entry = found[(target, method)]
                for name, values in fields.items():
                    entry.fields[name] |= values
                entry.files |= files
    return dict(found)
