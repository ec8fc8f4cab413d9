"""Certificate forms: directory opt-in, revocation, guidelines supersession."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import BooleanField, IntegerField, StringField, SubmitField, TextAreaField
from wtforms.validators import DataRequired, InputRequired, Length, NumberRange, Optional, Regexp


class DirectoryForm(FlaskForm):
    """Opt in or out of the public trainer directory."""

    opt_in = BooleanField(_l("List me in the public trainer directory"))
    headline = StringField(
        _l("Headline"),
        validators=[Optional(), Length(max=160)],
        description=_l(
            "One line recruiters see next to your name, e.g. your languages or subjects."
        ),
    )
    submit = SubmitField(_l("Save directory settings"))


class RevokeForm(FlaskForm):
    """Revoke a certificate with a reason the holder and verifiers will see."""

    reason = TextAreaField(
        _l("Reason for revocation"), validators=[DataRequired(), Length(min=5, max=500)]
    )
    submit = SubmitField(_l("Revoke certificate"))


class SupersedeForm(FlaskForm):
    """Mark a trainer-guidelines version superseded."""

    course = StringField(
        _l("Course"), validators=[DataRequired(), Length(max=80)], default="ai-trainer-foundations"
    )
    version = StringField(
        _l("Guidelines version"), validators=[DataRequired(), Length(max=20), Regexp(r"^[\w.\-]+$")]
    )
    grace_days = IntegerField(
        _l("Grace period in days"),
        default=180,
        validators=[InputRequired(), NumberRange(min=0, max=3650)],
    )
    submit = SubmitField(_l("Mark superseded"))


class AwardLeadForm(FlaskForm):
    """Award Lead Trainer to an eligible certified trainer."""

    submit = SubmitField(_l("Award Lead Trainer"))
