"""Turning the answer widgets' form fields into the graders' response dict (pure; exams reuse it).

Fields the student left out are left out of the response, and values that are not what the
widget sends are passed through unchanged, so ``graders.validate_response`` names every problem.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from typing import Any

from werkzeug.datastructures import MultiDict

from graders.item import RATED_CRITERIA

ORDER_FIELD = re.compile(r"order_([1-9][0-9]?)")


def _int_or_raw(value: str) -> int | str:
    """A whole number when the text is one, else the text (the grader explains it)."""
    text = value.strip()
    return int(text) if re.fullmatch(r"-?[0-9]{1,6}", text) else value


def parse_ranking(form: MultiDict[str, str], answer_ids: Sequence[str]) -> dict[str, Any]:
    """``order_1=B, order_2=A …`` → ``{"order": ["B", "A", …]}`` (blank positions are missing)."""
    positions = sorted(
        (int(match.group(1)), key)
        for key in form
        if (match := ORDER_FIELD.fullmatch(key)) is not None
    )
    order = [
        value.strip()
        for _position, key in positions
        for value in form.getlist(key)
        if value.strip()
    ]
    return {"order": order}


def parse_pairwise(form: MultiDict[str, str], answer_ids: Sequence[str]) -> dict[str, Any]:
    """``better`` and ``criterion`` radios."""
    return {key: form[key] for key in ("better", "criterion") if form.get(key)}


def parse_rating(form: MultiDict[str, str], answer_ids: Sequence[str]) -> dict[str, Any]:
    """``rating_<criterion>`` radios (1–5) and ``flags`` checkboxes."""
    ratings = {
        name: _int_or_raw(form[f"rating_{name}"])
        for name in RATED_CRITERIA
        if form.get(f"rating_{name}")
    }
    return {"ratings": ratings, "flags": form.getlist("flags")}


def parse_correction(form: MultiDict[str, str], answer_ids: Sequence[str]) -> dict[str, Any]:
    """The rewritten answer in ``text``."""
    return {"text": _normalise_newlines(form["text"])} if "text" in form else {}


def parse_reference(form: MultiDict[str, str], answer_ids: Sequence[str]) -> dict[str, Any]:
    """The written answer in ``text`` and the ticked rubric points in ``self_check``."""
    response = parse_correction(form, answer_ids)
    response["self_check"] = [_int_or_raw(v) for v in form.getlist("self_check")]
    return response


def _normalise_newlines(text: str) -> str:
    """Browsers send CRLF; graders and storage use LF."""
    return text.replace("\r\n", "\n")


PARSERS: dict[str, Callable[[MultiDict[str, str], Sequence[str]], dict[str, Any]]] = {
    "ranking": parse_ranking,
    "pairwise": parse_pairwise,
    "rating": parse_rating,
    "correction": parse_correction,
    "reference": parse_reference,
}


def parse_response(
    kind: str, form: MultiDict[str, str], answer_ids: Sequence[str]
) -> dict[str, Any]:
    """The graders' response dict for one item kind from the submitted form fields."""
    try:
        parser = PARSERS[kind]
    except KeyError:
        raise ValueError(f"no answer form for kind {kind!r}") from None
    return parser(form, answer_ids)
