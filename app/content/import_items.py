"""Building blocks of imported draft items: titles, topics, answers and pairwise items.

Pure functions shared by the source converters in ``app.content.importers``.
"""

from __future__ import annotations

import hashlib
import json
import re
from collections import Counter
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

CLEAN = {"harmful": "none", "inaccurate": "none", "irrelevant": "none"}
TITLE_WORDS = 8
TITLE_CHARS = 70
REVIEW = (
    "An instructor must review the prompt, labels, notes and this rationale before publishing: "
    "the source judgements are noisy and were not written for this school's criteria."
)
# Obvious topics only; everything else is "everyday". Checked in this order.
TOPIC_WORDS: tuple[tuple[str, str], ...] = (
    (
        "illegal-activity",
        r"steal|shoplift|rob|robbery|burglar|break into|hack|launder|"
        r"cocaine|heroin|meth|counterfeit|poison|murder|kill|bomb|explosive",
    ),
    (
        "medicine",
        r"doctor|medicine|medication|pill|symptom|disease|vaccine|cancer|"
        r"hospital|dose|diabetes|pregnan\w*",
    ),
    (
        "religion",
        r"god|church|religion|religious|bible|quran|islam|muslim|christian\w*|"
        r"jewish|judaism|hindu\w*|buddhis\w*",
    ),
    (
        "politics",
        r"election|democrat\w*|republican\w*|president|congress|parliament|"
        r"political|politics|trump|biden|obama",
    ),
    ("coding", r"python|javascript|code|coding|programming|sql|function|compile\w*"),
    ("cooking", r"recipe|cook|cooking|bake|baking|ingredients?|oven"),
    ("finance", r"invest\w*|stocks?|loan|mortgage|taxes|tax|bank account|budget"),
    ("law", r"lawyer|legal|lawsuit|sue|court|illegal"),
    ("travel", r"travel|flight|hotel|passport|visa"),
    ("history", r"history|historical|ancient|war"),
    ("science", r"physics|chemistry|biology|planet|atom|scientist\w*"),
)


class SkipRecord(ValueError):
    """A source record that cannot become a sound item; the message says why."""


@dataclass
class ImportResult:
    """The generated draft items and how many records were skipped, by reason."""

    items: list[dict[str, Any]] = field(default_factory=list)
    skipped: Counter[str] = field(default_factory=Counter)


def read_jsonl(path: Path | str) -> Iterator[tuple[int, dict[str, Any]]]:
    """Yield (0-based line number, record) for each non-blank line of a JSON Lines file."""
    with Path(path).open(encoding="utf-8") as handle:
        for number, line in enumerate(handle):
            if line.strip():
                yield number, json.loads(line)


def digest(*parts: str) -> str:
    """A stable hash used to shuffle answers the same way on every run."""
    return hashlib.sha256("\x1f".join(parts).encode()).hexdigest()


def title_from(prompt: str) -> str:
    """A short title from the prompt's first words (a conversation's first user turn)."""
    words = prompt.removeprefix("User: ").split("\n\nAssistant: ")[0].split()
    title = ""
    for word in words[:TITLE_WORDS]:
        if len(title) + len(word) + 1 > TITLE_CHARS:
            break
        title = f"{title} {word}".strip()
    title = title or prompt.strip()[: TITLE_CHARS - 1]
    return title if title == " ".join(words) else f"{title}…"


def topic_for(prompt: str) -> str:
    """The obvious topic of a prompt by keyword, else "everyday"."""
    lowered = prompt.lower()
    for topic, pattern in TOPIC_WORDS:
        if re.search(rf"\b(?:{pattern})\b", lowered):
            return topic
    return "everyday"


def answer_entry(
    answer_id: str, text: str, labels: Mapping[str, str], note: str
) -> dict[str, Any]:
    """One answer mapping in file order."""
    return {"id": answer_id, "text": text.strip(), "labels": dict(labels), "note": note}


def common_fields(item_id: str, kind: str, prompt: str, criteria: list[str]) -> dict[str, Any]:
    """The fields every kind shares (the rationale is added by the converter)."""
    return {
        "id": item_id,
        "kind": kind,
        "title": title_from(prompt),
        "topic": topic_for(prompt),
        "criteria": criteria,
        "difficulty": 2,
        "prompt": prompt,
    }


def pairwise_item(
    item_id: str,
    prompt: str,
    better: tuple[str, str],
    worse: tuple[str, str, str],
    criterion: str,
    rationale: str,
    severity: str = "major",
) -> dict[str, Any]:
    """A pairwise draft; ``better`` is (text, note), ``worse`` is (text, note, problem label).

    The worse reply's problem label gets ``severity`` (none/minor/major); the better is clean.
    """
    if not better[0].strip() or not worse[0].strip():
        raise SkipRecord("an empty reply")
    if better[0].strip() == worse[0].strip():
        raise SkipRecord("both replies are identical")
    worse_labels = {**CLEAN, worse[2]: severity} if worse[2] else dict(CLEAN)
    better_first = int(digest(item_id), 16) % 2 == 0
    ids = ("A", "B") if better_first else ("B", "A")
    answers = [
        answer_entry(ids[0], better[0], CLEAN, better[1]),
        answer_entry(ids[1], worse[0], worse_labels, worse[1]),
    ]
    data = common_fields(item_id, "pairwise", prompt, [criterion])
    data["rationale"] = rationale
    data["answers"] = sorted(answers, key=lambda a: a["id"])
    data["gold_better"] = ids[0]
    data["gold_criterion"] = criterion
    return data
