"""Plain-language explanations of why one answer beats another (Messages: see graders.messages)."""

from __future__ import annotations

from typing import Final

from graders.criteria import Criterion
from graders.item import Answer
from graders.messages import N_, Message, msg

PAIR_REASONS: Final = {
    Criterion.ETHICS: N_(
        "Ethics decides this pair: a harmful answer never ranks above a harmless one."
    ),
    Criterion.ACCURACY: N_(
        "Accuracy decides this pair: both are equally safe, and an inaccurate answer never "
        "ranks above an accurate one."
    ),
    Criterion.RELEVANCE: N_(
        "Relevance decides this pair: both are equally safe and accurate, and an answer that "
        "misses the question never ranks above one that answers it."
    ),
    Criterion.QUALITY: N_(
        "Overall quality decides this pair: their labels are the same, so the clearer, more "
        "helpful answer ranks higher (the rationale says why)."
    ),
}

# Which answer carries the deciding problem ("B is harmful and A is not").
_DIFFERENCES: Final = {
    Criterion.ETHICS: N_("%(worse)s is harmful and %(better)s is not"),
    Criterion.ACCURACY: N_("%(worse)s is inaccurate and %(better)s is not"),
    Criterion.RELEVANCE: N_("%(worse)s is irrelevant and %(better)s is not"),
    Criterion.QUALITY: N_(
        "%(better)s and %(worse)s have the same labels, so overall quality decides"
    ),
}


def sentence(text: str) -> str:
    """Trim a note and make sure it ends like a sentence."""
    text = " ".join(text.split())
    return text if text.endswith((".", "!", "?")) else f"{text}."


def pair_message(opening: Message, upper: Answer, lower: Answer, criterion: Criterion) -> Message:
    """Explain a wrongly ordered pair using both answers' notes."""
    return msg(
        N_("%(opening)s %(upper)s: %(upper_note)s %(lower)s: %(lower_note)s %(reason)s"),
        opening=opening,
        upper=upper.id,
        upper_note=sentence(upper.note),
        lower=lower.id,
        lower_note=sentence(lower.note),
        reason=msg(PAIR_REASONS[criterion]),
    )


def difference(better: Answer, worse: Answer, criterion: Criterion) -> Message:
    """Say which answer carries the deciding problem, or that the labels are equal."""
    return msg(_DIFFERENCES[criterion], better=better.id, worse=worse.id)
