"""Accounts: registration, sign-in with lockout, password changes and role grants."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from datetime import timedelta
from functools import lru_cache

from flask import current_app
from flask_babel import lazy_gettext as _l
from itsdangerous import BadSignature, SignatureExpired, URLSafeTimedSerializer
from sqlalchemy import Select, or_, select, update
from werkzeug.security import check_password_hash, generate_password_hash

from app.models import Role, User, db, utcnow
from app.models.user import new_session_token
from app.services.accounts.audit import record_event

MAX_FAILED_LOGINS = 5
LOCKOUT = timedelta(minutes=15)
RESET_TOKEN_MAX_AGE = 60 * 60 * 24  # links an admin hands over
EMAILED_RESET_MAX_AGE = 60 * 60  # links sent by email to whoever typed the address
# One message for unknown emails, wrong passwords and locked accounts: none reveals an account.
SIGN_IN_REFUSED = (
    "Wrong email or password. After 5 failed attempts an account is locked for 15 minutes."
)


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
        raise AccountError(_l("An account with this email already exists."))
    user = User(email=normalise_email(email), display_name=display_name.strip(), role=role.value)
    user.set_password(password, current_app.config["PASSWORD_HASH_METHOD"])
    db.session.add(user)
    db.session.flush()
    return user


@lru_cache(maxsize=4)
def dummy_hash(method: str) -> str:
    """A hash of nothing, checked for unknown emails so they cost what a real account costs."""
    return generate_password_hash("no account has this password", method=method)


def password_matches(stored_hash: str | None, password: str) -> bool:
    """Always compute one hash with the configured method, whether or not there is an account."""
    method = current_app.config["PASSWORD_HASH_METHOD"]
    matches = check_password_hash(stored_hash or dummy_hash(method), password)
    return matches and stored_hash is not None


def reserve_attempt(user: User) -> bool:
    """Count one attempt atomically unless the account is locked or at its limit.

    A single UPDATE … RETURNING, so parallel attempts each see the count the others left:
    at most ``MAX_FAILED_LOGINS`` passwords are checked before the lock, however many arrive.
    """
    now = utcnow()
    stmt = (
        update(User)
        .where(
            User.id == user.id,
            or_(User.locked_until.is_(None), User.locked_until <= now),
            User.failed_logins < MAX_FAILED_LOGINS,
        )
        .values(failed_logins=User.failed_logins + 1, locked_until=None)
        .returning(User.failed_logins)
        .execution_options(synchronize_session=False)
    )
    return db.session.execute(stmt).scalar() is not None


def settle_attempt(user: User, succeeded: bool) -> None:
    """Clear the count after a success; lock the account when this failure reached the limit."""
    row = update(User).where(User.id == user.id).execution_options(synchronize_session=False)
    if succeeded:
        db.session.execute(row.values(failed_logins=0, locked_until=None, last_login_at=utcnow()))
    else:
        locked = db.session.execute(
            row.where(User.failed_logins >= MAX_FAILED_LOGINS).values(
                failed_logins=0, locked_until=utcnow() + LOCKOUT
            )
        )
        if locked.rowcount:
            current_app.logger.warning(
                "account %s locked after %d failed logins", user.id, MAX_FAILED_LOGINS
            )
    db.session.expire(user, ["failed_logins", "locked_until", "last_login_at"])


def sign_in(email: str, password: str) -> SignInResult:
    """Check credentials, counting failures and locking the account after too many."""
    user = find_user_by_email(email)
    if user is None or not reserve_attempt(user):
        password_matches(None, password)  # same work as a real check: timing tells nothing
        return SignInResult(None, SIGN_IN_REFUSED)
    if not password_matches(user.password_hash, password):
        settle_attempt(user, succeeded=False)
        return SignInResult(None, SIGN_IN_REFUSED)
    settle_attempt(user, succeeded=True)
    if not user.is_enabled:
        return SignInResult(None, "This account is disabled.")
    return SignInResult(user)


def end_sessions(user: User) -> None:
    """Rotate the session token: every session cookie and remember-me cookie stops working."""
    user.session_token = new_session_token()


def change_password(user: User, current: str, new: str) -> None:
    """Change a password after re-checking the current one; other sessions end."""
    if not user.check_password(current):
        raise AccountError(_l("Your current password is not correct."))
    user.set_password(new, current_app.config["PASSWORD_HASH_METHOD"])


def grant_role(actor: User, user: User, role: Role) -> None:
    """Change a user's role and record it in the audit log."""
    if user.id == actor.id and role != Role.ADMIN:
        raise AccountError(_l("You cannot remove your own admin role."))
    old = user.role
    user.role = role.value
    record_event(actor, "role.change", "user", user.id, old=old, new=role.value)


def _reset_serializer() -> URLSafeTimedSerializer:
    return URLSafeTimedSerializer(current_app.config["SECRET_KEY"], salt="password-reset")


def password_fingerprint(user: User) -> str:
    """Changes whenever the password does, so a reset link works once."""
    return hashlib.sha256(user.password_hash.encode()).hexdigest()[:24]


def reset_token(user: User, via: str) -> str:
    """A signed link token bound to the current password; ``via`` sets how long it lives."""
    payload = {"user": user.id, "pw": password_fingerprint(user), "via": via}
    return _reset_serializer().dumps(payload)


def issue_reset_token(actor: User, user: User) -> str:
    """A signed, single-use link an admin hands over; it dies when the password changes."""
    record_event(actor, "password.reset_link", "user", user.id)
    return reset_token(user, "admin")


def request_password_reset(email: str) -> None:
    """Email a reset link if an enabled account has this address; say nothing either way."""
    from app.services.accounts.mail import send_notice

    user = find_user_by_email(email)
    if user is None or not user.is_enabled:
        return
    record_event(None, "password.reset_email", "user", user.id)
    send_notice(user, "password_reset", token=reset_token(user, "email"))


def user_for_reset_token(token: str) -> User | None:
    """The account a valid, unused, unexpired reset token belongs to, else None."""
    try:
        data, signed_at = _reset_serializer().loads(
            token, max_age=RESET_TOKEN_MAX_AGE, return_timestamp=True
        )
    except (BadSignature, SignatureExpired):
        return None
    if not isinstance(data, dict) or not isinstance(data.get("user"), int):
        return None
    age = (utcnow() - signed_at).total_seconds()
    if data.get("via") == "email" and age > EMAILED_RESET_MAX_AGE:
        return None
    user = db.session.get(User, data["user"])
    if user is None or password_fingerprint(user) != data.get("pw"):
        return None
    return user


def reset_password(user: User, new: str) -> None:
    """Set a new password from a reset link; the link and every session stop working."""
    user.set_password(new, current_app.config["PASSWORD_HASH_METHOD"])
    user.failed_logins = 0
    user.locked_until = None


def set_locale(user: User, language: str) -> None:
    """Save the user's interface language (one of the offered codes; the form checks it)."""
    user.locale = language
