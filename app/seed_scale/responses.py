"""Synthetic student responses at chosen skill levels, graded once and reused by seed-scale.

Grading a million generated responses one by one would dominate the seeding time, so each item
gets a pool of a few dozen distinct responses written at skills from 0 to 1, each graded by the
real graders once; an attempt then picks from the pool by the student's skill. The stored
scores are therefore genuine grader output for the stored answers.
"""

from __future__ import annotations

import json
import random
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

from graders import FLAGS, Item, grade, validate_response
from graders.item import RATED_CRITERIA
from graders.judgements import Judgement, judge, must_catch_failed, to_dicts

CRITERIA = ("ethics", "accuracy", "relevance", "quality")
POOL_SKILLS = 24
_SENTENCE = re.compile(r"(?<=[.!?])\s+")


@dataclass(frozen=True, slots=True)
class Graded:
    """One graded response, already serialised the way the attempts table stores it."""

    answer: str
    score: float
    criterion_scores: str
    critical_errors: int
    result: str
    provisional: bool
    criteria: Mapping[str, float | None]
    judgements: tuple[Judgement, ...] = ()
    must_catch_failed: bool = False


@dataclass(frozen=True)
class ResponsePool:
    """An item's graded responses sorted by score, so a skill maps to a position."""

    graded: tuple[Graded, ...]

    def pick(self, skill: float, rng: random.Random) -> Graded:
        """A response a student of this skill might give (noisy, clamped to the pool)."""
        position = min(1.0, max(0.0, rng.gauss(skill, 0.18)))
        return self.graded[round(position * (len(self.graded) - 1))]


def _ranking(item: Item, skill: float, rng: random.Random) -> dict[str, Any]:
    """Gold order (ties broken at random) disturbed by fewer swaps the more skilled."""
    order = [aid for tier in item.gold_order for aid in rng.sample(tier, len(tier))]
    if rng.random() < (1 - skill) ** 3:
        rng.shuffle(order)
    for _ in range(round((1 - skill) * len(order) * rng.random() * 1.5)):
        i = rng.randrange(len(order) - 1)
        order[i], order[i + 1] = order[i + 1], order[i]
    return {"order": order}


def _pairwise(item: Item, skill: float, rng: random.Random) -> dict[str, Any]:
    """The right answer and criterion more often the more skilled."""
    ids = [a.id for a in item.answers]
    gold = item.gold_better or ids[0]
    better = gold if rng.random() < 0.45 + 0.55 * skill else next(i for i in ids if i != gold)
    named = item.gold_criterion or "quality"
    if rng.random() > 0.3 + 0.7 * skill:
        named = rng.choice(CRITERIA)
    return {"better": better, "criterion": named}


def _rating(item: Item, skill: float, rng: random.Random) -> dict[str, Any]:
    """Gold ratings with noise, gold flags sometimes missed, extra flags sometimes raised."""
    gold = item.gold_ratings or dict.fromkeys(RATED_CRITERIA, 3)
    spread = 2.2 * (1 - skill)
    ratings = {c: min(5, max(1, gold[c] + round(rng.gauss(0, spread)))) for c in RATED_CRITERIA}
    flags = [f for f in item.gold_flags if rng.random() < 0.4 + 0.6 * skill]
    if rng.random() < 0.5 * (1 - skill):
        extra = rng.choice(sorted(FLAGS))
        if extra not in flags:
            flags.append(extra)
    return {"ratings": ratings, "flags": flags}


def _sentences(text: str) -> list[str]:
    """Split prose into sentences (good enough for mixing texts)."""
    return [s for s in _SENTENCE.split(text.strip()) if s]


def _correction(item: Item, skill: float, rng: random.Random) -> dict[str, Any]:
    """Keep gold sentences and the flawed answer's sentences in proportion to skill."""
    gold = [s for s in _sentences(item.gold_correction or "") if rng.random() < skill]
    flawed = _sentences(item.answers[0].text) if item.answers else []
    kept = [s for s in flawed if rng.random() > skill]
    return {"text": " ".join(gold + kept)}


def _reference(item: Item, skill: float, rng: random.Random) -> dict[str, Any]:
    """A share of the exemplary answer, and rubric points self-checked by skill."""
    sentences = _sentences(item.gold_reference or "I would answer with care.")
    kept = sentences[: max(1, round(len(sentences) * (0.3 + 0.7 * skill)))]
    checked = [i for i in range(len(item.rubric)) if rng.random() < 0.25 + 0.7 * skill]
    return {"text": " ".join(kept), "self_check": checked}


RESPONDERS: dict[str, Callable[[Item, float, random.Random], dict[str, Any]]] = {
    "ranking": _ranking,
    "pairwise": _pairwise,
    "rating": _rating,
    "correction": _correction,
    "reference": _reference,
}


def respond(item: Item, skill: float, rng: random.Random) -> dict[str, Any]:
    """A plausible response by a student of ``skill`` (0 novice … 1 expert)."""
    return RESPONDERS[item.kind](item, skill, rng)


def _graded(item: Item, response: dict[str, Any], exam: bool) -> Graded:
    """Grade one response with the real grader and serialise what is stored."""
    result = grade(item, response)
    judgements = judge(item, response) if exam else ()
    missed = exam and must_catch_failed(item, response)
    stored = result.to_dict()
    if exam:  # stored as the exam service stores it, so exam analytics read seeded rows alike
        stored |= {"judgements": to_dicts(judgements), "must_catch_failed": missed}
    return Graded(
        answer=json.dumps(response),
        score=result.score,
        criterion_scores=json.dumps(dict(result.criterion_scores)),
        critical_errors=result.critical_errors,
        result=json.dumps(stored),
        provisional=result.provisional,
        criteria=dict(result.criterion_scores),
        judgements=judgements,
        must_catch_failed=missed,
    )


def build_pool(
    item: Item, rng: random.Random, size: int = POOL_SKILLS, exam: bool = False
) -> ResponsePool:
    """Distinct valid responses across the skill range, graded once, weakest first."""
    seen: dict[str, dict[str, Any]] = {}
    for step in range(size):
        response = respond(item, step / (size - 1), rng)
        key = json.dumps(response, sort_keys=True)
        if key not in seen and not validate_response(item, response):
            seen[key] = response
    graded = sorted((_graded(item, r, exam) for r in seen.values()), key=lambda g: g.score)
    return ResponsePool(tuple(graded))
