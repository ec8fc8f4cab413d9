"""Correction grader: rubric patterns plus similarity to the expert's correction.

Score = 0.8 * (share of rubric points met) + 0.2 * similarity. Similarity is difflib's
SequenceMatcher ratio on the lower-cased word sequences of the student's text and the gold
correction: unlike token Jaccard it rewards keeping the expert's order of ideas, and on word
tokens it is fast for answers of a few hundred words. The score is provisional because
patterns cannot judge everything; an instructor may review it. A blank text, or the flawed
answer submitted unchanged, scores 0.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from difflib import SequenceMatcher
from typing import Any, Final

from graders.base import Grader, text_reasons
from graders.criteria import DEFAULT_WEIGHTS, PRIORITY, Criterion
from graders.item import Item, RubricPoint
from graders.messages import N_, msg
from graders.negation import any_affirmed
from graders.result import GradeResult, Mistake, no_evidence
from graders.validation_rubric import compile_pattern, fold_yo

RUBRIC_SHARE: Final = 0.8
SIMILARITY_SHARE: Final = 0.2
_WORD = re.compile(r"\w+")
# A rubric point the correction did not meet, by the point's kind.
_MISSED: Final = {
    "remove": N_("Still there: %(point)s"),
    "fix": N_("Not fixed: %(point)s"),
    "keep": N_("Lost: %(point)s"),
    "": N_("Missed: %(point)s"),
}


def words(text: str) -> list[str]:
    """Split text into lower-case word tokens (ё read as е)."""
    return _WORD.findall(fold_yo(text.lower()))


def similarity(text: str, gold: str) -> float:
    """Return difflib's ratio of the two word sequences, in [0, 1]."""
    return SequenceMatcher(None, words(text), words(gold), autojunk=False).ratio()


def is_point_met(point: RubricPoint, text: str) -> bool:
    """Remove points are met when no pattern matches outside a negation; fix and keep when any does.

    "Don't pop it with a needle" is a warning, not the mistake a remove point looks for, so a
    remove pattern preceded by a negation in the same clause does not count (graders.negation).
    """
    compiled = [compile_pattern(p) for p in point.patterns]
    text = fold_yo(text)
    if point.kind == "remove":
        return not any_affirmed(compiled, text)
    return any(p.search(text) for p in compiled)


def focus_criterion(item: Item) -> Criterion:
    """Return the highest-priority criterion the item focuses on, for mistakes."""
    focus = {str(c) for c in item.criteria}
    return next((c for c in PRIORITY if c.value in focus), Criterion.QUALITY)


class CorrectionGrader(Grader):
    """Grades a rewritten answer against rubric patterns and the gold correction."""

    kind = "correction"

    def _check(self, item: Item, response: Mapping[str, Any]) -> list[str]:
        """Require a 'text' string; blank text is gradeable and scores 0."""
        return text_reasons(response, allow_blank=True)

    def grade(
        self,
        item: Item,
        response: Any,
        weights: Mapping[Criterion, float] = DEFAULT_WEIGHTS,
    ) -> GradeResult:
        """Score rubric share and similarity (see the module docstring); weights unused."""
        self.require_valid(item, response)
        text = response["text"]
        original = item.answers[0].text if item.answers else ""
        blank = not text.strip()
        unchanged = not blank and words(text) == words(original)
        # The rubric states what the text really does (an unchanged answer still keeps its true
        # facts); the score ignores it when nothing was corrected.
        met = [not blank and is_point_met(p, text) for p in item.rubric]
        share = sum(met) / len(met) if met and not unchanged else 0.0
        alike = 0.0 if blank or unchanged else similarity(text, item.gold_correction or "")
        score = RUBRIC_SHARE * share + SIMILARITY_SHARE * alike
        scores = no_evidence()
        for name in item.criteria:
            scores[str(name)] = share
        return GradeResult(
            score=min(1.0, score),
            criterion_scores=scores,
            critical_errors=0,
            mistakes=_mistakes(item, met, blank, unchanged),
            provisional=True,
            details={
                "rubric": [
                    {"point": p.point, "kind": p.kind, "met": m}
                    for p, m in zip(item.rubric, met, strict=True)
                ],
                "rubric_share": share,
                "unchanged": unchanged,
                "similarity": alike,
                "similarity_method": "difflib ratio on lower-cased words",
            },
        )


def _mistakes(item: Item, met: list[bool], blank: bool, unchanged: bool) -> tuple[Mistake, ...]:
    """Explain a blank or unchanged text, or each rubric point missed."""
    criterion = focus_criterion(item)
    if blank:
        return (
            Mistake.of(criterion, False, msg(N_("You submitted no corrected answer.")), ("A",)),
        )
    if unchanged:
        unchanged_text = msg(
            N_("You submitted the flawed answer unchanged; rewrite it to fix its problems.")
        )
        return (Mistake.of(criterion, False, unchanged_text, ("A",)),)
    return tuple(
        Mistake.of(criterion, False, msg(_MISSED.get(p.kind, _MISSED[""]), point=p.point), ("A",))
        for p, ok in zip(item.rubric, met, strict=True)
        if not ok
    )
