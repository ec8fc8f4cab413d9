"""Append-only audit trail of sensitive actions."""

from __future__ import annotations

from typing import Any

from sqlalchemy import Select, select

from app.models import AuditEvent, User, db


def record_event(
    actor: User | None, action: str, target_type: str, target_id: object, **details: Any
) -> AuditEvent:
    """Record who did what to which object; the caller's commit makes it durable."""
    event = AuditEvent(
        actor_id=actor.id if actor is not None else None,
        action=action,
        target_type=target_type,
        target_id=str(target_id),
        details=details,
    )
    db.session.add(event)
    return event


def events_matching(action: str) -> Select[tuple[AuditEvent]]:
    """The log newest first, optionally only one kind of action."""
    stmt = select(AuditEvent).order_by(AuditEvent.id.desc())
    return stmt.where(AuditEvent.action == action) if action else stmt


def actors_of(events: list[AuditEvent]) -> dict[int, User]:
    """The people behind a page of events, in one query."""
    ids = {e.actor_id for e in events if e.actor_id}
    return {u.id: u for u in db.session.scalars(select(User).where(User.id.in_(ids)))}
