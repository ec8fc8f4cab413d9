"""Forms of the learn area."""

from __future__ import annotations

import re

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import IntegerField, StringField, SubmitField, TextAreaField
from wtforms.validators import DataRequired, Length, NumberRange, ValidationError

from app.content import ContentError, QuizQuestion, parse_quiz_yaml
from app.services.learning.lessons import LessonContent

MAX_BODY = 200_000
CONTROL_CHARACTERS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


def strip_control_characters(value: str | None) -> str | None:
    """Pasted text can carry NULs and other controls that databases and Markdown reject."""
    return CONTROL_CHARACTERS.sub("", value) if isinstance(value, str) else value


class CompleteForm(FlaskForm):
    """Mark a lesson as read."""

    submit = SubmitField(_l("Mark complete"))


class LessonEditForm(FlaskForm):
    """An instructor's edit of a lesson's title, reading time, text and quiz."""

    title = StringField(
        _l("Title"),
        validators=[DataRequired(), Length(max=200)],
        filters=[strip_control_characters],
    )
    minutes = IntegerField(
        _l("Reading time in minutes"), validators=[DataRequired(), NumberRange(min=1, max=240)]
    )
    body = TextAreaField(
        _l("Lesson text (Markdown)"),
        validators=[DataRequired(), Length(max=MAX_BODY)],
        filters=[strip_control_characters],
        description=_l('Use ## and ### for sections; !!! example "Title" for boxes.'),
    )
    quiz = TextAreaField(
        _l("Quiz (YAML)"),
        validators=[DataRequired(), Length(max=50_000)],
        filters=[strip_control_characters],
        description=_l(
            "2–4 questions; each has question, multiple (true/false) and options with text, "
            "correct and explanation."
        ),
    )
    preview = SubmitField(_l("Preview"))
    save = SubmitField(_l("Save new version"))

    parsed_quiz: tuple[QuizQuestion, ...] = ()

    def validate_body(self, field: TextAreaField) -> None:
        """Text the renderer cannot render in bounded time is refused, with the reason."""
        from app.services.common.markdown_render import MarkdownTooComplex, check_markdown

        try:
            check_markdown(field.data if isinstance(field.data, str) else "")
        except MarkdownTooComplex as error:
            raise ValidationError(_(str(error))) from error

    def validate_quiz(self, field: TextAreaField) -> None:
        """The same quiz rules as lesson files (one validator for both)."""
        # A POST without the field leaves the lesson's stored list here, not text.
        text = field.data if isinstance(field.data, str) else ""
        try:
            self.parsed_quiz = parse_quiz_yaml(text)
        except ContentError as error:
            raise ValidationError(
                _("Line %(line)s: %(reason)s", line=error.line, reason=error.reason)
            ) from error

    def content(self) -> LessonContent:
        """The validated edit as lesson content."""
        return LessonContent(
            title=self.title.data.strip(),
            minutes=self.minutes.data,
            body=self.body.data.replace("\r\n", "\n").strip() + "\n",
            quiz=self.parsed_quiz,
        )
