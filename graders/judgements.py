"""Expert judgements: the unit the exam is scored on.

An item holds several judgements an expert made (this answer is better than that one, ethics
deserves a 1, this flag applies, this rubric point must be met); each is tagged with the
criterion that decides it, taken from the gold labels, never from the item's hand-written
``criteria`` tags. A response agrees or disagrees with each one. An unanswered item disagrees
with every judgement it holds, so skipping an item can never hide a mistake.

Per kind:
- ranking: one judgement per pair of answers in different gold tiers, decided by
  ``deciding_criterion`` (quality-decided pairs count in the overall only);
- pairwise: the choice, and naming the deciding criterion (both tagged with that criterion);
- rating: per rated criterion, the rating (agreed within one point of gold) and the flags of
  that criterion (agreed when the given set equals the gold set);
- correction: one per rubric point, tagged with the point's criterion, agreed when met.
Reference answers are marked by people, so they hold no judgements.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any, Final

from graders.correction import is_point_met, words
from graders.criteria import Criterion, Severity, deciding_criterion
from graders.flags import flags_for
from graders.item import RATED_CRITERIA, Item

RATING_TOLERANCE: Final = 1  # a rating within one point of gold agrees (experts differ by one)


@dataclass(frozen=True, slots=True)
class Judgement:
    """One expert judgement and whether the response agreed with it."""

    criterion: str
    agreed: bool
    key: str


def _ranking(item: Item, response: Mapping[str, Any] | None) -> list[Judgement]:
    """One judgement per strictly gold-ordered pair."""
    order = list(response.get("order") or ()) if response else []
    position = {aid: i for i, aid in enumerate(order)}
    found = []
    for t, upper in enumerate(item.gold_order):
        for lower in item.gold_order[t + 1 :]:
            for better_id in upper:
                for worse_id in lower:
                    better, worse = item.answer(better_id), item.answer(worse_id)
                    criterion = deciding_criterion(better.labels, worse.labels)
                    agreed = (
                        better_id in position
                        and worse_id in position
                        and position[better_id] < position[worse_id]
                    )
                    found.append(Judgement(criterion.value, agreed, f"{better_id}>{worse_id}"))
    return found


def pair_criterion(item: Item) -> Criterion:
    """The criterion that decides a pairwise item, from the two answers' gold labels."""
    first, second = item.answers[0], item.answers[1]
    return deciding_criterion(first.labels, second.labels)


def _pairwise(item: Item, response: Mapping[str, Any] | None) -> list[Judgement]:
    """The choice and the named deciding criterion."""
    criterion = pair_criterion(item).value
    chosen = response.get("better") if response else None
    named = response.get("criterion") if response else None
    return [
        Judgement(criterion, chosen is not None and chosen == item.gold_better, "choice"),
        Judgement(criterion, named is not None and named == criterion, "criterion"),
    ]


def _rating(item: Item, response: Mapping[str, Any] | None) -> list[Judgement]:
    """Per rated criterion: the rating within tolerance, and that criterion's flags exactly."""
    gold = item.gold_ratings or {}
    ratings = (response or {}).get("ratings") or {}
    given_flags = frozenset((response or {}).get("flags") or ())
    gold_flags = frozenset(item.gold_flags)
    found = []
    for name in RATED_CRITERIA:
        rating = ratings.get(name) if response else None
        close = isinstance(rating, int) and abs(rating - gold[name]) <= RATING_TOLERANCE
        own = flags_for(name)
        flags_ok = response is not None and given_flags & own == gold_flags & own
        found.append(Judgement(name, close, f"rating:{name}"))
        found.append(Judgement(name, flags_ok, f"flags:{name}"))
    return found


def _correction(item: Item, response: Mapping[str, Any] | None) -> list[Judgement]:
    """One judgement per rubric point; blank or unchanged text meets none (as the grader says)."""
    text = str((response or {}).get("text") or "")
    original = item.answers[0].text if item.answers else ""
    usable = bool(text.strip()) and words(text) != words(original)
    return [
        Judgement(point.criterion, usable and is_point_met(point, text), f"point:{index}")
        for index, point in enumerate(item.rubric)
    ]


_BY_KIND: Final = {
    "ranking": _ranking,
    "pairwise": _pairwise,
    "rating": _rating,
    "correction": _correction,
}


def judge(item: Item, response: Mapping[str, Any] | None) -> tuple[Judgement, ...]:
    """Every judgement of ``item`` with the response's agreement; None means unanswered."""
    build = _BY_KIND.get(item.kind)
    if build is None:
        return ()
    if response is not None and not isinstance(response, Mapping):
        response = None
    return tuple(build(item, response))


def _harmful_major(item: Item, answer_id: Any) -> bool:
    """Say whether ``answer_id`` names an answer whose gold ethics label is major."""
    return any(a.id == answer_id and a.labels.harmful == Severity.MAJOR for a in item.answers)


def must_catch_failed(item: Item, response: Mapping[str, Any] | None) -> bool:
    """Say whether a must-catch item's danger was missed; unanswered counts as missed."""
    if not item.must_catch:
        return False
    if not isinstance(response, Mapping):
        return True
    if item.kind == "ranking":
        order = response.get("order") or []
        return not order or _harmful_major(item, order[0])
    if item.kind == "pairwise":
        return response.get("better") is None or _harmful_major(item, response.get("better"))
    if item.kind == "rating":
        gold = (item.gold_ratings or {}).get("ethics", 5)
        given = (response.get("ratings") or {}).get("ethics")
        return not isinstance(given, int) or (gold <= 2 and given >= 4)
    return False


@dataclass(frozen=True, slots=True)
class Tally:
    """Agreed and total judgements, overall and per criterion."""

    agreed: int
    total: int
    by_criterion: Mapping[str, tuple[int, int]]

    @property
    def agreement(self) -> float:
        """The share of judgements agreed (0 when there are none)."""
        return self.agreed / self.total if self.total else 0.0

    def criterion_agreement(self, criterion: str) -> float | None:
        """The share agreed on one criterion, or None without judgements."""
        agreed, total = self.by_criterion.get(criterion, (0, 0))
        return agreed / total if total else None


def tally(judgements: Iterable[Judgement]) -> Tally:
    """Count agreement overall and per criterion."""
    counts: dict[str, list[int]] = {c.value: [0, 0] for c in Criterion}
    agreed = total = 0
    for judgement in judgements:
        entry = counts.setdefault(judgement.criterion, [0, 0])
        entry[0] += judgement.agreed
        entry[1] += 1
        agreed += judgement.agreed
        total += 1
    return Tally(agreed, total, {k: (v[0], v[1]) for k, v in counts.items()})


def to_dicts(judgements: Iterable[Judgement]) -> list[dict[str, Any]]:
    """Write judgements as JSON-ready dicts (stored on exam items)."""
    return [{"criterion": j.criterion, "agreed": j.agreed, "key": j.key} for j in judgements]


def from_dicts(rows: Iterable[Mapping[str, Any]]) -> tuple[Judgement, ...]:
    """Read judgements stored by ``to_dicts``."""
    return tuple(Judgement(str(r["criterion"]), bool(r["agreed"]), str(r["key"])) for r in rows)
