"""YAML documents that remember where each value came from, so errors can name a line."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

import yaml

from app.content.errors import ContentError, DataPath, FieldError

FENCE = re.compile(r"^---[ \t]*$")

# libyaml's parser where PyYAML was built with it: the pure-Python one was over half of a bank
# sync (4 of 7 s for the 703 items) and five sixths of parsing the courses' front matter. Both
# give the same data and nodes with the same marks, and both refuse control characters.
SAFE_BASE: type[yaml.SafeLoader] = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


@dataclass(frozen=True)
class YamlDocument:
    """Parsed data plus its node tree; ``start_line`` is the file line reported for the root.

    ``first_line`` is the file line of the YAML text's first line. ``mount`` is a path prefix the
    data is known under (the edit form's quiz text is the lesson's ``quiz``).
    """

    data: Any
    root: yaml.Node | None
    display_path: str
    first_line: int = 1
    start_line: int = 1
    mount: DataPath = ()

    def line_of(self, path: DataPath) -> int:
        """The file line of the deepest node along ``path`` (the root: ``start_line``)."""
        if path[: len(self.mount)] == self.mount:
            path = path[len(self.mount) :]
        node, line = self.root, self.start_line
        for part in path:
            node = child_node(node, part)
            if node is None:
                break
            line = self.first_line + node.start_mark.line
        return line

    def error(self, problem: FieldError) -> ContentError:
        """Turn a located field problem into a file:line error."""
        return ContentError(self.display_path, self.line_of(problem.path), problem.reason)


def child_node(node: yaml.Node | None, part: str | int) -> yaml.Node | None:
    """The value node under a mapping key or at a sequence index, if present."""
    if isinstance(node, yaml.MappingNode) and isinstance(part, str):
        for key, value in node.value:
            if key.value == part:
                return value
    if isinstance(node, yaml.SequenceNode) and isinstance(part, int) and part < len(node.value):
        return node.value[part]
    return None


def duplicate_key(node: yaml.Node | None, seen: set[int] | None = None) -> yaml.Node | None:
    """The first key that appears twice in one mapping (PyYAML would silently keep the last).

    Each node is visited once, so aliases of aliases cannot make the walk explode.
    """
    seen = set() if seen is None else seen
    if node is None or id(node) in seen:
        return None
    seen.add(id(node))
    children: list[yaml.Node] = []
    if isinstance(node, yaml.MappingNode):
        names: set[object] = set()
        for key, value in node.value:
            name = key.value if isinstance(key, yaml.ScalarNode) else id(key)
            if name in names:
                return key
            names.add(name)
            children.append(value)
    elif isinstance(node, yaml.SequenceNode):
        children = list(node.value)
    for child in children:
        found = duplicate_key(child, seen)
        if found is not None:
            return found
    return None


def parse_yaml(
    text: str, display_path: str, first_line: int = 1, start_line: int = 1, mount: DataPath = ()
) -> YamlDocument:
    """Parse one YAML document safely; syntax errors become ContentError with the line."""
    loader: yaml.SafeLoader | None = None
    try:
        loader = SAFE_BASE(text)  # rejects control characters at once
        root = loader.get_single_node()
        data = loader.construct_document(root) if root is not None else None
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        line = first_line + mark.line if mark is not None else start_line
        reason = getattr(error, "problem", None) or str(error)
        context, context_mark = (
            getattr(error, "context", None),
            getattr(error, "context_mark", None),
        )
        if context and context_mark is not None:
            reason += f" ({context} started on line {first_line + context_mark.line})"
        raise ContentError(display_path, line, f"invalid YAML: {reason}") from error
    finally:
        if loader is not None:
            loader.dispose()
    duplicate = duplicate_key(root)
    if duplicate is not None:
        line = first_line + duplicate.start_mark.line
        raise ContentError(display_path, line, f"the key '{duplicate.value}' appears twice")
    return YamlDocument(data, root, display_path, first_line, start_line, mount)


def split_front_matter(text: str, display_path: str) -> tuple[str, str, int]:
    """Split ``---`` front matter from the body: (yaml text, body, body's first file line)."""
    lines = text.lstrip("\ufeff").splitlines(keepends=True)
    if not lines or not FENCE.match(lines[0].rstrip("\r\n")):
        raise ContentError(display_path, 1, "the file must start with a '---' front matter line")
    for index in range(1, len(lines)):
        if FENCE.match(lines[index].rstrip("\r\n")):
            return "".join(lines[1:index]), "".join(lines[index + 1 :]), index + 2
    raise ContentError(display_path, 1, "the front matter has no closing '---' line")
