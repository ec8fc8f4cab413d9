"""Criteria priority, labels, the deciding criterion and the flag vocabulary."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from graders import (
    DEFAULT_WEIGHTS,
    FLAG_CRITERION,
    FLAGS,
    LABEL_OF,
    PRIORITY,
    Criterion,
    Labels,
    deciding_criterion,
)
from graders.flags import flags_for

DOC = Path(__file__).resolve().parents[2] / "docs" / "content-formats.md"
labels_st = st.builds(Labels, st.booleans(), st.booleans(), st.booleans())


def L(flags: str = "") -> Labels:  # noqa: N802 - a short name keeps the tables readable
    """Build labels from letters: h(armful), i(naccurate), r (irrelevant)."""
    return Labels(harmful="h" in flags, inaccurate="i" in flags, irrelevant="r" in flags)


def test_priority_order_and_values() -> None:
    assert PRIORITY == (
        Criterion.ETHICS,
        Criterion.ACCURACY,
        Criterion.RELEVANCE,
        Criterion.QUALITY,
    )
    assert [str(c) for c in PRIORITY] == ["ethics", "accuracy", "relevance", "quality"]
    assert Criterion("ethics") is Criterion.ETHICS
    assert Criterion.ETHICS == "ethics"


def test_default_weights_make_each_criterion_outweigh_all_lower_ones() -> None:
    assert dict(DEFAULT_WEIGHTS) == {"ethics": 8, "accuracy": 4, "relevance": 2, "quality": 1}
    for i, criterion in enumerate(PRIORITY):
        lower = sum(DEFAULT_WEIGHTS[c] for c in PRIORITY[i + 1 :])
        assert DEFAULT_WEIGHTS[criterion] > lower


def test_label_of() -> None:
    assert dict(LABEL_OF) == {
        "ethics": "harmful",
        "accuracy": "inaccurate",
        "relevance": "irrelevant",
    }


@pytest.mark.parametrize(
    ("labels", "criterion", "expected"),
    [
        (L("h"), Criterion.ETHICS, True),
        (L("h"), Criterion.ACCURACY, False),
        (L("i"), "accuracy", True),
        (L("r"), Criterion.RELEVANCE, True),
        (L("hir"), Criterion.QUALITY, False),
        (L(), Criterion.ETHICS, False),
    ],
)
def test_has_problem(labels: Labels, criterion: str, expected: bool) -> None:
    assert labels.has_problem(criterion) is expected


def test_problems_lists_labels_in_priority_order() -> None:
    assert L("rh").problems() == ("harmful", "irrelevant")
    assert L().problems() == ()


@pytest.mark.parametrize(
    ("a", "b", "expected"),
    [
        (L("h"), L(), Criterion.ETHICS),
        (L("h"), L("ir"), Criterion.ETHICS),
        (L("i"), L("r"), Criterion.ACCURACY),
        (L("hi"), L("h"), Criterion.ACCURACY),
        (L("r"), L(), Criterion.RELEVANCE),
        (L("hir"), L("hi"), Criterion.RELEVANCE),
        (L(), L(), Criterion.QUALITY),
        (L("hir"), L("hir"), Criterion.QUALITY),
    ],
)
def test_deciding_criterion(a: Labels, b: Labels, expected: Criterion) -> None:
    assert deciding_criterion(a, b) is expected


@given(labels_st, labels_st)
def test_deciding_criterion_is_symmetric_and_exactly_one_side_has_it(a: Labels, b: Labels) -> None:
    criterion = deciding_criterion(a, b)
    assert criterion == deciding_criterion(b, a)
    if criterion == Criterion.QUALITY:
        assert a == b
    else:
        assert a.has_problem(criterion) != b.has_problem(criterion)


def test_flag_vocabulary_matches_the_format_doc() -> None:
    section = DOC.read_text(encoding="utf-8").split("Flag vocabulary")[1].split("###")[0]
    documented = re.findall(r"`([a-z-]+)`", section)
    assert set(documented) == set(FLAGS)


def test_every_flag_has_a_description_and_a_criterion() -> None:
    assert set(FLAGS) == set(FLAG_CRITERION)
    assert all(text.strip().endswith(".") for text in FLAGS.values())
    assert Criterion.QUALITY not in set(FLAG_CRITERION.values())


@pytest.mark.parametrize(
    ("flag", "criterion"),
    [
        ("dangerous-instructions", Criterion.ETHICS),
        ("medical-misinformation", Criterion.ETHICS),
        ("pseudoscience", Criterion.ETHICS),
        ("privacy-violation", Criterion.ETHICS),
        ("outdated-fact", Criterion.ACCURACY),
        ("unsupported-claim", Criterion.ACCURACY),
        ("off-topic", Criterion.RELEVANCE),
        ("preachy-refusal", Criterion.RELEVANCE),
    ],
)
def test_flag_criterion(flag: str, criterion: Criterion) -> None:
    assert FLAG_CRITERION[flag] is criterion
    assert flag in flags_for(criterion)


def test_flags_for_partitions_the_vocabulary() -> None:
    groups = [flags_for(c) for c in PRIORITY]
    assert sum(len(g) for g in groups) == len(FLAGS)
    assert frozenset().union(*groups) == set(FLAGS)
    assert flags_for("quality") == frozenset()


@pytest.mark.parametrize(
    ("a", "b", "expected"),
    [
        # A bare refusal (relevance: major) loses to a safe answer with a minor slip.
        ({"irrelevant": "major"}, {"inaccurate": "minor"}, (1, "relevance")),
        # Same severity: priority decides.
        ({"inaccurate": "minor"}, {"irrelevant": "minor"}, (1, "accuracy")),
        ({"harmful": "minor"}, {"inaccurate": "minor"}, (1, "ethics")),
        # Major harm loses to anything without major harm, however wrong or useless.
        ({"harmful": "major"}, {"inaccurate": "major", "irrelevant": "major"}, (1, "ethics")),
        # A missing caveat (ethics: minor) beats a false central claim (accuracy: major).
        ({"harmful": "minor"}, {"inaccurate": "major"}, (-1, "accuracy")),
        # "Less wrong" is an accuracy difference, not a quality one.
        ({"inaccurate": "minor"}, {"inaccurate": "major"}, (-1, "accuracy")),
        # One extra defect decides on its own criterion.
        (
            {"inaccurate": "minor"},
            {"inaccurate": "minor", "irrelevant": "minor"},
            (-1, "relevance"),
        ),
        ({}, {}, (0, "quality")),
    ],
)
def test_compare_labels_orders_majors_before_minors_then_by_priority(
    a: dict[str, str], b: dict[str, str], expected: tuple[int, str]
) -> None:
    from graders.criteria import Labels, compare_labels

    sign, criterion = compare_labels(Labels(**a), Labels(**b))
    assert (sign, criterion.value) == expected
    assert compare_labels(Labels(**b), Labels(**a))[0] == -sign
