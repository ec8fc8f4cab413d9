"""Frozen grading results that every grader returns and services store as JSON."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from graders.criteria import PRIORITY, Criterion
from graders.messages import Message

CRITERION_KEYS = tuple(c.value for c in PRIORITY)


@dataclass(frozen=True, slots=True)
class Mistake:
    """One thing the student got wrong, in words they can learn from.

    `message` is the English text; `text`, when the grader built one, is the same feedback as a
    Message the app renders in the reader's language (results stored before it have none).
    """

    criterion: Criterion
    critical: bool
    message: str
    answers: tuple[str, ...] = ()
    text: Message | None = field(default=None, compare=False)

    @classmethod
    def of(
        cls, criterion: Criterion, critical: bool, text: Message, answers: tuple[str, ...] = ()
    ) -> Mistake:
        """A mistake whose English message is rendered from `text`."""
        return cls(criterion, critical, str(text), answers, text)

    def to_dict(self) -> dict[str, Any]:
        """Return a JSON-serialisable dict."""
        data: dict[str, Any] = {
            "criterion": str(self.criterion),
            "critical": self.critical,
            "message": self.message,
            "answers": list(self.answers),
        }
        if self.text is not None:
            data["text"] = self.text.to_dict()
        return data

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> Mistake:
        """Rebuild a Mistake stored by to_dict (older rows carry only the English message)."""
        return cls(
            criterion=Criterion(data["criterion"]),
            critical=bool(data["critical"]),
            message=data["message"],
            answers=tuple(data.get("answers", ())),
            text=_stored_text(data.get("text")),
        )


def _stored_text(raw: Any) -> Message | None:
    """The stored Message, or None when absent or unreadable (the English message stands)."""
    if not isinstance(raw, Mapping):
        return None
    try:
        return Message.from_dict(raw)
    except (KeyError, TypeError, ValueError, AttributeError):
        return None


def _plain(value: Any) -> Any:
    """Copy nested mappings and sequences into JSON-ready dicts and lists."""
    if isinstance(value, Mapping):
        return {str(k): _plain(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_plain(v) for v in value]
    return value


@dataclass(frozen=True)
class GradeResult:
    """The outcome of grading one response; one shape for practice, exams and analytics."""

    score: float
    criterion_scores: Mapping[str, float | None]
    critical_errors: int
    mistakes: tuple[Mistake, ...] = ()
    provisional: bool = False
    details: Mapping[str, Any] = field(default_factory=dict)

    def __post_init__(self) -> None:
        """Refuse impossible scores early rather than store them."""
        if not 0.0 <= self.score <= 1.0:
            raise ValueError(f"score must be in [0, 1], got {self.score}")

    @property
    def is_perfect(self) -> bool:
        """Say whether nothing was wrong, for quick feedback banners."""
        return self.score == 1.0 and not self.mistakes

    def to_dict(self) -> dict[str, Any]:
        """Return a JSON-serialisable dict that from_dict turns back into an equal result."""
        return {
            "score": self.score,
            "criterion_scores": {str(k): v for k, v in self.criterion_scores.items()},
            "critical_errors": self.critical_errors,
            "mistakes": [m.to_dict() for m in self.mistakes],
            "provisional": self.provisional,
            "details": _plain(self.details),
        }

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> GradeResult:
        """Rebuild a result stored by to_dict."""
        return cls(
            score=float(data["score"]),
            criterion_scores=dict(data["criterion_scores"]),
            critical_errors=int(data["critical_errors"]),
            mistakes=tuple(Mistake.from_dict(m) for m in data.get("mistakes", ())),
            provisional=bool(data.get("provisional", False)),
            details=dict(data.get("details", {})),
        )


def no_evidence() -> dict[str, float | None]:
    """Return criterion scores with no evidence for any criterion."""
    return dict.fromkeys(CRITERION_KEYS)
