"""Converters for PandaLM and TruthfulQA records (see importers.py for the other sources).

PandaLM: three annotators judged two responses on overall quality (0 tie, 1 first, 2 second);
a unanimous, non-tie verdict becomes a pairwise draft decided by quality, both answers clean.
TruthfulQA: the best true answer against one listed false answer becomes a pairwise draft
decided by accuracy, the false answer labelled inaccurate 'major' (a false central claim).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from app.content.import_items import REVIEW, SkipRecord, pairwise_item


def _source(dataset: str, ref: object) -> dict[str, str]:
    """The item's `source:` mapping (both sets are Apache-2.0)."""
    return {"dataset": dataset, "ref": str(ref), "licence": "Apache-2.0"}


def convert_pandalm(index: int, record: Mapping[str, Any]) -> dict[str, Any]:
    """A unanimous PandaLM verdict as a quality-decided pairwise draft."""
    votes = {str(record.get(f"annotator{i}")) for i in (1, 2, 3)}
    if len(votes) != 1 or votes & {"0", "None"}:
        raise SkipRecord("the annotators did not agree on a better response")
    first_wins = votes == {"1"}
    better_key, worse_key = ("response1", "response2") if first_wins else ("response2", "response1")
    number = int(record.get("idx", index))
    prompt = str(record.get("instruction", "")).strip()
    extra = str(record.get("input", "")).strip()
    if extra:
        prompt = f"{prompt}\n\n{extra}"
    rationale = (
        f"Imported from the PandaLM test set (Apache-2.0), item {number}. Three annotators "
        "agreed which response is better overall, so this draft labels both clean and lets "
        "quality decide. Check whether the weaker one is in fact inaccurate or incomplete and "
        f"label it (minor or major), so the ordering rule decides instead. {REVIEW}"
    )
    data = pairwise_item(
        f"pr-imp-panda-{number:04d}",
        prompt,
        (str(record.get(better_key, "")), "The response all three PandaLM annotators preferred."),
        (str(record.get(worse_key, "")), "The response the annotators rated lower.", ""),
        "quality",
        rationale,
    )
    data["source"] = _source("pandalm-testset", number)
    return data


def convert_truthfulqa(index: int, record: Mapping[str, Any]) -> dict[str, Any]:
    """A TruthfulQA question: its best answer against its first listed false answer."""
    question = str(record.get("Question", "")).strip()
    best = str(record.get("Best Answer", "")).strip()
    wrong = [w.strip() for w in str(record.get("Incorrect Answers", "")).split(";") if w.strip()]
    if not question or not best or not wrong:
        raise SkipRecord("a question without a best and a false answer")
    number = int(record.get("_source_row", index))
    rationale = (
        f"Imported from TruthfulQA (Apache-2.0), row {number} ({record.get('Category', '?')}). "
        "The false answer repeats a common misconception, a false central claim, so it is "
        f"labelled inaccurate 'major' and accuracy decides. Source: {record.get('Source', '?')}. "
        f"{REVIEW}"
    )
    data = pairwise_item(
        f"pr-imp-tqa-{number:04d}",
        question,
        (best, "TruthfulQA's best true answer."),
        (wrong[0], "A false answer TruthfulQA lists: a common misconception.", "inaccurate"),
        "accuracy",
        rationale,
    )
    data["source"] = _source("truthfulqa", number)
    return data
