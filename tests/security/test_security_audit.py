"""The audit log records gold edits, publishing, certificates and role changes; admins see it."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from sqlalchemy import select

from app.extensions import db
from app.models import AuditEvent
from app.services.practice.exercise_bank import current_version, version_to_dict
from tests.security.studio_forms import item_form_data
from tests.security.world import World

APP_DIR = Path(__file__).resolve().parents[2] / "app"


def events(action: str) -> list[AuditEvent]:
    """Recorded events of one action, oldest first."""
    db.session.expire_all()
    return list(
        db.session.scalars(
            select(AuditEvent).where(AuditEvent.action == action).order_by(AuditEvent.id)
        )
    )


def assert_shown_to_admins(visitors: dict, action: str, actor_name: str) -> None:
    """The audit page lists the action with who did it; nobody else may open it."""
    page = visitors["admin"].get("/admin/audit", query_string={"action": action})
    html = page.get_data(as_text=True)
    assert page.status_code == 200 and action in html and actor_name in html
    for visitor in ("student", "instructor"):
        assert visitors[visitor].get("/admin/audit").status_code == 403


def test_role_change_is_audited(world: World, visitors: dict) -> None:
    target = world.users["other"]
    response = visitors["admin"].post(f"/admin/users/{target.id}/role", data={"role": "instructor"})
    assert response.status_code == 302
    [event] = events("role.change")
    assert event.actor_id == world.users["admin"].id and event.target_id == str(target.id)
    assert event.details == {"old": "student", "new": "instructor"}
    assert_shown_to_admins(visitors, "role.change", "Ada Admin")


def test_gold_edit_is_audited(world: World, visitors: dict) -> None:
    draft = world.draft
    data = version_to_dict(current_version(draft))
    data["gold_order"] = [["A"], ["B"], ["D"], ["C"]]
    data["answers"][0]["note"] = "A better teaching note."
    response = visitors["instructor"].post(
        f"/studio/exercises/{draft.id}/edit", data=item_form_data(data)
    )
    assert response.status_code == 302, response.get_data(as_text=True)[:1500]
    [event] = events("exercise.edit")
    assert event.actor_id == world.users["instructor"].id
    assert event.target_id == str(draft.id)
    assert_shown_to_admins(visitors, "exercise.edit", "Ivy Instructor")


def test_publishing_is_audited(world: World, visitors: dict) -> None:
    draft = world.draft
    assert visitors["admin"].post(f"/studio/exercises/{draft.id}/approve").status_code == 302
    [approval] = events("exercise.approve")
    assert approval.actor_id == world.users["admin"].id
    response = visitors["instructor"].post(f"/studio/exercises/{draft.id}/publish")
    assert response.status_code == 302
    db.session.refresh(draft)
    assert draft.status == "published"
    [event] = events("exercise.publish")
    assert event.actor_id == world.users["instructor"].id and event.target_id == str(draft.id)
    assert_shown_to_admins(visitors, "exercise.publish", "Ivy Instructor")


def test_certificate_issue_is_audited(world: World, visitors: dict) -> None:
    item = world.reference_item_b
    url = f"/studio/reviews/exam-items/{item.id}"
    # Two blind marks that agree issue the certificate; the second marker completes it.
    for marker in ("instructor", "admin"):
        response = visitors[marker].post(url, data={"likert": "7", "comment": "Clear and kind."})
        assert response.status_code == 302
    issued = [
        e
        for e in events("certificate.issue")
        if e.details.get("session") == world.finished_session_b.id
    ]
    assert len(issued) == 1 and issued[0].actor_id == world.users["admin"].id
    assert re.fullmatch(r"ATS(-[0-9A-Z]{4}){3}", issued[0].details["code"])
    assert_shown_to_admins(visitors, "certificate.issue", "Ada Admin")


def test_certificate_revocation_is_audited(world: World, visitors: dict) -> None:
    cert = world.certificate
    response = visitors["admin"].post(
        f"/certificates/{cert.code}/revoke", data={"reason": "Shared exam answers."}
    )
    assert response.status_code == 302
    db.session.refresh(cert)
    assert cert.revoked_at is not None
    [event] = events("certificate.revoke")
    assert event.actor_id == world.users["admin"].id and event.target_id == str(cert.id)
    assert "Shared exam answers." in str(event.details)
    assert_shown_to_admins(visitors, "certificate.revoke", "Ada Admin")
    public = visitors["anonymous"].get(f"/verify/{cert.code}").get_data(as_text=True)
    assert "revoked" in public.lower()


def test_refused_actions_are_not_audited(world: World, visitors: dict) -> None:
    cert, target = world.certificate, world.users["other"]
    visitors["instructor"].post(f"/certificates/{cert.code}/revoke", data={"reason": "No way."})
    visitors["student"].post(f"/admin/users/{target.id}/role", data={"role": "admin"})
    visitors["student"].post(f"/studio/exercises/{world.draft.id}/publish")
    assert not events("certificate.revoke") and not events("role.change")
    assert not events("exercise.publish")


def test_the_audit_log_is_append_only_in_code() -> None:
    offenders = []
    for path in APP_DIR.rglob("*.py"):
        text = path.read_text()
        if re.search(r"(delete|update)\(\s*AuditEvent\b", text) or "AuditEvent).delete" in text:
            offenders.append(str(path))
    assert not offenders, f"code that changes or deletes audit rows: {offenders}"


def test_audit_details_survive_hostile_text(world: World, visitors: dict) -> Any:
    payload = "<img src=x onerror=alert(1)>"
    response = visitors["admin"].post(
        f"/certificates/{world.certificate.code}/revoke", data={"reason": payload}
    )
    assert response.status_code == 302
    page = visitors["admin"].get("/admin/audit").get_data(as_text=True)
    assert payload not in page and "&lt;img src=x onerror=alert(1)&gt;" in page
