"""Fixtures shared by the exams, certify and verify tests (imported by their conftest files)."""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest
from flask import Flask

from app.extensions import db
from app.models import Certificate, ExamSession, User, utcnow
from app.services.certification import exam_status
from graders.blueprint import Blueprint, PassRule, Section
from tests.exams.factories import blueprint_data, pool_items, write_blueprints

POOL_COUNTS = {"rating": 6, "ranking": 6, "pairwise": 4, "reference": 3}


@pytest.fixture
def blueprint_dir(app: Flask, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Test blueprints: ``test-core`` (with a reviewed reference) and ``quick`` (no review)."""
    folder = write_blueprints(
        tmp_path / "blueprints",
        blueprint_data("test-core"),
        blueprint_data("quick", review=False, title="Quick exam", max_attempts=2),
    )
    monkeypatch.setitem(app.config, "EXAM_BLUEPRINTS_DIR", str(folder))
    return folder


@pytest.fixture
def exam_pool(make_exercise: Callable[..., Any]) -> list[dict[str, Any]]:
    """A published exam pool big enough for two or three sittings."""
    items = pool_items(POOL_COUNTS)
    for data in items:
        make_exercise(data, pool="exam")
    return items


@pytest.fixture
def unlocked(monkeypatch: pytest.MonkeyPatch) -> None:
    """Every prerequisite met (eligibility has its own tests with real progress rows)."""
    monkeypatch.setattr(exam_status, "missing_prerequisites", lambda user, blueprint: [])


@pytest.fixture
def exam_ready(blueprint_dir: Path, exam_pool: list[dict[str, Any]], unlocked: None) -> None:
    """Blueprints, a pool and open prerequisites."""


def _blueprint(slug: str, level: str, specialisation: str | None) -> Blueprint:
    """A blueprint object for issuing a certificate directly."""
    return Blueprint(
        slug,
        f"Test {slug}",
        level,
        "test-course",
        (Section("s", ()),),
        PassRule(),
        specialisation=specialisation,
    )


@pytest.fixture
def make_certificate(app: Flask) -> Callable[..., Certificate]:
    """Issue a real certificate for a passed session of ``slug``; committed."""
    from app.services.certification.certificates import issue_certificate

    def factory(
        user: User,
        slug: str = "test-core",
        level: str = "core",
        specialisation: str | None = None,
        scores: dict[str, float] | None = None,
        **changes: Any,
    ) -> Certificate:
        count = db.session.query(ExamSession).filter_by(user_id=user.id).count()
        now = utcnow()
        session = ExamSession(
            user_id=user.id,
            blueprint_slug=slug,
            attempt_number=count + 1,
            seed=1,
            status="passed",
            started_at=now - timedelta(minutes=40),
            deadline_at=now + timedelta(minutes=20),
            finished_at=now,
            score=0.9,
            criterion_scores=scores or {"ethics": 0.95, "accuracy": 0.9, "relevance": 0.85},
            critical_errors=0,
        )
        db.session.add(session)
        db.session.flush()
        cert = issue_certificate(session, _blueprint(slug, level, specialisation))
        for key, value in changes.items():
            setattr(cert, key, value)
        db.session.commit()
        return cert

    return factory
