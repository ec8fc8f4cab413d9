"""Reading ``courses/<slug>/`` folders (course.yaml plus NN-<slug>.md lessons) into dataclasses.

This module only reads and validates files; ``app.services.learning.course_sync`` stores them.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

import yaml

from app.content.errors import ContentError, FieldError
from app.content.facts import Fact, facts_from_data
from app.content.schema import (
    ModuleFile,
    QuizQuestion,
    check_keys,
    criteria_from_data,
    guidelines_from_data,
    level_from_data,
    modules_from_data,
    objectives_from_data,
    quiz_from_data,
    require,
    require_int,
    require_mapping,
    require_slug,
    require_text,
)
from app.content.yaml_source import YamlDocument, parse_yaml, split_front_matter

LESSON_FILE = re.compile(r"^(\d{2})-([a-z0-9]+(?:-[a-z0-9]+)*)\.md$")
COURSE_KEYS = ("slug", "title", "summary", "level", "guidelines_version", "modules")
LESSON_KEYS = (
    "title", "slug", "module", "order", "minutes", "objectives", "criteria", "quiz", "facts"
)


@dataclass(frozen=True)
class LessonFile:
    """One lesson file: front matter fields, the Markdown body and a hash of the file."""

    path: str
    slug: str
    title: str
    module: str
    order: int
    minutes: int
    objectives: tuple[str, ...]
    criteria: tuple[str, ...]
    quiz: tuple[QuizQuestion, ...]
    body: str
    source_hash: str
    facts: tuple[Fact, ...] = ()


@dataclass(frozen=True)
class CourseFile:
    """One course folder: course.yaml fields, its modules and its lessons in order."""

    path: str
    slug: str
    title: str
    summary: str
    level: str
    guidelines_version: str
    modules: tuple[ModuleFile, ...]
    lessons: tuple[LessonFile, ...]
    source_hash: str
    # Language versions by code (app.content.course_languages.CourseLanguageFile).
    languages: dict[str, Any] = field(default_factory=dict)


def display_path(path: Path, base: Path) -> str:
    """A path relative to ``base`` for messages (``courses/x/03-foo.md``)."""
    try:
        return str(path.relative_to(base))
    except ValueError:
        return str(path)


def read_text(path: Path, shown: str) -> tuple[str, str]:
    """The file's text and the SHA-256 of its bytes."""
    try:
        raw = path.read_bytes()
        return raw.decode("utf-8"), hashlib.sha256(raw).hexdigest()
    except UnicodeDecodeError as error:
        raise ContentError(shown, None, "the file is not valid UTF-8") from error
    except OSError as error:
        raise ContentError(shown, None, f"cannot read the file: {error.strerror}") from error


def load_lesson(path: Path, shown: str) -> tuple[LessonFile, YamlDocument]:
    """Read one lesson file; its document is returned too for line numbers in later checks."""
    match = LESSON_FILE.match(path.name)
    if match is None:
        raise ContentError(shown, 1, "lesson files are named NN-<lesson-slug>.md")
    text, digest = read_text(path, shown)
    front, body, body_line = split_front_matter(text, shown)
    doc = parse_yaml(front, shown, first_line=2, start_line=1)
    try:
        lesson = lesson_from_data(doc.data, shown, body, digest)
        if lesson.slug != match.group(2):
            raise FieldError(("slug",), f"slug '{lesson.slug}' must equal the file name after NN-")
        if lesson.order != int(match.group(1)):
            raise FieldError(("order",), f"order {lesson.order} must equal the file's NN")
    except FieldError as problem:
        raise doc.error(problem) from problem
    if not body.strip():
        raise ContentError(shown, body_line, "the lesson has no Markdown body")
    return lesson, doc


def lesson_from_data(raw: Any, shown: str, body: str, digest: str) -> LessonFile:
    """Validate lesson front matter into a LessonFile."""
    data = require_mapping(raw, ())
    check_keys(data, (), LESSON_KEYS)
    return LessonFile(
        path=shown,
        slug=require_slug(data, (), "slug"),
        title=require_text(data, (), "title"),
        module=require_slug(data, (), "module"),
        order=require_int(data, (), "order"),
        minutes=require_int(data, (), "minutes"),
        objectives=objectives_from_data(data),
        criteria=criteria_from_data(data),
        quiz=quiz_from_data(require(data, (), "quiz")),
        body=body.strip() + "\n",
        source_hash=digest,
        facts=facts_from_data(data),
    )


