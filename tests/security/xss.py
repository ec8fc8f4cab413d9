"""Checking that stored or reflected payloads are inert in rendered pages."""

from __future__ import annotations

import html
import re
from typing import Any

from tests.security.html_checks import csp_problems
from tests.security.payloads import TEMPLATE_RESULT


def visible_text(page: str) -> str:
    """The page's text as a reader sees it, whitespace collapsed."""
    without_tags = re.sub(r"<[^>]*>", " ", page)
    return " ".join(html.unescape(without_tags).split())


def inert_problems(page: str, payload: str, where: str, shown: bool = False) -> list[str]:
    """Why ``payload`` is dangerous in ``page`` (empty when it is inert).

    ``shown`` also requires the payload's text to be visible, proving the test reached the sink.
    """
    problems = [f"{where}: {p}" for p in csp_problems(page)]
    if TEMPLATE_RESULT in page:
        problems.append(f"{where}: a template expression was evaluated")
    if "<" in payload and payload in page:
        problems.append(f"{where}: the payload appears unescaped")
    wanted = " ".join(payload.split())
    if shown and wanted and wanted not in visible_text(page):
        problems.append(f"{where}: the payload is not shown, so the sink was not exercised")
    return problems


def check_pages(
    client: Any, urls: list[str], payload: str, name: str, shown: bool = False
) -> list[str]:
    """GET each URL (which must answer 200) and collect every problem."""
    problems = []
    for url in urls:
        response = client.get(url)
        where = f"[{name}] GET {url}"
        if response.status_code != 200:
            problems.append(f"{where}: status {response.status_code}")
            continue
        problems += inert_problems(response.get_data(as_text=True), payload, where, shown)
    return problems
