"""Blind double marking of exam reference answers (the 1–7 demonstration score).

Two instructors mark each script independently, seeing neither the candidate (a neutral script
code replaces name, email and cohort) nor each other's mark. When their marks differ by more
than one point or straddle the pass mark a third instructor adjudicates. Only the agreed score
(``graders.double_marking``) reaches the exam, through ``record_reference_score``. Nobody marks
their own exam or a student of a cohort they instruct.
"""

from __future__ import annotations

import hashlib
import hmac
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from flask import current_app
from flask_babel import lazy_gettext as _l
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from app.models import Cohort, CohortMember, ExamItem, ReferenceMark, User, db
from app.services.accounts.audit import record_event
from app.services.certification.blueprints import get_blueprint
from app.services.certification.exam_grading import (
    ExamError,
    lock_session,
    pending_reference_reviews,
    record_reference_score,
    snapshot_blueprint,
)
from graders.blueprint import REVIEWED_KINDS
from graders.double_marking import agreed_mark, is_mark, needs_adjudication


class MarkingError(ValueError):
    """A mark is refused; the message is safe to show. ``status`` is the HTTP status to use."""

    def __init__(self, message: Any, status: int = 400) -> None:
        """Keep the status with the reason."""
        super().__init__(str(message))
        self.status = status


@dataclass(frozen=True)
class Script:
    """A reference answer waiting for a mark from this marker, shown only by its code."""

    item_id: int
    code: str
    title: str
    role: str
    submitted_at: datetime | None


def script_code(item_id: int) -> str:
    """A neutral, stable code for a script that reveals neither the student nor the item id."""
    key = str(current_app.config["SECRET_KEY"]).encode()
    digest = hmac.new(key, f"reference-script:{item_id}".encode(), hashlib.sha256).hexdigest()
    return f"S-{digest[:8].upper()}"


def marks_of(item: ExamItem) -> dict[str, ReferenceMark]:
    """The marks given so far, by role."""
    rows = db.session.scalars(select(ReferenceMark).where(ReferenceMark.exam_item_id == item.id))
    return {mark.role: mark for mark in rows}


def pass_mark(item: ExamItem) -> int:
    """The reference pass mark of the rule the session started under."""
    return snapshot_blueprint(item.session).pass_rule.reference_pass_mark


def open_role(item: ExamItem, marks: Mapping[str, ReferenceMark]) -> str | None:
    """The role the next marker takes: first, second, adjudicator, or None when agreed."""
    if "first" not in marks:
        return "first"
    if "second" not in marks:
        return "second"
    first, second = marks["first"].likert, marks["second"].likert
    if needs_adjudication(first, second, pass_mark(item)) and "adjudicator" not in marks:
        return "adjudicator"
    return None


def instructs_student(marker: User, student_id: int) -> bool:
    """The student belongs to a cohort this marker instructs."""
    stmt = (
        select(CohortMember.user_id)
        .join(Cohort, Cohort.id == CohortMember.cohort_id)
        .where(Cohort.instructor_id == marker.id, CohortMember.user_id == student_id)
        .limit(1)
    )
    return db.session.scalar(stmt) is not None


def conflict(item: ExamItem, marker: User) -> str | None:
    """Why this marker may not mark this script (None when they may)."""
    student_id = item.session.user_id
    if not marker.is_instructor:
        return str(_l("Only instructors mark reference answers."))
    if student_id == marker.id:
        return str(_l("You cannot mark your own exam."))
    if instructs_student(marker, student_id):
        return str(_l("You cannot mark a student of a cohort you instruct."))
    return None


def _check_markable(item: ExamItem, marker: User, marks: Mapping[str, ReferenceMark]) -> str:
    """Refuse a mark that breaks a rule; return the role the mark takes."""
    if item.version.exercise.kind not in REVIEWED_KINDS or item.answered_at is None:
        raise MarkingError(_l("This is not a reference answer to mark."), 404)
    reason = conflict(item, marker)
    if reason:
        raise MarkingError(reason, 403)
    if item.session.status != "pending_review":
        raise MarkingError(_l("This exam is not waiting for a mark."), 409)
    if any(mark.marker_id == marker.id for mark in marks.values()):
        raise MarkingError(_l("You have already marked this script."), 409)
    role = open_role(item, marks)
    if role is None:
        raise MarkingError(_l("This script needs no further mark."), 409)
    return role


