"""Cross-item checks over the practice and exam pools."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

from graders import Problem, validate_bank

Make = Callable[..., dict[str, Any]]


def bank(practice: list[dict[str, Any]], exam: list[dict[str, Any]]) -> list[tuple[str, str]]:
    """Validate a bank and render problems as (item id, message)."""
    return [(item_id, str(p)) for item_id, p in validate_bank({"practice": practice, "exam": exam})]


def test_valid_bank(make_data: Make) -> None:
    practice = [make_data("ranking"), make_data("pairwise")]
    exam = [make_data("reference"), make_data("rating", id="ex-rate-001")]
    assert bank(practice, exam) == []


def test_empty_bank() -> None:
    assert validate_bank({"practice": [], "exam": []}) == []


@pytest.mark.parametrize(
    ("pool", "item_id", "expected"),
    [
        ("practice", "ex-rank-009", "id: practice item ids start with 'pr-'"),
        ("exam", "pr-rank-009", "id: exam item ids start with 'ex-'"),
        ("practice", "rank-009", "id: practice item ids start with 'pr-'"),
    ],
)
def test_pool_prefixes(make_data: Make, pool: str, item_id: str, expected: str) -> None:
    item = make_data("ranking", id=item_id)
    pools = {"practice": [], "exam": []}
    pools[pool].append(item)
    assert [(i, str(p)) for i, p in validate_bank(pools)] == [(item_id, expected)]


def test_duplicate_id_across_pools(make_data: Make) -> None:
    practice = [make_data("ranking", id="pr-x-1")]
    exam = [make_data("pairwise", id="pr-x-1")]
    found = bank(practice, exam)
    assert ("pr-x-1", "id: id 'pr-x-1' is used twice (practice and exam)") in found


def test_duplicate_id_within_a_pool(make_data: Make) -> None:
    found = bank([make_data("ranking"), make_data("pairwise", id="pr-rank-001")], [])
    assert found == [("pr-rank-001", "id: id 'pr-rank-001' is used twice (practice and practice)")]


def test_prompt_copied_into_the_exam_pool(make_data: Make) -> None:
    practice = make_data("ranking")
    prompt = "  " + practice["prompt"].upper().replace(" ", "\n  ") + "\n"
    exam = make_data("ranking", id="ex-rank-001", prompt=prompt)
    assert bank([practice], [exam]) == [
        (
            "ex-rank-001",
            "prompt: prompt is identical to practice item pr-rank-001; practice items "
            "must never be copied into the exam pool",
        )
    ]


def test_unknown_pool(make_data: Make) -> None:
    assert validate_bank({"drafts": [make_data("ranking")]}) == [
        ("drafts", Problem((), "unknown pool 'drafts'; use practice or exam"))
    ]


def test_entries_that_are_not_mappings_are_left_to_validate_item() -> None:
    assert validate_bank({"practice": ["junk"], "exam": []}) == []  # type: ignore[list-item]


def test_entry_without_id_is_named_by_position(make_data: Make) -> None:
    item = make_data("ranking")
    del item["id"]
    assert validate_bank({"practice": [], "exam": [item]})[0][0] == "exam[0]"
