"""`school exercises check` fails on a length-cued fixture bank and passes a balanced one."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest

from app.content.bank_report import bank_report
from app.content.exercises import LoadedItem
from graders.bank_stats import shortcut_stats
from graders.blueprint import Blueprint, Draw, PassRule, Section
from tests.content.bank_fixtures import pairwise, ranking, write_bank

CUED = [ranking(f"pr-rank-{i:03d}", (30 + i, 20, 10)) for i in range(1, 7)] + [
    pairwise(f"pr-pair-{i:03d}", 40, 10) for i in range(1, 5)
]
BALANCED = [
    ranking("pr-rank-001", (10, 20, 30)),
    ranking("pr-rank-002", (10, 30, 20)),
    ranking("pr-rank-003", (20, 10, 30)),
    ranking("pr-rank-004", (20, 30, 10)),
    ranking("pr-rank-005", (30, 10, 20)),
    ranking("pr-rank-006", (30, 20, 10)),
    pairwise("pr-pair-001", 40, 10),
    pairwise("pr-pair-002", 10, 40),
]


@pytest.fixture(autouse=True)
def _no_blueprints(app, tmp_path, monkeypatch):
    """The fixture banks have no exam pool, so no blueprint is checked against them."""
    empty = tmp_path / "blueprints"
    empty.mkdir()
    monkeypatch.setitem(app.config, "EXAM_BLUEPRINTS_DIR", str(empty))


def _check(runner, tmp_path, items):
    """Run the check command on a fixture practice pool, an empty exam pool and no lessons."""
    practice = write_bank(tmp_path / "practice", items)
    exam = write_bank(tmp_path / "exam", [])
    courses = tmp_path / "courses"
    courses.mkdir()
    args = ["exercises", "check", "--practice", str(practice), "--exam", str(exam)]
    return runner.invoke(args=[*args, "--courses", str(courses)])


def test_length_cue_fails_the_check_and_prints_the_figures(runner, tmp_path):
    result = _check(runner, tmp_path, CUED)
    assert result.exit_code == 1, result.output
    assert "best is longest 100% (max 45%)" in result.output
    assert "length–gold rho +1.00" in result.output
    assert "longer answer wins 100% (35–65%)" in result.output
    assert "shortcut (practice): best answer is the longest in 100% of ranking items" in (
        result.output
    )


def test_balanced_bank_passes(runner, tmp_path):
    result = _check(runner, tmp_path, BALANCED)
    assert result.exit_code == 0, result.output
    assert "best is longest 33%" in result.output
    assert "length–gold rho +0.00" in result.output
    assert "longer answer wins 50%" in result.output


def test_rho_is_pooled_within_item_ranks():
    stats = shortcut_stats(BALANCED)
    assert stats.rho == pytest.approx(0.0)
    assert stats.best_is_longest == 2 and stats.ranking_items == 6
    assert stats.longer_share == pytest.approx(0.5)


def test_position_counts_the_gold_best_letter():
    stats = shortcut_stats(BALANCED)
    assert stats.best_letters["A"] == 8
    stat, df = stats.chi_square()
    assert df == 2 and stat > 5.99  # every best answer is A: uneven


def test_a_broken_file_is_reported_and_the_figures_still_print(runner, tmp_path):
    practice = write_bank(tmp_path / "practice", BALANCED)
    (practice / "pr-rank-099.yaml").write_text("id: pr-rank-099\nkind: [unclosed\n")
    (tmp_path / "courses").mkdir()
    args = ["exercises", "check", "--practice", str(practice), "--exam", str(tmp_path / "exam")]
    (tmp_path / "exam").mkdir()
    result = runner.invoke(args=[*args, "--courses", str(tmp_path / "courses")])
    assert result.exit_code == 1
    assert "pr-rank-099.yaml:3: invalid YAML" in result.output
    assert "best is longest 33%" in result.output


# The best answer is always the second-shortest, yet neither longest-share nor rho sees it: half
# the items have the long loser last, half the short one (the bank's medicine exam had 65%).
SECOND_SHORTEST = [
    ranking(f"pr-rank-{i:03d}", (20, 10, 30) if i % 2 else (20, 30, 10)) for i in range(1, 7)
] + [pairwise("pr-pair-001", 40, 10), pairwise("pr-pair-002", 10, 40)]


def test_a_best_answer_always_second_shortest_fails_the_check(runner, tmp_path):
    result = _check(runner, tmp_path, SECOND_SHORTEST)
    assert result.exit_code == 1, result.output
    assert "best is longest 0%" in result.output and "length–gold rho +0.00" in result.output
    assert "best answer's place in length order (1 = shortest): 2: 6" in result.output
    assert (
        "shortcut (practice): the best answer is at length place 2 (1 = shortest) in 100% of "
        "ranking items (max 45% at any one place)"
    ) in result.output


def test_the_balanced_bank_spreads_the_best_answer_over_every_length_place(runner, tmp_path):
    result = _check(runner, tmp_path, BALANCED)
    assert "best answer's place in length order (1 = shortest): 1: 2, 2: 2, 3: 2" in result.output
    assert shortcut_stats(BALANCED).commonest_length_position == (1, pytest.approx(1 / 3))


def test_a_best_answer_tied_for_shortest_is_at_place_one():
    stats = shortcut_stats([ranking("pr-rank-001", (10, 10, 30))])
    assert dict(stats.best_length_positions) == {1: 1}
    assert (
        "the best answer is at length place 1 (1 = shortest) in 100% of ranking items "
        "(max 45% at any one place)"
    ) in stats.failures()


def _exam_item(item: dict, topic: str) -> LoadedItem:
    """A fixture item moved to the exam pool on ``topic``."""
    data = {**item, "id": item["id"].replace("pr-", "ex-"), "topic": topic}
    return LoadedItem(Path(f"{data['id']}.yaml"), data)


def test_a_topic_bound_exam_is_measured_on_the_items_it_draws():
    medicine = [_exam_item(i, "medicine") for i in SECOND_SHORTEST[:4]]
    # Other topics balance the pool as a whole: only the medicine exam's own scope shows the cue.
    lengths = [(10, 20, 30), (10, 30, 20), (30, 10, 20), (30, 20, 10)] * 2  # places 1 and 3
    others = [
        _exam_item(ranking(f"pr-rank-{i:03d}", n), "everyday")
        for i, n in enumerate(lengths, start=11)
    ]
    bound = Blueprint(
        slug="medicine-only",
        title="Medicine",
        level="specialisation",
        course="medicine",
        sections=(Section("ranking", (Draw("ranking", 1, ("medicine",), fallback=False),)),),
        pass_rule=PassRule(),
    )
    anywhere = replace(
        bound,
        slug="any-topic",
        sections=(Section("ranking", (Draw("ranking", 1, ("medicine",), fallback=True),)),),
    )
    report = bank_report({"practice": [], "exam": medicine + others}, {}, [bound, anywhere])
    scope = "exam [en] for medicine-only (medicine)"
    assert f"  {scope}:" in report.lines
    assert not any("any-topic" in line for line in report.lines)  # it may draw any topic
    assert report.failures == [
        f"shortcut ({scope}): the best answer is at length place 2 (1 = shortest) in 100% of "
        "ranking items (max 45% at any one place)"
    ]