def check_can_mark(item: ExamItem, marker: User) -> str:
    """The role this marker would take on the script, or MarkingError saying why not."""
    return _check_markable(item, marker, marks_of(item))


def submit_mark(item: ExamItem, marker: User, likert: Any, comment: str = "") -> ReferenceMark:
    """Record a blind mark; once two marks agree (or a third adjudicates) finalise the exam."""
    if not is_mark(likert):
        raise MarkingError(_l("The mark must be a whole number from 1 to 7."))
    lock_session(item.session)  # one marker at a time per exam: roles are taken in order
    marks = marks_of(item)
    role = _check_markable(item, marker, marks)
    mark = ReferenceMark(
        exam_item_id=item.id,
        marker_id=marker.id,
        role=role,
        likert=likert,
        comment=(comment or "").strip(),
    )
    try:
        with db.session.begin_nested():
            db.session.add(mark)
    except IntegrityError:
        raise MarkingError(_l("Someone marked this script a moment ago; try again."), 409) from None
    record_event(marker, "exam.reference_mark", "exam_item", item.id, role=role, likert=likert)
    marks[role] = mark
    _finalise_if_agreed(item, marker, marks)
    return mark


def _finalise_if_agreed(item: ExamItem, marker: User, marks: Mapping[str, ReferenceMark]) -> None:
    """Pass the agreed score to the exam once the double-marking rule yields one."""
    likert = {role: mark.likert for role, mark in marks.items()}
    agreed = agreed_mark(
        likert.get("first"), likert.get("second"), pass_mark(item), likert.get("adjudicator")
    )
    if agreed is None:
        return
    summary = ", ".join(f"{role} {value}" for role, value in likert.items())
    try:
        record_reference_score(item, agreed, marker, f"Double-marked ({summary}): agreed {agreed}.")
    except ExamError as error:
        raise MarkingError(str(error), 409) from error


def _marks_by_item(item_ids: list[int]) -> dict[int, dict[str, ReferenceMark]]:
    """The marks of many scripts in one query, by item id and role."""
    found: dict[int, dict[str, ReferenceMark]] = {}
    if item_ids:
        rows = db.session.scalars(
            select(ReferenceMark).where(ReferenceMark.exam_item_id.in_(item_ids))
        )
        for mark in rows:
            found.setdefault(mark.exam_item_id, {})[mark.role] = mark
    return found


def _cohort_students(marker: User) -> set[int]:
    """Students of every cohort this marker instructs (one query)."""
    stmt = (
        select(CohortMember.user_id)
        .join(Cohort, Cohort.id == CohortMember.cohort_id)
        .where(Cohort.instructor_id == marker.id)
    )
    return set(db.session.scalars(stmt))


def marking_queue(marker: User) -> list[Script]:
    """Scripts this marker may mark now, oldest first, by code only (queries do not grow)."""
    items = pending_reference_reviews()
    marks = _marks_by_item([item.id for item in items])
    excluded = _cohort_students(marker) | {marker.id}
    scripts = []
    for item in items:
        given = marks.get(item.id, {})
        if item.session.user_id in excluded or any(
            m.marker_id == marker.id for m in given.values()
        ):
            continue
        role = open_role(item, given)
        if role is not None:
            code = script_code(item.id)
            scripts.append(Script(item.id, code, item.version.title, role, item.answered_at))
    return scripts


def anchors_for(item: ExamItem) -> dict[int, str]:
    """The written anchors of each mark, from the session's blueprint."""
    blueprint = get_blueprint(item.session.blueprint_slug)
    return dict(blueprint.reference_anchors) if blueprint else {}
