"""Language versions of courses and lessons: storing them from files and reading them for pages.

A version is text only (title, objectives, quiz, rendered body); the lesson row, its progress and
its analytics are shared by every language. A page asks for the version in the reader's language
and falls back to the original (English) when there is none.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from sqlalchemy import select

from app.content import quiz_to_data
from app.models import Course, CourseTranslation, Lesson, LessonTranslation, db, utcnow
from app.services.common.markdown_render import render_markdown

ORIGINAL_LANGUAGE = "en"


@dataclass(frozen=True)
class LanguageSyncCounts:
    """What a sync did to language versions."""

    written: int = 0
    unchanged: int = 0
    removed: int = 0


def sync_course_languages(course: Course, languages: dict[str, object]) -> LanguageSyncCounts:
    """Store each language folder of ``course`` (``CourseLanguageFile``s keyed by code).

    A lesson version whose file is gone is removed (the original still shows; nobody's progress
    lives on a version). Unchanged files (same hash) are left alone.
    """
    written = unchanged = removed = 0
    lessons = {
        lesson.slug: lesson
        for lesson in db.session.scalars(select(Lesson).where(Lesson.course_id == course.id))
    }
    for language, folder in languages.items():
        _store_course_text(course, language, folder)
        existing = {
            t.lesson_id: t
            for t in db.session.scalars(
                select(LessonTranslation)
                .join(Lesson, Lesson.id == LessonTranslation.lesson_id)
                .where(Lesson.course_id == course.id, LessonTranslation.language == language)
            )
        }
        for lesson_file in folder.lessons:  # type: ignore[attr-defined]
            lesson = lessons[lesson_file.slug]
            version = existing.pop(lesson.id, None)
            if version is not None and version.source_hash == lesson_file.source_hash:
                unchanged += 1
                continue
            if version is None:
                version = LessonTranslation(lesson_id=lesson.id, language=language)
                db.session.add(version)
            store_lesson_version(
                version, lesson_file.title, lesson_file.minutes, lesson_file.body,
                quiz_to_data(lesson_file.quiz), list(lesson_file.objectives),
            )
            version.source = "file"
            version.source_hash = lesson_file.source_hash
            written += 1
        for gone in existing.values():
            if gone.source == "file":
                db.session.delete(gone)
                removed += 1
    db.session.flush()
    return LanguageSyncCounts(written, unchanged, removed)


def _store_course_text(course: Course, language: str, folder: object) -> None:
    """The course's title, summary and module titles in ``language``."""
    row = db.session.scalar(
        select(CourseTranslation).where(
            CourseTranslation.course_id == course.id, CourseTranslation.language == language
        )
    )
    if row is None:
        row = CourseTranslation(course_id=course.id, language=language)
        db.session.add(row)
    elif row.source_hash == folder.source_hash:  # type: ignore[attr-defined]
        return
    row.title = folder.title  # type: ignore[attr-defined]
    row.summary = folder.summary  # type: ignore[attr-defined]
    row.module_titles = dict(folder.module_titles)  # type: ignore[attr-defined]
    row.source_hash = folder.source_hash  # type: ignore[attr-defined]


def store_lesson_version(
    version: LessonTranslation,
    title: str,
    minutes: int,
    body: str,
    quiz: list[dict[str, object]],
    objectives: list[str],
) -> None:
    """Render the body once (as for originals) and copy the text onto the version row."""
    rendered = render_markdown(body)
    version.title = title
    version.minutes = minutes
    version.body_markdown = body
    version.body_html, version.toc_html, version.word_count = rendered
    version.quiz = quiz
    version.objectives = objectives
    version.updated_at = utcnow()


def lesson_version(lesson_id: int, language: str) -> LessonTranslation | None:
    """The lesson's text in ``language``, or None (the original is shown)."""
    if language == ORIGINAL_LANGUAGE:
        return None
    return db.session.scalar(
        select(LessonTranslation).where(
            LessonTranslation.lesson_id == lesson_id, LessonTranslation.language == language
        )
    )


def course_texts(course_ids: Iterable[int], language: str) -> dict[int, CourseTranslation]:
    """Course translations in ``language`` keyed by course id (empty for the original)."""
    ids = list(course_ids)
    if language == ORIGINAL_LANGUAGE or not ids:
        return {}
    rows = db.session.scalars(
        select(CourseTranslation).where(
            CourseTranslation.course_id.in_(ids), CourseTranslation.language == language
        )
    )
    return {row.course_id: row for row in rows}


def lesson_titles(lesson_ids: Iterable[int], language: str) -> dict[int, str]:
    """Lesson titles in ``language`` keyed by lesson id, for lists and pagers."""
    ids = list(lesson_ids)
    if language == ORIGINAL_LANGUAGE or not ids:
        return {}
    rows = db.session.execute(
        select(LessonTranslation.lesson_id, LessonTranslation.title).where(
            LessonTranslation.lesson_id.in_(ids), LessonTranslation.language == language
        )
    )
    return {lesson_id: title for lesson_id, title in rows}


