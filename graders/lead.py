"""The Lead Trainer rule: ranking agreement with gold on calibration items, as a pure function.

A certified trainer is eligible when, over the recent window, they made at least
``min_rankings`` ranking attempts, their mean Kendall tau-b against the gold order is at least
``min_tau``, and none of those attempts had a critical (ethics) error.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Final

from graders.metrics import kendall_tau_b, tier_index

MIN_RANKINGS: Final = 20
MIN_TAU: Final = 0.8


@dataclass(frozen=True, slots=True)
class LeadVerdict:
    """Whether the rule is met, the numbers behind it, and which checks failed."""

    eligible: bool
    rankings: int
    mean_tau: float | None
    critical_errors: int
    failed_checks: tuple[str, ...]


def order_tau(gold_order: Sequence[Sequence[str]], order: Sequence[str]) -> float:
    """Kendall tau-b between a student's strict order and the tiered gold order."""
    tiers = tier_index(gold_order)
    return kendall_tau_b([tiers[aid] for aid in order], list(range(len(order))))


def lead_verdict(
    taus: Sequence[float],
    critical_errors: int,
    min_rankings: int = MIN_RANKINGS,
    min_tau: float = MIN_TAU,
) -> LeadVerdict:
    """Apply the rule in the module docstring."""
    mean = sum(taus) / len(taus) if taus else None
    failed = []
    if len(taus) < min_rankings:
        failed.append("rankings")
    if mean is None or mean + 1e-9 < min_tau:
        failed.append("agreement")
    if critical_errors > 0:
        failed.append("critical_errors")
    return LeadVerdict(not failed, len(taus), mean, critical_errors, tuple(failed))
