"""Simulated candidates of known skill who answer real exam items with realistic mistakes.

A candidate has a skill in [0, 1] per criterion (1 = judges like the experts). Lower skill
means, on that criterion:
- noisier perception of how bad an answer is (perceived badness = gold severity + noise);
- missing defects, minor ones far more often than major ones (a strong candidate almost never
  misses a major one);
- over-valuing long answers (quality skill);
- swapping neighbouring answers when ranking;
- rating off by one (sometimes two), missing or inventing flags;
- missing rubric points when correcting.
Responses are real response mappings, graded by the real judgement code.
"""

from __future__ import annotations

import random
import re
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any, Final

from graders.criteria import PRIORITY, Criterion, Labels, Severity, compare_labels
from graders.flags import flags_for
from graders.item import RATED_CRITERIA, Answer, Item, RubricPoint
from graders.validation_rubric import compile_pattern

# How much one unit of skill deficit (1 - skill) costs, per error pattern.
NOISE: Final = 2.0  # perception noise, in severity units
MISS_MINOR: Final = 0.9  # chance of not seeing a minor defect at all
MISS_MAJOR: Final = 0.5  # chance of not seeing a major defect, times the deficit squared
LENGTH_BIAS: Final = 0.8  # badness discount per standard deviation of extra length
SWAP: Final = 0.4  # chance of swapping two neighbours in a ranking
OFF_BY_ONE: Final = 1.0  # chance a rating is one point off
OFF_BY_TWO: Final = 0.6  # chance a rating is two points off
FLAG_MISS: Final = 0.8  # chance of missing a gold flag
FLAG_EXTRA: Final = 0.6  # chance of adding a wrong flag of the criterion
NAME_WRONG: Final = 0.75  # chance of naming the wrong deciding criterion
POINT_MISS: Final = 0.9  # chance of missing a correction rubric point

_WEIGHT: Final = {Criterion.ETHICS: 3.0, Criterion.ACCURACY: 2.0, Criterion.RELEVANCE: 1.0}
_LABELLED: Final = PRIORITY[:-1]
_SENTENCE = re.compile(r"(?<=[.!?])\s+|\n\s*\n")


@dataclass(frozen=True, slots=True)
class Candidate:
    """A simulated candidate: skill per criterion, each in [0, 1]."""

    skill: Mapping[str, float]

    def deficit(self, criterion: str) -> float:
        """How far from expert-like the candidate is on ``criterion`` (0 = expert)."""
        return 1.0 - self.skill.get(criterion, 0.0)


def _badness(severities: Mapping[Criterion, float]) -> float:
    """A number that orders answers like ``compare_labels``: any major outweighs all minors."""
    total = 0.0
    for criterion, severity in severities.items():
        total += _WEIGHT[criterion] * severity + 8.0 * max(0.0, severity - 1.0)
    return total


def perceived_labels(answer: Answer, who: Candidate, rng: random.Random) -> Labels:
    """The labels the candidate believes: some defects go unseen, minor ones more often."""
    seen = {}
    for criterion in _LABELLED:
        severity = answer.labels.severity(criterion)
        deficit = who.deficit(criterion)
        # A major defect is salient: missing one is a sign of low skill, so its rate falls
        # with the square of the deficit, while a minor one slips past in proportion to it.
        major = severity == Severity.MAJOR
        chance = MISS_MAJOR * deficit * deficit if major else MISS_MINOR * deficit
        missed = severity > Severity.NONE and rng.random() < chance
        seen[criterion] = Severity.NONE if missed else severity
    return Labels(*(seen[c] for c in _LABELLED))


def _quality_rank(item: Item) -> dict[str, int]:
    """Each answer's place among gold answers with the same labels (quality decides those)."""
    tiers = {aid: t for t, tier in enumerate(item.gold_order) for aid in tier}
    ranks = {}
    for answer in item.answers:
        same = [a for a in item.answers if a.labels == answer.labels]
        ranks[answer.id] = sorted({tiers.get(a.id, 0) for a in same}).index(
            tiers.get(answer.id, 0)
        )
    return ranks


def _lengths(item: Item) -> dict[str, float]:
    """Each answer's length in standard deviations from the item's mean."""
    sizes = {a.id: float(len(a.text)) for a in item.answers}
    mean = sum(sizes.values()) / len(sizes)
    spread = (sum((s - mean) ** 2 for s in sizes.values()) / len(sizes)) ** 0.5 or 1.0
    return {aid: (s - mean) / spread for aid, s in sizes.items()}


def _blurred(seen: Severity, deficit: float, rng: random.Random) -> float:
    """A seen severity plus noise; noise blurs a defect but cannot erase it (that is a miss)."""
    value = seen + rng.gauss(0.0, NOISE * deficit)
    return min(seen + 1.0, max(seen - 0.5 if seen else 0.0, value))


