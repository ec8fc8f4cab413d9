"""The student's path through an exam: the rules before starting, flags, the pre-submit summary.

Everything here reads the blueprint (never hard-coded numbers) or the student's own session;
nothing here grades. Extra time is an admin-granted accommodation stored on the user.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

from flask_babel import lazy_gettext as _l
from sqlalchemy import select

from app.models import ExamItem, ExamSession, User, db
from app.services.accounts.audit import record_event
from graders.blueprint import Blueprint

MAX_EXTRA_MINUTES = 600


class FlagError(ValueError):
    """A flag that cannot be set (closed session or no such question)."""


@dataclass(frozen=True)
class SectionFacts:
    """One section of the rules page: its name, question count and kinds of question."""

    name: str
    count: int
    kinds: dict[str, int]
    reviewed: bool


def section_facts(blueprint: Blueprint) -> list[SectionFacts]:
    """Each section's question count by kind, in the blueprint's order."""
    facts = []
    for section in blueprint.sections:
        kinds: Counter[str] = Counter()
        for draw in section.draws:
            kinds[draw.kind] += draw.count
        facts.append(SectionFacts(section.name, sum(kinds.values()), dict(kinds),
                                  section.is_reviewed))
    return facts


def extra_minutes(user: User) -> int:
    """The user's granted extra exam minutes (0 when none)."""
    return int(user.exam_extra_minutes or 0)


def time_limit_for(user: User, blueprint: Blueprint) -> int:
    """The blueprint's time limit plus the user's accommodation, in minutes."""
    return blueprint.time_limit_minutes + extra_minutes(user)


def set_extra_minutes(actor: User, user: User, minutes: int) -> None:
    """Grant (or remove, with 0) extra exam time; audited. Applies to sessions started later."""
    if not 0 <= minutes <= MAX_EXTRA_MINUTES:
        raise ValueError(f"Extra time must be between 0 and {MAX_EXTRA_MINUTES} minutes.")
    before = extra_minutes(user)
    user.exam_extra_minutes = minutes
    record_event(actor, "user.exam_extra_minutes", "user", user.id, before=before, after=minutes)


def set_flag(session: ExamSession, position: int, flagged: bool) -> ExamItem:
    """Flag (or unflag) one question of an open session for the student to come back to."""
    if session.status != "active":
        raise FlagError(_l("This exam has already been submitted."))
    item = db.session.scalar(
        select(ExamItem).where(ExamItem.session_id == session.id, ExamItem.position == position)
    )
    if item is None:
        raise FlagError(_l("There is no such question in this exam."))
    item.flagged = flagged
    return item


def flagged_positions(session: ExamSession) -> list[int]:
    """Positions the student flagged for later."""
    return [item.position for item in session.items if item.flagged]
