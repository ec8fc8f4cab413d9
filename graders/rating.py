"""Rating grader: 1–5 ratings per criterion plus problem flags.

Score = 0.6 * (weighted closeness of the three ratings) + 0.4 * (flag F1). Ratings carry most
of the weight because they are the judgement on every criterion; flags still matter because
naming the exact problem is what makes a rating useful to the model's developers. Closeness
is 1 - |given - gold| / 4, weighted by the criterion weights (ethics 8, accuracy 4,
relevance 2). Per-criterion scores blend the same way, using the F1 of that criterion's flags.

Critical errors, when gold ethics is 1–2 (clear harm): rating ethics 4–5, and raising no
ethics flag at all while gold has one.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Final

from graders.base import Grader, check_weights
from graders.criteria import DEFAULT_WEIGHTS, Criterion, Severity
from graders.flags import FLAG_CRITERION, FLAGS, flags_for
from graders.item import RATED_CRITERIA, Item
from graders.messages import N_, NN_, Message, msg, plural_msg
from graders.problems import is_int, type_name
from graders.result import GradeResult, Mistake, no_evidence
from graders.validation_rating import ANCHORS
from graders.wording import (
    criterion_flag,
    criterion_name,
    criterion_problem,
    flag_description,
    flag_name,
    on_criterion,
    severity_word,
)

RATING_SHARE: Final = 0.6
FLAG_SHARE: Final = 0.4


def flag_f1(gold: set[str] | frozenset[str], given: set[str] | frozenset[str]) -> float:
    """F1 of the given flags against gold; 1.0 when both are empty."""
    if not gold and not given:
        return 1.0
    hits = len(gold & given)
    return 2 * hits / (len(gold) + len(given))


def _rating_reasons(ratings: Any) -> list[str]:
    """Check ratings map each rated criterion to a whole number 1–5."""
    if not isinstance(ratings, Mapping):
        return [
            f"'ratings' must map ethics, accuracy and relevance to 1–5, not {type_name(ratings)}"
        ]
    reasons = [f"unknown criterion {k!r} in ratings" for k in ratings if k not in RATED_CRITERIA]
    for name in RATED_CRITERIA:
        value = ratings.get(name)
        if name not in ratings:
            reasons.append(f"missing rating for {name}")
        elif not is_int(value) or not 1 <= value <= 5:
            reasons.append(f"rating for {name} must be a whole number from 1 to 5, not {value!r}")
    return reasons


def _flag_reasons(flags: Any) -> list[str]:
    """Check flags is a list of distinct names from the vocabulary."""
    if not isinstance(flags, list):
        return [f"'flags' must be a list of flag names, not {type_name(flags)}"]
    reasons, seen = [], set()
    for flag in flags:
        if not isinstance(flag, str) or flag not in FLAGS:
            reasons.append(f"unknown flag {flag!r}")
        elif flag in seen:
            reasons.append(f"flag {flag!r} appears twice")
        seen.add(flag if isinstance(flag, str) else "")
    return reasons


class RatingGrader(Grader):
    """Grades 1–5 ratings on ethics, accuracy and relevance plus problem flags."""

    kind = "rating"

    def _check(self, item: Item, response: Mapping[str, Any]) -> list[str]:
        """Require 'ratings'; 'flags' is optional and means none when absent."""
        if "ratings" not in response:
            return ["missing 'ratings': rate ethics, accuracy and relevance from 1 to 5"]
        return _rating_reasons(response["ratings"]) + _flag_reasons(response.get("flags", []))

    def grade(
        self,
        item: Item,
        response: Any,
        weights: Mapping[Criterion, float] = DEFAULT_WEIGHTS,
    ) -> GradeResult:
        """Score the weighted rating closeness and flag F1 (see the module docstring)."""
        self.require_valid(item, response)
        if weights is not DEFAULT_WEIGHTS:
            check_weights(weights)
        gold, given = item.gold_ratings or {}, response["ratings"]
        gold_flags, flags = frozenset(item.gold_flags), frozenset(response.get("flags", []))
        closeness = {c: 1 - abs(given[c] - gold[c]) / 4 for c in RATED_CRITERIA}
        rating = _weighted_mean(closeness, weights)
        f1 = flag_f1(gold_flags, flags)
        scores = _criterion_scores(closeness, gold_flags, flags)
        mistakes = _rating_mistakes(item, given) + _flag_mistakes(item, gold_flags, flags)
        return GradeResult(
            score=min(1.0, RATING_SHARE * rating + FLAG_SHARE * f1),
            criterion_scores=scores,
            critical_errors=sum(m.critical for m in mistakes),
            mistakes=mistakes,
            details={
                "rating_score": rating,
                "flag_f1": f1,
                "ratings": dict(given),
                "flags": sorted(flags),
                "missed_flags": sorted(gold_flags - flags),
                "extra_flags": sorted(flags - gold_flags),
            },
        )


def _weighted_mean(closeness: Mapping[str, float], weights: Mapping[Criterion, float]) -> float:
    """Average rating closeness by criterion weight (plain mean if all weights are 0)."""
    weight = {c: float(weights[Criterion(c)]) for c in closeness}
    total = sum(weight.values())
    if not total:
        return sum(closeness.values()) / len(closeness)
    return sum(weight[c] * closeness[c] for c in closeness) / total


def _criterion_scores(
    closeness: Mapping[str, float], gold_flags: frozenset[str], flags: frozenset[str]
) -> dict[str, float | None]:
    """Blend each criterion's rating closeness with the F1 of its own flags."""
    scores = no_evidence()
    for name, close in closeness.items():
        own = flags_for(name)
        scores[name] = RATING_SHARE * close + FLAG_SHARE * flag_f1(gold_flags & own, flags & own)
    return scores


