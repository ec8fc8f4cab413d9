"""Reading exercise bank files (``exercises/<pool>/<id>.yaml``) and checking them with line numbers.

This module only reads files: the one item validator lives in ``graders`` (shared with the
studio's authoring form) and storing items is ``app.services.practice.bank_sync``.
"""

from __future__ import annotations

import os
from collections.abc import Collection, Hashable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from app.content.yaml_source import SAFE_BASE
from graders import validate_bank, validate_item
from graders.validation import POOL_PREFIXES

PathKey = tuple[str | int, ...]


class LineMap(dict):  # type: ignore[type-arg]
    """A mapping that remembers the file line of each key and of itself."""

    line: int = 1
    key_lines: dict[Hashable, int]


class LineList(list):  # type: ignore[type-arg]
    """A sequence that remembers the file line of each entry."""

    line: int = 1
    item_lines: list[int]


class LineLoader(SAFE_BASE):  # type: ignore[valid-type,misc]
    """A safe loader whose mappings and sequences record 1-based line numbers."""

    def construct_mapping(self, node: yaml.MappingNode, deep: bool = False) -> LineMap:
        """Build a LineMap and refuse keys that appear twice (PyYAML keeps the last silently)."""
        self.flatten_mapping(node)
        mapping = LineMap()
        mapping.line = node.start_mark.line + 1
        mapping.key_lines = {}
        for key_node, value_node in node.value:
            key = self.construct_object(key_node, deep=deep)
            if not isinstance(key, Hashable):
                raise yaml.constructor.ConstructorError(
                    None, None, "a mapping key must be a plain value", key_node.start_mark
                )
            if key in mapping.key_lines:
                raise yaml.constructor.ConstructorError(
                    None, None, f"the key {key!r} appears twice", key_node.start_mark
                )
            mapping.key_lines[key] = key_node.start_mark.line + 1
            mapping[key] = self.construct_object(value_node, deep=deep)
        return mapping

    def construct_line_sequence(self, node: yaml.SequenceNode) -> LineList:
        """Build a LineList with the line of every entry."""
        sequence = LineList(self.construct_object(child, deep=True) for child in node.value)
        sequence.line = node.start_mark.line + 1
        sequence.item_lines = [child.start_mark.line + 1 for child in node.value]
        return sequence


LineLoader.add_constructor("tag:yaml.org,2002:map", LineLoader.construct_mapping)
LineLoader.add_constructor("tag:yaml.org,2002:seq", LineLoader.construct_line_sequence)


@dataclass(frozen=True)
class LoadedItem:
    """One item file: its plain data, the line of every key path, or the YAML error."""

    path: Path
    data: Any
    lines: Mapping[PathKey, int] = field(default_factory=dict)
    error: str | None = None

    def line_of(self, path: Sequence[str | int]) -> int:
        """The file line of the deepest part of ``path`` that exists (1 for the whole file)."""
        for end in range(len(path), 0, -1):
            line = self.lines.get(tuple(path[:end]))
            if line is not None:
                return line
        return self.lines.get((), 1)


def _flatten(value: Any, prefix: PathKey, lines: dict[PathKey, int]) -> Any:
    """Copy a parsed value into plain dicts and lists, recording each path's line."""
    if isinstance(value, LineMap):
        lines.setdefault(prefix, value.line)
        plain = {}
        for key, item in value.items():
            lines[(*prefix, key)] = value.key_lines[key]
            plain[key] = _flatten(item, (*prefix, key), lines)
        return plain
    if isinstance(value, LineList):
        lines.setdefault(prefix, value.line)
        result = []
        for index, (item, line) in enumerate(zip(value, value.item_lines, strict=True)):
            lines[(*prefix, index)] = line
            result.append(_flatten(item, (*prefix, index), lines))
        return result
    return value


def parse_item(text: str, path: Path) -> LoadedItem:
    """Parse one item's YAML text; a syntax error is kept with its line instead of raised."""
    try:
        parsed = yaml.load(text, Loader=LineLoader)  # noqa: S506 - LineLoader is a SafeLoader
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        line = mark.line + 1 if mark is not None else 1
        reason = getattr(error, "problem", None) or str(error)
        return LoadedItem(path, None, {(): line}, f"invalid YAML: {reason}")
    lines: dict[PathKey, int] = {(): 1}
    return LoadedItem(path, _flatten(parsed, (), lines), lines)


