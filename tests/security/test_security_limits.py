"""Size limits on requests and fields, and data the database cannot store (NUL characters)."""

from __future__ import annotations

import re
from typing import Any

import pytest
from sqlalchemy import select

from app.extensions import db
from app.models import User
from tests.security.conftest import row_counts, signed_in_client

GOOD_PASSWORD = "orchid-lantern-river-8"


def register(client: Any, **fields: str) -> Any:
    """POST the registration form with valid defaults."""
    data = {
        "email": "new@example.org",
        "display_name": "New Person",
        "password": GOOD_PASSWORD,
        "confirm": GOOD_PASSWORD,
    }
    data.update(fields)
    return client.post("/auth/register", data=data)


def test_oversized_request_gets_the_413_page(app, world):
    client = signed_in_client(app, None)
    limit = app.config["MAX_CONTENT_LENGTH"]
    assert limit <= 1024 * 1024
    before = row_counts()
    response = register(client, display_name="x" * (limit + 1))
    assert response.status_code == 413
    assert "Request too large" in response.get_data(as_text=True)
    assert row_counts() == before


def test_oversized_json_gets_413(app, world):
    client = signed_in_client(app, world.users["instructor"].email)
    body = {"markdown": "x" * (app.config["MAX_CONTENT_LENGTH"] + 1)}
    response = client.post("/courses/preview", json=body)
    assert response.status_code == 413


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("display_name", "x" * 81),
        ("display_name", "y" * 20_000),
        ("display_name", "z"),
        ("email", "a" * 250 + "@example.org"),
        ("password", "p-" * 100),
    ],
)
def test_field_length_limits_give_form_errors(client, field, value):
    response = register(
        client, **{field: value}, **({"confirm": value} if field == "password" else {})
    )
    assert response.status_code == 200
    assert 'class="errors"' in response.get_data(as_text=True)
    assert db.session.scalar(select(db.func.count()).select_from(User)) == 0


@pytest.mark.parametrize("where", ["form", "query", "query-key", "get-body", "path"])
def test_nul_characters_are_refused_with_400(client, where):
    if where == "form":
        response = register(client, display_name="Nul\x00Person")
    elif where == "query":
        response = client.get("/courses/?q=a%00b")
    elif where == "query-key":
        response = client.get("/courses/?a%00b=1")
    elif where == "get-body":  # a GET with a form body is read in full, not waved through
        response = client.get("/courses/", data={"q": "a\x00b"})
    else:
        response = client.get("/courses/abc%00def")
    assert response.status_code == 400
    assert "null character" in response.get_data(as_text=True)
    assert db.session.scalar(select(db.func.count()).select_from(User)) == 0


def test_nul_in_json_is_refused(app, world):
    client = signed_in_client(app, world.users["instructor"].email)
    response = client.post("/courses/preview", json={"markdown": "a\u0000b"})
    assert response.status_code == 400 and response.json["status"] == 400


@pytest.mark.parametrize("page", ["100001", "200000000000000000", "-99999999999999999999"])
def test_page_numbers_that_would_overflow_are_not_found(client, admin, page):
    response = client.get("/admin/audit", query_string={"page": page})
    assert response.status_code == 404


def test_login_with_huge_or_strange_values_is_not_a_500(client, make_user):
    user = make_user()
    for email, password in [
        ("a" * 5000, "b"),
        (user.email, "p" * 5000),
        ("\u202e@x.org", "x"),
        ("' OR 1=1 --", "' OR '1'='1"),
    ]:
        response = client.post("/auth/login", data={"email": email, "password": password})
        assert response.status_code == 200, (email[:20], response.status_code)


def test_search_boxes_accept_hostile_queries(client, admin):
    for query in ("%", "_", "' OR 1=1 --", "\\", "x" * 5000, "％"):
        response = client.get("/admin/users", query_string={"q": query})
        assert response.status_code == 200, query[:20]


@pytest.mark.parametrize(
    "fields",
    [
        {"order_1": "A", "order_2": "A", "order_3": "B", "order_4": "C"},
        {"order_1": "Z", "order_2": "A", "order_3": "B", "order_4": "C"},
        {"order_1": "A"},
        {},
        {"order_1": "<script>", "order_2": "x" * 5000},
    ],
)
def test_malformed_ranking_submissions_get_400_with_a_reason(world, visitors, fields):
    client = visitors["other"]
    uid = world.practice_ranking.uid
    page = client.get(f"/practice/{uid}").get_data(as_text=True)
    version = page.split('name="version_id" value="', 1)[1].split('"', 1)[0]
    before = row_counts()
    response = client.post(f"/practice/{uid}", data={"version_id": version, **fields})
    assert response.status_code == 400
    page = response.get_data(as_text=True)
    assert "could not be graded" in page
    reasons = re.search(r'role="alert">.*?<ul>(.*?)</ul>', page, re.S)
    assert reasons is not None and "<li>" in reasons.group(1)
    assert row_counts() == before


@pytest.mark.parametrize("version", ["", "abc", "999999", "-1", "1" * 40])
def test_a_forged_or_stale_version_is_refused(world, visitors, version):
    before = row_counts()
    response = visitors["other"].post(
        f"/practice/{world.practice_ranking.uid}",
        data={"version_id": version, "order_1": "B", "order_2": "A", "order_3": "D"},
    )
    assert response.status_code == 400
    assert "Reload the page" in response.get_data(as_text=True)
    assert row_counts() == before


@pytest.mark.parametrize("huge", [2**31, 10**30])
def test_huge_numbers_in_queries_and_exam_answers_are_refused_not_500(world, visitors, huge):
    lesson = f"/courses/{world.course.slug}/{world.lesson.slug}/history"
    studio = visitors["instructor"]
    assert studio.get(lesson, query_string={"version": huge}).status_code == 404
    assert studio.get("/studio/analytics", query_string={"cohort": huge}).status_code == 404
    session, student = world.session, visitors["student"]
    url = f"/exams/sessions/{session.id}/autosave"
    answer = {"ratings": {"ethics": 2, "accuracy": 3, "relevance": 4}, "flags": []}
    before = row_counts()
    for body in (
        {"position": huge, "revision": 0, "answer": answer},
        {"position": 1, "revision": huge, "answer": answer},
        {"position": 1, "revision": -huge, "answer": answer},
    ):
        response = student.post(url, json=body)
        assert response.status_code in (400, 404, 409), (body, response.status_code)
    form = student.post(f"/exams/sessions/{session.id}/1", data={"revision": str(huge)})
    assert form.status_code == 302
    assert row_counts() == before
