"""Loading the ``courses/`` folder into the database, idempotently.

All files are read and validated first; the database is touched only when every file is valid.
A lesson whose file disappeared is unpublished, never deleted, so students keep their progress.
A lesson edited in the browser keeps that edit until its file changes again.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import select

from app.content import CourseFile, LessonFile, ModuleFile, load_courses
from app.models import Course, GuidelinesVersion, Lesson, Module, db
from app.services.learning.lesson_languages import sync_course_languages
from app.services.learning.lessons import LessonContent, store_lesson_content


@dataclass
class SyncReport:
    """Counts of what a sync did; lessons and courses are counted separately."""

    created: int = 0
    updated: int = 0
    unchanged: int = 0
    unpublished: int = 0
    courses_created: int = 0
    courses_updated: int = 0
    courses_unpublished: int = 0
    guidelines_created: int = 0
    versions_written: int = 0  # lesson versions in other languages written

    @property
    def has_changes(self) -> bool:
        """False when the database already matched the files."""
        return any(
            (
                self.created,
                self.updated,
                self.unpublished,
                self.courses_created,
                self.courses_updated,
                self.courses_unpublished,
                self.guidelines_created,
                self.versions_written,
            )
        )

    def summary(self) -> str:
        """One line for the CLI and ``school demo``."""
        line = (
            f"courses: {self.courses_created} created, {self.courses_updated} updated, "
            f"{self.courses_unpublished} unpublished; lessons: {self.created} created, "
            f"{self.updated} updated, {self.unchanged} unchanged, {self.unpublished} unpublished"
        )
        if self.versions_written:
            line += f"; {self.versions_written} lesson versions in other languages written"
        if self.guidelines_created:
            line += f"; {self.guidelines_created} guidelines versions added"
        return line


def sync_courses(root: Path) -> SyncReport:
    """Make the database match ``root``; raises ContentError (database untouched) on a bad file."""
    files = load_courses(root)
    report = SyncReport()
    for course_file in files:
        course = sync_course(course_file, report)
        modules = sync_modules(course, course_file.modules)
        sync_lessons(course, course_file.lessons, modules, report)
        counts = sync_course_languages(course, course_file.languages)
        report.versions_written += counts.written
        drop_unused_modules(course, set(modules))
        ensure_guidelines_version(course_file, report)
    unpublish_missing_courses({course_file.slug for course_file in files}, report)
    db.session.flush()
    return report


def sync_course(course_file: CourseFile, report: SyncReport) -> Course:
    """Create or update the course row."""
    course = db.session.scalar(select(Course).where(Course.slug == course_file.slug))
    if course is None:
        course = Course(slug=course_file.slug)
        db.session.add(course)
        report.courses_created += 1
    elif course.source_hash != course_file.source_hash or not course.is_published:
        report.courses_updated += 1
    else:
        return course
    course.title = course_file.title
    course.summary = course_file.summary
    course.level = course_file.level
    course.guidelines_version = course_file.guidelines_version
    course.source_hash = course_file.source_hash
    course.is_published = True
    db.session.flush()
    return course


def sync_modules(course: Course, module_files: Iterable[ModuleFile]) -> dict[str, Module]:
    """Create or update the modules listed in course.yaml, keyed by slug."""
    existing = {module.slug: module for module in course.modules}
    wanted: dict[str, Module] = {}
    for module_file in module_files:
        module = existing.pop(module_file.slug, None) or Module(slug=module_file.slug)
        module.title = module_file.title
        module.position = module_file.position
        if module.id is None:
            course.modules.append(module)
        wanted[module_file.slug] = module
    db.session.flush()
    return wanted


def drop_unused_modules(course: Course, listed: set[str]) -> None:
    """A module removed from course.yaml goes once no lesson (even unpublished) points at it."""
    for module in list(course.modules):
        if module.slug in listed:
            continue
        in_use = db.session.scalar(select(Lesson.id).where(Lesson.module_id == module.id))
        if in_use is None:
            course.modules.remove(module)


def sync_lessons(
    course: Course,
    lesson_files: Iterable[LessonFile],
    modules: dict[str, Module],
    report: SyncReport,
) -> None:
    """Create, update or unpublish the course's lessons."""
    existing = {
        lesson.slug: lesson
        for lesson in db.session.scalars(select(Lesson).where(Lesson.course_id == course.id))
    }
    for lesson_file in lesson_files:
        lesson = existing.pop(lesson_file.slug, None)
        if lesson is None:
            report.created += 1
            lesson = Lesson(course_id=course.id, slug=lesson_file.slug)
        elif lesson.source_hash == lesson_file.source_hash and lesson.is_published:
            report.unchanged += 1
            continue
        else:
            report.updated += 1
        apply_lesson_file(lesson, lesson_file, modules[lesson_file.module])
    for lesson in existing.values():
        if lesson.is_published:
            lesson.is_published = False
            report.unpublished += 1


def apply_lesson_file(lesson: Lesson, lesson_file: LessonFile, module: Module) -> None:
    """Copy a lesson file onto its row and store the new content as a version by nobody."""
    lesson.module_id = module.id
    lesson.position = lesson_file.order
    lesson.objectives = list(lesson_file.objectives)
    lesson.criteria = list(lesson_file.criteria)
    lesson.source_hash = lesson_file.source_hash
    lesson.is_published = True
    content = LessonContent(
        lesson_file.title, lesson_file.minutes, lesson_file.body, lesson_file.quiz
    )
    store_lesson_content(lesson, content, author=None, source="file")


def ensure_guidelines_version(course_file: CourseFile, report: SyncReport) -> None:
    """Certificates record the guidelines version; make sure a row exists for it."""
    found = db.session.scalar(
        select(GuidelinesVersion.id).where(
            GuidelinesVersion.course_slug == course_file.slug,
            GuidelinesVersion.version == course_file.guidelines_version,
        )
    )
    if found is None:
        db.session.add(
            GuidelinesVersion(course_slug=course_file.slug, version=course_file.guidelines_version)
        )
        report.guidelines_created += 1


def unpublish_missing_courses(present: set[str], report: SyncReport) -> None:
    """A course folder that disappeared is hidden with its lessons (progress is kept)."""
    for course in db.session.scalars(select(Course).where(Course.is_published.is_(True))):
        if course.slug in present:
            continue
        course.is_published = False
        report.courses_unpublished += 1
        for lesson in db.session.scalars(
            select(Lesson).where(Lesson.course_id == course.id, Lesson.is_published.is_(True))
        ):
            lesson.is_published = False
            report.unpublished += 1
