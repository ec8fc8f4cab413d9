"""Validation problems and the small field checks every validator module shares."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

Path = tuple[str | int, ...]


@dataclass(frozen=True, slots=True)
class Problem:
    """One thing wrong with an item, located by a path of keys and list indices."""

    path: Path
    message: str

    @property
    def where(self) -> str:
        """Render the path as `answers[2].labels`, for CLI output and form errors."""
        text = ""
        for part in self.path:
            text += f"[{part}]" if isinstance(part, int) else (f".{part}" if text else part)
        return text

    def __str__(self) -> str:
        """Render as `where: message`, or just the message for whole-item problems."""
        return f"{self.where}: {self.message}" if self.path else self.message


def is_int(value: Any) -> bool:
    """Say whether `value` is a real integer; YAML booleans are not numbers here."""
    return isinstance(value, int) and not isinstance(value, bool)


def check_text(data: Mapping[str, Any], key: str, path: Path = ()) -> list[Problem]:
    """Require `data[key]` to be a string with visible content."""
    if key not in data:
        return [Problem((*path, key), f"missing required field '{key}'")]
    value = data[key]
    if not isinstance(value, str):
        return [Problem((*path, key), f"'{key}' must be text, not {type_name(value)}")]
    if not value.strip():
        return [Problem((*path, key), f"'{key}' must not be empty")]
    return []


def check_keys(data: Mapping[str, Any], allowed: tuple[str, ...], path: Path) -> list[Problem]:
    """Report keys outside `allowed`, which are usually typos."""
    return [Problem((*path, key), f"unknown field '{key}'") for key in data if key not in allowed]


def type_name(value: Any) -> str:
    """Name a value's type in the words an author would use."""
    names = {
        bool: "true/false",
        int: "a number",
        float: "a number",
        str: "text",
        list: "a list",
        dict: "a mapping",
        type(None): "nothing",
    }
    return names.get(type(value), type(value).__name__)
