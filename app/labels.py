"""Display names for the bank's codes (kinds, topics): codes stay in data, people read names.

The codes are the file format's and the URL filters' (English, stable); these names go through
the catalogue, so a Russian page says «ранжирование», not "ranking".
"""

from __future__ import annotations

from typing import Any

from flask import Flask
from flask_babel import lazy_gettext as _l

KIND_NAMES = {
    "ranking": _l("Ranking"),
    "pairwise": _l("Pairwise comparison"),
    "rating": _l("Rating and flags"),
    "correction": _l("Correction"),
    "reference": _l("Reference answer"),
}

TOPIC_NAMES = {
    "religion": _l("Religion"),
    "politics": _l("Politics"),
    "medicine": _l("Medicine"),
    "pseudoscience": _l("Pseudoscience"),
    "illegal-activity": _l("Illegal activity"),
    "coding": _l("Coding"),
    "cooking": _l("Cooking"),
    "travel": _l("Travel"),
    "history": _l("History"),
    "law": _l("Law"),
    "finance": _l("Finance"),
    "science": _l("Science"),
    "everyday": _l("Everyday life"),
}


def kind_name(code: str) -> str:
    """The readable name of an item kind (the code itself if unknown)."""
    return str(KIND_NAMES.get(code, code))


def topic_name(code: str) -> str:
    """The readable name of a topic (the code itself if unknown)."""
    return str(TOPIC_NAMES.get(code, code))


def certificate_title(cert: object, language: str | None = None) -> str:
    """A certificate's title in ``language`` (the reader's by default).

    The stored title is the blueprint's original one at issue; its translation comes from the
    blueprint's ``translations`` while the title is unchanged, else the stored title stands.
    """
    from app.i18n import current_language
    from app.services.certification.blueprints import get_blueprint

    title = str(cert.title)  # type: ignore[attr-defined]
    blueprint = get_blueprint(str(cert.certificate_slug))  # type: ignore[attr-defined]
    if blueprint is None or blueprint.title != title:
        return title
    return blueprint.text_in(language or current_language())[0]


def _with_translations(blueprint: Any) -> Any:
    """The blueprint itself, or for a session's snapshot (which keeps no translations) the live
    blueprint of the same slug and title, whose translations name the same exam."""
    if getattr(blueprint, "translations", None):
        return blueprint
    from app.services.certification.blueprints import get_blueprint

    live = get_blueprint(str(getattr(blueprint, "slug", "")))
    return live if live is not None and live.title == blueprint.title else blueprint


def blueprint_title(blueprint: object) -> str:
    """An exam's title in the reader's language."""
    from app.i18n import current_language

    return _with_translations(blueprint).text_in(current_language())[0]


def blueprint_description(blueprint: object) -> str:
    """An exam's description in the reader's language."""
    from app.i18n import current_language

    return _with_translations(blueprint).text_in(current_language())[1]


def lesson_title(lesson: Any) -> str:
    """A lesson's title in the reader's language (from the per-process lesson cache)."""
    from app.i18n import current_language
    from app.lesson_cache import lesson_titles

    titles = lesson_titles(int(lesson.course_id), current_language())
    return titles.get(int(lesson.id), str(lesson.title))


def course_title(course: Any) -> str:
    """A course's title in the reader's language (from the per-process lesson cache)."""
    from app.i18n import current_language
    from app.lesson_cache import course_versions

    version = course_versions(int(course.id)).get(current_language())
    return str(version.title) if version is not None else str(course.title)


def language_name(code: str) -> str:
    """A language's own name (Русский, English), for 'exam taken in …'."""
    from app.i18n import LANGUAGE_NAMES

    return LANGUAGE_NAMES.get(code, code)


def register_labels(app: Flask) -> None:
    """``kind_name``, ``topic_name``, ``certificate_title`` and ``language_name`` filters."""
    app.jinja_env.filters["kind_name"] = kind_name
    app.jinja_env.filters["topic_name"] = topic_name
    app.jinja_env.filters["certificate_title"] = certificate_title
    app.jinja_env.filters["language_name"] = language_name
    app.jinja_env.filters["blueprint_title"] = blueprint_title
    app.jinja_env.filters["lesson_title"] = lesson_title
    app.jinja_env.filters["course_title"] = course_title
    app.jinja_env.filters["blueprint_description"] = blueprint_description


def grader_text(value: object) -> str:
    """Text from graders/ in the reader's language: a Message, a marked English msgid, or as is."""
    from flask_babel import get_translations

    from graders.messages import Message, render

    translations = get_translations()
    if isinstance(value, Message):
        return render(value, translations.gettext, translations.ngettext)
    if isinstance(value, str) and value:
        return translations.gettext(value)
    return "" if value is None else str(value)


def mistake_text(mistake: object) -> str:
    """A mistake's feedback in the reader's language; older results hold only the English."""
    from collections.abc import Mapping

    from graders.messages import Message

    if isinstance(mistake, Mapping):
        raw, english = mistake.get("text"), mistake.get("message", "")
        text = Message.from_dict(raw) if isinstance(raw, Mapping) else None
    else:
        text, english = getattr(mistake, "text", None), getattr(mistake, "message", "")
    return grader_text(text) if isinstance(text, Message) else str(english)


def flag_title(code: str) -> str:
    """A rating flag's name in the reader's language (the code itself in English)."""
    from graders.wording import flag_name

    return grader_text(flag_name(code))
