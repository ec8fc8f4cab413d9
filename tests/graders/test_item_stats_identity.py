"""Item statistics by identity: corrected discrimination, reliability per form or random forms,
review flags, decision consistency from repeat sittings."""

from __future__ import annotations

import random

import pytest

from graders.item_stats import (
    cronbach_alpha,
    decision_consistency,
    item_statistics,
    kr20,
    point_biserial,
    pooled_reliability,
    random_form_alpha,
    reliability_by_form,
    repeat_pairs,
    review_flags,
    share_agreed,
)

# Four sittings of items a, b, c. Against a total that includes it, item a looks fine
# (r = +0.30); against the rest of the sitting it discriminates the wrong way (r = -0.30).
SITTINGS = {
    1: {"a": 1.0, "b": 1.0, "c": 0.0},
    2: {"a": 1.0, "b": 0.0, "c": 0.0},
    3: {"a": 0.0, "b": 1.0, "c": 1.0},
    4: {"a": 0.0, "b": 0.0, "c": 0.0},
}


def test_discrimination_leaves_the_item_out_of_the_total():
    stats = item_statistics(SITTINGS)
    a = [s["a"] for s in SITTINGS.values()]
    total = [sum(s.values()) for s in SITTINGS.values()]
    assert point_biserial(a, total) == pytest.approx(0.30151, abs=1e-4)  # a inflates its total
    assert stats["a"].r == pytest.approx(-0.30151, abs=1e-4)
    assert stats["a"].p == 0.5 and stats["a"].respondents == 4
    assert stats["a"].flags == ("low discrimination",)


def test_corrected_value_is_the_item_rest_correlation():
    sittings = {
        1: {"x": 1.0, "y": 1.0, "z": 0.5},
        2: {"x": 0.5, "y": 1.0, "z": 1.0},
        3: {"x": 0.0, "y": 0.5, "z": 0.0},
    }
    stats = item_statistics(sittings)
    expected = point_biserial([1.0, 0.5, 0.0], [0.75, 1.0, 0.25])
    assert stats["x"].r == pytest.approx(expected)
    assert stats["x"].r != pytest.approx(point_biserial([1.0, 0.5, 0.0], [2.5, 2.5, 0.5]))


def test_single_item_sittings_give_no_rest_score():
    stats = item_statistics({1: {"a": 1.0}, 2: {"a": 0.0}})
    assert stats["a"].r is None and stats["a"].p == 0.5


def test_share_agreed_falls_back_to_the_stored_score():
    rows = [{"agreed": True}, {"agreed": False}, {"agreed": True}, {"agreed": True}]
    assert share_agreed(rows, 0.1) == 0.75
    assert share_agreed(None, 0.4) == 0.4
    assert share_agreed([], None) is None


def test_review_flags():
    assert review_flags(0.1, 0.5) == ("too hard",)
    assert review_flags(0.97, 0.1) == ("too easy", "low discrimination")
    assert review_flags(0.6, 0.3) == ()
    assert review_flags(None, None) == ()


def test_reliability_groups_sittings_by_item_identity_not_position():
    # Two forms in different orders of position: form 1 holds items a, b, c; form 2 d, e, f.
    form1 = [[0.9, 1.0, 0.8], [1.0, 0.85, 0.2], [0.9, 0.3, 0.1], [0.5, 0.2, 0.0]]
    form2 = [[1.0, 1.0, 0.0], [0.0, 0.0, 1.0], [1.0, 0.0, 0.0]]
    rows = [
        (f"s{n}", item, score)
        for n, row in enumerate(form1)
        for item, score in zip("abc", row, strict=True)
    ]
    rows += [
        (f"t{n}", item, score)
        for n, row in enumerate(form2)
        for item, score in zip("def", row, strict=True)
    ]
    random.Random(3).shuffle(rows)
    forms = reliability_by_form(rows, min_respondents=3)
    assert [(f.respondents, f.columns) for f in forms] == [(4, 3), (3, 3)]
    assert forms[0].alpha == pytest.approx(cronbach_alpha(form1))
    assert forms[1].alpha == pytest.approx(cronbach_alpha(form2))
    pooled = pooled_reliability(forms)
    assert pooled == pytest.approx((4 * forms[0].alpha + 3 * forms[1].alpha) / 7)
    assert reliability_by_form(rows, min_respondents=5) == []


def test_judgement_level_kr20_per_form():
    binary = [[1, 1, 1], [1, 1, 0], [1, 0, 0], [0, 0, 0]]
    rows = [(n, ("item", k), float(v)) for n, row in enumerate(binary) for k, v in enumerate(row)]
    (form,) = reliability_by_form(rows)
    assert form.alpha == pytest.approx(kr20(binary)) == pytest.approx(0.75)


def test_random_form_alpha_matches_alpha_when_everyone_sat_the_same_items():
    rng = random.Random(5)
    matrix = []
    for _ in range(200):
        skill = rng.random()
        matrix.append([float(rng.random() < skill) for _ in range(6)])
    sittings = [dict(enumerate(row)) for row in matrix]
    # with complete data the average-based formula is alpha of the standardised sum; close
    assert random_form_alpha(sittings, 6) == pytest.approx(cronbach_alpha(matrix), abs=0.02)


def test_random_form_alpha_on_random_forms_is_near_the_full_form_value():
    rng = random.Random(9)
    bank, length = list(range(30)), 10
    full, drawn = [], []
    for _ in range(3000):
        skill = rng.random()
        row = {i: float(rng.random() < skill) for i in bank}
        full.append(list(row.values()))
        drawn.append({i: row[i] for i in rng.sample(bank, length)})
    expected = cronbach_alpha([r[:length] for r in full])
    assert random_form_alpha(drawn, length) == pytest.approx(expected, abs=0.03)
    assert random_form_alpha(drawn[:1], length) is None


def test_repeat_pairs_within_the_window_each_sitting_once():
    sittings = [
        ("u", 0.0, False),
        ("u", 10.0, True),
        ("u", 12.0, True),
        ("v", 0.0, True),
        ("v", 100.0, True),
        ("w", 5.0, False),
    ]
    assert sorted(repeat_pairs(sittings, 30)) == [(False, True)]
    assert decision_consistency([]) is None
    same, kappa = decision_consistency([(True, True), (False, False), (True, False), (True, True)])
    assert same == 0.75
    # p1 = .75, p2 = .5: chance .5 → kappa .5
    assert kappa == pytest.approx(0.5)
