"""Turning public preference data sets into DRAFT practice items for instructors to review.

Pure functions: records in, item mappings out (no database). Every generated item passes
``graders.validate_item``; records that cannot become a sound item are skipped and counted.
Sources and licences are described in ``shared/data/external/*/README.md``.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Mapping
from pathlib import Path
from typing import Any

import yaml

from app.content.import_items import (
    CLEAN,
    REVIEW,
    ImportResult,
    SkipRecord,
    answer_entry,
    common_fields,
    digest,
    pairwise_item,
    read_jsonl,
    title_from,
    topic_for,
)
from app.content.import_more import convert_pandalm, convert_truthfulqa
from graders import validate_item
from graders.validation_extras import MAX_TURNS

__all__ = [
    "CONVERTERS",
    "ImportResult",
    "SkipRecord",
    "convert_records",
    "import_file",
    "item_to_yaml",
    "read_jsonl",
    "title_from",
    "topic_for",
]


HH_TURN = re.compile(r"\n\n(Human|Assistant):[ \t]?")


def split_transcript(text: str) -> list[tuple[str, str]]:
    """Split an hh-rlhf transcript into (speaker, text) turns."""
    parts = HH_TURN.split(text)
    if parts[0].strip():
        raise SkipRecord("text before the first turn")
    return [(parts[i], parts[i + 1].strip()) for i in range(1, len(parts) - 1, 2)]


def as_conversation(turns: list[tuple[str, str]]) -> list[dict[str, str]]:
    """hh-rlhf (speaker, text) turns as the item format's conversation turns."""
    roles = {"Human": "user", "Assistant": "assistant"}
    return [{"role": roles[speaker], "text": text} for speaker, text in turns]


def with_context(data: dict[str, Any], earlier: list[dict[str, str]]) -> dict[str, Any]:
    """Put earlier turns before the prompt (file order) when there are any."""
    if not earlier:
        return data
    ordered: dict[str, Any] = {}
    for key, value in data.items():
        if key == "prompt":
            ordered["conversation"] = earlier
        ordered[key] = value
    return ordered


def source_record(dataset: str, ref: object, licence: str) -> dict[str, str]:
    """The item's `source:` mapping."""
    return {"dataset": dataset, "ref": str(ref), "licence": licence}


def _hh_turns(record: Mapping[str, Any]) -> tuple[list[tuple[str, str]], str, str]:
    """The shared turns and the two final replies, or SkipRecord for odd transcripts."""
    chosen, rejected = split_transcript(record["chosen"]), split_transcript(record["rejected"])
    if not chosen or chosen[-1][0] != "Assistant" or not rejected or rejected[-1][0] != "Assistant":
        raise SkipRecord("the conversation does not end with an assistant reply")
    if chosen[:-1] != rejected[:-1]:
        raise SkipRecord("the two conversations differ before the final reply")
    context = chosen[:-1]
    speakers = [speaker for speaker, _text in context]
    expected = ["Human" if i % 2 == 0 else "Assistant" for i in range(len(context))]
    if not context or speakers != expected or any(not text for _s, text in context):
        raise SkipRecord("the turns do not alternate between human and assistant")
    return context, chosen[-1][1], rejected[-1][1]


def convert_hh(index: int, record: Mapping[str, Any]) -> dict[str, Any]:
    """An hh-rlhf harmless-base record as a pairwise ethics draft (chosen = less harmful)."""
    context, chosen, rejected = _hh_turns(record)
    if len(context) - 1 > MAX_TURNS:
        raise SkipRecord(f"more than {MAX_TURNS} earlier turns")
    line = int(record.get("_source_line", index))
    rationale = (
        "Imported from Anthropic's hh-rlhf harmless-base test set (MIT licence), source line "
        f"{line}. Crowdworkers compared the two final replies and judged one of them less "
        "harmful, so this draft prefers it, labels the other harmful 'minor' and names ethics "
        "as the deciding criterion. Those judgements are noisy and relative: raise the label "
        "to 'major' when the reply is really dangerous, and label the preferred reply too when "
        f"it is also harmful. {REVIEW}"
    )
    data = pairwise_item(
        f"pr-imp-hh-{line:04d}",
        context[-1][1],
        (chosen, "Judged the less harmful reply by hh-rlhf crowdworkers; confirm it is safe."),
        (rejected, "Judged the more harmful reply by hh-rlhf crowdworkers.", "harmful"),
        "ethics",
        rationale,
        severity="minor",
    )
    data["source"] = source_record("hh-rlhf-harmless-base", line, "MIT")
    return with_context(data, as_conversation(context[:-1]))


HHH_CRITERION = {
    "harmless": ("ethics", "harmful", "major"),
    "honest": ("accuracy", "inaccurate", "major"),
    "helpful": ("relevance", "irrelevant", "minor"),
    "other": ("quality", "", "none"),
}


def convert_hhh(index: int, record: Mapping[str, Any]) -> dict[str, Any]:
    """A BIG-bench HHH pair as a pairwise draft; its label says which criterion decides."""
    source = record.get("source")
    if source not in HHH_CRITERION:
        raise SkipRecord(f"unknown HHH label {source!r}")
    criterion, label, severity = HHH_CRITERION[source]
    number = int(record.get("_source_index", index))
    prompt = str(record.get("_instruction", "")).strip()
    if not prompt:
        raise SkipRecord("an empty instruction")
    rationale = (
        "Imported from the BIG-bench HHH alignment set (Askell et al. 2021, Apache-2.0), item "
        f"{number}, which tests the '{source}' property. Its authors wrote both replies and "
        f"preferred one, so this draft names {criterion} as the deciding criterion. {REVIEW}"
    )
    worse_note = (
        f"The reply the HHH authors did not prefer ({source}); it is labelled {label} "
        f"'{severity}'."
        if label
        else f"The reply the HHH authors did not prefer ({source}); the labels are equal."
    )
    data = pairwise_item(
        f"pr-imp-hhh-{number:04d}",
        prompt,
        (str(record.get("_chosen_response", "")), "The reply the HHH authors preferred."),
        (str(record.get("_rejected_response", "")), worse_note, label),
        criterion,
        rationale,
        severity=severity,
    )
    data["source"] = source_record("hhh-alignment", number, "Apache-2.0")
    return data


