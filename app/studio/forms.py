"""Studio forms. Content rules live in ``graders.validate_item``, so item fields carry only
length limits here; the shared validator's problems are shown next to the fields they name."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from flask_wtf.file import FileField, FileRequired
from wtforms import (
    Form,
    RadioField,
    SelectChoice,
    SelectField,
    SelectMultipleField,
    StringField,
    SubmitField,
    TextAreaField,
)
from wtforms.fields import FieldList, FormField
from wtforms.validators import DataRequired, InputRequired, Length, Optional

from graders import CRITERIA_NAMES, FLAGS, TOPICS
from graders.item import RATED_CRITERIA
from graders.validation_rubric import CORRECTION_POINT_KINDS

TEXT = 10_000
DIFFICULTIES = ((1, _l("1 – easy")), (2, _l("2 – medium")), (3, _l("3 – hard")))
POOL_CHOICES = [SelectChoice("practice", _l("Practice")), SelectChoice("exam", _l("Exam"))]
RATING_CHOICES = [SelectChoice(n, str(n)) for n in range(1, 6)]  # type: ignore[arg-type]
SEVERITY_CHOICES = [
    SelectChoice("none", _l("none")),
    SelectChoice("minor", _l("minor")),
    SelectChoice("major", _l("major")),
]


class AnswerRow(Form):
    """One candidate answer with its gold labels and teaching note."""

    text = TextAreaField(_l("Answer text"), validators=[Length(max=TEXT)])
    harmful = SelectField(_l("Harmful (ethics)"), choices=SEVERITY_CHOICES, default="none")
    inaccurate = SelectField(_l("Inaccurate (accuracy)"), choices=SEVERITY_CHOICES, default="none")
    irrelevant = SelectField(_l("Irrelevant (relevance)"), choices=SEVERITY_CHOICES, default="none")
    note = TextAreaField(_l("Note shown after submission"), validators=[Length(max=TEXT)])


class RubricRow(Form):
    """One rubric point; correction points also have a kind and patterns."""

    kind = SelectField(_l("Kind"), choices=list(CORRECTION_POINT_KINDS), default="fix")
    point = StringField(_l("Point"), validators=[Length(max=500)])
    patterns = TextAreaField(
        _l("Patterns"),
        description=_l("One case-insensitive regular expression per line."),
        validators=[Length(max=2000)],
    )


class GoldRatingFields(FlaskForm):
    """The three 1–5 criterion ratings shared by the item form and the calibration form."""

    rating_ethics = SelectField(_l("Ethics rating"), coerce=int, choices=RATING_CHOICES, default=3)
    rating_accuracy = SelectField(
        _l("Accuracy rating"), coerce=int, choices=RATING_CHOICES, default=3
    )
    rating_relevance = SelectField(
        _l("Relevance rating"), coerce=int, choices=RATING_CHOICES, default=3
    )


class ItemForm(GoldRatingFields):
    """Every field of every kind; the template shows the ones the item's kind uses."""

    uid = StringField(
        _l("Item id"),
        description=_l("Practice ids start pr-, exam ids ex-."),
        validators=[Length(max=64)],
    )
    pool = SelectField(_l("Pool"), choices=POOL_CHOICES, default="practice")
    title = StringField(_l("Title"), validators=[Length(max=200)])
    topic = SelectField(_l("Topic"), choices=list(TOPICS), default=TOPICS[0])
    criteria = SelectMultipleField(_l("Criterion focus"), choices=list(CRITERIA_NAMES))
    difficulty = SelectField(
        _l("Difficulty"),
        coerce=int,
        default=2,
        choices=[SelectChoice(n, label) for n, label in DIFFICULTIES],
    )
    conversation = TextAreaField(
        _l("Earlier turns (multi-turn items only)"),
        description=_l(
            "Oldest first, each turn starting with 'User:' or 'Assistant:' on a new line; "
            "start with User and end with Assistant. The prompt below is the user's next message."
        ),
        validators=[Length(max=TEXT * 3)],
    )
    prompt = TextAreaField(_l("Prompt (the user's message)"), validators=[Length(max=TEXT)])
    rationale = TextAreaField(_l("Rationale shown after submission"), validators=[Length(max=TEXT)])
    answers = FieldList(FormField(AnswerRow), min_entries=0, max_entries=6)
    gold_order = StringField(
        _l("Gold order"),
        validators=[Length(max=100)],
        description=_l("Best to worst; ties with =, e.g. B > A = D > C"),
    )
    gold_better = SelectField(_l("Better answer"), choices=["A", "B"], default="A")
    gold_criterion = SelectField(
        _l("Deciding criterion"), default="ethics", choices=list(CRITERIA_NAMES)
    )
    flags = SelectMultipleField(_l("Flags"), choices=list(FLAGS))
    gold_correction = TextAreaField(_l("Gold correction"), validators=[Length(max=TEXT)])
    gold_reference = TextAreaField(_l("Gold reference answer"), validators=[Length(max=TEXT)])
    rubric = FieldList(FormField(RubricRow), min_entries=0, max_entries=6)
    save = SubmitField(_l("Save"))


