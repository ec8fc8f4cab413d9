"""Accounts. Recruiters need none: verification is public."""

from __future__ import annotations

import secrets
from datetime import datetime
from enum import StrEnum

from flask_login import UserMixin
from sqlalchemy import CheckConstraint, String
from sqlalchemy.orm import Mapped, mapped_column
from werkzeug.security import check_password_hash, generate_password_hash

from app.models.base import db, utcnow


class Role(StrEnum):
    """What a signed-in person may do; instructors and admins are granted, never self-chosen."""

    STUDENT = "student"
    INSTRUCTOR = "instructor"
    ADMIN = "admin"


ROLE_RANK = {Role.STUDENT: 0, Role.INSTRUCTOR: 1, Role.ADMIN: 2}


def new_session_token() -> str:
    """A random token; rotating it signs the user out of every session and remember cookie."""
    return secrets.token_hex(16)


class User(UserMixin, db.Model):
    """A student, instructor or admin."""

    __tablename__ = "users"
    __table_args__ = (
        CheckConstraint("role IN ('student', 'instructor', 'admin')", name="role_known"),
        CheckConstraint("failed_logins >= 0", name="failed_logins_not_negative"),
        CheckConstraint(
            "exam_extra_minutes >= 0 AND exam_extra_minutes <= 600",
            name="exam_extra_minutes_range",
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    email: Mapped[str] = mapped_column(String(254), unique=True)
    display_name: Mapped[str] = mapped_column(String(80))
    password_hash: Mapped[str] = mapped_column(String(255))
    role: Mapped[str] = mapped_column(String(20), default=Role.STUDENT.value)
    session_token: Mapped[str] = mapped_column(String(32), unique=True, default=new_session_token)
    is_enabled: Mapped[bool] = mapped_column(default=True)
    failed_logins: Mapped[int] = mapped_column(default=0)
    locked_until: Mapped[datetime | None]
    directory_opt_in: Mapped[bool] = mapped_column(default=False)
    headline: Mapped[str | None] = mapped_column(String(160))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    last_login_at: Mapped[datetime | None]
    # Extra exam time granted by an admin as an accommodation, added when a session starts.
    exam_extra_minutes: Mapped[int] = mapped_column(default=0, server_default="0")
    locale: Mapped[str | None] = mapped_column(String(5))  # chosen interface language

    def get_id(self) -> str:
        """Flask-Login stores the session token, so a password change ends old sessions."""
        return self.session_token

    @property
    def is_active(self) -> bool:  # type: ignore[override]
        """Disabled accounts cannot sign in."""
        return self.is_enabled

    def set_password(self, password: str, method: str = "scrypt") -> None:
        """Hash with a memory-hard KDF and rotate the session token."""
        self.password_hash = generate_password_hash(password, method=method)
        self.session_token = new_session_token()

    def check_password(self, password: str) -> bool:
        """Constant-time comparison against the stored hash."""
        return check_password_hash(self.password_hash, password)

    def has_role(self, role: Role | str) -> bool:
        """Admins can do what instructors can, instructors what students can."""
        return ROLE_RANK[Role(self.role)] >= ROLE_RANK[Role(role)]

    @property
    def is_instructor(self) -> bool:
        """Instructor or admin."""
        return self.has_role(Role.INSTRUCTOR)

    @property
    def is_admin(self) -> bool:
        """Admin."""
        return self.role == Role.ADMIN.value
