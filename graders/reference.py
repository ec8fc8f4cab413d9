"""Reference grader: a provisional score from the student's own rubric self-check.

The instructor's 1–7 review replaces this score later; until then the self-check gives the
student something to reflect on, so the result is marked provisional and claims no evidence
for any criterion.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from graders.base import Grader, index_list_reasons, text_reasons
from graders.criteria import DEFAULT_WEIGHTS, Criterion
from graders.item import Item
from graders.messages import N_, msg
from graders.result import GradeResult, Mistake, no_evidence


class ReferenceGrader(Grader):
    """Grades a written reference answer by the share of rubric points self-checked."""

    kind = "reference"

    def _check(self, item: Item, response: Mapping[str, Any]) -> list[str]:
        """Require non-empty text and, optionally, valid distinct rubric indices."""
        reasons = text_reasons(response, allow_blank=False)
        if "self_check" in response:
            reasons += index_list_reasons(response["self_check"], len(item.rubric), "self_check")
        return reasons

    def grade(
        self,
        item: Item,
        response: Any,
        weights: Mapping[Criterion, float] = DEFAULT_WEIGHTS,
    ) -> GradeResult:
        """Score the share of rubric points the student says they met; weights unused."""
        self.require_valid(item, response)
        checked = set(response.get("self_check", []))
        size = len(item.rubric)
        return GradeResult(
            score=len(checked) / size if size else 0.0,
            criterion_scores=no_evidence(),
            critical_errors=0,
            mistakes=tuple(
                Mistake.of(
                    Criterion.QUALITY, False, msg(N_("Not self-checked: %(point)s"), point=p.point)
                )
                for i, p in enumerate(item.rubric)
                if i not in checked
            ),
            provisional=True,
            details={
                "self_check": [
                    {"point": p.point, "checked": i in checked} for i, p in enumerate(item.rubric)
                ],
                "characters": len(response["text"]),
            },
        )
