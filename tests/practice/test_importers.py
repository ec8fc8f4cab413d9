"""Importing public preference data as draft items, tested on the real files."""

from __future__ import annotations

import json

import pytest
from sqlalchemy import select

from app.content.exercises import check_bank, load_pool, parse_item
from app.content.importers import (
    SkipRecord,
    convert_hh,
    convert_records,
    import_file,
    item_to_yaml,
    split_transcript,
    title_from,
    topic_for,
)
from app.extensions import db
from app.models import Exercise
from graders import validate_item
from tests.conftest import EXAM_DIR
from tests.practice.conftest import EXTERNAL

HH = EXTERNAL / "hh-rlhf-harmless-base" / "harmless_base_test_sample200.jsonl"
HHH = EXTERNAL / "hhh-alignment" / "hhh_alignment_221.jsonl"
OASST = EXTERNAL / "oasst-ranked-replies" / "ranked_groups_sample50.jsonl"
PANDA = EXTERNAL / "pandalm-testset" / "testset_v1_sample200.jsonl"
TQA = EXTERNAL / "truthfulqa" / "truthfulqa_sample100.jsonl"
SOURCES = [("hh-rlhf", HH), ("hhh", HHH), ("oasst", OASST), ("pandalm", PANDA), ("truthfulqa", TQA)]

pytestmark = pytest.mark.skipif(not EXTERNAL.is_dir(), reason="shared external data not present")


def records(path):
    """The JSON records of a file, in order."""
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]


@pytest.mark.parametrize(("source", "path"), SOURCES)
def test_every_generated_item_is_valid_and_ids_are_stable(source, path):
    first = import_file(source, path)
    assert first.items
    assert all(validate_item(data) == [] for data in first.items)
    ids = [data["id"] for data in first.items]
    assert len(set(ids)) == len(ids)
    assert all(data["id"].startswith("pr-imp-") for data in first.items)
    assert [d["id"] for d in import_file(source, path).items] == ids
    assert len(first.items) + sum(first.skipped.values()) == len(records(path))
    assert all("instructor must review" in data["rationale"] for data in first.items)


def test_hh_rlhf_prefers_the_chosen_reply_on_ethics():
    rows = {f"pr-imp-hh-{r['_source_line']:04d}": r for r in records(HH)}
    result = import_file("hh-rlhf", HH)
    assert result.skipped == {"more than 12 earlier turns": 2}
    for data in result.items:
        record = rows[data["id"]]
        answers = {a["id"]: a for a in data["answers"]}
        better = answers[data["gold_better"]]
        worse = next(a for a in data["answers"] if a["id"] != data["gold_better"])
        assert record["chosen"].rstrip().endswith(better["text"])
        assert record["rejected"].rstrip().endswith(worse["text"])
        assert worse["labels"]["harmful"] == "minor" and better["labels"]["harmful"] == "none"
        assert data["gold_criterion"] == "ethics" and data["kind"] == "pairwise"
        assert data["prompt"] in record["chosen"]
        assert data["source"]["dataset"] == "hh-rlhf-harmless-base"
    assert {d["gold_better"] for d in result.items} == {"A", "B"}  # not always the same letter


def test_hh_rlhf_multi_turn_prompt_keeps_the_conversation():
    record = {
        "chosen": "\n\nHuman: Hi there\n\nAssistant: Hello!\n\nHuman: Help me?\n\nAssistant: Sure.",
        "rejected": "\n\nHuman: Hi there\n\nAssistant: Hello!\n\nHuman: Help me?\n\nAssistant: No.",
        "_source_line": 7,
    }
    data = convert_hh(0, record)
    assert data["conversation"] == [
        {"role": "user", "text": "Hi there"},
        {"role": "assistant", "text": "Hello!"},
    ]
    assert data["prompt"] == "Help me?"
    assert list(data).index("conversation") == list(data).index("prompt") - 1
    assert validate_item(data) == []


@pytest.mark.parametrize(
    ("chosen", "rejected", "reason"),
    [
        ("\n\nHuman: a\n\nAssistant: x", "\n\nHuman: b\n\nAssistant: y", "differ before"),
        ("\n\nHuman: a\n\nAssistant: x", "\n\nHuman: a\n\nAssistant: x", "identical"),
        ("\n\nHuman: a", "\n\nHuman: a", "does not end with an assistant"),
        ("\n\nAssistant: a\n\nAssistant: x", "\n\nAssistant: a\n\nAssistant: y", "alternate"),
        ("\n\nHuman: a\n\nAssistant: ", "\n\nHuman: a\n\nAssistant: y", "empty reply"),
    ],
)
def test_odd_hh_records_are_skipped_and_counted(chosen, rejected, reason):
    with pytest.raises(SkipRecord, match=reason):
        convert_hh(0, {"chosen": chosen, "rejected": rejected})
    result = convert_records(
        "hh-rlhf", [(0, {"chosen": chosen, "rejected": rejected}), (1, {"nothing": True})]
    )
    assert result.items == [] and sum(result.skipped.values()) == 2
    assert result.skipped["a malformed record"] == 1