class LocalisedLesson:
    """A read-only view of a lesson with its text in one language (the original's otherwise).

    Pages and the quiz read text through this; progress and completion use the real lesson.
    ``language`` is the language of the text shown, ``available`` the languages it exists in.
    """

    TEXT = ("title", "minutes", "objectives", "quiz", "body_html", "toc_html", "word_count")

    def __init__(
        self, lesson: Lesson, version: LessonTranslation | None, module_title: str | None = None
    ) -> None:
        self.lesson = lesson
        self.version = version
        self.language = version.language if version is not None else ORIGINAL_LANGUAGE
        self._module_title = module_title

    def __getattr__(self, name: str) -> object:
        if name in LocalisedLesson.TEXT and self.version is not None:
            return getattr(self.version, name)
        return getattr(self.lesson, name)

    @property
    def module(self) -> object:
        """The module, with its title in the shown language when the course has one."""
        module = self.lesson.module
        return _Titled(module, self._module_title) if self._module_title else module


class LocalisedCourse:
    """A read-only view of a course with its catalogue text in one language."""

    def __init__(self, course: Course, text: CourseTranslation | None) -> None:
        self.course = course
        self.text = text

    def __getattr__(self, name: str) -> object:
        if name in ("title", "summary") and self.text is not None:
            return getattr(self.text, name)
        return getattr(self.course, name)

    def module_title(self, module: object) -> str:
        """A module's title in this language (the original's when not translated)."""
        titles = self.text.module_titles if self.text is not None else {}
        return str(titles.get(module.slug) or module.title)  # type: ignore[attr-defined]


class _Titled:
    """A module (or any row) with its ``title`` replaced."""

    def __init__(self, row: object, title: str) -> None:
        self._row = row
        self.title = title

    def __getattr__(self, name: str) -> object:
        return getattr(self._row, name)


def localise_course(course: Course, language: str) -> LocalisedCourse:
    """The course with its text in ``language`` where a version exists (cached per process)."""
    from app.lesson_cache import course_versions

    text = course_versions(course.id).get(language) if language != ORIGINAL_LANGUAGE else None
    return LocalisedCourse(course, text)  # type: ignore[arg-type]


def localise_lesson(lesson: Lesson, language: str, course: LocalisedCourse | None = None
                    ) -> LocalisedLesson:
    """The lesson with its text in ``language`` where a version exists (cached per process)."""
    from app.lesson_cache import lesson_versions

    module_title = course.module_title(lesson.module) if course is not None else None
    version = lesson_versions(lesson.id).get(language) if language != ORIGINAL_LANGUAGE else None
    return LocalisedLesson(lesson, version, module_title)  # type: ignore[arg-type]


def lesson_languages(lesson_id: int) -> list[str]:
    """Every language a lesson can be read in, the original first (cached per process)."""
    from app.lesson_cache import lesson_versions

    return [ORIGINAL_LANGUAGE, *sorted(lesson_versions(lesson_id))]


@dataclass(frozen=True)
class VersionStatus:
    """One lesson's state in one language, for the studio's side-by-side list."""

    language: str
    state: str  # "missing", "older" (than the original's last change) or "current"
    updated_at: object | None


@dataclass(frozen=True)
class LessonLanguages:
    """A lesson with the state of each of its language versions."""

    lesson: Lesson
    versions: tuple[VersionStatus, ...]


def language_status(course: Course, languages: Iterable[str]) -> list[LessonLanguages]:
    """Every lesson of the course with each language version missing, older or current.

    "Older" means the original was changed after the version was last written, so the version
    may no longer say the same thing.
    """
    lessons = list(
        db.session.scalars(
            select(Lesson).where(Lesson.course_id == course.id).order_by(Lesson.position)
        )
    )
    rows = db.session.scalars(
        select(LessonTranslation).where(LessonTranslation.lesson_id.in_([x.id for x in lessons]))
    )
    found = {(row.lesson_id, row.language): row for row in rows}
    wanted = [code for code in languages if code != ORIGINAL_LANGUAGE]
    result = []
    for lesson in lessons:
        versions = []
        for code in wanted:
            row = found.get((lesson.id, code))
            if row is None:
                versions.append(VersionStatus(code, "missing", None))
            else:
                state = "older" if row.updated_at < lesson.updated_at else "current"
                versions.append(VersionStatus(code, state, row.updated_at))
        result.append(LessonLanguages(lesson, tuple(versions)))
    return result


def edit_lesson_version(
    lesson: Lesson, language: str, editor: object, content: object
) -> LessonTranslation:
    """An instructor's browser edit of a language version (created if missing), audited."""
    from app.services.accounts.audit import record_event

    version = lesson_version(lesson.id, language)
    if version is None:
        version = LessonTranslation(lesson_id=lesson.id, language=language)
        db.session.add(version)
    store_lesson_version(
        version,
        content.title,  # type: ignore[attr-defined]
        content.minutes,  # type: ignore[attr-defined]
        content.body,  # type: ignore[attr-defined]
        quiz_to_data(content.quiz),  # type: ignore[attr-defined]
        list(version.objectives or lesson.objectives),
    )
    version.source = "studio"
    db.session.flush()
    record_event(
        editor,  # type: ignore[arg-type]
        "lesson.edit_language",
        "lesson",
        lesson.id,
        course=lesson.course.slug,
        lesson=lesson.slug,
        language=language,
    )
    return version
