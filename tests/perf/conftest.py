"""A database of their own for the performance tests, filled once by a tiny ``seed-scale`` run.

The shared ``app`` fixture empties every table after each test; seeding takes a second or two,
so these tests share one seeded database instead (they never use ``app``). Tests that add rows
only add them, and every query-count assertion compares a page with itself, so order does
not matter.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import Any

import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import select

from app.extensions import db
from app.models import User
from app.seed_scale.run import SCALE_PASSWORD, ScaleSpec
from app.seed_scale.seed import seed_scale
from tests.conftest import (
    CSRF_PATTERN,
    migrated_app,
    recorded_statements,
)

# Per-process caches that outlive any test: a count compares a warmed page with itself, so an
# entry made before a slow growth step must not expire between the warming request and the
# counted one (the user cache's 5 s did on PostgreSQL, adding the user's SELECT now and then).
PINNED_CACHES = {
    name: 3600.0
    for name in (
        "USER_CACHE_SECONDS",
        "LESSON_CACHE_SECONDS",
        "PRACTICE_CACHE_SECONDS",
        "VERIFY_CACHE_SECONDS",
        "LAYOUT_CACHE_SECONDS",
    )
}

TINY = ScaleSpec(students=20, attempts=500, exam_sessions=30, certificates=5, instructors=2)


def seed_tiny(spec: ScaleSpec = TINY) -> list[str]:
    """Run seed-scale as the command does: commit after every step."""
    lines = []
    for line in seed_scale(spec):
        db.session.commit()
        lines.append(line)
    return lines


def fingerprint() -> dict[str, Any]:
    """What must come out the same from the same seed: people, counts, scores, codes."""
    from sqlalchemy import func

    from app.models import Attempt, Certificate, ExamItem, ExamSession, LessonProgress

    def total(model: Any) -> int:
        return db.session.scalar(select(func.count()).select_from(model)) or 0

    return {
        "names": list(
            db.session.scalars(
                select(User.display_name).where(User.email.like("scale-%")).order_by(User.email)
            )
        ),
        "counts": {
            m.__tablename__: total(m)
            for m in (User, Attempt, LessonProgress, ExamSession, ExamItem, Certificate)
        },
        "scores": [
            round(s, 6)
            for s in db.session.scalars(
                select(Attempt.score).order_by(Attempt.user_id, Attempt.created_at, Attempt.id)
            )
        ],
        "sessions": [
            tuple(r)
            for r in db.session.execute(
                select(
                    ExamSession.attempt_number, ExamSession.status, ExamSession.blueprint_slug
                ).order_by(ExamSession.id)
            )
        ],
        "codes": list(db.session.scalars(select(Certificate.code).order_by(Certificate.id))),
    }


@pytest.fixture(scope="session")
def perf_app(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Flask]:
    """An app on its own database, migrated and seeded once per run."""
    with migrated_app(tmp_path_factory.mktemp("perf"), **PINNED_CACHES) as application:
        with application.app_context():
            application.extensions["perf_seed"] = {
                "lines": seed_tiny(),
                "fingerprint": fingerprint(),
            }
        yield application


@pytest.fixture
def perf_context(perf_app: Flask) -> Iterator[Flask]:
    """Run the test inside the seeded app's context."""
    with perf_app.app_context():
        yield perf_app
        db.session.remove()


@dataclass
class Counted:
    """The statements one request sent to the database."""

    response: Any
    statements: list[str] = field(default_factory=list)

    @property
    def count(self) -> int:
        """How many queries (SELECT/INSERT/UPDATE/DELETE) the request ran."""
        return len(self.statements)


def counting() -> Any:
    """Collect every query the engine runs meanwhile (transaction control is not counted)."""
    return recorded_statements()


def csrf_token(client: FlaskClient, page: str = "/auth/login") -> str:
    """The session's CSRF token, read before counting starts."""
    match = CSRF_PATTERN.search(client.get(page).get_data(as_text=True))
    assert match is not None, f"no CSRF token on {page}"
    return match.group(1) or match.group(2)


@pytest.fixture
def measure(perf_context: Flask) -> Callable[..., Counted]:
    """Request a page twice (the first warms per-process caches) and count the second."""

    def do(
        client: FlaskClient, url: str, method: str = "GET", warm: bool = True, **kwargs: Any
    ) -> Counted:
        db.session.commit()
        if warm and method == "GET":
            client.get(url)
        with counting() as seen:
            response = client.open(url, method=method, **kwargs)
        return Counted(response, list(seen))

    return do


@pytest.fixture
def sign_in(perf_context: Flask) -> Callable[[str], FlaskClient]:
    """A fresh client signed in as the seeded user with this email."""

    def do(email: str) -> FlaskClient:
        client = perf_context.test_client()
        response = client.post("/auth/login", data={"email": email, "password": SCALE_PASSWORD})
        assert response.status_code == 302, response.get_data(as_text=True)[:300]
        return client

    return do


def user_by_email(email: str) -> User:
    """A seeded account."""
    user = db.session.scalar(select(User).where(User.email == email))
    assert user is not None, email
    return user
