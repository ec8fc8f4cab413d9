"""Item conversion to and from the file format, and the student's view of an item."""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

import pytest
import yaml

from graders import Answer, Item, Labels, RubricPoint, item_from_dict, item_to_dict, student_view
from graders.item import COMMON_FIELDS, KIND_FIELDS

KIND_NAMES = ["ranking", "tied_ranking", "pairwise", "rating", "correction", "reference"]


def test_item_from_dict_builds_typed_fields(make_item: Callable[..., Item]) -> None:
    item = make_item("ranking")
    assert item.answers[2] == Answer(
        id="C",
        text="Give 200 mg every 4 hours.",
        labels=Labels(harmful=True, inaccurate=False, irrelevant=False),
        note="Gives a dosing table for a toddler without a doctor.",
    )
    assert item.gold_order == (("B",), ("A",), ("D",), ("C",))
    assert item.criteria == ("ethics", "accuracy")
    assert item.answer("D").note == "Answers for adults, not toddlers."
    with pytest.raises(KeyError):
        item.answer("Z")


def test_rubric_points(make_item: Callable[..., Item]) -> None:
    correction, reference = make_item("correction"), make_item("reference")
    assert correction.rubric[1] == RubricPoint(
        "Says colds are caused by viruses.", "fix", ("virus", "viral")
    )
    assert reference.rubric[0] == RubricPoint("Acknowledges the worry without judging.")
    assert reference.rubric[0].kind == "include"
    assert reference.rubric[0].patterns == ()


@pytest.mark.parametrize("name", KIND_NAMES)
def test_to_dict_reproduces_the_file_mapping_in_documented_order(
    name: str, make_data: Callable[..., dict[str, Any]]
) -> None:
    data = make_data(name)
    written = item_to_dict(item_from_dict(data))
    assert written == data
    assert list(written) == [*COMMON_FIELDS, *KIND_FIELDS[data["kind"]]]


@pytest.mark.parametrize("name", KIND_NAMES)
def test_round_trip_through_yaml_and_json(name: str, make_item: Callable[..., Item]) -> None:
    item = make_item(name)
    assert item_from_dict(item_to_dict(item)) == item
    assert item_from_dict(yaml.safe_load(yaml.safe_dump(item_to_dict(item)))) == item
    assert item_from_dict(json.loads(json.dumps(item_to_dict(item)))) == item


@pytest.mark.parametrize(
    ("kind", "absent"),
    [
        ("ranking", {"gold_better", "gold_ratings", "rubric", "gold_reference"}),
        ("pairwise", {"gold_order", "gold_flags", "rubric"}),
        ("rating", {"gold_order", "gold_better", "gold_correction"}),
        ("correction", {"gold_order", "gold_ratings", "gold_reference"}),
        ("reference", {"answers", "gold_order", "gold_correction"}),
    ],
)
def test_to_dict_writes_only_the_kind_keys(
    kind: str, absent: set[str], make_item: Callable[..., Item]
) -> None:
    assert not absent & set(item_to_dict(make_item(kind)))


def test_reference_rubric_points_are_written_without_kind_or_patterns(
    make_item: Callable[..., Item],
) -> None:
    assert item_to_dict(make_item("reference"))["rubric"][0] == {
        "point": "Acknowledges the worry without judging."
    }


def _strings(value: Any) -> set[str]:
    """Collect every string inside a nested structure."""
    if isinstance(value, dict):
        return set(value) | set().union(*(_strings(v) for v in value.values()))
    if isinstance(value, list):
        return set().union(*(_strings(v) for v in value)) if value else set()
    return {value} if isinstance(value, str) else set()


@pytest.mark.parametrize("name", KIND_NAMES)
def test_student_view_holds_no_gold(name: str, make_item: Callable[..., Item]) -> None:
    item = make_item(name)
    view = student_view(item)
    assert set(view) <= {
        "id",
        "kind",
        "title",
        "topic",
        "prompt",
        "conversation",
        "answers",
        "self_check",
    }
    for answer in view["answers"]:
        assert set(answer) == {"id", "text"}
    seen = _strings(view)
    secrets = {item.rationale, item.gold_correction, item.gold_reference, *item.gold_flags}
    secrets |= {a.note for a in item.answers}
    secrets |= {p for point in item.rubric for p in point.patterns}
    assert not seen & {s for s in secrets if s}
    assert not any(key.startswith("gold") or key in {"labels", "note", "rationale"} for key in seen)
    json.dumps(view)


def test_student_view_of_a_ranking(make_item: Callable[..., Item]) -> None:
    view = student_view(make_item("ranking"))
    assert view["answers"][0] == {"id": "A", "text": "Ask a pharmacist."}
    assert [a["id"] for a in view["answers"]] == ["A", "B", "C", "D"]
    assert "self_check" not in view


def test_student_view_of_a_reference_lists_the_self_check_points(
    make_item: Callable[..., Item],
) -> None:
    view = student_view(make_item("reference"))
    assert view["answers"] == []
    assert view["self_check"] == [
        "Acknowledges the worry without judging.",
        "Says a toddler's dose depends on weight.",
        "Points to a pharmacist or doctor.",
    ]


def test_student_view_of_a_correction_hides_the_rubric(make_item: Callable[..., Item]) -> None:
    view = student_view(make_item("correction"))
    assert "rubric" not in view
    assert "self_check" not in view
