"""Turning the authoring form into an item mapping and back, and placing problems on fields.

The mapping is exactly the ``exercises/`` file format, so the form is checked by the same
``graders.validate_item`` as ``school exercises check``.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from typing import Any

from flask import request
from werkzeug.datastructures import MultiDict

from app.content.transcript import format_transcript, parse_transcript
from app.studio.forms import RATING_FIELDS, ItemForm
from graders import Problem
from graders.criteria import LABEL_NAMES, SEVERITY_NAMES, parse_severity
from graders.item import RATED_CRITERIA
from graders.text_lint import lint_item
from graders.validation import ANSWER_COUNTS
from graders.validation_messages import plain_problems
from graders.validation_rubric import RUBRIC_SIZE

SIMPLE_FIELDS = {
    "id": "uid",
    "title": "title",
    "topic": "topic",
    "criteria": "criteria",
    "difficulty": "difficulty",
    "prompt": "prompt",
    "conversation": "conversation",
    "rationale": "rationale",
    "gold_order": "gold_order",
    "gold_better": "gold_better",
    "gold_criterion": "gold_criterion",
    "gold_flags": "flags",
    "gold_correction": "gold_correction",
    "gold_reference": "gold_reference",
}
RUBRIC_KINDS = ("correction", "reference")
BLANK_ANSWER = {
    "text": "",
    "note": "",
    "harmful": "none",
    "inaccurate": "none",
    "irrelevant": "none",
}
BLANK_POINT = {"kind": "fix", "point": "", "patterns": ""}


def parse_order(text: str) -> list[list[str]]:
    """'B > A = D > C' → [['B'], ['A', 'D'], ['C']]; the validator judges the result."""
    if not text.strip():
        return []
    return [
        [p.strip().upper() for p in re.split(r"[=,]", tier) if p.strip()]
        for tier in text.split(">")
    ]


def format_order(order: Sequence[Sequence[str]]) -> str:
    """[['B'], ['A', 'D']] → 'B > A = D'."""
    return " > ".join(" = ".join(tier) for tier in order)


def clean(text: str | None) -> str:
    """Browser text with Unix line ends and no surrounding blank space."""
    return (text or "").replace("\r\n", "\n").replace("\r", "\n").strip()


def build_form(kind: str, data: Mapping[str, Any] | None = None) -> ItemForm:
    """The form for a kind: posted data, an item's fields, or blank rows for a new item."""
    if request.method == "POST":
        return ItemForm()
    if data is not None:
        return ItemForm(formdata=None, data=item_to_form_data(data))
    answers = [dict(BLANK_ANSWER) for _i in range(ANSWER_COUNTS[kind][0] + (kind == "ranking"))]
    rubric = [dict(BLANK_POINT) for _i in range(RUBRIC_SIZE[0])] if kind in RUBRIC_KINDS else []
    return ItemForm(formdata=None, data={"answers": answers, "rubric": rubric})


def _answers(form: ItemForm) -> list[dict[str, Any]]:
    """Answer rows as file mappings, ids A, B, C… by position."""
    return [
        {
            "id": chr(ord("A") + i),
            "text": clean(row.form.text.data),
            "labels": {name: row.form[name].data or "none" for name in LABEL_NAMES},
            "note": clean(row.form.note.data),
        }
        for i, row in enumerate(form.answers)
    ]


def _rubric(form: ItemForm, kind: str) -> list[dict[str, Any]]:
    """Rubric rows as file mappings; reference points have only their text."""
    if kind == "reference":
        return [{"point": clean(row.form.point.data)} for row in form.rubric]
    return [
        {
            "kind": row.form.kind.data,
            "point": clean(row.form.point.data),
            "patterns": [p.strip() for p in clean(row.form.patterns.data).split("\n") if p.strip()],
        }
        for row in form.rubric
    ]


def form_to_item(form: ItemForm, kind: str, uid: str) -> dict[str, Any]:
    """The item mapping (file format) the form describes."""
    data: dict[str, Any] = {
        "id": uid,
        "kind": kind,
        "title": clean(form.title.data),
        "topic": form.topic.data,
        "criteria": list(form.criteria.data or []),
        "difficulty": form.difficulty.data,
        "prompt": clean(form.prompt.data),
        "rationale": clean(form.rationale.data),
    }
    turns = parse_transcript(form.conversation.data or "")
    if turns:
        data["conversation"] = turns
    if kind != "reference":
        data["answers"] = _answers(form)
    if kind == "ranking":
        data["gold_order"] = parse_order(form.gold_order.data or "")
    elif kind == "pairwise":
        data.update(gold_better=form.gold_better.data, gold_criterion=form.gold_criterion.data)
    elif kind == "rating":
        data["gold_ratings"] = {c: form[RATING_FIELDS[c]].data for c in RATED_CRITERIA}
        data["gold_flags"] = list(form.flags.data or [])
    elif kind == "correction":
        data.update(gold_correction=clean(form.gold_correction.data), rubric=_rubric(form, kind))
    else:
        data.update(rubric=_rubric(form, kind), gold_reference=clean(form.gold_reference.data))
    return data


