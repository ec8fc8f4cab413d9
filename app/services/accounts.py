"""Accounts: registration, sign-in with lockout, password changes and role grants."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta

from flask import current_app
from itsdangerous import BadSignature, SignatureExpired, URLSafeTimedSerializer
from sqlalchemy import Select, or_, select

from app.models import Role, User, db, utcnow
from app.services.audit import record_event

MAX_FAILED_LOGINS = 5
LOCKOUT = timedelta(minutes=15)
RESET_TOKEN_MAX_AGE = 60 * 60 * 24


class AccountError(ValueError):
    """A rule about accounts was broken; the message is safe to show."""


@dataclass(frozen=True)
class SignInResult:
    """The user when credentials were right, else a reason to show."""

    user: User | None
    reason: str | None = None


def normalise_email(email: str) -> str:
    """Emails compare case-insensitively and without surrounding spaces."""
    return email.strip().lower()


def find_user_by_email(email: str) -> User | None:
    """Look up an account by normalised email."""
    return db.session.scalar(select(User).where(User.email == normalise_email(email)))


def users_matching(query: str) -> Select[tuple[User]]:
    """Accounts whose email or name contains ``query`` (case-insensitive), oldest first."""
    stmt = select(User).order_by(User.id)
    if query:
        like = f"%{query.lower()}%"
        stmt = stmt.where(or_(User.email.like(like), User.display_name.ilike(like)))
    return stmt


def register_user(email: str, display_name: str, password: str, role: Role = Role.STUDENT) -> User:
    """Create an account; refuses a second account for the same email."""
    if find_user_by_email(email) is not None:
        raise AccountError("An account with this email already exists.")
    user = User(email=normalise_email(email), display_name=display_name.strip(), role=role.value)
    user.set_password(password, current_app.config["PASSWORD_HASH_METHOD"])
    db.session.add(user)
    db.session.flush()
    return user


def sign_in(email: str, password: str) -> SignInResult:
    """Check credentials, counting failures and locking the account after too many."""
    user = find_user_by_email(email)
    generic = "Wrong email or password."
    if user is None:
        return SignInResult(None, generic)
    now = utcnow()
    if user.locked_until is not None and user.locked_until > now:
        return SignInResult(None, "Too many failed attempts. Try again in 15 minutes.")
    if not user.check_password(password):
        user.failed_logins += 1
        if user.failed_logins >= MAX_FAILED_LOGINS:
            user.locked_until = now + LOCKOUT
            user.failed_logins = 0
        return SignInResult(None, generic)
    if not user.is_enabled:
        return SignInResult(None, "This account is disabled.")
    user.failed_logins = 0
    user.locked_until = None
    user.last_login_at = now
    return SignInResult(user)


def change_password(user: User, current: str, new: str) -> None:
    """Change a password after re-checking the current one; other sessions end."""
    if not user.check_password(current):
        raise AccountError("Your current password is not correct.")
    user.set_password(new, current_app.config["PASSWORD_HASH_METHOD"])


def grant_role(actor: User, user: User, role: Role) -> None:
    """Change a user's role and record it in the audit log."""
    if user.id == actor.id and role != Role.ADMIN:
        raise AccountError("You cannot remove your own admin role.")
    old = user.role
    user.role = role.value
    record_event(actor, "role.change", "user", user.id, old=old, new=role.value)


def _reset_serializer() -> URLSafeTimedSerializer:
    return URLSafeTimedSerializer(current_app.config["SECRET_KEY"], salt="password-reset")


def issue_reset_token(actor: User, user: User) -> str:
    """A signed, single-use link token; it dies when the password (session token) changes."""
    record_event(actor, "password.reset_link", "user", user.id)
    return _reset_serializer().dumps({"user": user.id, "token": user.session_token})


def user_for_reset_token(token: str) -> User | None:
    """The account a valid, unused reset token belongs to, else None."""
    try:
        data = _reset_serializer().loads(token, max_age=RESET_TOKEN_MAX_AGE)
    except (BadSignature, SignatureExpired):
        return None
    if not isinstance(data, dict) or not isinstance(data.get("user"), int):
        return None
    user = db.session.get(User, data["user"])
    if user is None or user.session_token != data.get("token"):
        return None
    return user


def reset_password(user: User, new: str) -> None:
    """Set a new password from a reset link; the link stops working."""
    user.set_password(new, current_app.config["PASSWORD_HASH_METHOD"])
    user.failed_logins = 0
    user.locked_until = None
