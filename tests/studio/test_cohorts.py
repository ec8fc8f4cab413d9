"""Cohorts: invite codes, joining, the progress report and its CSV export."""

from __future__ import annotations

import csv
import io
import re

import pytest
from sqlalchemy import select

from app.extensions import db
from app.models import AuditEvent, Cohort, CohortMember, Role
from app.services.practice.practice import submit_practice
from app.services.studio.cohorts import CODE_ALPHABET, new_invite_code, normalise_code, safe_cell

CODE = re.compile(r"[A-HJ-NP-Z2-9]{4}-[A-HJ-NP-Z2-9]{4}-[A-HJ-NP-Z2-9]{4}")


def test_invite_codes_are_random_and_readable():
    codes = {new_invite_code() for _ in range(200)}
    assert len(codes) == 200 and all(CODE.fullmatch(c) for c in codes)
    assert not set("01ILO") & set(CODE_ALPHABET)
    assert normalise_code(" k7qm x3pd-9tra ") == "K7QM-X3PD-9TRA"


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("=1+1", "'=1+1"),
        ("+33 6", "'+33 6"),
        ("-2", "'-2"),
        ("@SUM(A1)", "'@SUM(A1)"),
        ("\tx", "'\tx"),
        ("Ann", "Ann"),
        ("", ""),
        (None, ""),
        (0.5, "0.5"),
    ],
)
def test_safe_cell_neutralises_formulas(value, expected):
    assert safe_cell(value) == expected


def _create(client, name: str = "Spring class") -> Cohort:
    response = client.post("/studio/cohorts", data={"name": name})
    assert response.status_code == 302, response.get_data(as_text=True)
    return db.session.scalars(select(Cohort).order_by(Cohort.id.desc())).first()


def test_instructor_creates_a_cohort(client, instructor):
    cohort = _create(client)
    assert cohort.instructor_id == instructor.id and CODE.fullmatch(cohort.invite_code)
    assert db.session.scalar(select(AuditEvent).where(AuditEvent.action == "cohort.create"))
    page = client.get("/studio/cohorts").get_data(as_text=True)
    assert "Spring class" in page and cohort.invite_code in page
    assert client.post("/studio/cohorts", data={"name": ""}).status_code == 200
    assert len(db.session.scalars(select(Cohort)).all()) == 1


def test_student_joins_with_the_code(client, instructor, make_user, login):
    cohort = _create(client)
    client.post("/auth/logout")
    student = make_user(display_name="Jo Joiner")
    login(student)
    page = client.post("/studio/join", data={"code": "NOPE-NOPE-NOPE"}).get_data(as_text=True)
    assert "No cohort has this invite code" in page
    typed = cohort.invite_code.lower().replace("-", " ")
    assert client.post("/studio/join", data={"code": typed}).status_code == 302
    assert client.post("/studio/join", data={"code": cohort.invite_code}).status_code == 302
    members = db.session.scalars(select(CohortMember)).all()
    assert [(m.cohort_id, m.user_id) for m in members] == [(cohort.id, student.id)]
    assert "Spring class" in client.get("/dashboard").get_data(as_text=True)


def test_join_needs_csrf(client, student):
    assert client.post("/studio/join", data={"code": "X"}, csrf=False).status_code == 400


def test_cohort_report_and_csv(client, instructor, make_user, make_exercise, item_for):
    cohort = _create(client)
    tricky = make_user(display_name='=HYPERLINK("http://evil")', email="x@example.org")
    plain = make_user(display_name="Ann Able", email="ann@example.org")
    db.session.add_all([CohortMember(cohort_id=cohort.id, user_id=u.id) for u in (tricky, plain)])
    outcome = make_exercise(item_for("pairwise"))
    submit_practice(
        plain, outcome.exercise, outcome.version, {"better": "B", "criterion": "ethics"}
    )
    db.session.commit()
    page = client.get(f"/studio/cohorts/{cohort.id}").get_data(as_text=True)
    assert "Ann Able" in page and "ethics: 100%" in page
    response = client.get(f"/studio/cohorts/{cohort.id}/export.csv")
    assert response.mimetype == "text/csv"
    rows = list(csv.reader(io.StringIO(response.get_data(as_text=True))))
    header, first, second = rows
    assert header[:3] == ["Name", "Email", "Joined"] and "Mastery: ethics" in header
    assert first[0] == '\'=HYPERLINK("http://evil")'  # sorted by name: '=' before 'A'
    assert second[:2] == ["Ann Able", "ann@example.org"]
    assert second[header.index("Mastery: ethics")] == "100%"


def test_cohorts_are_private_to_their_instructor(client, instructor, make_user, login):
    cohort = _create(client)
    client.post("/auth/logout")
    login(make_user(Role.INSTRUCTOR))
    assert client.get(f"/studio/cohorts/{cohort.id}").status_code == 404
    assert client.get(f"/studio/cohorts/{cohort.id}/export.csv").status_code == 404
    assert client.get(f"/studio/analytics?cohort={cohort.id}").status_code == 404
    assert "Spring class" not in client.get("/studio/cohorts").get_data(as_text=True)
    client.post("/auth/logout")
    login(make_user(Role.ADMIN))
    assert client.get(f"/studio/cohorts/{cohort.id}").status_code == 200
