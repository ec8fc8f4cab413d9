"""Item Markdown (prompts, answers, rationales, turns) rendered faithfully and sanitised.

Authors wrap long lines in YAML and sometimes start a list right under a paragraph line.
Markdown already joins wrapped lines into one paragraph; a list glued to a paragraph would be
swallowed into it, so a blank line is inserted before such a list (outside code fences) and a
list stays a list. Candidate answers are rendered once when saved (``text_html``); this module
is also the fallback for rows saved before that column existed.
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import Final

from markupsafe import Markup

from app.services.common.markdown_render import render_markdown

_FENCE: Final = re.compile(r"^\s*(```|~~~)")
_LIST: Final = re.compile(r"^(?:[-*+]\s+\S|\d{1,2}[.)]\s+\S)")


def _glued_list(line: str, previous: str) -> bool:
    """Say whether a list line directly follows a non-list paragraph line."""
    if not _LIST.match(line) or not previous.strip() or previous.startswith((" ", "\t")):
        return False
    return not _LIST.match(previous)


def separate_lists(text: str) -> str:
    """Insert a blank line before a list that directly follows a paragraph line."""
    out: list[str] = []
    fenced = False
    previous = ""
    for line in text.splitlines():
        if _FENCE.match(line):
            fenced = not fenced
        elif not fenced and _glued_list(line, previous):
            out.append("")
        out.append(line)
        previous = line
    return "\n".join(out)


def render_item_html(text: str) -> str:
    """Render one item text to sanitised HTML (stored as-is; safe to mark up)."""
    return render_markdown(separate_lists(text)).html


@lru_cache(maxsize=4096)
def item_markup(text: str) -> Markup:
    """Render for a template: the fallback when no stored HTML exists, and for prompts."""
    return Markup(render_item_html(text or ""))  # noqa: S704 - sanitised by nh3


def stored_or_render(html: str | None, text: str) -> Markup:
    """Use the HTML stored at save time; render only rows saved before it was stored."""
    return Markup(html) if html else item_markup(text)  # noqa: S704 - sanitised when saved
