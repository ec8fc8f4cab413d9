"""Drawing an exam form from the pool: reproducible, exposure-aware, never repeating an item.

The same pool, blueprint, seed and exclusions give the same items. Items the previous form
held (``avoid``) and items exposed ``max_exposures`` times are out of the draw. The rest are
taken in preference tiers (unseen on-topic, unseen off-topic when the draw allows fallback, then
items the student saw longer ago) and, inside a tier, round-robin over topics in a random order,
least-exposed items first, so a section is not all one topic and no item leaks faster than the
others. A form must hold enough judgements on every floored criterion for the floor to mean
something; a draw that falls short is redrawn, and a pool that never provides them is refused.
Forms are also redrawn until they hold the blueprint's ``must_catch_per_form`` must-catch items
(fewer only when the pool has no more for this student), so the all-or-nothing gates are the
same for everyone.
"""

from __future__ import annotations

import random
from collections import Counter
from collections.abc import Collection, Iterable, Mapping, Sequence
from dataclasses import dataclass, field

from graders.blueprint import Blueprint, Draw
from graders.item import Item
from graders.judgements import judge

REDRAWS = 40  # attempts at a form that meets the judgement minimums before giving up


class DrawError(ValueError):
    """The pool cannot fill a blueprint's draw."""


@dataclass(frozen=True, slots=True)
class PoolEntry:
    """What the draw needs to know about one exam item."""

    uid: str
    kind: str
    topic: str
    exposures: int = 0
    judgements: Mapping[str, int] = field(default_factory=dict)
    must_catch: bool = False


@dataclass(frozen=True, slots=True)
class DrawnItem:
    """An item chosen for a session, with the section it belongs to."""

    uid: str
    kind: str
    topic: str
    section: str


def _spread(entries: Sequence[PoolEntry], count: int, rng: random.Random) -> list[PoolEntry]:
    """Pick up to ``count`` entries, least exposed first, cycling through topics for variety."""
    groups: dict[str, list[tuple[int, float, PoolEntry]]] = {}
    for entry in entries:
        groups.setdefault(entry.topic, []).append((entry.exposures, rng.random(), entry))
    topics = sorted(groups)
    rng.shuffle(topics)
    queues = {t: sorted(groups[t], key=lambda e: (e[0], e[1]), reverse=True) for t in topics}
    picked: list[PoolEntry] = []
    while len(picked) < count and any(queues.values()):
        low = min(q[-1][0] for q in queues.values() if q)
        for topic in topics:
            queue = queues[topic]
            if queue and queue[-1][0] == low and len(picked) < count:
                picked.append(queue.pop()[2])
    return picked


def _tiers(
    candidates: Sequence[PoolEntry], draw: Draw, excluded: Collection[str]
) -> list[list[PoolEntry]]:
    """Order candidates by preference: unseen before seen, on-topic before fallback."""

    def on_topic(entry: PoolEntry) -> bool:
        """The draw names no topics, or this entry's topic is one of them."""
        return not draw.topics or entry.topic in draw.topics

    tiers = []
    for seen in (False, True):
        group = [e for e in candidates if (e.uid in excluded) == seen]
        tiers.append([e for e in group if on_topic(e)])
        if draw.fallback:
            tiers.append([e for e in group if not on_topic(e)])
    return tiers


def _draw_one(
    pool: Sequence[PoolEntry],
    draw: Draw,
    rng: random.Random,
    used: set[str],
    excluded: Collection[str],
    gates_left: int | None = None,
) -> list[PoolEntry]:
    """Fill one draw from the preference tiers (at most ``gates_left`` must-catch items)."""
    candidates = [e for e in pool if e.kind == draw.kind and e.uid not in used]
    picked: list[PoolEntry] = []
    for tier in _tiers(candidates, draw, excluded):
        picked += _spread(tier, draw.count - len(picked), rng)
    gates = [e for e in picked if e.must_catch]
    if gates_left is not None and len(gates) > gates_left:
        extra = {e.uid for e in gates[gates_left:]}
        picked = [e for e in picked if e.uid not in extra]
        chosen = {e.uid for e in picked}
        rest = [e for e in candidates if not e.must_catch and e.uid not in chosen]
        for tier in _tiers(rest, draw, excluded):
            picked += _spread(tier, draw.count - len(picked), rng)
    if len(picked) < draw.count:
        where = f" on {', '.join(draw.topics)}" if draw.topics and not draw.fallback else ""
        raise DrawError(
            f"the exam pool has {len(picked)} {draw.kind} items{where} available; "
            f"the draw needs {draw.count}"
        )
    return picked