def load_pool(directory: Path | str) -> list[LoadedItem]:
    """Read every ``*.yaml`` item file of one pool folder, sorted by file name."""
    folder = Path(directory)
    return [
        parse_item(file.read_text(encoding="utf-8"), file)
        for file in sorted(folder.glob("*.yaml"))
        if file.is_file()
    ]


def display_path(path: Path) -> str:
    """A path as authors type it: relative to the working folder when inside it."""
    try:
        return os.path.relpath(path) if path.resolve().is_relative_to(Path.cwd()) else str(path)
    except ValueError:  # pragma: no cover - another drive on Windows
        return str(path)


def _message(item: LoadedItem, path: Sequence[str | int], reason: str) -> str:
    """Format one problem as ``file:line: reason``."""
    return f"{display_path(item.path)}:{item.line_of(path)}: {reason}"


def item_problems(item: LoadedItem) -> list[str]:
    """Every problem of one file on its own: YAML, the shared validator, id versus file name."""
    if item.error is not None:
        return [_message(item, (), item.error)]
    messages = [_message(item, p.path, str(p)) for p in validate_item(item.data)]
    if isinstance(item.data, Mapping) and item.data.get("id") != item.path.stem:
        messages.append(
            _message(
                item,
                ("id",),
                f"id: {item.data.get('id')!r} must equal the file name '{item.path.stem}'",
            )
        )
    return messages


def _owner(label: str, pool_items: Mapping[str, list[LoadedItem]]) -> LoadedItem | None:
    """The file a cross-item problem is about: the one breaking its pool's prefix, else the last."""
    owners = [
        (pool, item)
        for pool, items in pool_items.items()
        for item in items
        if isinstance(item.data, Mapping) and item.data.get("id") == label
    ]
    if not owners:
        return None
    wrong_prefix = [i for pool, i in owners if not label.startswith(POOL_PREFIXES[pool])]
    return (wrong_prefix or [owners[-1][1]])[0]


def bank_problems(
    pools: Mapping[str, list[LoadedItem]], lessons: Collection[str] | None = None
) -> list[str]:
    """Cross-item problems (unique ids, disjoint pools, id prefixes), each at its file and line."""
    data = {pool: [i.data for i in items if i.error is None] for pool, items in pools.items()}
    messages = []
    for label, problem in validate_bank(data, lessons):
        owner = _owner(label, pools)
        if owner is None:
            messages.append(f"{label}: {problem}")
        else:
            messages.append(_message(owner, problem.path, str(problem)))
    return messages


def load_bank(practice_dir: Path | str, exam_dir: Path | str) -> dict[str, list[LoadedItem]]:
    """Both pools' files, keyed by pool name."""
    return {"practice": load_pool(practice_dir), "exam": load_pool(exam_dir)}


def check_loaded(
    pools: Mapping[str, list[LoadedItem]],
    folders: Mapping[str, Path],
    lessons: Collection[str] | None = None,
) -> list[str]:
    """Every problem of already loaded pools, missing folders first."""
    messages = [
        f"{display_path(folder)}: the {pool} folder does not exist"
        for pool, folder in folders.items()
        if not folder.is_dir()
    ]
    for items in pools.values():
        for item in items:
            messages += item_problems(item)
    return messages + bank_problems(pools, lessons)


def check_bank(practice_dir: Path | str, exam_dir: Path | str) -> list[str]:
    """Every problem of the bank as ``file:line: reason`` messages; [] when it is sound."""
    folders = {"practice": Path(practice_dir), "exam": Path(exam_dir)}
    return check_loaded(load_bank(practice_dir, exam_dir), folders)


__all__ = [
    "LineLoader",
    "LoadedItem",
    "check_bank",
    "check_loaded",
    "item_problems",
    "load_bank",
    "load_pool",
    "parse_item",
]
