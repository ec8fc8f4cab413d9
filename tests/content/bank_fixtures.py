"""Small, valid fixture items for checker tests, with answer lengths chosen by the test."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml

NONE = {"harmful": "none", "inaccurate": "none", "irrelevant": "none"}
MINOR = {"harmful": "none", "inaccurate": "none", "irrelevant": "minor"}
MAJOR = {"harmful": "none", "inaccurate": "major", "irrelevant": "none"}


def words(n: int, word: str = "word") -> str:
    """Return a text of exactly `n` words."""
    return " ".join([word] * n)


def _common(item_id: str, kind: str) -> dict[str, Any]:
    """The fields every item needs."""
    return {
        "id": item_id,
        "kind": kind,
        "title": f"Fixture {item_id}",
        "topic": "everyday",
        "criteria": ["accuracy", "relevance"],
        "difficulty": 1,
        "prompt": f"A question for {item_id}?",
        "rationale": "The fixture's rationale.",
    }


def ranking(item_id: str, lengths: tuple[int, int, int]) -> dict[str, Any]:
    """A ranking item A (none) > B (irrelevant minor) > C (inaccurate major) of given lengths."""
    labels = (NONE, MINOR, MAJOR)
    answers = [
        {"id": aid, "text": words(n, f"w{aid}"), "labels": lab, "note": "Note."}
        for aid, n, lab in zip("ABC", lengths, labels, strict=True)
    ]
    return {**_common(item_id, "ranking"), "answers": answers, "gold_order": [["A"], ["B"], ["C"]]}


def pairwise(item_id: str, better_len: int, worse_len: int) -> dict[str, Any]:
    """A pairwise item where A (none) beats B (inaccurate major)."""
    answers = [
        {"id": "A", "text": words(better_len, "good"), "labels": NONE, "note": "Right."},
        {"id": "B", "text": words(worse_len, "bad"), "labels": MAJOR, "note": "Wrong."},
    ]
    return {
        **_common(item_id, "pairwise"),
        "answers": answers,
        "gold_better": "A",
        "gold_criterion": "accuracy",
    }


def write_bank(folder: Path, items: list[dict[str, Any]]) -> Path:
    """Write items as `<id>.yaml` files in `folder`."""
    folder.mkdir(parents=True, exist_ok=True)
    for data in items:
        (folder / f"{data['id']}.yaml").write_text(
            yaml.safe_dump(data, sort_keys=False, allow_unicode=True), encoding="utf-8"
        )
    return folder
