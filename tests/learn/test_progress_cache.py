"""A lesson re-opened moments after the last view is served the student's kept progress row.

The copy must never hide the student's own work: the quiz or completion they just posted shows
on the next page whichever worker serves it (the session's progress epoch), a write in this
worker drops the copy at once, and a change made elsewhere shows within the TTL.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from flask import Flask
from sqlalchemy import select

from app.extensions import db
from app.models import Lesson
from app.models.base import utcnow
from app.progress_cache import progress_cache, recent_view, remember_view
from app.services.learning.learning import progress_row
from tests.conftest import (
    FakeClock,
    carry_session,
    recorded_statements,
    second_worker,
    signed_in_browser,
)
from tests.learn.conftest import quiz_form

FIRST = "/courses/ai-trainer-foundations/first-steps"
COMPLETED = '<span class="tag ok">Completed</span>'


def lesson(slug: str) -> Lesson:
    return db.session.scalar(select(Lesson).where(Lesson.slug == slug))


def progress_reads(statements: list[str]) -> list[str]:
    return [s for s in statements if "lesson_progress" in s]


@pytest.fixture
def other_worker(app: Flask, tmp_path: Path) -> Iterator[tuple[Flask, FakeClock]]:
    """A second app on the same database, its progress cache on a fake clock."""
    with second_worker(app, tmp_path, clocked=progress_cache) as worker:
        yield worker


def test_a_view_moments_after_the_last_reads_no_progress(client, mini_synced, student):
    with recorded_statements() as first:
        assert "Some teaching about first-steps" in client.get(FIRST).text
    with recorded_statements() as second:
        page = client.get(FIRST).text
    assert progress_reads(first) and not progress_reads(second)
    assert "Some teaching about first-steps" in page and 'name="attempt" value="0"' in page


def test_the_page_after_a_quiz_posted_to_another_worker_shows_the_result(
    app, other_worker, mini_synced, make_user
):
    other, _clock = other_worker
    user = make_user()
    here = signed_in_browser(app, user)
    assert 'name="attempt" value="0"' in here.get(FIRST).text  # kept in this worker
    there = other.test_client()
    carry_session(here, there)
    response = there.post(f"{FIRST}/quiz", data=quiz_form(user, lesson("first-steps")))
    assert response.status_code == 302
    carry_session(there, here)
    page = here.get(FIRST).text
    assert "You answered 2 of 2 questions right" in page and COMPLETED in page


def test_a_completion_posted_to_another_worker_shows_at_once(
    app, other_worker, mini_synced, make_user
):
    other, _clock = other_worker
    second = "/courses/ai-trainer-foundations/second-steps"
    user = make_user()
    progress_row(user, lesson("second-steps")).quiz_score = 1.0  # ready to be marked complete
    db.session.commit()
    here = signed_in_browser(other, user)
    assert COMPLETED not in here.get(second).text  # kept in that worker
    there = app.test_client()
    carry_session(here, there)
    assert there.post(f"{second}/complete").status_code == 302
    carry_session(there, here)
    assert COMPLETED in here.get(second).text


def test_a_write_in_this_worker_drops_the_kept_row(client, mini_synced, student):
    assert COMPLETED not in client.get(FIRST).text
    progress_row(student, lesson("first-steps")).completed_at = utcnow()
    db.session.commit()
    assert COMPLETED in client.get(FIRST).text


def test_a_change_made_elsewhere_shows_within_the_ttl(other_worker, mini_synced, make_user):
    other, clock = other_worker
    user = make_user()
    reader = signed_in_browser(other, user)
    assert COMPLETED not in reader.get(FIRST).text
    progress_row(user, lesson("first-steps")).completed_at = utcnow()  # this worker, not that one
    db.session.commit()
    assert COMPLETED not in reader.get(FIRST).text  # the documented window
    clock.now += 5.01
    assert COMPLETED in reader.get(FIRST).text


def test_a_copy_serves_only_the_sign_in_it_was_made_for(app, mini_synced, make_user):
    """A user id reused after a deletion (SQLite reuses row ids) never inherits a copy."""
    user = make_user()
    row = progress_row(user, lesson("first-steps"))
    db.session.commit()
    with app.test_request_context(FIRST):
        remember_view(user, row)
        assert recent_view(user, row.lesson_id) is not None
        user.session_token = "another-sign-in"
        assert recent_view(user, row.lesson_id) is None
    db.session.rollback()
