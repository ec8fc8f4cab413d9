"""The practice item page's data is cached per process; the write that changes it clears it.

In the worker that writes, a new version or an archived item shows at once; another worker (a
second app on the same database) shows it once its entry is older than the TTL (a fake clock).
A write that is rolled back leaves nothing behind, and a cached view never holds gold.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from flask import Flask

from app.extensions import db
from app.models import Role
from app.practice_cache import item_view, practice_cache
from app.services.studio.authoring import edit_exercise
from tests.conftest import (
    FakeClock,
    csrf_token_in,
    recorded_statements,
    second_worker,
    signed_in_browser,
    templates_rendered,
)


@pytest.fixture
def ranking(item_of_kind, first_of_kind):
    outcome = item_of_kind("ranking")
    return outcome.exercise, dict(first_of_kind["ranking"])


def new_prompt(data: dict, text: str) -> dict:
    return {**data, "prompt": text}


def test_a_second_view_reads_no_exercise_rows(client, student, ranking):
    uid = ranking[0].uid
    client.get("/practice/")  # shows the sign-in message
    first = client.get(f"/practice/{uid}")
    assert first.status_code == 200
    with recorded_statements() as statements:
        again = client.get(f"/practice/{uid}")
    assert again.status_code == 200
    assert [s for s in statements if "exercise" in s.lower()] == []
    assert again.text == first.text.replace(
        first.text.split('name="csrf_token" value="')[1].split('"')[0],
        again.text.split('name="csrf_token" value="')[1].split('"')[0],
    )


def test_a_new_version_shows_at_once_in_this_worker(client, student, ranking, make_user):
    exercise, data = ranking
    assert client.get(f"/practice/{exercise.uid}").status_code == 200
    author = make_user(Role.INSTRUCTOR)
    edited = new_prompt(data, "Which answer is safest for a child?")
    outcome = edit_exercise(exercise, edited, author)
    db.session.commit()
    page = client.get(f"/practice/{exercise.uid}").text
    assert "Which answer is safest for a child?" in page
    assert f'name="version_id" value="{outcome.version.id}"' in page


def test_archiving_an_item_removes_it_at_once(client, student, ranking):
    exercise, _data = ranking
    assert client.get(f"/practice/{exercise.uid}").status_code == 200
    exercise.status = "archived"
    db.session.commit()
    assert client.get(f"/practice/{exercise.uid}").status_code == 404


def test_a_rolled_back_edit_leaves_the_committed_item(app, ranking, make_user):
    exercise, data = ranking
    author = make_user(Role.INSTRUCTOR)
    committed = item_view(exercise.uid, "en")
    edit_exercise(exercise, new_prompt(data, "A prompt that was never saved"), author)
    db.session.flush()
    seen_inside = item_view(exercise.uid, "en")  # the writing session sees its own rows
    assert seen_inside.item["prompt"] == "A prompt that was never saved"
    db.session.rollback()
    assert item_view(exercise.uid, "en").version_id == committed.version_id
    assert item_view(exercise.uid, "en").item["prompt"] == data["prompt"]


def test_unknown_items_are_not_cached(app):
    assert item_view("pr-no-such-item", "en") is None
    assert practice_cache(app).get("item:pr-no-such-item:en") is None


def test_the_cached_view_holds_no_gold(app, ranking):
    exercise, data = ranking
    view = item_view(exercise.uid, "en")
    flat = repr(view)
    assert data["rationale"] not in flat
    for answer in data["answers"]:
        assert answer["note"] not in flat
    assert "gold" not in view.item


@pytest.fixture
def other_worker(app: Flask, tmp_path: Path) -> Iterator[tuple[Flask, FakeClock]]:
    """A second app on the same database, its practice cache on a fake clock."""
    with second_worker(app, tmp_path, clocked=practice_cache) as worker:
        yield worker


def test_another_worker_sees_a_new_version_within_the_ttl(other_worker, ranking, make_user):
    other, clock = other_worker
    exercise, data = ranking
    uid = exercise.uid
    author = make_user(Role.INSTRUCTOR)

    def shown_prompt() -> str:
        with other.app_context():
            return item_view(uid, "en").item["prompt"]

    assert shown_prompt() == data["prompt"]
    edit_exercise(exercise, new_prompt(data, "Which answer would a careful nurse give?"), author)
    db.session.commit()
    assert shown_prompt() == data["prompt"]  # the documented window
    clock.now += 60.01
    assert shown_prompt() == "Which answer would a careful nurse give?"


@pytest.fixture
def pairwise_item(item_of_kind):
    return item_of_kind("pairwise")


def test_a_second_reader_gets_the_kept_answer_form_with_a_working_token(
    client, app, pairwise_item, make_user
):
    outcome = pairwise_item
    uid = outcome.exercise.uid
    reader = signed_in_browser(app, make_user())
    assert reader.get(f"/practice/{uid}").status_code == 200
    other = signed_in_browser(app, make_user())
    with templates_rendered(app) as rendered:
        page = other.get(f"/practice/{uid}").text
    assert "practice/_item_body.html" not in rendered and "\x00" not in page
    answer = {"better": "A", "criterion": "ethics", "version_id": str(outcome.version.id)}
    token = page.split('class="answer-form"')[1]
    response = other.post(
        f"/practice/{uid}", data={**answer, "csrf_token": csrf_token_in(token)}, csrf=False
    )
    assert response.status_code == 302 and "/practice/attempts/" in response.location


def test_a_refused_answer_is_shown_to_its_reader_and_never_kept(client, student, pairwise_item):
    outcome = pairwise_item
    uid = outcome.exercise.uid
    client.get(f"/practice/{uid}")
    refused = client.post(f"/practice/{uid}", data={"version_id": str(outcome.version.id)})
    assert refused.status_code == 400
    assert "could not be graded" in refused.text
    assert "could not be graded" not in client.get(f"/practice/{uid}").text


def test_the_page_around_the_form_is_kept_per_look_with_each_readers_name(
    app, pairwise_item, make_user
):
    address = f"/practice/{pairwise_item.exercise.uid}"
    first = signed_in_browser(app, make_user(display_name="Ada Shellreader"))
    first.get(address)  # the sign-in's flash: a full render
    assert "Ada Shellreader" in first.get(address).text
    other = signed_in_browser(app, make_user(display_name="Bo Otherreader"))
    other.get(address)
    with templates_rendered(app) as rendered:
        from_shell = other.get(address).text
    assert "practice/item.html" not in rendered
    assert "Bo Otherreader" in from_shell and "Ada Shellreader" not in from_shell
    kept = app.extensions.pop("practice_cache")
    try:
        in_full = other.get(address).text
    finally:
        app.extensions["practice_cache"] = kept
    assert from_shell == in_full
