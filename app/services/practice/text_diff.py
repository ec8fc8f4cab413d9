"""Word-level differences between two texts, for correction feedback (server-side, difflib).

The student's rewrite and the expert correction are each shown against the chatbot's original
answer: inserted words in <ins>, deleted words in <del>, each with visually hidden words so a
screen reader says what changed (most announce neither element by default).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from difflib import SequenceMatcher
from typing import Literal

from markupsafe import Markup, escape

TOKEN = re.compile(r"\s+|[^\s]+")

Op = Literal["equal", "insert", "delete"]


@dataclass(frozen=True)
class Segment:
    """A run of text that is unchanged, inserted or deleted."""

    op: Op
    text: str


def _tokens(text: str) -> list[str]:
    """Words and the whitespace between them (joined again, they give the text back)."""
    return TOKEN.findall(text.replace("\r\n", "\n"))


def _append(segments: list[Segment], op: Op, text: str) -> None:
    """Add a run, merging it into the previous one of the same kind."""
    if not text:
        return
    if segments and segments[-1].op == op:
        segments[-1] = Segment(op, segments[-1].text + text)
    else:
        segments.append(Segment(op, text))


# An unchanged run of at most this many words between two changes joins them, so a rewritten
# sentence reads as one deletion and one insertion rather than alternating fragments.
ABSORBED_WORDS = 2


def _blocks(old: list[str], new: list[str]) -> list[tuple[str, str, str]]:
    """(kind, old text, new text) runs, with short unchanged runs between changes absorbed."""
    blocks: list[tuple[str, str, str]] = []
    for tag, i1, i2, j1, j2 in SequenceMatcher(None, old, new, autojunk=False).get_opcodes():
        kind = "equal" if tag == "equal" else "change"
        blocks.append((kind, "".join(old[i1:i2]), "".join(new[j1:j2])))
    merged: list[tuple[str, str, str]] = []
    for index, (kind, before, after) in enumerate(blocks):
        between_changes = 0 < index < len(blocks) - 1 and merged and merged[-1][0] == "change"
        if kind == "equal" and between_changes and len(before.split()) <= ABSORBED_WORDS:
            kind = "change"
        if kind == "change" and merged and merged[-1][0] == "change":
            _, old_text, new_text = merged.pop()
            before, after = old_text + before, new_text + after
        merged.append((kind, before, after))
    return merged


def word_diff(before: str, after: str) -> list[Segment]:
    """The runs that turn ``before`` into ``after``, word by word (a replacement is del + ins)."""
    segments: list[Segment] = []
    for kind, old_text, new_text in _blocks(_tokens(before or ""), _tokens(after or "")):
        if kind == "equal":
            _append(segments, "equal", old_text)
        else:
            _append(segments, "delete", old_text)
            _append(segments, "insert", new_text)
    return segments


def diff_counts(segments: list[Segment]) -> dict[str, int]:
    """How many words were inserted and deleted (a summary line above the diff)."""
    counts = {"insert": 0, "delete": 0}
    for segment in segments:
        if segment.op in counts:
            counts[segment.op] += len(segment.text.split())
    return counts


def diff_markup(segments: list[Segment], inserted: str, deleted: str, end: str) -> Markup:
    """The runs as escaped HTML with <ins>/<del> and visually hidden labels."""

    def hidden(text: str) -> Markup:
        return Markup('<span class="visually-hidden">{}</span>').format(text)

    parts = []
    for segment in segments:
        text = escape(segment.text)
        if segment.op == "insert":
            parts.append(Markup("<ins>{}{}{}</ins>").format(hidden(inserted), text, hidden(end)))
        elif segment.op == "delete":
            parts.append(Markup("<del>{}{}{}</del>").format(hidden(deleted), text, hidden(end)))
        else:
            parts.append(text)
    return Markup("").join(parts)