def course_from_data(raw: Any, folder: Path) -> dict[str, Any]:
    """Validate course.yaml into the CourseFile fields other than lessons."""
    data = require_mapping(raw, ())
    check_keys(data, (), COURSE_KEYS)
    slug = require_slug(data, (), "slug")
    if slug != folder.name:
        raise FieldError(("slug",), f"slug '{slug}' must equal the folder name '{folder.name}'")
    return {
        "slug": slug,
        "title": require_text(data, (), "title"),
        "summary": require_text(data, (), "summary"),
        "level": level_from_data(data),
        "guidelines_version": guidelines_from_data(data),
        "modules": modules_from_data(data),
    }


def check_lesson_set(
    pairs: Sequence[tuple[LessonFile, YamlDocument]], modules: Sequence[ModuleFile]
) -> None:
    """Orders run 1..N without repeats, slugs are unique, modules exist."""
    module_slugs = {module.slug for module in modules}
    seen_slugs: set[str] = set()
    for position, (lesson, doc) in enumerate(pairs, start=1):
        if lesson.module not in module_slugs:
            problem = FieldError(("module",), f"module '{lesson.module}' is not in course.yaml")
            raise doc.error(problem)
        if lesson.slug in seen_slugs:
            raise doc.error(FieldError(("slug",), f"slug '{lesson.slug}' is used twice"))
        seen_slugs.add(lesson.slug)
        if lesson.order != position:
            reason = (
                f"order {lesson.order} is used twice"
                if position > 1 and pairs[position - 2][0].order == lesson.order
                else f"orders must run 1..{len(pairs)} without gaps; expected {position} here"
            )
            raise doc.error(FieldError(("order",), reason))


def load_course(folder: Path, base: Path | None = None) -> CourseFile:
    """Read one course folder; raises ContentError at the first problem."""
    base = base if base is not None else folder.parent.parent
    course_path = folder / "course.yaml"
    shown = display_path(course_path, base)
    if not course_path.is_file():
        raise ContentError(shown, None, "the course folder has no course.yaml")
    text, digest = read_text(course_path, shown)
    doc = parse_yaml(text, shown)
    try:
        fields = course_from_data(doc.data, folder)
    except FieldError as problem:
        raise doc.error(problem) from problem
    files = sorted(p for p in folder.iterdir() if p.suffix == ".md" and p.is_file())
    pairs = [load_lesson(path, display_path(path, base)) for path in files]
    pairs.sort(key=lambda pair: pair[0].order)
    check_lesson_set(pairs, fields["modules"])
    lessons = tuple(lesson for lesson, _doc in pairs)
    course = CourseFile(path=shown, lessons=lessons, source_hash=digest, **fields)
    from app.content.course_languages import load_course_languages

    languages = load_course_languages(folder, base, course)
    return replace(course, languages=languages) if languages else course


def load_courses(root: Path) -> tuple[CourseFile, ...]:
    """Read every course folder under ``root`` (all of them, or raise at the first problem)."""
    if not root.is_dir():
        raise ContentError(str(root), None, "the courses folder does not exist")
    folders = sorted(p for p in root.iterdir() if p.is_dir() and not p.name.startswith((".", "_")))
    return tuple(load_course(folder, root.parent) for folder in folders)


def parse_quiz_yaml(text: str) -> tuple[QuizQuestion, ...]:
    """Validate a quiz typed as YAML (the edit form) with the same rules as lesson files."""
    doc = parse_yaml(text, "quiz", mount=("quiz",))
    try:
        return quiz_from_data(doc.data, ("quiz",))
    except FieldError as problem:
        raise doc.error(problem) from problem


def quiz_to_yaml(quiz: Sequence[Mapping[str, Any]]) -> str:
    """A stored quiz as YAML text for the edit form."""
    return yaml.safe_dump(list(quiz), sort_keys=False, allow_unicode=True, width=100)
