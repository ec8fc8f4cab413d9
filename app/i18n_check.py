"""Finding interface text that is not marked for translation, in templates and Python.

Templates: every Jinja construct is blanked out, and what remains is parsed as HTML; a text node
or a user-facing attribute (title, alt, placeholder, aria-label, a button's value) that still
holds words was written as a literal and will not be translated. Python: string literals passed
straight to the calls that put text in front of users (``flash``, ``abort`` descriptions, form
field labels, validator messages, ``ValidationError``) instead of through ``_``/``_l``.
"""

from __future__ import annotations

import ast
import re
from collections.abc import Iterable
from dataclasses import dataclass
from html.parser import HTMLParser
from pathlib import Path

JINJA = re.compile(r"{{.*?}}|{%.*?%}|{#.*?#}", re.DOTALL)
WORDS = re.compile(r"[^\W\d_]{2,}")
SHOWN_ATTRIBUTES = frozenset({"title", "alt", "placeholder", "aria-label", "aria-description"})
SKIPPED_ELEMENTS = frozenset({"script", "style", "code", "pre", "svg"})
# Text that is the same in every language: names, formats and symbols.
NOT_TRANSLATED = frozenset(
    {"AT", "JSON", "PDF", "CSV", "SVG", "URL", "API", "OK", "ID", "YAML", "Markdown", "SQL",
     "Open Badges", "English", "Русский", "kappa", "alpha", "AI Trainer School"}
)
SHOWN_CALLS = frozenset({"flash", "ValidationError"})
# Exceptions whose message a page shows to a student, instructor or recruiter (views render
# ``_(str(error))``). Content-file and command-line errors are for developers and stay English.
SHOWN_ERRORS = frozenset(
    {"AccountError", "ExamError", "StaleRevision", "ExamClosed", "FlagError",
     "CertificateError", "LessonNotReady", "PracticeError", "CohortError",
     "UnreadableCredential", "ReviewError", "MarkingError", "CalibrationError",
     "AuthoringError"}
)


@dataclass(frozen=True, order=True)
class Unmarked:
    """One piece of text a user would see untranslated."""

    path: str
    line: int
    text: str

    def __str__(self) -> str:
        return f"{self.path}:{self.line}: {self.text!r}"


CODE_LIKE = re.compile(r"[\w-]+(?:\.[\w-]+)+|[A-Z0-9]+(?:-[A-Z0-9]+)+|UTC")


def _needs_translation(text: str) -> bool:
    """Words remain once names, codes (certificate.revoke, ATS-7KQ2) and symbols are set aside."""
    cleaned = text.strip()
    if cleaned in NOT_TRANSLATED or CODE_LIKE.fullmatch(cleaned):
        return False
    return bool(WORDS.search(cleaned))


class _TextFinder(HTMLParser):
    """Collects literal text nodes and shown attributes of a template skeleton."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.found: list[tuple[int, str]] = []
        self.skipping = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in SKIPPED_ELEMENTS:
            self.skipping += 1
        values = dict(attrs)
        shown = set(SHOWN_ATTRIBUTES)
        if tag == "input" and values.get("type") in ("submit", "button"):
            shown.add("value")
        for name, value in attrs:
            if name in shown and value and _needs_translation(value):
                self.found.append((self.getpos()[0], value.strip()))

    def handle_endtag(self, tag: str) -> None:
        if tag in SKIPPED_ELEMENTS and self.skipping:
            self.skipping -= 1

    def handle_data(self, data: str) -> None:
        if not self.skipping and _needs_translation(data):
            self.found.append((self.getpos()[0], " ".join(data.split())))


def unmarked_in_template(source: str, shown_path: str) -> list[Unmarked]:
    """Literal text in one template (see the module docstring)."""
    # A blank keeps tags parseable (<tr{% if x %} class="y"{% endif %}>) and lines in place.
    skeleton = JINJA.sub(lambda m: " " + "\n" * m.group(0).count("\n"), source)
    finder = _TextFinder()
    finder.feed(skeleton)
    finder.close()
    return [Unmarked(shown_path, line, text) for line, text in finder.found]


def _call_name(node: ast.Call) -> str:
    """``flash`` for ``flash(...)``, ``StringField`` for ``wtforms.StringField(...)``."""
    func = node.func
    return func.attr if isinstance(func, ast.Attribute) else getattr(func, "id", "")


def _literal(node: ast.AST | None) -> str | None:
    """The text of a plain string literal or f-string, else None (marked text is a call)."""
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return node.value
    if isinstance(node, ast.JoinedStr):
        return "".join(v.value for v in node.values if isinstance(v, ast.Constant))
    return None


def _shown_arguments(node: ast.Call) -> Iterable[ast.AST]:
    """The arguments of a call whose text a user reads."""
    name = _call_name(node)
    if (name in SHOWN_CALLS or name in SHOWN_ERRORS) and node.args:
        yield node.args[0]
    if name == "abort" and len(node.args) > 1:
        yield node.args[1]
    if name.endswith("Field") and node.args:
        yield node.args[0]  # the label
    for keyword in node.keywords:
        if keyword.arg in ("label", "description", "message") or (
            keyword.arg == "description" and name == "abort"
        ):
            yield keyword.value


def unmarked_in_python(source: str, shown_path: str) -> list[Unmarked]:
    """Literal text given to a call that shows it (see the module docstring)."""
    found = []
    for node in ast.walk(ast.parse(source)):
        if not isinstance(node, ast.Call):
            continue
        for argument in _shown_arguments(node):
            text = _literal(argument)
            if text is not None and _needs_translation(text):
                found.append(Unmarked(shown_path, argument.lineno, text))
    return found


def unmarked_in_tree(root: Path) -> list[Unmarked]:
    """Every unmarked text under ``root`` (an ``app/`` folder): templates and Python."""
    found: list[Unmarked] = []
    for path in sorted(root.rglob("*.html")):
        shown = str(path.relative_to(root.parent))
        found += unmarked_in_template(path.read_text(encoding="utf-8"), shown)
    for path in sorted(root.rglob("*.py")):
        shown = str(path.relative_to(root.parent))
        found += unmarked_in_python(path.read_text(encoding="utf-8"), shown)
    return sorted(found)


PLACEHOLDER = re.compile(r"%\((\w+)\)[sd]")


def catalogue_problems(wanted: Iterable[object], catalogue: object) -> list[str]:
    """What a translated catalogue lacks for the extracted messages ``wanted``.

    ``wanted`` are messages of the extracted template (``babel`` ``Message`` objects) and
    ``catalogue`` the language's ``Catalog``. Each must be present, translated in every plural
    form, not fuzzy, and keep the original's ``%(name)s`` placeholders.
    """
    problems = []
    for message in wanted:
        key = message.id  # type: ignore[attr-defined]
        if not key:
            continue
        shown = key[0] if isinstance(key, tuple) else key
        found = catalogue.get(key)  # type: ignore[attr-defined]
        if found is None:
            problems.append(f"missing: {shown!r}")
            continue
        forms = found.string if isinstance(found.string, tuple) else (found.string,)
        if not all(forms):
            problems.append(f"untranslated: {shown!r}")
        elif found.fuzzy:
            problems.append(f"fuzzy: {shown!r}")
        elif any(set(PLACEHOLDER.findall(f)) - set(PLACEHOLDER.findall(shown)) for f in forms):
            problems.append(f"unknown placeholder in the translation of {shown!r}")
        elif not isinstance(key, tuple) and set(PLACEHOLDER.findall(forms[0])) != set(
            PLACEHOLDER.findall(shown)
        ):
            problems.append(f"placeholders differ in the translation of {shown!r}")
    return problems
