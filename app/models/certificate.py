"""Certificates, the trainer-guidelines versions they were earned under, and signing state."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import CheckConstraint, ForeignKey, String, Text, UniqueConstraint, false
from sqlalchemy.orm import Mapped, mapped_column

from app.models.base import db, utcnow


class GuidelinesVersion(db.Model):
    """A trainer-guidelines version; superseding it starts its certificates' grace period."""

    __tablename__ = "guidelines_versions"
    __table_args__ = (
        UniqueConstraint("course_slug", "version"),
        CheckConstraint("grace_days >= 0", name="grace_days_not_negative"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    course_slug: Mapped[str] = mapped_column(String(80))
    version: Mapped[str] = mapped_column(String(20))
    superseded_at: Mapped[datetime | None]
    grace_days: Mapped[int] = mapped_column(default=180)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)


class Certificate(db.Model):
    """A credential; issued at most once per passing exam session (a unique constraint)."""

    __tablename__ = "certificates"
    __table_args__ = (
        CheckConstraint("level IN ('core', 'specialisation', 'lead')", name="level_known"),
        CheckConstraint("expires_at > issued_at", name="expires_after_issue"),
        CheckConstraint("overall_score >= 0 AND overall_score <= 1", name="overall_score_range"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(String(32), unique=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    exam_session_id: Mapped[int | None] = mapped_column(ForeignKey("exam_sessions.id"), unique=True)
    certificate_slug: Mapped[str] = mapped_column(String(80))
    title: Mapped[str] = mapped_column(String(200))
    level: Mapped[str] = mapped_column(String(20))
    specialisation: Mapped[str | None] = mapped_column(String(80))
    holder_name: Mapped[str] = mapped_column(String(80))
    overall_score: Mapped[float]
    criterion_scores: Mapped[dict[str, Any]] = mapped_column(default=dict)
    guidelines_version: Mapped[str] = mapped_column(String(20))
    status_index: Mapped[int] = mapped_column(unique=True)
    issued_at: Mapped[datetime] = mapped_column(default=utcnow)
    expires_at: Mapped[datetime]
    revoked_at: Mapped[datetime | None]
    revocation_reason: Mapped[str | None] = mapped_column(Text)
    revoked_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    # Earned from the repository's public demo exam pool: labelled "not a real certificate".
    is_demo: Mapped[bool] = mapped_column(default=False, server_default=false())
    language: Mapped[str] = mapped_column(String(5), default="en", server_default="en")
    # OB 3.0 IdentityHash of the holder's email ("sha256$…") and its salt; never the email.
    identity_salt: Mapped[str | None] = mapped_column(String(32))
    identity_hash: Mapped[str | None] = mapped_column(String(80))
