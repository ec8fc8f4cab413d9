"""Errors raised while reading content files, located by file and line for authors."""

from __future__ import annotations

DataPath = tuple[str | int, ...]


def format_path(path: DataPath) -> str:
    """Render a data path as authors read it: ``quiz[1].options[0]``."""
    text = ""
    for part in path:
        text += f"[{part}]" if isinstance(part, int) else (f".{part}" if text else part)
    return text


class FieldError(ValueError):
    """A value in a parsed document breaks a rule; ``path`` locates it for a line number."""

    def __init__(self, path: DataPath, reason: str) -> None:
        super().__init__(reason)
        self.path = path
        self.reason = reason


class ContentError(ValueError):
    """A content file cannot be loaded; the message is ``file:line: reason``."""

    def __init__(self, path: str, line: int | None, reason: str) -> None:
        self.path = path
        self.line = line
        self.reason = reason
        super().__init__(str(self))

    def __str__(self) -> str:
        """``courses/x/03-foo.md:4: reason`` (the line is left out when unknown)."""
        where = f"{self.path}:{self.line}" if self.line is not None else self.path
        return f"{where}: {self.reason}"
