"""Admin forms."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import SelectChoice, SelectField, SubmitField

from app.models import Role

ROLE_CHOICES = [
    SelectChoice(Role.STUDENT.value, _l("Student")),
    SelectChoice(Role.INSTRUCTOR.value, _l("Instructor")),
    SelectChoice(Role.ADMIN.value, _l("Admin")),
]


class RoleForm(FlaskForm):
    """Grant or remove the instructor (or admin) role."""

    role = SelectField(_l("Role"), choices=ROLE_CHOICES)
    submit = SubmitField(_l("Save role"))


class ResetLinkForm(FlaskForm):
    """Issue a password-reset link for a user who lost access."""

    submit = SubmitField(_l("Create reset link"))
