"""Gold calibration: instructors judge an item independently and their agreement is measured.

A judgement is ``{"order": [[ids…], …], "labels": {id: {harmful, inaccurate, irrelevant}}}``
plus ``"ratings"`` for rating items and ``"better"``/``"criterion"`` for pairwise items. The
agreement that can flag an item is Krippendorff's alpha (ordinal) on the answers' tier
positions (ranking, pairwise), on the three ratings (rating) or on the labels (correction).
"""

from __future__ import annotations

import copy
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from flask import current_app
from flask_babel import lazy_gettext as _l
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from app.models import CalibrationJudgement, Exercise, ExerciseVersion, User, db, utcnow
from app.services.accounts.audit import record_event
from app.services.practice.exercise_bank import current_version, version_to_dict
from graders import Problem, validate_item
from graders.agreement import kendalls_w, krippendorff_alpha_ordinal
from graders.criteria import LABEL_NAMES, parse_severity
from graders.item import RATED_CRITERIA

DEFAULT_THRESHOLD = 0.667
CALIBRATED_KINDS = ("ranking", "pairwise", "rating", "correction")


class CalibrationError(ValueError):
    """A calibration action is refused; the message is safe to show."""


@dataclass(frozen=True)
class Agreement:
    """How far the judges of one version agree, and whether that flags the item."""

    judges: int
    measure: str
    alpha: float | None
    kendall_w: float | None
    label_alpha: float | None
    threshold: float

    @property
    def is_below_threshold(self) -> bool:
        """Two or more judges whose measurable agreement is under the threshold."""
        return self.judges >= 2 and self.alpha is not None and self.alpha < self.threshold


def threshold() -> float:
    """The alpha below which an item is flagged (config ``CALIBRATION_ALPHA_THRESHOLD``)."""
    return float(current_app.config.get("CALIBRATION_ALPHA_THRESHOLD", DEFAULT_THRESHOLD))


def as_item(version: ExerciseVersion, judgement: Mapping[str, Any]) -> dict[str, Any]:
    """The item mapping with one judge's labels and gold in place of the stored gold."""
    data = copy.deepcopy(version_to_dict(version))
    for answer in data.get("answers", []):
        answer["labels"] = judgement.get("labels", {}).get(answer["id"], answer["labels"])
    kind = data["kind"]
    if kind == "ranking":
        data["gold_order"] = judgement.get("order")
    elif kind == "pairwise":
        data["gold_better"] = judgement.get("better")
        data["gold_criterion"] = judgement.get("criterion")
    elif kind == "rating":
        data["gold_ratings"] = judgement.get("ratings")
    return data


def judgement_problems(version: ExerciseVersion, judgement: Mapping[str, Any]) -> list[Problem]:
    """A judgement obeys the same rules as gold (the one shared validator decides)."""
    return validate_item(as_item(version, judgement))


def record_judgement(
    version: ExerciseVersion, instructor: User, judgement: Mapping[str, Any]
) -> CalibrationJudgement:
    """Store or replace this instructor's judgement of a draft version, then re-measure."""
    exercise = version.exercise
    if exercise.kind not in CALIBRATED_KINDS:
        raise CalibrationError(_l("Reference items have no gold order or labels to calibrate."))
    if exercise.status != "draft":
        raise CalibrationError(_l("Calibration happens before an item is published."))
    mine = select(CalibrationJudgement).where(
        CalibrationJudgement.version_id == version.id,
        CalibrationJudgement.instructor_id == instructor.id,
    )
    row = db.session.scalar(mine)
    if row is None:
        try:
            with db.session.begin_nested():
                row = CalibrationJudgement(version_id=version.id, instructor_id=instructor.id)
                db.session.add(row)
        except IntegrityError:  # the same instructor submitted twice at once
            row = db.session.scalars(mine).one()
    row.judgement = dict(judgement)
    row.created_at = utcnow()
    db.session.flush()
    refresh_flag(exercise)
    return row


def judgements_for(version: ExerciseVersion) -> list[CalibrationJudgement]:
    """The judgements recorded for one version, oldest first."""
    return list(
        db.session.scalars(
            select(CalibrationJudgement)
            .where(CalibrationJudgement.version_id == version.id)
            .order_by(CalibrationJudgement.created_at, CalibrationJudgement.id)
        )
    )


def _tier_of(order: Sequence[Sequence[str]], answer_id: str) -> int | None:
    """The 1-based tier an answer was placed in."""
    return next((t for t, tier in enumerate(order, 1) if answer_id in tier), None)


def _label_row(judgement: Mapping[str, Any], ids: Sequence[str]) -> list[int | None]:
    """The severity (0 none, 1 minor, 2 major) per answer and label, in a fixed order."""
    labels = judgement.get("labels", {})
    return [
        int(parse_severity(labels.get(a, {}).get(name, "none"))) if a in labels else None
        for a in ids
        for name in LABEL_NAMES
    ]


def tables(
    kind: str, ids: Sequence[str], judgements: Sequence[Mapping[str, Any]]
) -> tuple[list[list[Any]], list[list[Any]]]:
    """Raters × units tables: the primary one (tiers or ratings) and the labels one."""
    labels = [_label_row(j, ids) for j in judgements]
    if kind == "rating":
        main = [[j.get("ratings", {}).get(c) for c in RATED_CRITERIA] for j in judgements]
    elif kind in ("ranking", "pairwise"):
        main = [[_tier_of(j.get("order", []), a) for a in ids] for j in judgements]
    else:
        main = labels
    return main, labels


def agreement_for(version: ExerciseVersion) -> Agreement:
    """Alpha and Kendall's W among the judges of one version."""
    kind = version.exercise.kind
    judgements = [row.judgement for row in judgements_for(version)]
    ids = [answer.key for answer in version.answers]
    main, labels = tables(kind, ids, judgements)
    complete = [row for row in main if None not in row]
    w = kendalls_w(complete) if kind != "correction" and len(complete) == len(main) else None
    measure = {"rating": "ratings", "correction": "labels"}.get(kind, "order")
    return Agreement(
        judges=len(judgements),
        measure=measure,
        alpha=krippendorff_alpha_ordinal(main) if len(main) >= 2 else None,
        kendall_w=w,
        label_alpha=krippendorff_alpha_ordinal(labels) if len(labels) >= 2 else None,
        threshold=threshold(),
    )


def refresh_flag(exercise: Exercise) -> Agreement:
    """Flag the item when its current version's judges agree less than the threshold."""
    agreement = agreement_for(current_version(exercise))
    exercise.calibration_flagged = agreement.is_below_threshold
    return agreement


def resolve_flag(exercise: Exercise, actor: User, note: str) -> None:
    """An instructor accepts the gold as it stands despite the disagreement; audited."""
    if not exercise.calibration_flagged:
        raise CalibrationError(_l("This item is not flagged."))
    exercise.calibration_flagged = False
    record_event(
        actor,
        "calibration.resolve",
        "exercise",
        exercise.id,
        uid=exercise.uid,
        how="marked resolved",
        note=note,
        version=exercise.current_version,
    )