def _form(
    pool: Sequence[PoolEntry], blueprint: Blueprint, rng: random.Random, excluded: Collection[str]
) -> list[tuple[PoolEntry, str]]:
    """One attempt at a form: every section's draws in order, within the must-catch budget."""
    used: set[str] = set()
    gates_left = blueprint.pass_rule.must_catch_per_form
    form = []
    for section in blueprint.sections:
        for draw in section.draws:
            for entry in _draw_one(pool, draw, rng, used, excluded, gates_left):
                used.add(entry.uid)
                form.append((entry, section.name))
                if gates_left is not None and entry.must_catch:
                    gates_left -= 1
    return form


def shortfall(entries: Sequence[PoolEntry], minimums: Mapping[str, int]) -> dict[str, int]:
    """Judgements each criterion still lacks in a form (empty when every minimum is met)."""
    missing = {}
    for criterion, needed in minimums.items():
        have = sum(e.judgements.get(criterion, 0) for e in entries)
        if have < needed:
            missing[criterion] = needed - have
    return missing


def _drawn(form: Sequence[tuple[PoolEntry, str]]) -> list[DrawnItem]:
    """The chosen entries as drawn items."""
    return [DrawnItem(e.uid, e.kind, e.topic, section) for e, section in form]


def draw_exam(
    pool_entries: Sequence[PoolEntry],
    blueprint: Blueprint,
    seed: int,
    exclude_ids: Collection[str] = (),
    avoid_ids: Collection[str] = (),
    max_exposures: int | None = None,
    minimums: Mapping[str, int] | None = None,
) -> list[DrawnItem]:
    """Draw a stratified random form (see the module docstring), or raise DrawError.

    ``minimums`` (criterion → judgements, usually the pass rule's ``min_judgements``) is checked
    against the entries' judgement counts; None checks nothing.
    """
    rng = random.Random(seed)  # noqa: S311 - reproducible from the recorded seed by design
    avoid = frozenset(avoid_ids)
    pool = sorted(
        (
            e
            for e in pool_entries
            if e.uid not in avoid and (max_exposures is None or e.exposures < max_exposures)
        ),
        key=lambda e: e.uid,
    )
    excluded = frozenset(exclude_ids)
    missing: dict[str, int] = {}
    wanted = blueprint.pass_rule.must_catch_per_form
    fallback: list[tuple[PoolEntry, str]] | None = None
    for _ in range(REDRAWS):
        form = _form(pool, blueprint, rng, excluded)
        missing = shortfall([entry for entry, _ in form], minimums or {})
        gates = sum(entry.must_catch for entry, _ in form)
        if not missing and (wanted is None or gates == wanted):
            return _drawn(form)
        if not missing and fallback is None:
            fallback = form
    if fallback is not None:  # the pool has too few must-catch items left for this student
        return _drawn(fallback)
    lacking = ", ".join(f"{n} more {c}" for c, n in sorted(missing.items()))
    raise DrawError(f"the exam pool cannot give a form enough judgements ({lacking})")


def disjoint_fills(
    entries: Sequence[PoolEntry],
    blueprint: Blueprint,
    minimums: Mapping[str, int] | None = None,
    wanted: int = 3,
    seeds: int = 5,
) -> int:
    """How many forms (up to ``wanted``) the pool fills with no item shared between them."""
    best = 0
    for seed in range(seeds):
        used: set[str] = set()
        filled = 0
        while filled < wanted:
            try:
                form = draw_exam(entries, blueprint, seed * 101 + filled, avoid_ids=used,
                                 minimums=minimums)
            except DrawError:
                break
            used.update(d.uid for d in form)
            filled += 1
        best = max(best, filled)
        if best >= wanted:
            break
    return best


def draw_supply(entries: Sequence[PoolEntry], blueprint: Blueprint) -> list[tuple[Draw, int]]:
    """Each draw with the number of pool items it may take (its kind, on topic unless fallback)."""
    supply = []
    for section in blueprint.sections:
        for draw in section.draws:
            usable = [e for e in entries if e.kind == draw.kind and draw.allows(e.topic)]
            supply.append((draw, len(usable)))
    return supply


def judgement_counts(item: Item) -> Counter[str]:
    """The judgements per criterion an item holds: what a form's minimums are counted in."""
    return Counter(judgement.criterion for judgement in judge(item, None))


def entries_from_items(items: Iterable[Item]) -> list[PoolEntry]:
    """Draw entries for items read from files, with the judgements each holds (no exposures)."""
    return [PoolEntry(i.id, i.kind, i.topic, 0, judgement_counts(i), i.must_catch) for i in items]


def form_minimums(blueprint: Blueprint) -> dict[str, int]:
    """Judgements per criterion every form must hold (none under the legacy item rule)."""
    rule = blueprint.pass_rule
    return dict(rule.min_judgements) if rule.scoring == "judgements" else {}