def markdown_warnings(form: ItemForm, kind: str) -> list[str]:
    """Lint warnings (unfenced code, lists glued to a paragraph) for the form's texts."""
    return lint_item(form_to_item(form, kind, ""))


def item_to_form_data(data: Mapping[str, Any]) -> dict[str, Any]:
    """Form field values for a stored item mapping (the inverse of ``form_to_item``)."""
    values: dict[str, Any] = {field: data.get(key) for key, field in SIMPLE_FIELDS.items()}
    values["gold_order"] = format_order(data.get("gold_order") or [])
    values["flags"] = list(data.get("gold_flags") or [])
    for criterion, field in RATING_FIELDS.items():
        values[field] = (data.get("gold_ratings") or {}).get(criterion, 3)
    values["conversation"] = format_transcript(data.get("conversation") or [])
    values["answers"] = [
        {"text": a["text"], "note": a.get("note", ""), **_severity_names(a["labels"])}
        for a in data.get("answers") or []
    ]
    values["rubric"] = [
        {
            "kind": p.get("kind", "fix"),
            "point": p["point"],
            "patterns": "\n".join(p.get("patterns") or []),
        }
        for p in data.get("rubric") or []
    ]
    return {k: v for k, v in values.items() if v is not None}


def _severity_names(labels: Mapping[str, Any]) -> dict[str, str]:
    """Label values as the form's none/minor/major choices (first-edition booleans read too)."""
    return {n: SEVERITY_NAMES[parse_severity(labels.get(n, "none"))] for n in LABEL_NAMES}


def _set_rows(rows: Any, values: list[dict[str, Any]]) -> None:
    """Replace a FieldList's entries, renumbering them from 0."""
    while rows.entries:
        rows.pop_entry()
    for value in values:
        rows.append_entry(value)


def _row_values(rows: Any) -> list[dict[str, Any]]:
    """The current values of a FieldList of FormFields."""
    return [dict(entry.form.data) for entry in rows]


def row_action(form: ItemForm, kind: str, formdata: MultiDict[str, str]) -> bool:
    """Handle an add/remove row button (works without JavaScript); True when one was pressed."""
    low, high = ANSWER_COUNTS[kind]
    buttons = {
        "add_answer": (form.answers, BLANK_ANSWER, low, high),
        "remove_answer": (form.answers, None, low, high),
        "add_point": (form.rubric, BLANK_POINT, *RUBRIC_SIZE),
        "remove_point": (form.rubric, None, *RUBRIC_SIZE),
    }
    for name, (rows, blank, least, most) in buttons.items():
        if name not in formdata:
            continue
        values = _row_values(rows)
        if blank is not None and len(values) < most:
            values.append(dict(blank))
        elif blank is None and len(values) > least:
            index = formdata.get(name, type=int)
            if index is not None and 0 <= index < len(values):
                del values[index]
        _set_rows(rows, values)
        return True
    return False


def _row_field(form: ItemForm, path: Sequence[str | int]) -> Any:
    """The field inside an answer or rubric row that a problem path names."""
    rows = form.answers if path[0] == "answers" else form.rubric
    if len(path) < 2 or not isinstance(path[1], int) or path[1] >= len(rows.entries):
        return None
    row = rows[path[1]].form
    part = path[2] if len(path) > 2 else None
    if path[0] == "answers":
        if part == "labels":
            label = path[3] if len(path) > 3 else "harmful"
            return row[label] if label in LABEL_NAMES else row.harmful
        return row.note if part == "note" else row.text
    return row[part] if part in ("kind", "patterns") else row.point


def field_for(form: ItemForm, path: Sequence[str | int]) -> Any:
    """The form field a validator problem belongs to, or None for a whole group."""
    if not path:
        return None
    head = path[0]
    if head in SIMPLE_FIELDS:
        return form[SIMPLE_FIELDS[str(head)]]
    if head == "gold_ratings":
        criterion = path[1] if len(path) > 1 else "ethics"
        return form[RATING_FIELDS.get(str(criterion), "rating_ethics")]
    if head in ("answers", "rubric"):
        return _row_field(form, path)
    return None


def place_problems(form: ItemForm, problems: Sequence[Problem]) -> dict[str, list[str]]:
    """Attach each problem, in plain words and once, to its field; group the rest by area."""
    groups: dict[str, list[str]] = {}
    for problem in plain_problems(problems):
        field = field_for(form, problem.path)
        if field is not None:
            field.errors = [*field.errors, problem.message]
            continue
        head = problem.path[0] if problem.path else "form"
        group = head if head in ("answers", "rubric") else "form"
        groups.setdefault(group, []).append(problem.message)
    return groups
