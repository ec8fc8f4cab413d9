"""What ``school courses check`` prints: lessons and words per course, and stale facts."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from typing import Final

from app.content.courses import CourseFile

_WORD: Final = re.compile(r"\w+(?:['’-]\w+)*")


@dataclass(frozen=True, slots=True)
class StaleFact:
    """A fact whose check is more than a year old, located by its lesson file."""

    path: str
    claim: str
    source: str
    checked_on: date


def course_lines(courses: Sequence[CourseFile]) -> list[str]:
    """One line per course: lessons, words of lesson text, dated facts."""
    lines = []
    for course in courses:
        words = sum(len(_WORD.findall(lesson.body)) for lesson in course.lessons)
        facts = sum(len(lesson.facts) for lesson in course.lessons)
        lines.append(
            f"{course.slug} [en]: {len(course.lessons)} lessons, {words:,} words, "
            f"{facts} dated facts"
        )
        for code, version in sorted(course.languages.items()):
            words = sum(len(_WORD.findall(lesson.body)) for lesson in version.lessons)
            facts = sum(len(lesson.facts) for lesson in version.lessons)
            missing = len(course.lessons) - len(version.lessons)
            lines.append(
                f"{course.slug} [{code}]: {len(version.lessons)} lessons, {words:,} words, "
                f"{facts} dated facts; {missing} lessons not yet in this language"
            )
    return lines


def stale_facts(courses: Sequence[CourseFile], today: date) -> list[StaleFact]:
    """Every fact checked more than a year before `today`, oldest first."""
    found = [
        StaleFact(lesson.path, fact.claim, fact.source, fact.checked_on)
        for course in courses
        for lessons in (course.lessons, *(v.lessons for v in course.languages.values()))
        for lesson in lessons
        for fact in lesson.facts
        if fact.is_stale(today)
    ]
    return sorted(found, key=lambda f: (f.checked_on, f.path))
