"""Language versions of a course: ``courses/<course>/<lang>/`` beside the original files.

A language folder holds its own ``course.yaml`` (title, summary and module titles in that
language) and lesson files named exactly like the originals. A version is the same lesson in
another language, so its slug, module, order and criteria must equal the original's; progress is
shared. Its quiz is written natively like the rest of it (its own examples), so a quiz is graded
in the language it was answered in. A language folder may be incomplete; the studio lists what
is missing or older than the original.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from app.content.courses import (
    CourseFile,
    LessonFile,
    course_from_data,
    display_path,
    load_lesson,
    read_text,
)
from app.content.errors import ContentError, FieldError
from app.content.yaml_source import parse_yaml

LANGUAGE_FOLDER = re.compile(r"[a-z]{2}")


@dataclass(frozen=True)
class CourseLanguageFile:
    """One language folder of a course: its catalogue text and the lessons written in it."""

    language: str
    path: str
    title: str
    summary: str
    module_titles: dict[str, str]
    lessons: tuple[LessonFile, ...]
    source_hash: str


def _check_same_lesson(version: LessonFile, original: LessonFile | None) -> None:
    """A lesson version matches an original lesson's structure (see the module docstring)."""
    if original is None:
        raise ContentError(version.path, None, "no original lesson has this file name")
    for name in ("slug", "module", "order"):
        if getattr(version, name) != getattr(original, name):
            raise ContentError(
                version.path, None, f"{name} must equal the original lesson's ({original.path})"
            )
    if set(version.criteria) != set(original.criteria):
        raise ContentError(version.path, None, f"criteria must equal {original.path}'s")


def _load_language(folder: Path, base: Path, course: CourseFile) -> CourseLanguageFile:
    """Read and check one language folder against the original course."""
    course_path = folder / "course.yaml"
    shown = display_path(course_path, base)
    if not course_path.is_file():
        raise ContentError(shown, None, "a language folder needs its own course.yaml")
    text, digest = read_text(course_path, shown)
    doc = parse_yaml(text, shown)
    try:
        fields = course_from_data(doc.data, folder.parent)
    except FieldError as problem:
        raise doc.error(problem) from problem
    for name in ("level", "guidelines_version"):
        if fields[name] != getattr(course, name):
            raise ContentError(shown, None, f"{name} must equal the original course.yaml's")
    if [m.slug for m in fields["modules"]] != [m.slug for m in course.modules]:
        raise ContentError(shown, None, "modules must list the original's module slugs in order")
    originals = {Path(lesson.path).name: lesson for lesson in course.lessons}
    lessons = []
    for path in sorted(p for p in folder.iterdir() if p.suffix == ".md" and p.is_file()):
        lesson, _doc = load_lesson(path, display_path(path, base))
        _check_same_lesson(lesson, originals.get(path.name))
        lessons.append(lesson)
    return CourseLanguageFile(
        language=folder.name,
        path=shown,
        title=fields["title"],
        summary=fields["summary"],
        module_titles={m.slug: m.title for m in fields["modules"]},
        lessons=tuple(lessons),
        source_hash=digest,
    )


def load_course_languages(
    folder: Path, base: Path, course: CourseFile
) -> dict[str, CourseLanguageFile]:
    """Every ``<lang>/`` folder of a course, keyed by language code."""
    return {
        sub.name: _load_language(sub, base, course)
        for sub in sorted(folder.iterdir())
        if sub.is_dir() and LANGUAGE_FOLDER.fullmatch(sub.name)
    }