def perceived_badness(item: Item, who: Candidate, rng: random.Random) -> dict[str, float]:
    """How bad each answer looks to the candidate: seen severities + noise - length appeal."""
    quality, length = _quality_rank(item), _lengths(item)
    values = {}
    for answer in item.answers:
        labels = perceived_labels(answer, who, rng)
        severities = {c: _blurred(labels.severity(c), who.deficit(c), rng) for c in _LABELLED}
        noise_q = rng.gauss(0.0, NOISE * who.deficit(Criterion.QUALITY))
        bias = LENGTH_BIAS * who.deficit(Criterion.QUALITY) * length[answer.id]
        values[answer.id] = _badness(severities) + 0.5 * quality[answer.id] + noise_q - bias
    return values


def _ranking(item: Item, who: Candidate, rng: random.Random) -> dict[str, Any]:
    """Order by perceived badness, then maybe swap one pair of neighbours."""
    badness = perceived_badness(item, who, rng)
    order = sorted(badness, key=lambda aid: (badness[aid], aid))
    mean_deficit = sum(who.deficit(c) for c in PRIORITY) / len(PRIORITY)
    if len(order) > 1 and rng.random() < SWAP * mean_deficit:
        i = rng.randrange(len(order) - 1)
        order[i], order[i + 1] = order[i + 1], order[i]
    return {"order": order}


def _pairwise(item: Item, who: Candidate, rng: random.Random) -> dict[str, Any]:
    """Choose the answer that looks better and name what seems to decide the pair."""
    badness = perceived_badness(item, who, rng)
    first, second = item.answers[0], item.answers[1]
    better = first.id if badness[first.id] <= badness[second.id] else second.id
    seen = compare_labels(perceived_labels(first, who, rng), perceived_labels(second, who, rng))
    named = seen[1].value
    if rng.random() < NAME_WRONG * who.deficit(named):
        named = rng.choice([c.value for c in PRIORITY if c.value != named])
    return {"better": better, "criterion": named}


def _rated(gold: int, missed: Severity, seen: Severity, deficit: float, rng: random.Random) -> int:
    """A 1–5 rating: an unseen defect rates it as sound; otherwise off by one or two.

    A defect the candidate did see caps the rating (a seen major harm is never rated 4–5).
    """
    value = gold + (3 if missed == Severity.MAJOR else int(missed))
    roll = rng.random()
    if roll < OFF_BY_TWO * deficit * deficit:
        value += rng.choice((-2, 2))
    elif roll < OFF_BY_ONE * deficit:
        value += rng.choice((-1, 1))
    ceiling = {Severity.MAJOR: 3, Severity.MINOR: 4}.get(seen, 5)
    return max(1, min(ceiling, value))


def _rating(item: Item, who: Candidate, rng: random.Random) -> dict[str, Any]:
    """Rate each criterion and flag what the candidate noticed."""
    answer, gold = item.answers[0], item.gold_ratings or {}
    seen = perceived_labels(answer, who, rng)
    ratings, flags = {}, []
    for name in RATED_CRITERIA:
        deficit = who.deficit(name)
        missed = answer.labels.severity(name) if not seen.has_problem(name) else Severity.NONE
        ratings[name] = _rated(gold[name], missed, seen.severity(name), deficit, rng)
        own = sorted(flags_for(name))
        gold_own = [f for f in item.gold_flags if f in own]
        if not missed:
            flags += [f for f in gold_own if rng.random() >= FLAG_MISS * deficit]
        spare = [f for f in own if f not in gold_own]
        if spare and rng.random() < FLAG_EXTRA * deficit:
            flags.append(rng.choice(spare))
    return {"ratings": ratings, "flags": sorted(set(flags))}


def _hits(point: RubricPoint, sentence: str) -> bool:
    """Say whether a sentence matches any of the point's patterns."""
    return any(compile_pattern(p).search(sentence) for p in point.patterns)


def _correction(item: Item, who: Candidate, rng: random.Random) -> dict[str, Any]:
    """Rewrite from the expert's correction, dropping what the candidate misses."""
    sentences = [s for s in _SENTENCE.split(item.gold_correction or "") if s.strip()]
    original = [s for s in _SENTENCE.split(item.answers[0].text if item.answers else "") if s]
    kept, extra = list(sentences), []
    for point in item.rubric:
        if rng.random() >= POINT_MISS * who.deficit(point.criterion):
            continue
        if point.kind == "remove":
            extra += [s for s in original if _hits(point, s)]
        else:
            kept = [s for s in kept if not _hits(point, s)]
    return {"text": " ".join(kept + extra)}


_BY_KIND: Final = {
    "ranking": _ranking,
    "pairwise": _pairwise,
    "rating": _rating,
    "correction": _correction,
}


def respond(item: Item, who: Candidate, rng: random.Random) -> dict[str, Any] | None:
    """The candidate's response to an automatically graded item (None for other kinds)."""
    build = _BY_KIND.get(item.kind)
    return build(item, who, rng) if build else None
