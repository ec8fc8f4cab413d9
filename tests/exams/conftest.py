"""Fixtures for the exam tests (shared with the certify and verify tests)."""

from tests.exams.fixtures import (  # noqa: F401
    blueprint_dir,
    exam_pool,
    exam_ready,
    make_certificate,
    unlocked,
)
