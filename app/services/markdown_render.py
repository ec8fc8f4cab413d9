"""Lesson Markdown to sanitised HTML, a table of contents and a word count.

Called once when a lesson is synced or saved (the result is stored on the lesson) and by the
editor's preview; never while serving a lesson page.
"""

from __future__ import annotations

import html
import re
from typing import NamedTuple

import markdown
import nh3
from markdown.extensions.toc import slugify_unicode

HEADING_ID_PREFIX = "sec-"
WORD = re.compile(r"\w+(?:['’-]\w+)*")
ALLOWED_TAGS = {
    *(f"h{level}" for level in range(1, 7)),
    "p",
    "br",
    "hr",
    "ul",
    "ol",
    "li",
    "table",
    "thead",
    "tbody",
    "tr",
    "th",
    "td",
    "code",
    "pre",
    "blockquote",
    "a",
    "em",
    "strong",
    "div",
}
ALLOWED_ATTRIBUTES = {
    "a": {"href", "title"},
    "ol": {"start"},
    "th": {"align"},
    "td": {"align"},
    **{f"h{level}": {"id"} for level in range(1, 7)},
}
ADMONITION_CLASSES = {"admonition", "example", "pitfall", "note", "admonition-title"}
ALLOWED_CLASSES = {"div": ADMONITION_CLASSES | {"toc"}, "p": ADMONITION_CLASSES}


class RenderedMarkdown(NamedTuple):
    """What a lesson stores: body HTML, its table of contents and its length in words."""

    html: str
    toc_html: str
    word_count: int


def heading_slug(value: str, separator: str) -> str:
    """Prefixed heading ids, so a heading can never clobber a page element or global name."""
    return HEADING_ID_PREFIX + slugify_unicode(value, separator)


def keep_attribute(tag: str, name: str, value: str) -> str | None:
    """Keep only the heading ids this renderer generated (not ids typed as raw HTML)."""
    if name == "id" and not value.startswith(HEADING_ID_PREFIX):
        return None
    if name == "align" and value not in ("left", "center", "right"):
        return None
    return value


CLEANER = nh3.Cleaner(
    tags=ALLOWED_TAGS,
    clean_content_tags={"script", "style"},
    attributes=ALLOWED_ATTRIBUTES,
    attribute_filter=keep_attribute,
    allowed_classes=ALLOWED_CLASSES,
    url_schemes={"http", "https", "mailto"},
    link_rel="noopener noreferrer",
    strip_comments=True,
)
TEXT_ONLY = nh3.Cleaner(tags=set(), clean_content_tags={"script", "style"})


def sanitise(fragment: str) -> str:
    """Strip everything outside the allow-list (scripts, handlers, unsafe URLs, media)."""
    return CLEANER.clean(fragment)


def count_words(fragment: str) -> int:
    """Words a reader sees in an HTML fragment."""
    return len(WORD.findall(html.unescape(TEXT_ONLY.clean(fragment))))


def new_converter() -> markdown.Markdown:
    """A converter with the lesson extensions (attr_list is deliberately off)."""
    return markdown.Markdown(
        extensions=["tables", "fenced_code", "admonition", "toc", "sane_lists"],
        extension_configs={
            "toc": {"permalink": False, "toc_depth": "2-3", "slugify": heading_slug},
            "tables": {"use_align_attribute": True},
        },
        output_format="html",
    )


def render_markdown(text: str) -> RenderedMarkdown:
    """Render and sanitise lesson Markdown."""
    converter = new_converter()
    body = sanitise(converter.convert(text))
    toc = sanitise(converter.toc) if getattr(converter, "toc_tokens", None) else ""  # type: ignore[attr-defined]
    return RenderedMarkdown(body, toc, count_words(body))
