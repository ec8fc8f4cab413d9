"""Append-only audit trail of sensitive actions."""

from __future__ import annotations

from typing import Any

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
