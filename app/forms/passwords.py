"""Password strength rules shared by registration, change and reset forms."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from wtforms import Form, PasswordField
from wtforms.validators import DataRequired, EqualTo, Length, ValidationError

MIN_LENGTH = 10
MAX_LENGTH = 128
COMMON_PASSWORDS = frozenset(
    {
        "password",
        "password1",
        "password123",
        "passw0rd",
        "qwerty",
        "qwertyuiop",
        "1234567890",
        "123456789",
        "12345678",
        "iloveyou",
        "letmein",
        "welcome",
        "admin",
        "administrator",
        "trustno1",
        "football",
        "baseball",
        "dragon",
        "monkey",
        "sunshine",
        "princess",
        "superman",
        "starwars",
        "whatever",
        "aitrainer",
        "trainer123",
        "chatgpt",
        "p@ssw0rd",
        "qwerty123",
        "abc123456",
    }
)


def password_problem(password: str, email: str = "", name: str = "") -> str | None:
    """Why a password is too weak, or None: length, variety, and not guessable from the user."""
    if len(password) < MIN_LENGTH:
        return f"Use at least {MIN_LENGTH} characters."
    if len(password) > MAX_LENGTH:
        return f"Use at most {MAX_LENGTH} characters."
    lowered = password.lower()
    if lowered in COMMON_PASSWORDS or lowered.rstrip("0123456789!") in COMMON_PASSWORDS:
        return "This password is too common; choose another."
    if len(set(password)) < 5:
        return "Use more varied characters (at least 5 different ones)."
    local = email.split("@")[0].lower()
    if len(local) >= 4 and local in lowered:
        return "Do not build the password from your email address."
    if len(name) >= 4 and name.lower() in lowered:
        return "Do not build the password from your name."
    return None


class StrongPassword:
    """WTForms validator around ``password_problem``; reads the form's email and name if any."""

    def __call__(self, form: Form, field: PasswordField) -> None:
        email = getattr(form, "email", None)
        name = getattr(form, "display_name", None)
        problem = password_problem(
            field.data or "",
            email.data or "" if email is not None else "",
            name.data or "" if name is not None else "",
        )
        if problem:
            raise ValidationError(problem)


def new_password_fields() -> tuple[PasswordField, PasswordField]:
    """A password and its confirmation, with the strength rules."""
    password = PasswordField(
        _l("Password"),
        validators=[DataRequired(), Length(max=MAX_LENGTH), StrongPassword()],
        description=_l("At least 10 characters; avoid common words and your own name."),
    )
    confirm = PasswordField(
        _l("Repeat password"),
        validators=[DataRequired(), EqualTo("password", message=_l("The passwords differ."))],
    )
    return password, confirm