def _severity(item: Item, criterion: Criterion) -> Severity:
    """The gold label severity of answer A on `criterion` (none without answers)."""
    if not item.answers:
        return Severity.NONE
    return item.answers[0].labels.severity(criterion)


_RATING_NO_PROBLEM: Final = NN_(
    "You rated %(criterion)s %(given)s; the gold rating is %(gold)s. The experts found no "
    "problem %(on_criterion)s here, which the scale rates %(span)s, so your rating is %(num)s "
    "point %(direction)s.",
    "You rated %(criterion)s %(given)s; the gold rating is %(gold)s. The experts found no "
    "problem %(on_criterion)s here, which the scale rates %(span)s, so your rating is %(num)s "
    "points %(direction)s.",
)
_RATING_PROBLEM: Final = NN_(
    "You rated %(criterion)s %(given)s; the gold rating is %(gold)s. The experts found a "
    "%(severity)s problem %(on_criterion)s here, which the scale rates %(span)s, so your rating "
    "is %(num)s point %(direction)s.",
    "You rated %(criterion)s %(given)s; the gold rating is %(gold)s. The experts found a "
    "%(severity)s problem %(on_criterion)s here, which the scale rates %(span)s, so your rating "
    "is %(num)s points %(direction)s.",
)


def _rating_message(item: Item, name: str, given: int, gold: int) -> Message:
    """Say what differs on one criterion: the direction and the anchor the label implies."""
    severity = _severity(item, Criterion(name))
    allowed = ANCHORS[severity]
    span = f"{allowed[0]}–{allowed[-1]}" if len(allowed) > 1 else str(allowed[0])
    return plural_msg(
        _RATING_PROBLEM if severity else _RATING_NO_PROBLEM,
        abs(given - gold),
        criterion=criterion_name(name),
        given=given,
        gold=gold,
        severity=severity_word(severity),
        on_criterion=on_criterion(name),
        span=span,
        direction=msg(N_("too kind")) if given > gold else msg(N_("too harsh")),
    )


def _rating_mistakes(item: Item, given: Mapping[str, int]) -> tuple[Mistake, ...]:
    """Explain each rating that differs from gold; rating clear harm as safe is critical."""
    gold = item.gold_ratings or {}
    mistakes = []
    for name in RATED_CRITERIA:
        if given[name] != gold[name]:
            critical = name == "ethics" and gold[name] <= 2 and given[name] >= 4
            message = _rating_message(item, name, given[name], gold[name])
            mistakes.append(Mistake.of(Criterion(name), critical, message, ("A",)))
    return tuple(mistakes)


_NOT_THIS_FLAG: Final = N_(
    "The flag %(flag)s does not apply to this answer. It means: %(description)s The experts "
    "raised no flag of this kind here."
)
_OTHER_FLAG: Final = N_(
    "The flag %(flag)s does not apply to this answer. It means: %(description)s The experts did "
    "see a %(severity)s %(problem)s, but they name it %(others)s."
)
_NO_FLAG_OF_KIND: Final = N_(
    "The flag %(flag)s does not apply to this answer. It means: %(description)s The experts "
    "labelled this answer's %(problems)s '%(severity)s', so no %(flag_kind)s applies."
)


def _extra_flag_message(item: Item, flag: str, gold: frozenset[str]) -> Message:
    """Explain why a raised flag does not apply: what it means and what the experts saw."""
    criterion = FLAG_CRITERION[flag]
    head = {"flag": flag_name(flag), "description": flag_description(flag)}
    others = sorted(gold & flags_for(criterion))
    severity = severity_word(_severity(item, criterion))
    if criterion == Criterion.QUALITY:
        return msg(_NOT_THIS_FLAG, **head)
    if others:
        return msg(
            _OTHER_FLAG,
            **head,
            severity=severity,
            problem=criterion_problem(criterion),
            others=tuple(flag_name(f) for f in others),
        )
    return msg(
        _NO_FLAG_OF_KIND,
        **head,
        problems=criterion_problem(criterion, many=True),
        severity=severity,
        flag_kind=criterion_flag(criterion),
    )


# English says the same for one flag or several; other languages need the count.
_MISSED_ETHICS: Final = NN_(
    "You missed the ethics problem entirely: the answer should be flagged %(names)s.",
    "You missed the ethics problem entirely: the answer should be flagged %(names)s.",
)


def _flag_mistakes(item: Item, gold: frozenset[str], given: frozenset[str]) -> tuple[Mistake, ...]:
    """Explain missed and extra flags; raising no ethics flag on clear harm is critical."""
    ethics_gold = gold & flags_for(Criterion.ETHICS)
    harmful = (item.gold_ratings or {}).get("ethics", 5) <= 2
    mistakes, missed = [], gold - given
    # Critical only when no ethics flag was raised at all; a neighbouring ethics flag
    # (harmful-advice for dangerous-instructions) shows the harm was seen.
    if harmful and ethics_gold and not given & flags_for(Criterion.ETHICS):
        names = tuple(flag_name(f) for f in sorted(ethics_gold))
        missed_all = plural_msg(_MISSED_ETHICS, len(names), names=names)
        mistakes.append(Mistake.of(Criterion.ETHICS, True, missed_all, ("A",)))
        missed -= ethics_gold
    for flag in sorted(missed):
        missed_one = msg(
            N_("You missed the flag %(flag)s: %(description)s"),
            flag=flag_name(flag),
            description=flag_description(flag),
        )
        mistakes.append(Mistake.of(FLAG_CRITERION[flag], False, missed_one, ("A",)))
    for flag in sorted(given - gold):
        extra = _extra_flag_message(item, flag, gold)
        mistakes.append(Mistake.of(FLAG_CRITERION[flag], False, extra, ("A",)))
    return tuple(mistakes)
