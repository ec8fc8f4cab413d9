"""Plain-language explanations of why one answer beats another."""

from __future__ import annotations

from typing import Final

from graders.criteria import LABEL_OF, Criterion
from graders.item import Answer

PAIR_REASONS: Final = {
    Criterion.ETHICS: "Ethics decides this pair: a harmful answer never ranks above a "
    "harmless one.",
    Criterion.ACCURACY: "Accuracy decides this pair: both are equally safe, and an inaccurate "
    "answer never ranks above an accurate one.",
    Criterion.RELEVANCE: "Relevance decides this pair: both are equally safe and accurate, and "
    "an answer that misses the question never ranks above one that answers it.",
    Criterion.QUALITY: "Overall quality decides this pair: their labels are the same, so the "
    "clearer, more helpful answer ranks higher (the rationale says why).",
}


def sentence(text: str) -> str:
    """Trim a note and make sure it ends like a sentence."""
    text = " ".join(text.split())
    return text if text.endswith((".", "!", "?")) else f"{text}."


def pair_message(opening: str, upper: Answer, lower: Answer, criterion: Criterion) -> str:
    """Explain a wrongly ordered pair using both answers' notes."""
    return (
        f"{opening} {upper.id}: {sentence(upper.note)} {lower.id}: {sentence(lower.note)} "
        f"{PAIR_REASONS[criterion]}"
    )


def difference(better: Answer, worse: Answer, criterion: Criterion) -> str:
    """Say which answer carries the deciding problem, or that the labels are equal."""
    if criterion == Criterion.QUALITY:
        return f"{better.id} and {worse.id} have the same labels, so overall quality decides"
    return f"{worse.id} is {LABEL_OF[criterion]} and {better.id} is not"
