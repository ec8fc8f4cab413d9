"""Browsing the published practice items with each student's own scores."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from flask_sqlalchemy.pagination import Pagination
from sqlalchemy import Text, cast, exists, func, select

from app.models import Attempt, Exercise, User, db
from graders import CRITERIA_NAMES, KINDS, TOPICS
from graders.mastery import MASTERED

STATES = ("all", "unattempted", "missed")
LANGUAGE_CHOICES = ("en", "ru", "any")
PER_PAGE = 20
MAX_PAGE = 10_000


@dataclass(frozen=True)
class PracticeFilters:
    """The list filters; unknown values are dropped rather than trusted."""

    criterion: str = ""
    topic: str = ""
    kind: str = ""
    state: str = "all"
    language: str = ""  # "" = the reader's language; "any" = every language
    @classmethod
    def from_args(cls, args: Any) -> PracticeFilters:
        """Read filters from query arguments, keeping only known values."""

        def pick(name: str, allowed: Sequence[str], default: str = "") -> str:
            """The argument when it is an allowed value, else the default."""
            value = args.get(name, default)
            return value if value in allowed else default

        return cls(
            criterion=pick("criterion", CRITERIA_NAMES),
            topic=pick("topic", TOPICS),
            kind=pick("kind", KINDS),
            state=pick("state", STATES, "all"),
            language=pick("language", LANGUAGE_CHOICES),
        )

    def as_args(self) -> dict[str, str]:
        """The non-default filters, for links that keep them (the pager)."""
        values = {"criterion": self.criterion, "topic": self.topic, "kind": self.kind}
        if self.state != "all":
            values["state"] = self.state
        if self.language:
            values["language"] = self.language
        return {key: value for key, value in values.items() if value}


@dataclass(frozen=True)
class ScoreLine:
    """A student's record on one item."""

    attempts: int
    best: float | None
    last: float | None


def _last_score(user: User) -> Any:
    """The student's latest score on the current row's exercise (a correlated subquery)."""
    return (
        select(Attempt.score)
        .where(Attempt.user_id == user.id, Attempt.exercise_id == Exercise.id)
        .order_by(Attempt.created_at.desc(), Attempt.id.desc())
        .limit(1)
        .scalar_subquery()
    )


def browse_practice(
    user: User, filters: PracticeFilters, page: int, reader_language: str = "en"
) -> Pagination:
    """One page of published practice items matching the filters, ordered by id.

    By default a student sees items written in their interface language; the filter can show
    another language or every one (mastery counts items of any language alike).
    """
    query = select(Exercise).where(Exercise.pool == "practice", Exercise.status == "published")
    language = filters.language or reader_language
    if language != "any":
        query = query.where(Exercise.readable_in(language))
    if filters.criterion:
        # criteria is a JSON list of known names; its text form contains the quoted name.
        query = query.where(cast(Exercise.criteria, Text).like(f'%"{filters.criterion}"%'))
    if filters.topic:
        query = query.where(Exercise.topic == filters.topic)
    if filters.kind:
        query = query.where(Exercise.kind == filters.kind)
    if filters.state == "unattempted":
        query = query.where(
            ~exists().where(Attempt.user_id == user.id, Attempt.exercise_id == Exercise.id)
        )
    elif filters.state == "missed":
        query = query.where(_last_score(user) < MASTERED)
    page = min(max(page, 1), MAX_PAGE)
    return db.paginate(query.order_by(Exercise.uid), page=page, per_page=PER_PAGE, error_out=False)


def scores_for(user: User, exercise_ids: Sequence[int]) -> dict[int, ScoreLine]:
    """Attempt count, best and latest score per exercise, in two aggregate queries."""
    if not exercise_ids:
        return {}
    mine = (Attempt.user_id == user.id, Attempt.exercise_id.in_(exercise_ids))
    stats = db.session.execute(
        select(Attempt.exercise_id, func.count(), func.max(Attempt.score))
        .where(*mine)
        .group_by(Attempt.exercise_id)
    ).all()
    ranked = (
        select(
            Attempt.exercise_id,
            Attempt.score,
            func.row_number()
            .over(
                partition_by=Attempt.exercise_id,
                order_by=(Attempt.created_at.desc(), Attempt.id.desc()),
            )
            .label("n"),
        )
        .where(*mine)
        .subquery()
    )
    last = dict(
        db.session.execute(
            select(ranked.c.exercise_id, ranked.c.score).where(ranked.c.n == 1)
        ).all()
    )
    return {
        exercise_id: ScoreLine(count, best, last.get(exercise_id))
        for exercise_id, count, best in stats
    }
