"""Lesson Markdown to sanitised HTML, a table of contents and a word count.

Called once when a lesson is synced or saved (the result is stored on the lesson) and by the
editor's preview; never while serving a lesson page.

python-markdown's inline patterns are regular expressions tried at every ``[`` and ``<``, so text
made of thousands of them costs quadratic time, and deeply nested lists recurse. Before rendering,
``check_markdown`` bounds the size, the number of such openers and the nesting (measured: with these
caps the worst corpus renders in about 0.3 s); ``time_limit`` is a second line of defence.
"""

from __future__ import annotations

import html
import logging
import re
import signal
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING, NamedTuple

import nh3

if TYPE_CHECKING:
    import markdown

log = logging.getLogger("school.markdown")
MAX_MARKDOWN_CHARS = 100_000
MAX_OPENERS = 1_000  # "[" and "<": every one starts a regex scan to the end of its block
MAX_NESTING = 16  # list / quote levels on one line
RENDER_SECONDS = 2.0
NESTING = re.compile(r"^(?: {4}|\t|>[ \t]*|(?:[*+-]|\d{1,9}[.)])[ \t]+)*", re.MULTILINE)
NESTING_UNIT = re.compile(r" {4}|\t|>|[*+-][ \t]|\d{1,9}[.)][ \t]")
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


class MarkdownTooComplex(ValueError):
    """The text is too large, too nested or too slow to render; the message is safe to show."""


class RenderedMarkdown(NamedTuple):
    """What a lesson stores: body HTML, its table of contents and its length in words."""

    html: str
    toc_html: str
    word_count: int


def heading_slug(value: str, separator: str) -> str:
    """Prefixed heading ids, so a heading can never clobber a page element or global name."""
    from markdown.extensions.toc import slugify_unicode

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
    """A converter with the lesson extensions (attr_list is deliberately off).

    python-markdown is imported here, not at the top: pages show HTML rendered when the text
    was saved, so a web worker needs it only to save or preview (``app/warmup.py`` loads it in
    gunicorn's master, for its workers to share).
    """
    import markdown

    return markdown.Markdown(
        extensions=["tables", "fenced_code", "admonition", "toc", "sane_lists"],
        extension_configs={
            "toc": {"permalink": False, "toc_depth": "2-3", "slugify": heading_slug},
            "tables": {"use_align_attribute": True},
        },
        output_format="html",
    )


def deepest_nesting(text: str) -> int:
    """The most list, quote and indentation levels that open any one line (linear scan)."""
    return max(
        (len(NESTING_UNIT.findall(match.group(0))) for match in NESTING.finditer(text)),
        default=0,
    )


def check_markdown(text: str) -> None:
    """Refuse text whose rendering time is not bounded by its length."""
    if len(text) > MAX_MARKDOWN_CHARS:
        raise MarkdownTooComplex(
            f"The text is longer than {MAX_MARKDOWN_CHARS:,} characters; split it up."
        )
    if text.count("[") + text.count("<") > MAX_OPENERS:
        raise MarkdownTooComplex(
            f"The text has more than {MAX_OPENERS:,} '[' and '<' characters; "
            "write them as &#91; and &lt; or shorten the text."
        )
    if deepest_nesting(text) > MAX_NESTING:
        raise MarkdownTooComplex(f"Lists or quotes are nested more than {MAX_NESTING} levels deep.")


@contextmanager
def time_limit(seconds: float) -> Iterator[None]:
    """Interrupt the block after ``seconds`` (main thread only: signals go nowhere else)."""
    if threading.current_thread() is not threading.main_thread() or not hasattr(signal, "SIGALRM"):
        yield
        return

    def expire(signum: int, frame: object) -> None:
        raise MarkdownTooComplex("The text took too long to render; simplify it.")

    previous = signal.signal(signal.SIGALRM, expire)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


def render_markdown_strict(text: str) -> RenderedMarkdown:
    """Render and sanitise, or raise ``MarkdownTooComplex`` (previews and forms show it)."""
    check_markdown(text)
    converter = new_converter()
    try:
        with time_limit(RENDER_SECONDS):
            converted = converter.convert(text)
    except RecursionError as error:
        raise MarkdownTooComplex("The text is nested too deeply to render.") from error
    body = sanitise(converted)
    toc = sanitise(converter.toc) if getattr(converter, "toc_tokens", None) else ""  # type: ignore[attr-defined]
    return RenderedMarkdown(body, toc, count_words(body))


def render_markdown(text: str) -> RenderedMarkdown:
    """Render and sanitise; text that cannot be rendered safely is shown as escaped plain text."""
    try:
        return render_markdown_strict(text)
    except MarkdownTooComplex as error:
        log.warning("Markdown shown as plain text (%d characters): %s", len(text), error)
        body = "<p>" + html.escape(text[:MAX_MARKDOWN_CHARS]).replace("\n", "<br>") + "</p>"
        return RenderedMarkdown(body, "", count_words(body))