RATING_FIELDS = {c: f"rating_{c}" for c in RATED_CRITERIA}


class CalibrationForm(GoldRatingFields):
    """One instructor's own judgement of an item's gold."""

    order = StringField(
        _l("Your order"),
        validators=[Length(max=100)],
        description=_l("Best to worst; ties with =, e.g. B > A = D > C"),
    )
    better = SelectField(_l("Better answer"), choices=["A", "B"], default="A")
    criterion = SelectField(
        _l("Deciding criterion"), default="ethics", choices=list(CRITERIA_NAMES)
    )
    labels = SelectMultipleField(_l("Labels"), choices=[])
    submit = SubmitField(_l("Record my judgement"))


class ResolveForm(FlaskForm):
    """Accept the gold despite disagreement, saying why."""

    note = TextAreaField(_l("Why the gold stands"), validators=[DataRequired(), Length(max=2000)])
    submit = SubmitField(_l("Mark resolved"))


class ActionForm(FlaskForm):
    """A button that only needs CSRF protection (publish)."""

    submit = SubmitField(_l("Publish"))


class ImportForm(FlaskForm):
    """An item file or a zip of the bank."""

    file = FileField(
        _l("YAML item file or zip of practice/ and exam/"), validators=[FileRequired()]
    )
    pool = SelectField(_l("Pool of a single YAML file"), choices=POOL_CHOICES, default="practice")
    submit = SubmitField(_l("Import"))


class ReviewForm(FlaskForm):
    """An instructor's verdict on a correction or reference practice attempt (starts unticked)."""

    met = SelectMultipleField(_l("Rubric points met"), coerce=int, choices=[])
    comment = TextAreaField(_l("Comment for the student"), validators=[Length(max=4000)])
    submit = SubmitField(_l("Save review"))


class LikertForm(FlaskForm):
    """A 1–7 score for an exam reference answer."""

    likert = RadioField(
        _l("Score (1–7)"),
        coerce=int,
        validators=[InputRequired()],
        choices=[SelectChoice(n, str(n)) for n in range(1, 8)],
    )
    comment = TextAreaField(_l("Comment"), validators=[Optional(), Length(max=4000)])
    submit = SubmitField(_l("Save score"))


class CohortForm(FlaskForm):
    """A new cohort."""

    name = StringField(_l("Cohort name"), validators=[DataRequired(), Length(max=120)])
    submit = SubmitField(_l("Create cohort"))


class JoinForm(FlaskForm):
    """A student's invite code."""

    code = StringField(_l("Invite code"), validators=[DataRequired(), Length(max=40)])
    submit = SubmitField(_l("Join cohort"))
