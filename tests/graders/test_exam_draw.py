"""The exam draw: stratified counts, reproducible from the seed, retakes avoid seen items."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import pytest
import yaml

from graders.blueprint import Blueprint, Draw, PassRule, Section, blueprint_from_dict
from graders.exam import DrawError, PoolEntry, draw_exam

REPO = Path(__file__).resolve().parents[2]
TOPICS = ("medicine", "politics", "religion", "coding", "finance", "law")


def make_pool(counts: dict[str, int]) -> list[PoolEntry]:
    """A pool with ``counts[kind]`` items per kind, topics cycling through TOPICS."""
    return [
        PoolEntry(f"ex-{kind}-{i:03d}", kind, TOPICS[i % len(TOPICS)])
        for kind, n in counts.items()
        for i in range(n)
    ]


def core_blueprint() -> Blueprint:
    """The real core blueprint file."""
    data = yaml.safe_load((REPO / "exercises/blueprints/certified-ai-trainer.yaml").read_text())
    return blueprint_from_dict(data)


POOL = make_pool({"rating": 30, "ranking": 40, "pairwise": 32, "reference": 8, "correction": 10})


def test_draw_fills_every_section_with_the_right_kinds_and_counts() -> None:
    drawn = draw_exam(POOL, core_blueprint(), seed=42)
    counts = Counter((d.section, d.kind) for d in drawn)
    assert counts == {
        ("flagging", "rating"): 10,
        ("ranking", "ranking"): 14,
        ("ranking", "pairwise"): 10,
        ("correction", "correction"): 3,
        ("reference", "reference"): 1,
    }
    assert len({d.uid for d in drawn}) == len(drawn) == 38


def test_reference_is_on_a_sensitive_topic() -> None:
    for seed in range(30):
        (ref,) = [d for d in draw_exam(POOL, core_blueprint(), seed) if d.kind == "reference"]
        assert ref.topic in ("medicine", "politics", "religion")


def test_same_seed_same_exam_whatever_the_pool_order() -> None:
    first = draw_exam(POOL, core_blueprint(), seed=7)
    again = draw_exam(list(reversed(POOL)), core_blueprint(), seed=7)
    assert first == again


def test_different_seeds_give_different_exams() -> None:
    exams = {tuple(d.uid for d in draw_exam(POOL, core_blueprint(), seed)) for seed in range(10)}
    assert len(exams) > 5


def test_a_draw_spreads_over_topics() -> None:
    drawn = draw_exam(POOL, core_blueprint(), seed=3)
    rating_topics = Counter(d.topic for d in drawn if d.kind == "rating")
    assert len(rating_topics) == 6  # ten ratings over six topics: every topic used


def test_retake_avoids_seen_items_when_the_pool_allows() -> None:
    first = draw_exam(POOL, core_blueprint(), seed=1)
    second = draw_exam(POOL, core_blueprint(), seed=2, exclude_ids={d.uid for d in first})
    assert not {d.uid for d in first} & {d.uid for d in second}


def test_retake_reuses_seen_items_only_for_the_shortfall() -> None:
    blueprint = core_blueprint()
    seen = {e.uid for e in POOL if e.kind == "rating" and int(e.uid[-3:]) < 22}
    drawn = draw_exam(POOL, blueprint, seed=5, exclude_ids=seen)
    ratings = {d.uid for d in drawn if d.kind == "rating"}
    assert len(ratings) == 10
    assert len(ratings - seen) == 8  # every unseen rating item, then two seen ones


def test_topic_fallback_prefers_the_topics_then_fills_from_others() -> None:
    blueprint = Blueprint(
        "spec",
        "Spec",
        "specialisation",
        "spec-course",
        (Section("s", (Draw("rating", 5, ("medicine",), fallback=True),)),),
        PassRule(),
    )
    drawn = draw_exam(POOL, blueprint, seed=9)
    medicine = [d for d in drawn if d.topic == "medicine"]
    assert len(drawn) == 5 and len(medicine) == 5  # the pool has five medicine ratings


def test_without_fallback_a_short_topic_pool_is_an_error() -> None:
    blueprint = Blueprint(
        "spec",
        "Spec",
        "specialisation",
        "spec-course",
        (Section("s", (Draw("rating", 5, ("medicine",)),)),),
        PassRule(),
    )
    with pytest.raises(DrawError, match="3 rating items on medicine"):
        draw_exam(make_pool({"rating": 16}), blueprint, seed=9)


def test_a_pool_too_small_for_the_blueprint_is_an_error() -> None:
    with pytest.raises(DrawError, match="needs 14"):
        draw_exam(
            make_pool({"rating": 10, "ranking": 3, "pairwise": 10, "reference": 2}),
            core_blueprint(),
            seed=1,
        )


def test_two_draws_of_one_kind_never_pick_the_same_item() -> None:
    blueprint = Blueprint(
        "x",
        "X",
        "core",
        "c",
        (Section("a", (Draw("rating", 8),)), Section("b", (Draw("rating", 8),))),
        PassRule(),
    )
    drawn = draw_exam(POOL, blueprint, seed=11)
    assert len({d.uid for d in drawn}) == 16


@pytest.mark.parametrize("slug", ["certified-ai-trainer", "medicine-and-health"])
def test_the_real_exam_pool_fills_the_real_blueprints(slug: str) -> None:
    files = sorted((REPO / "exercises" / "exam").glob("*.yaml"))
    pool = []
    for path in files:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        pool.append(PoolEntry(data["id"], data["kind"], data["topic"]))
    blueprint = blueprint_from_dict(
        yaml.safe_load((REPO / f"exercises/blueprints/{slug}.yaml").read_text())
    )
    first = draw_exam(pool, blueprint, seed=2026)
    assert len(first) == blueprint.item_count
    (reference,) = [d for d in first if d.kind == "reference"]
    assert reference.topic in blueprint.sections[-1].draws[0].topics
    for draw in (d for section in blueprint.sections for d in section.draws):
        if draw.fallback:  # every on-topic item the pool has is used before any other topic
            drawn = [d for d in first if d.kind == draw.kind and d.topic in draw.topics]
            offer = [e for e in pool if e.kind == draw.kind and e.topic in draw.topics]
            assert len(drawn) == min(draw.count, len(offer))
    retake = draw_exam(pool, blueprint, seed=7, exclude_ids={d.uid for d in first})
    assert len(retake) == blueprint.item_count
