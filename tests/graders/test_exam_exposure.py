"""Exposure control in the draw: least exposed first, retirement, no item of the last form."""

from __future__ import annotations

import pytest

from graders.blueprint import Blueprint, Draw, PassRule, Section
from graders.exam import DrawError, PoolEntry, draw_exam
from graders.exam_draw import disjoint_fills, draw_supply


def blueprint(count: int = 4, kind: str = "rating") -> Blueprint:
    """One section drawing ``count`` items of one kind."""
    return Blueprint("x", "X", "core", "c", (Section("s", (Draw(kind, count),)),), PassRule())


def pool(exposures: list[int], judgements: int = 3) -> list[PoolEntry]:
    """Rating entries with the given exposure counts, each holding some ethics judgements."""
    return [
        PoolEntry(f"ex-rate-{i:03d}", "rating", "medicine", n, {"ethics": judgements})
        for i, n in enumerate(exposures)
    ]


def test_the_draw_prefers_the_least_exposed_items() -> None:
    entries = pool([50, 0, 3, 80, 1, 2, 90, 60])
    for seed in range(10):
        drawn = {d.uid for d in draw_exam(entries, blueprint(), seed)}
        assert drawn == {"ex-rate-001", "ex-rate-002", "ex-rate-004", "ex-rate-005"}


def test_items_at_the_exposure_limit_are_retired_from_the_draw() -> None:
    entries = pool([200, 199, 5, 0, 250, 3])
    drawn = {d.uid for d in draw_exam(entries, blueprint(), 1, max_exposures=200)}
    assert drawn == {"ex-rate-001", "ex-rate-002", "ex-rate-003", "ex-rate-005"}
    with pytest.raises(DrawError):
        draw_exam(entries, blueprint(), 1, max_exposures=4)


def test_the_last_form_is_never_repeated_even_when_seen_items_would_be() -> None:
    entries = pool([0] * 8)
    first = {d.uid for d in draw_exam(entries, blueprint(), 1)}
    for seed in range(10):
        second = draw_exam(entries, blueprint(), seed, exclude_ids=first, avoid_ids=first)
        assert not first & {d.uid for d in second}
    with pytest.raises(DrawError):
        draw_exam(pool([0] * 6), blueprint(), 1, avoid_ids=first)


def test_a_form_short_of_judgements_is_redrawn_or_refused() -> None:
    entries = [*pool([0] * 4, judgements=1), *pool([0] * 4, judgements=5)]
    entries = [PoolEntry(f"{e.uid}-{i}", e.kind, e.topic, 0, e.judgements)
               for i, e in enumerate(entries)]
    for seed in range(10):
        drawn = draw_exam(entries, blueprint(2), seed, minimums={"ethics": 8})
        assert all(d.uid.endswith(("-4", "-5", "-6", "-7")) for d in drawn)
    with pytest.raises(DrawError, match="enough judgements"):
        draw_exam(entries, blueprint(2), 1, minimums={"ethics": 11})


def test_disjoint_fills_counts_forms_without_a_shared_item() -> None:
    assert disjoint_fills(pool([0] * 12), blueprint(4)) == 3
    assert disjoint_fills(pool([0] * 11), blueprint(4)) == 2
    assert draw_supply(pool([0] * 11), blueprint(4))[0][1] == 11


def test_every_form_holds_the_same_number_of_must_catch_items() -> None:
    rule = PassRule(must_catch_per_form=1)
    spec = Blueprint("x", "X", "core", "c", (Section("s", (Draw("rating", 6),)),), rule)
    entries = [
        PoolEntry(f"ex-rate-{i:03d}", "rating", "medicine", 0, {}, must_catch=i % 3 == 0)
        for i in range(24)
    ]
    by_uid = {e.uid: e for e in entries}
    for seed in range(20):
        drawn = draw_exam(entries, spec, seed)
        assert sum(by_uid[d.uid].must_catch for d in drawn) == 1
    scarce = [e for e in entries if not e.must_catch]
    assert len(draw_exam(scarce, spec, 1)) == 6  # none left: the form still fills