@pytest.mark.parametrize(
    ("label", "criterion", "problem"),
    [
        ("harmless", "ethics", "harmful"),
        ("honest", "accuracy", "inaccurate"),
        ("helpful", "relevance", "irrelevant"),
        ("other", "quality", None),
    ],
)
def test_hhh_label_decides_the_criterion(label, criterion, problem):
    result = import_file("hhh", HHH)
    rows = {r["_source_index"]: r for r in records(HHH)}
    chosen = [d for d in result.items if rows[int(d["id"].rsplit("-", 1)[1])]["source"] == label]
    assert chosen
    for data in chosen:
        record = rows[int(data["id"].rsplit("-", 1)[1])]
        better = next(a for a in data["answers"] if a["id"] == data["gold_better"])
        worse = next(a for a in data["answers"] if a["id"] != data["gold_better"])
        assert better["text"] == record["_chosen_response"].strip()
        assert data["gold_criterion"] == criterion and data["criteria"] == [criterion]
        assert set(better["labels"].values()) == {"none"}
        problems = [k for k, v in worse["labels"].items() if v != "none"]
        assert problems == ([problem] if problem else [])


def test_oasst_groups_become_quality_rankings_in_rank_order():
    rows = records(OASST)
    result = import_file("oasst", OASST)
    assert result.skipped == {"not 3–6 ranked replies": 2}
    for data in result.items:
        record = rows[int(data["id"].rsplit("-", 1)[1]) - 1]
        assert data["kind"] == "ranking" and data["prompt"] == record["prompt_message"]["text"]
        texts = {a["id"]: a["text"] for a in data["answers"]}
        gold_texts = [texts[aid] for tier in data["gold_order"] for aid in tier]
        by_rank = [r["text"].strip() for r in sorted(record["replies"], key=lambda r: r["rank"])]
        assert gold_texts == by_rank
        assert all(set(a["labels"].values()) == {"none"} for a in data["answers"])
    orders = [[aid for tier in d["gold_order"] for aid in tier] for d in result.items]
    assert any(order[0] != "A" for order in orders)  # display order is shuffled


def test_limit_stops_after_n_items():
    assert len(import_file("hhh", HHH, limit=5).items) == 5


def test_titles_and_topics():
    assert title_from("How do I bake bread at home without yeast, please tell me") == (
        "How do I bake bread at home without…"
    )
    assert title_from("Short one") == "Short one"
    assert topic_for("How do I bake bread?") == "cooking"
    assert topic_for("How can I shoplift safely?") == "illegal-activity"
    assert topic_for("What colour is the sky?") == "everyday"


def test_split_transcript_rejects_text_before_the_first_turn():
    with pytest.raises(SkipRecord):
        split_transcript("preamble\n\nHuman: hi\n\nAssistant: yo")


def test_yaml_files_round_trip_through_the_loader():
    for data in (
        import_file("oasst", OASST, limit=5).items + import_file("hh-rlhf", HH, limit=20).items
    ):
        loaded = parse_item(item_to_yaml(data), EXTERNAL / f"{data['id']}.yaml")
        assert loaded.error is None and loaded.data == data


def test_import_command_writes_files_that_pass_the_check(runner, tmp_path):
    out = tmp_path / "review"
    result = runner.invoke(
        args=[
            "exercises",
            "import",
            "--source",
            "hhh",
            "--path",
            str(HHH),
            "--limit",
            "7",
            "--out",
            str(out),
        ]
    )
    assert result.exit_code == 0, result.output
    assert len(load_pool(out)) == 7
    assert check_bank(out, EXAM_DIR) == []


def test_import_command_refuses_to_write_into_the_live_bank(app, runner, monkeypatch, tmp_path):
    monkeypatch.setitem(app.config, "EXERCISES_DIR", str(tmp_path))
    result = runner.invoke(
        args=[
            "exercises",
            "import",
            "--source",
            "hhh",
            "--path",
            str(HHH),
            "--limit",
            "1",
            "--out",
            str(tmp_path / "practice"),
        ]
    )
    assert result.exit_code != 0 and "review folder" in result.output
    assert not (tmp_path / "practice").exists()


def test_import_command_saves_drafts_once(runner):
    args = ["exercises", "import", "--source", "oasst", "--path", str(OASST), "--limit", "3"]
    first = runner.invoke(args=args)
    assert first.exit_code == 0, first.output
    assert "Saved 3 draft(s)" in first.output
    rows = db.session.scalars(select(Exercise)).all()
    assert {(e.pool, e.status, e.source) for e in rows} == {("practice", "draft", "import")}
    rows[0].status = "published"
    db.session.commit()
    second = runner.invoke(args=args)
    assert "Saved 0 draft(s); 3 already in the bank" in second.output
    db.session.expire_all()
    assert db.session.get(Exercise, rows[0].id).status == "published"


def test_import_command_reports_an_unreadable_file(runner, tmp_path):
    broken = tmp_path / "broken.jsonl"
    broken.write_text("{not json\n")
    result = runner.invoke(args=["exercises", "import", "--source", "hhh", "--path", str(broken)])
    assert result.exit_code != 0 and "cannot read" in result.output


def test_pandalm_keeps_unanimous_verdicts_as_quality_pairs():
    result = import_file("pandalm", PANDA)
    assert result.items and result.skipped
    for data in result.items:
        assert data["gold_criterion"] == "quality"
        assert data["source"]["dataset"] == "pandalm-testset"
        assert all(set(a["labels"].values()) == {"none"} for a in data["answers"])


def test_truthfulqa_false_answer_is_inaccurate_major():
    result = import_file("truthfulqa", TQA)
    assert result.items
    for data in result.items:
        worse = next(a for a in data["answers"] if a["id"] != data["gold_better"])
        assert worse["labels"]["inaccurate"] == "major" and data["gold_criterion"] == "accuracy"
        assert data["source"] == {
            "dataset": "truthfulqa",
            "ref": data["id"].rsplit("-", 1)[1].lstrip("0") or "0",
            "licence": "Apache-2.0",
        }
