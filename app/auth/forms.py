"""Account forms."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import (
    BooleanField,
    EmailField,
    PasswordField,
    RadioField,
    SelectChoice,
    StringField,
    SubmitField,
)
from wtforms.validators import DataRequired, Email, Length

from app.forms.passwords import MAX_LENGTH, new_password_fields


def strip_whitespace(value: str | None) -> str | None:
    """People paste emails with stray spaces; accept them."""
    return value.strip() if isinstance(value, str) else value


class RegisterForm(FlaskForm):
    """A new student account."""

    email = EmailField(
        _l("Email"),
        validators=[DataRequired(), Email(check_deliverability=False), Length(max=254)],
        filters=[strip_whitespace],
    )
    display_name = StringField(
        _l("Name"),
        validators=[DataRequired(), Length(min=2, max=80)],
        description=_l("Shown on your certificates."),
    )
    password, confirm = new_password_fields()
    submit = SubmitField(_l("Create account"))


class LoginForm(FlaskForm):
    """Sign in."""

    email = EmailField(
        _l("Email"), validators=[DataRequired(), Length(max=254)], filters=[strip_whitespace]
    )
    password = PasswordField(_l("Password"), validators=[DataRequired(), Length(max=MAX_LENGTH)])
    remember = BooleanField(_l("Remember me"))
    submit = SubmitField(_l("Log in"))


class ChangePasswordForm(FlaskForm):
    """Change one's own password."""

    current = PasswordField(
        _l("Current password"), validators=[DataRequired(), Length(max=MAX_LENGTH)]
    )
    password, confirm = new_password_fields()
    submit = SubmitField(_l("Change password"))


class ForgotPasswordForm(FlaskForm):
    """Ask for a reset link by email."""

    email = EmailField(
        _l("Email"),
        validators=[DataRequired(), Email(check_deliverability=False), Length(max=254)],
        filters=[strip_whitespace],
    )
    submit = SubmitField(_l("Email me a reset link"))


class ResetPasswordForm(FlaskForm):
    """Choose a new password from a reset link (emailed or admin-issued)."""

    password, confirm = new_password_fields()
    submit = SubmitField(_l("Set password"))


class LogoutForm(FlaskForm):
    """Logging out is a POST so another site cannot sign a user out."""

    submit = SubmitField(_l("Log out"))


class LanguageForm(FlaskForm):
    """The interface language saved in the account (followed on every device)."""

    language = RadioField(
        _l("Interface language"),
        choices=[SelectChoice("en", "English"), SelectChoice("ru", "Русский")],
        validators=[DataRequired()],
    )
    submit = SubmitField(_l("Save language"))
