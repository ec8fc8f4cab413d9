"""JSON columns go through orjson (app/json_columns.py) and read back as the standard library's.

What was stored before the switch and what is stored after must mean the same to every reader:
keys that are not strings become strings, text outside ASCII survives, and the stored text is
plain JSON that the standard library parses.
"""

from __future__ import annotations

import json

from sqlalchemy import Text, cast, select

from app.extensions import db
from app.models import StudentSummary

VALUE = {
    "weeks": {"2026-11-30": [1.5, 2]},
    7: "seven",
    "text": "тренер, naïve “quotes”",
    "none": None,
    "flags": [True, False],
    "score": 0.30000000000000004,
}


def test_a_json_column_reads_back_what_the_standard_library_would(app, make_user):
    user = make_user()
    db.session.add(StudentSummary(user_id=user.id, practice=VALUE))
    db.session.commit()
    db.session.expire_all()
    assert db.session.get(StudentSummary, user.id).practice == json.loads(json.dumps(VALUE))


def test_the_stored_text_is_compact_json_the_standard_library_parses(app, make_user):
    user = make_user()
    db.session.add(StudentSummary(user_id=user.id, practice=VALUE))
    db.session.commit()
    text = db.session.scalar(
        select(cast(StudentSummary.practice, Text)).where(StudentSummary.user_id == user.id)
    )
    assert json.loads(text) == json.loads(json.dumps(VALUE))
    assert '", "' not in text and '": ' not in text  # written by orjson, not json.dumps
