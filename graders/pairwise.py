"""Pairwise grader: which of two answers is better, and which criterion decides it."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Final

from graders.base import Grader
from graders.criteria import DEFAULT_WEIGHTS, PRIORITY, Criterion
from graders.explain import difference, pair_message
from graders.item import Item
from graders.messages import N_, msg
from graders.result import GradeResult, Mistake, no_evidence
from graders.wording import criterion_name

CRITERION_NAMES: Final = tuple(c.value for c in PRIORITY)

# Naming the deciding criterion is half the skill: the right answer for the wrong reason
# earns half marks; the wrong answer earns nothing whatever criterion is named.
RIGHT_ANSWER_WRONG_REASON: Final = 0.5


class PairwiseGrader(Grader):
    """Grades a choice between answers A and B plus the named deciding criterion."""

    kind = "pairwise"

    def _check(self, item: Item, response: Mapping[str, Any]) -> list[str]:
        """Require a known answer id in 'better' and a known criterion in 'criterion'."""
        reasons = []
        ids = [a.id for a in item.answers]
        better, named = response.get("better"), response.get("criterion")
        if "better" not in response:
            reasons.append(f"missing 'better': choose {' or '.join(ids)}")
        elif better not in ids:
            reasons.append(f"unknown answer id {better!r}")
        if "criterion" not in response:
            reasons.append("missing 'criterion': name what decides the pair")
        elif named not in CRITERION_NAMES:
            reasons.append(f"unknown criterion {named!r}; use {', '.join(CRITERION_NAMES)}")
        return reasons

    def grade(
        self,
        item: Item,
        response: Any,
        weights: Mapping[Criterion, float] = DEFAULT_WEIGHTS,
    ) -> GradeResult:
        """Score 1 for both right, 0.5 for the right answer only, else 0; weights unused."""
        self.require_valid(item, response)
        gold = Criterion(item.gold_criterion or Criterion.QUALITY)
        better_ok = response["better"] == item.gold_better
        criterion_ok = response["criterion"] == gold
        score = 1.0 if better_ok and criterion_ok else RIGHT_ANSWER_WRONG_REASON * better_ok
        mistakes = _mistakes(item, response, gold, better_ok, criterion_ok)
        scores = no_evidence()
        scores[gold.value] = score
        return GradeResult(
            score=score,
            criterion_scores=scores,
            critical_errors=sum(m.critical for m in mistakes),
            mistakes=mistakes,
            details={
                "better": response["better"],
                "criterion": str(response["criterion"]),
                "better_correct": better_ok,
                "criterion_correct": criterion_ok,
            },
        )


def _mistakes(
    item: Item, response: Mapping[str, Any], gold: Criterion, better_ok: bool, criterion_ok: bool
) -> tuple[Mistake, ...]:
    """Explain a wrong choice, or a right choice for the wrong reason."""
    best = item.answer(item.gold_better or "")
    other = next(a for a in item.answers if a.id != best.id)
    if not better_ok:
        opening = msg(N_("You chose %(worse)s over %(better)s."), worse=other.id, better=best.id)
        message = pair_message(opening, other, best, gold)
        return (Mistake.of(gold, gold == Criterion.ETHICS, message, (other.id, best.id)),)
    if not criterion_ok:
        message = msg(
            N_(
                "You picked %(better)s, which is right, but %(named)s does not decide this pair: "
                "%(gold)s does (%(difference)s)."
            ),
            better=best.id,
            named=criterion_name(response["criterion"]),
            gold=criterion_name(gold),
            difference=difference(best, other, gold),
        )
        return (Mistake.of(gold, False, message, (best.id, other.id)),)
    return ()
