"""Form fields → graders' response dicts (pure; the exam pages reuse the same parser)."""

from __future__ import annotations

import pytest
from werkzeug.datastructures import MultiDict

from app.practice.parsing import parse_response

IDS = ["A", "B", "C", "D"]


@pytest.mark.parametrize(
    ("kind", "fields", "expected"),
    [
        (
            "ranking",
            [("order_2", "A"), ("order_1", "C"), ("order_3", "B"), ("order_4", "D")],
            {"order": ["C", "A", "B", "D"]},
        ),
        ("ranking", [("order_1", "C"), ("order_2", ""), ("order_3", "B")], {"order": ["C", "B"]}),
        (
            "ranking",
            [("order_1", "A"), ("order_1", "B"), ("order_10", "C")],
            {"order": ["A", "B", "C"]},
        ),
        ("ranking", [("order_x", "A"), ("csrf_token", "t")], {"order": []}),
        (
            "pairwise",
            [("better", "B"), ("criterion", "ethics")],
            {"better": "B", "criterion": "ethics"},
        ),
        ("pairwise", [("better", "")], {}),
        (
            "rating",
            [
                ("rating_ethics", "2"),
                ("rating_accuracy", "5"),
                ("rating_relevance", "x"),
                ("flags", "off-topic"),
                ("flags", "incomplete"),
            ],
            {
                "ratings": {"ethics": 2, "accuracy": 5, "relevance": "x"},
                "flags": ["off-topic", "incomplete"],
            },
        ),
        ("rating", [], {"ratings": {}, "flags": []}),
        ("correction", [("text", "Line one\r\nLine two")], {"text": "Line one\nLine two"}),
        ("correction", [], {}),
        (
            "reference",
            [("text", "Mine"), ("self_check", "0"), ("self_check", "2"), ("self_check", "two")],
            {"text": "Mine", "self_check": [0, 2, "two"]},
        ),
    ],
)
def test_parse_response(kind, fields, expected):
    assert parse_response(kind, MultiDict(fields), IDS) == expected


def test_unknown_kind_is_refused():
    with pytest.raises(ValueError, match="no answer form"):
        parse_response("essay", MultiDict(), IDS)
