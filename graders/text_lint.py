"""Markdown lints for item text: code outside fences and lists glued to a paragraph.

Both render wrongly (issue 17): shell lines outside a ``` fence are reflowed into a paragraph,
and a list line right after a paragraph line is joined into that paragraph. They are warnings,
not errors: a line can look like code and still be prose.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping
from typing import Any, Final

_FENCE: Final = re.compile(r"^\s*(```|~~~)")
_LIST: Final = re.compile(r"^\s*(?:[-*+]\s+\S|\d{1,2}[.)]\s+\S)")
_CODE: Final = re.compile(
    r"^\s*(?:\$ \S|sudo\s|pip3? install\s|npm\s|git\s\w|cd\s+[~/.\w]|ls(?:\s+-|\s*$)|rm\s+-|"
    r"chmod\s|chown\s|curl\s|wget\s|apt(?:-get)?\s|brew\s|python3?\s+\S+\.py|"
    r"set\s+-[euxo]|:\s+\"\$\{|find\s+[\"$./~]|echo\s+[\"$]|export\s+\w+=|mkdir\s+-?|"
    r"(?:cp|mv|docker|kubectl)\s+-?[\w\"$./~]+\s+\S|"
    r"def\s+\w+\(|class\s+\w+[:(]|import\s+\w+\s*$|from\s+[\w.]+\s+import\s|#include\s|"
    r"(?:SELECT|INSERT|UPDATE|DELETE)\s.+\b(?:FROM|INTO|SET|WHERE)\b|"
    r"(?:const|let|var)\s+\w+\s*=|function\s+\w+\s*\(|console\.log\(|print\(|"
    r"[\w.\[\]]+\s*=\s*[\w.\"'(\[{]\S*[;)]?$|[{}]\s*$)"
)
# Fields whose text is rendered as Markdown to the student.
TEXT_FIELDS: Final = ("prompt", "rationale", "gold_correction", "gold_reference")


def _lines_outside_fences(text: str) -> Iterator[tuple[int, str, str]]:
    """Yield (line number, line, previous line) for lines outside fenced code blocks."""
    fenced = False
    previous = ""
    for number, line in enumerate(text.splitlines(), start=1):
        if _FENCE.match(line):
            fenced = not fenced
            previous = ""
            continue
        if not fenced:
            yield number, line, previous
        previous = line


def _glued_list(line: str, previous: str) -> bool:
    """Say whether a list line directly follows a non-list paragraph line."""
    if not _LIST.match(line) or not previous.strip() or _LIST.match(previous):
        return False
    return not previous.startswith((" ", "\t"))


def lint_text(text: str) -> list[str]:
    """Return warnings for unfenced code lines and lists glued to a paragraph line."""
    warnings = []
    for number, line, previous in _lines_outside_fences(text):
        if line.startswith(("    ", "\t")):
            continue  # an indented code block renders as code
        if _CODE.match(line):
            warnings.append(f"line {number} looks like code outside a ``` fence: {line.strip()!r}")
        elif _glued_list(line, previous):
            warnings.append(
                f"line {number} starts a list right after a paragraph line; "
                "put a blank line before the list"
            )
    return warnings


def _texts(data: Mapping[str, Any]) -> Iterator[tuple[str, str]]:
    """Yield (where, text) for every Markdown text of an item."""
    for key in TEXT_FIELDS:
        if isinstance(data.get(key), str):
            yield key, data[key]
    for i, answer in enumerate(data.get("answers") or ()):
        if isinstance(answer, Mapping) and isinstance(answer.get("text"), str):
            yield f"answers[{i}].text", answer["text"]
    for i, turn in enumerate(data.get("conversation") or ()):
        if isinstance(turn, Mapping) and isinstance(turn.get("text"), str):
            yield f"conversation[{i}].text", turn["text"]


def lint_item(data: Mapping[str, Any]) -> list[str]:
    """Return `where: warning` lines for every Markdown text of an item."""
    return [f"{where}: {w}" for where, text in _texts(data) for w in lint_text(text)]
