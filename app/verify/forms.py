"""Recruiter forms: check an email against a certificate, check a credential file."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from flask_wtf.file import FileField, FileRequired
from wtforms import StringField, SubmitField
from wtforms.validators import DataRequired, Length, Optional

EMAIL_HINT = _l(
    "The address is hashed with this certificate's salt and compared with the hash the "
    "certificate holds; it is not stored."
)


class EmailCheckForm(FlaskForm):
    """Is this the email the certificate was issued to?"""

    email = StringField(
        _l("Email address the candidate gave you"),
        validators=[DataRequired(), Length(max=254)],
        description=EMAIL_HINT,
    )
    submit = SubmitField(_l("Check the email"))


class CredentialFileForm(FlaskForm):
    """A credential file (the signed JSON a holder downloads) to check on the server."""

    credential = FileField(
        _l("Credential file (.json)"),
        validators=[FileRequired(_l("Choose or drop the credential file."))],
    )
    email = StringField(
        _l("Email address the candidate gave you (optional)"),
        validators=[Optional(), Length(max=254)],
        description=_l("Compared with the hashed email inside the credential; not stored."),
    )
    submit = SubmitField(_l("Check the credential"))
