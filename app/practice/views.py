"""Views of the practice area: browse, answer with instant feedback, review an attempt."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from werkzeug.wrappers import Response

from app.access import role_required
from app.i18n import current_language
from app.models import Role, db
from app.practice import bp
from app.practice.parsing import parse_response
from app.practice_cache import (
    PracticeItemView,
    item_body,
    item_page,
    item_view,
    load_item_view,
)
from app.services.learning.mastery import next_practice_uid
from app.services.practice.exercise_bank import item_for_version
from app.services.practice.practice import (
    PracticeError,
    attempt_feedback,
    attempt_for_viewer,
    check_submitted_version,
    submission_target,
    submit_practice,
)
from app.services.practice.practice_catalogue import PracticeFilters, browse_practice, scores_for
from graders import CRITERIA_NAMES, KINDS, TOPICS


@bp.route("/")
@role_required(Role.STUDENT)
def index() -> str:
    """Published practice items with filters and the student's best score on each."""
    filters = PracticeFilters.from_args(request.args)
    reader_language = current_language()
    page = browse_practice(
        current_user, filters, request.args.get("page", 1, type=int), reader_language
    )
    return render_template(
        "practice/index.html",
        page=page,
        filters=filters,
        scores=scores_for(current_user, [e.id for e in page.items]),
        choices={"criterion": CRITERIA_NAMES, "topic": TOPICS, "kind": KINDS},
        reader_language=reader_language,
    )


@bp.route("/next", endpoint="next")
@role_required(Role.STUDENT)
def next_item() -> Response:
    """Jump to the item that trains the student's weakest criterion."""
    uid = next_practice_uid(current_user, current_language())
    if uid is None:
        flash(_("There are no practice items yet."), "info")
        return redirect(url_for(".index"))
    return redirect(url_for(".item", uid=uid))


def _item_page(view: PracticeItemView | None, saved: Any = None, errors: Sequence[str] = ()) -> str:
    """The answer page, rendered from the student view of the current version only."""
    if view is None:
        abort(404)
    return item_page(view, item_body(view, current_language(), saved, errors))


@bp.get("/<uid>")
@role_required(Role.STUDENT)
def item(uid: str) -> str:
    """Show one item and its answer form (the item's data from the per-process cache)."""
    return _item_page(item_view(uid, current_language()))


@bp.post("/<uid>", endpoint="submit")
@role_required(Role.STUDENT)
def submit(uid: str) -> Response | tuple[str, int]:
    """Grade the answer; a malformed one is refused with reasons and nothing is recorded."""
    # Published practice items only: exam and draft items do not exist here.
    exercise, named = submission_target(uid, request.form.get("version_id"))
    if exercise is None:
        abort(404)
    response: dict[str, Any] | None = None
    try:
        version = check_submitted_version(exercise, named)
        # From the per-process graders item: the student view would render every answer.
        answer_ids = [answer.id for answer in item_for_version(version).answers]
        response = parse_response(exercise.kind, request.form, answer_ids)
        # The language the page was shown in (a switch between showing and submitting must not
        # grade a correction against the other language's rubric).
        shown = request.form.get("language") or current_language()
        attempt_id = submit_practice(current_user, exercise, version, response, shown).id
    except PracticeError as error:
        db.session.rollback()
        # Read afresh, not from the cache: "a newer version exists" must show the newer one.
        return _item_page(load_item_view(uid, current_language()), response, error.reasons), 400
    db.session.commit()
    return redirect(url_for(".attempt", attempt_id=attempt_id))


@bp.route("/attempts/<int:attempt_id>")
@role_required(Role.STUDENT)
def attempt(attempt_id: int) -> str:
    """The feedback on one attempt: its owner's (or an instructor's) eyes only."""
    found = attempt_for_viewer(attempt_id, current_user)
    if found is None:
        abort(404)
    return render_template("practice/attempt.html", attempt=found, fb=attempt_feedback(found))