def _oasst_tiers(replies: list[dict[str, Any]], letters: dict[str, str]) -> list[list[str]]:
    """Gold tiers best first: replies with the same rank share a tier."""
    by_rank: dict[int, list[str]] = {}
    for reply in replies:
        by_rank.setdefault(int(reply["rank"]), []).append(letters[reply["message_id"]])
    return [sorted(by_rank[rank]) for rank in sorted(by_rank)]


def convert_oasst(index: int, record: Mapping[str, Any]) -> dict[str, Any]:
    """An OpenAssistant ranked group as a ranking draft ordered by overall quality."""
    prompt = str(record.get("prompt_message", {}).get("text", "")).strip()
    replies = [r for r in record.get("replies", []) if not r.get("deleted")]
    if not prompt:
        raise SkipRecord("an empty prompt")
    if not 3 <= len(replies) <= 6:
        raise SkipRecord("not 3–6 ranked replies")
    if any(r.get("rank") is None or not str(r.get("text", "")).strip() for r in replies):
        raise SkipRecord("a reply without rank or text")
    item_id = f"pr-imp-oasst-{index + 1:04d}"
    shown = sorted(replies, key=lambda r: digest(item_id, str(r["message_id"])))
    letters = {r["message_id"]: chr(ord("A") + i) for i, r in enumerate(shown)}
    data = common_fields(item_id, "ranking", prompt, ["quality"])
    data["rationale"] = (
        "Imported from the OpenAssistant message trees (Apache-2.0), tree "
        f"{record.get('message_tree_id', '?')}. Volunteers ranked these sibling replies by "
        "overall quality (rank 0 was best), not by separate criteria, so every answer is "
        f"labelled clean and the gold order follows their ranking. {REVIEW} Look especially "
        "for replies that are inaccurate or unsafe, and label them so the priority rule applies."
    )
    data["answers"] = [
        answer_entry(
            letters[r["message_id"]],
            str(r["text"]),
            CLEAN,
            f"Ranked {int(r['rank']) + 1} of {len(replies)} by OpenAssistant volunteers.",
        )
        for r in shown
    ]
    data["gold_order"] = _oasst_tiers(replies, letters)
    data["source"] = source_record(
        "oasst-ranked-replies", record.get("message_tree_id", index), "Apache-2.0"
    )
    return with_context(data, _oasst_context(record))


def _oasst_context(record: Mapping[str, Any]) -> list[dict[str, str]]:
    """Earlier messages of the thread (prompter/assistant) as conversation turns."""
    roles = {"prompter": "user", "assistant": "assistant"}
    turns = [
        {"role": roles.get(str(m.get("role")), "user"), "text": str(m.get("text", "")).strip()}
        for m in record.get("_context") or ()
    ]
    if turns and (turns[0]["role"] != "user" or turns[-1]["role"] != "assistant"):
        raise SkipRecord("the thread's earlier turns do not run user … assistant")
    return turns


CONVERTERS: Mapping[str, Callable[[int, Mapping[str, Any]], dict[str, Any]]] = {
    "hh-rlhf": convert_hh,
    "hhh": convert_hhh,
    "oasst": convert_oasst,
    "pandalm": convert_pandalm,
    "truthfulqa": convert_truthfulqa,
}


def convert_records(
    source: str, records: Iterable[tuple[int, Mapping[str, Any]]], limit: int | None = None
) -> ImportResult:
    """Convert records until ``limit`` items are made; skip (and count) unsound ones."""
    convert = CONVERTERS[source]
    result = ImportResult()
    for index, record in records:
        if limit is not None and len(result.items) >= limit:
            break
        try:
            data = convert(index, record)
        except (SkipRecord, KeyError, TypeError, ValueError) as error:
            reason = str(error) if isinstance(error, SkipRecord) else "a malformed record"
            result.skipped[reason] += 1
            continue
        if validate_item(data):
            result.skipped["fails validation"] += 1
            continue
        result.items.append(data)
    return result


def import_file(source: str, path: Path | str, limit: int | None = None) -> ImportResult:
    """Convert one source file (JSON Lines) into draft items."""
    return convert_records(source, read_jsonl(path), limit)


class _BlockDumper(yaml.SafeDumper):
    """Writes multi-line text as ``|`` blocks, as authors write it."""


def _represent_text(dumper: yaml.SafeDumper, value: str) -> yaml.ScalarNode:
    """Use block style for multi-line strings."""
    style = "|" if "\n" in value else None
    return dumper.represent_scalar("tag:yaml.org,2002:str", value, style=style)


_BlockDumper.add_representer(str, _represent_text)


def item_to_yaml(data: Mapping[str, Any]) -> str:
    """An item mapping as the YAML text of an item file, keys in file order."""
    return yaml.dump(
        dict(data), Dumper=_BlockDumper, sort_keys=False, allow_unicode=True, width=100
    )
