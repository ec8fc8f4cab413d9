"""The studio's plain-text form of a conversation: `User:` / `Assistant:` paragraphs.

Each turn starts on a line beginning with ``User:`` or ``Assistant:`` (case-insensitive); the
lines after it, up to the next such line, continue that turn, blank lines included. So

    User: My dog ate chocolate.
    Assistant: How much, and what kind?
    User: A bar of dark chocolate.

is three turns. Text before the first marker is an error the validator reports as a turn with
an unknown role, so nothing typed is silently dropped.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from typing import Any, Final

_MARKER: Final = re.compile(r"^(user|assistant)\s*:\s?(.*)$", re.IGNORECASE)


def parse_transcript(text: str) -> list[dict[str, str]]:
    """Turn the textarea's text into conversation turns (an empty text gives no turns)."""
    turns: list[dict[str, Any]] = []
    for line in text.replace("\r\n", "\n").split("\n"):
        match = _MARKER.match(line)
        if match:
            turns.append({"role": match.group(1).lower(), "lines": [match.group(2)]})
        elif turns:
            turns[-1]["lines"].append(line)
        elif line.strip():
            turns.append({"role": "unknown", "lines": [line]})
    return [{"role": t["role"], "text": "\n".join(t["lines"]).strip()} for t in turns]


def format_transcript(turns: Sequence[Mapping[str, str]]) -> str:
    """Write turns in the textarea's format (the inverse of `parse_transcript`)."""
    return "\n".join(f"{t['role'].capitalize()}: {t['text']}" for t in turns)
