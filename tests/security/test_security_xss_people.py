"""Hostile names, headlines, cohort names and search terms never execute in any page."""

from __future__ import annotations

from typing import Any

import pytest
from sqlalchemy import func, select

from app.extensions import db
from app.models import Certificate, Cohort, User
from tests.security.conftest import row_counts, signed_in_client
from tests.security.payloads import NUL_BYTES, OVERSIZED, PAYLOADS, short
from tests.security.world import World
from tests.security.xss import check_pages, inert_problems

PASSWORD = "quartz-meadow-lantern-4"


def register(app: Any, name: str, email: str) -> Any:
    """Register through the real form; returns the new browser and the response."""
    client = signed_in_client(app, None)
    response = client.post(
        "/auth/register",
        data={"email": email, "display_name": name, "password": PASSWORD, "confirm": PASSWORD},
    )
    return client, response


def test_registration_names_are_inert_in_header_admin_and_certificates(app, world, visitors):
    problems: list[str] = []
    for number, (name, payload) in enumerate(PAYLOADS.items()):
        display = short(payload, 80)
        client, response = register(app, display, f"xss{number}@example.org")
        if response.status_code != 302:
            problems.append(f"[{name}] registration refused: {response.status_code}")
            continue
        problems += check_pages(client, ["/auth/password"], display, name, shown=True)
        problems += check_pages(visitors["admin"], ["/admin/users?q=xss"], display, name)
    assert not problems, "\n".join(problems)


def test_certificate_holder_names_are_inert_everywhere_they_show(world: World, visitors):
    problems: list[str] = []
    cert = world.certificate
    pages = {
        "student": [f"/certificates/{cert.code}", "/certificates/"],
        "anonymous": [f"/verify/{cert.code}", "/verify/directory"],
        "admin": [f"/certificates/manage?q={cert.code}"],
    }
    for name, payload in PAYLOADS.items():
        cert.holder_name = short(payload, 80)
        world.users["student"].display_name = short(payload, 80)
        db.session.commit()
        for visitor, urls in pages.items():
            problems += check_pages(visitors[visitor], urls, cert.holder_name, name, shown=True)
        api = visitors["anonymous"].get(f"/verify/api/{cert.code}")
        assert api.mimetype == "application/json"
    assert not problems, "\n".join(problems)


def test_directory_headlines_are_inert(world: World, visitors):
    problems: list[str] = []
    student = visitors["student"]
    for name, payload in PAYLOADS.items():
        headline = short(payload, 160)
        response = student.post(
            "/certificates/directory", data={"opt_in": "y", "headline": headline}
        )
        if response.status_code != 302:
            problems.append(f"[{name}] headline refused: {response.status_code}")
            continue
        problems += check_pages(
            visitors["anonymous"], ["/verify/directory"], headline, name, shown=True
        )
        problems += check_pages(student, ["/certificates/"], headline, name)
    assert not problems, "\n".join(problems)


def test_cohort_names_are_inert_for_instructor_and_student(world: World, visitors):
    problems: list[str] = []
    for name, payload in PAYLOADS.items():
        cohort_name = short(payload, 120)
        response = visitors["instructor"].post("/studio/cohorts", data={"name": cohort_name})
        if response.status_code != 302:
            problems.append(f"[{name}] cohort refused: {response.status_code}")
            continue
        cohort = db.session.scalars(select(Cohort).order_by(Cohort.id.desc())).first()
        problems += check_pages(
            visitors["instructor"],
            ["/studio/cohorts", f"/studio/cohorts/{cohort.id}"],
            cohort_name,
            name,
            shown=True,
        )
        joined = visitors["other"].post("/studio/join", data={"code": cohort.invite_code})
        if joined.status_code == 302:
            problems += check_pages(
                visitors["other"], [joined.headers["Location"]], cohort_name, name
            )
        problems += check_pages(visitors["admin"], ["/admin/audit"], cohort_name, name)
    assert not problems, "\n".join(problems)


@pytest.mark.parametrize(
    ("visitor", "url", "param"),
    [
        ("admin", "/admin/users", "q"),
        ("admin", "/admin/audit", "action"),
        ("admin", "/certificates/manage", "q"),
        ("instructor", "/studio/", "q"),
        ("student", "/practice/", "topic"),
        ("anonymous", "/verify/", "code"),
        ("anonymous", "/verify/directory", "specialisation"),
        ("anonymous", "/auth/login", "next"),
    ],
)
def test_reflected_query_parameters_are_inert(world, visitors, visitor, url, param):
    problems: list[str] = []
    for name, payload in PAYLOADS.items():
        response = visitors[visitor].get(url, query_string={param: payload})
        if response.status_code >= 500:
            problems.append(f"[{name}] {url}?{param}=…: {response.status_code}")
            continue
        problems += inert_problems(
            response.get_data(as_text=True), payload, f"[{name}] {url}?{param}=…"
        )
    assert not problems, "\n".join(problems)


@pytest.mark.parametrize("value", [*OVERSIZED.values(), NUL_BYTES, "", " ", "x"])
def test_bad_names_are_refused_without_writing(app, value):
    before = db.session.scalar(select(func.count()).select_from(User))
    _client, response = register(app, value, "bad-name@example.org")
    assert response.status_code in (200, 400, 413)
    assert db.session.scalar(select(func.count()).select_from(User)) == before


@pytest.mark.parametrize("value", [*OVERSIZED.values(), NUL_BYTES])
def test_bad_cohort_names_and_headlines_are_refused_without_writing(world, visitors, value):
    before = row_counts()
    response = visitors["instructor"].post("/studio/cohorts", data={"name": value})
    assert response.status_code in (200, 400, 413)
    response = visitors["student"].post(
        "/certificates/directory", data={"opt_in": "y", "headline": value}
    )
    assert response.status_code in (400, 413)
    assert row_counts() == before
    db.session.refresh(world.users["student"])
    assert world.users["student"].headline == "Careful ranker"
    assert db.session.scalar(select(func.count()).select_from(Certificate)) >= 1
