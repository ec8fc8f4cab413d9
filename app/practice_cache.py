"""The practice item page's data, the same for every student, kept per process for a short time.

Every view of an item asked the database for the exercise, then for its current version, then
built the student view (prompt, answers' stored HTML, no gold) again. Each app keeps that per
(item, reader language) for ``PRACTICE_CACHE_SECONDS`` (60 s). A flush in this process that
writes an exercise, a version or an answer empties the cache at once, and again when that
transaction ends (``app.process_cache.clear_on_write``); other workers show a newly published
version within the TTL, and a submit against the version they showed is still
checked against the database (``submission_target``). Only GETs read it: submitting always
loads the exercise and version afresh. Unknown and unpublished items are not cached.

The page body (prompt, answers and the empty answer form) is kept too, per version, language
and script root, with a placeholder for the reader's CSRF token: it was half of the page's
time. A body showing a refused answer is the reader's own and is never kept. The page around
the body (layout, header, footer) is kept as a page shell per version and look
(``app/page_shell.py``), with the body filled in per view.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from flask import Flask, current_app, render_template, request
from flask_babel import get_locale
from markupsafe import Markup

from app.layout_cache import header_key
from app.models import CandidateAnswer, Exercise, ExerciseVersion
from app.page_fragments import cached_fragment
from app.page_shell import shell_page, shell_usable
from app.process_cache import TimedCache, app_cache, install_cache, kept
from app.services.practice.exercise_bank import current_version, student_item
from app.services.practice.practice import practice_exercise

DEFAULT_SECONDS = 60.0
EXTENSION = "practice_cache"
WATCHED = (Exercise, ExerciseVersion, CandidateAnswer)


@dataclass(frozen=True)
class PracticeItemView:
    """What the answer page shows: the item's identity and its student view (never gold).

    ``item`` is shared by every request that reads this entry: templates only read it.
    """

    exercise_id: int
    uid: str
    kind: str
    difficulty: int
    version_id: int
    item: Mapping[str, Any]


def practice_cache(app: Flask) -> TimedCache | None:
    """This app's practice cache (None when ``PRACTICE_CACHE_SECONDS`` is 0)."""
    return app_cache(app, EXTENSION)


def load_item_view(uid: str, language: str) -> PracticeItemView | None:
    """The published practice item ``uid`` as a reader of ``language`` sees it (database)."""
    exercise = practice_exercise(uid)
    if exercise is None:
        return None
    version = current_version(exercise)
    return PracticeItemView(
        exercise_id=exercise.id,
        uid=exercise.uid,
        kind=exercise.kind,
        difficulty=exercise.difficulty,
        version_id=version.id,
        item=student_item(version, language),
    )


def item_view(uid: str, language: str) -> PracticeItemView | None:
    """The cached view of a published practice item, loading it when absent or expired."""
    return kept(
        practice_cache(current_app), f"item:{uid}:{language}", lambda: load_item_view(uid, language)
    )


def item_body(
    view: PracticeItemView, language: str, saved: Any = None, errors: Sequence[str] = ()
) -> Markup:
    """The answer page's body; the same for every reader until they submit, so kept."""

    def render() -> str:
        return render_template(
            "practice/_item_body.html",
            exercise=view,
            version_id=view.version_id,
            item=view.item,
            saved=saved,
            errors=errors,
        )

    if saved is not None or errors:
        return Markup(render())  # noqa: S704 - rendered by Jinja with autoescape
    key = f"body:{view.uid}:{view.version_id}:{language}:{request.script_root}"
    html = cached_fragment(practice_cache(current_app), key, render)
    return Markup(html)  # noqa: S704 - rendered by Jinja with autoescape


def item_page(view: PracticeItemView, body: Markup) -> str:
    """The whole answer page around ``body``, from a shell kept per version and look."""
    cache = practice_cache(current_app)
    if not shell_usable(cache):
        return render_template("practice/item.html", item=view.item, body=body)
    locale = str(get_locale())
    key = f"shell:{view.uid}:{view.version_id}:{locale}|{header_key(locale)}"
    parts = {"body": str(body)}
    return shell_page(cache, key, "practice/item.html", parts, lambda: {"item": view.item})


def init_practice_cache(app: Flask) -> None:
    """Give this app its own practice cache."""
    seconds = float(app.config.get("PRACTICE_CACHE_SECONDS", DEFAULT_SECONDS))
    install_cache(app, EXTENSION, seconds, WATCHED)
