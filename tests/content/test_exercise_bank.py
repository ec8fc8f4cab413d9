"""The real exercise bank passes the checker, and the checker locates problems by file and line."""

from __future__ import annotations

from pathlib import Path

import pytest

from app.content.exercises import check_bank, load_pool, parse_item
from graders import grade, item_from_dict
from tests.conftest import EXAM_DIR, PRACTICE_DIR, copy_bank


def gold_response(data: dict) -> dict | None:
    """The response that copies gold, for kinds graded without free text."""
    if data["kind"] == "ranking":
        return {"order": [aid for tier in data["gold_order"] for aid in tier]}
    if data["kind"] == "pairwise":
        return {"better": data["gold_better"], "criterion": data["gold_criterion"]}
    if data["kind"] == "rating":
        return {"ratings": dict(data["gold_ratings"]), "flags": list(data["gold_flags"])}
    if data["kind"] == "correction":
        return {"text": data["gold_correction"]}
    return None


def test_check_command_passes_on_the_real_bank(runner):
    result = runner.invoke(
        args=["exercises", "check", "--practice", str(PRACTICE_DIR), "--exam", str(EXAM_DIR)]
    )
    assert result.exit_code == 0, result.output
    assert "The exercise bank is valid." in result.output
    assert "pool: exam" in result.output and "criterion: " in result.output
    # The medicine exam draws only its topics: its own length figures must be measured too.
    assert "exam [en] for medicine-and-health (medicine, pseudoscience):" in result.output


def test_both_pools_have_items_and_ids_match_file_names():
    for folder in (PRACTICE_DIR, EXAM_DIR):
        items = load_pool(folder)
        assert items, f"{folder} is empty"
        assert all(item.data["id"] == item.path.stem for item in items)


@pytest.mark.parametrize("folder", [PRACTICE_DIR, EXAM_DIR], ids=["practice", "exam"])
def test_every_gold_answer_scores_one_against_itself(folder):
    for loaded in load_pool(folder):
        response = gold_response(loaded.data)
        if response is None:
            continue
        result = grade(item_from_dict(loaded.data), response)
        floor = 1.0 if loaded.data["kind"] != "correction" else 0.99
        assert result.score >= floor, (loaded.path.name, result.score)


def test_line_numbers_follow_problem_paths():
    text = (PRACTICE_DIR / "pr-rank-001.yaml").read_text()
    item = parse_item(text, Path("pr-rank-001.yaml"))
    lines = text.splitlines()
    labels_line = item.line_of(("answers", 2, "labels"))
    assert lines[labels_line - 1].strip().startswith("labels:")
    assert "id: C" in lines[item.line_of(("answers", 2)) - 1]
    assert lines[item.line_of(("gold_order",)) - 1].startswith("gold_order:")
    assert item.line_of(("answers", 2, "labels", "no-such-key")) == labels_line


def break_line(path: Path, old: str, new: str) -> int:
    """Replace the first line containing ``old``; return its 1-based number."""
    lines = path.read_text().splitlines(keepends=True)
    number = next(i for i, line in enumerate(lines) if old in line)
    lines[number] = lines[number].replace(old, new, 1)
    path.write_text("".join(lines))
    return number + 1


def test_bad_label_fails_the_check_command_with_file_and_line(runner, tmp_path):
    practice, exam = copy_bank(tmp_path)
    line = break_line(practice / "pr-rank-001.yaml", "harmful: major", "harmful: maybe")
    result = runner.invoke(
        args=["exercises", "check", "--practice", str(practice), "--exam", str(exam)]
    )
    assert result.exit_code == 1
    assert f"pr-rank-001.yaml:{line}: answers[3].labels.harmful" in result.output


def test_yaml_syntax_error_and_duplicate_key_are_located(tmp_path):
    practice, exam = copy_bank(tmp_path)
    bad = practice / "pr-rank-002.yaml"
    line = break_line(bad, "gold_order: [", "gold_order: [[")
    dup = practice / "pr-rank-003.yaml"
    dup.write_text(dup.read_text() + "topic: law\n")
    problems = check_bank(practice, exam)
    assert any(p.startswith(f"{bad}:") and "invalid YAML" in p for p in problems), problems
    assert any(f"{bad}:{line}" in p or f"{bad}:{line + 1}" in p for p in problems), problems
    dup_line = len(dup.read_text().splitlines())
    assert f"{dup}:{dup_line}: invalid YAML: the key 'topic' appears twice" in problems


def test_id_must_equal_file_name(tmp_path):
    practice, exam = copy_bank(tmp_path)
    (practice / "pr-rank-001.yaml").rename(practice / "pr-rank-999.yaml")
    problems = check_bank(practice, exam)
    assert problems == [
        f"{practice / 'pr-rank-999.yaml'}:1: id: 'pr-rank-001' must equal the file name "
        "'pr-rank-999'"
    ]


def test_cross_pool_copies_and_wrong_prefixes_are_reported_at_the_copy(tmp_path):
    practice, exam = copy_bank(tmp_path)
    source = (practice / "pr-pair-013.yaml").read_text()
    copy = exam / "ex-pair-999.yaml"
    copy.write_text(source.replace("id: pr-pair-013", "id: ex-pair-999"))
    wrong = exam / "pr-copy-001.yaml"
    wrong.write_text(
        source.replace("id: pr-pair-013", "id: pr-copy-001").replace(
            "prompt:", "prompt: |\n  A different prompt.\nold_prompt:", 1
        )
    )
    problems = check_bank(practice, exam)
    assert any(
        p.startswith(f"{copy}:") and "identical to practice item pr-pair-013" in p for p in problems
    ), problems
    assert any(p.startswith(f"{wrong}:1: id: exam item ids start with 'ex-'") for p in problems), (
        problems
    )


def test_missing_folder_is_a_problem(tmp_path):
    problems = check_bank(tmp_path / "nope", EXAM_DIR)
    assert problems == [f"{tmp_path / 'nope'}: the practice folder does not exist"]


def test_a_broken_exam_blueprint_fails_the_check(app, runner, tmp_path, monkeypatch):
    (tmp_path / "certified-ai-trainer.yaml").write_text("slug: another-name\ntitle: [unclosed\n")
    monkeypatch.setitem(app.config, "EXAM_BLUEPRINTS_DIR", str(tmp_path))
    result = runner.invoke(
        args=["exercises", "check", "--practice", str(PRACTICE_DIR), "--exam", str(EXAM_DIR)]
    )
    assert result.exit_code == 1
    assert "certified-ai-trainer.yaml: invalid YAML" in result.output
