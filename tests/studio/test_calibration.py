"""Gold calibration: judgements, agreement, flags that block exam publishing, resolving."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from app.extensions import db
from app.models import AuditEvent, CalibrationJudgement
from app.services.practice.exercise_bank import version_to_dict
from app.services.studio import calibration
from app.services.studio.authoring import edit_exercise
from graders.agreement import kendalls_w, krippendorff_alpha_ordinal

NONE = {"harmful": "none", "inaccurate": "none", "irrelevant": "none"}


def _labels(**problems: dict[str, str]) -> dict[str, dict[str, str]]:
    return {aid: {**NONE, **problems.get(aid, {})} for aid in "ABC"}


AGREEING = {"order": [["B"], ["A"], ["C"]], "labels": _labels(C={"harmful": "major"})}
DISAGREEING = {"order": [["A", "C"], ["B"]], "labels": _labels(B={"inaccurate": "major"})}


@pytest.fixture
def exam_draft(make_exercise, item_for):
    """An exam-pool ranking draft (gold B > A > C, C harmful)."""
    return make_exercise(item_for("ranking", id="ex-rank-801"), pool="exam", status="draft")


def _post_mine(client, exercise_id: int, order: str, labels: list[str]):
    return client.post(
        f"/studio/exercises/{exercise_id}/calibrate", data={"order": order, "labels": labels}
    )


def test_recording_a_judgement(client, instructor, exam_draft):
    response = _post_mine(client, exam_draft.exercise.id, "B > A > C", ["C:harmful:major"])
    assert response.status_code == 302
    row = db.session.scalar(select(CalibrationJudgement))
    assert row.instructor_id == instructor.id and row.version_id == exam_draft.version.id
    assert row.judgement == AGREEING
    _post_mine(client, exam_draft.exercise.id, "B > A = C", ["C:harmful:major"])  # replaces mine
    assert len(db.session.scalars(select(CalibrationJudgement)).all()) == 1


def test_a_judgement_obeys_the_gold_rules(client, instructor, exam_draft):
    client.post(
        f"/studio/exercises/{exam_draft.exercise.id}/calibrate",
        data={"order": "C > B > A", "labels": ["C:harmful:major"]},
    )
    page = client.get(f"/studio/exercises/{exam_draft.exercise.id}").get_data(as_text=True)
    assert "was not recorded" in page and "is ranked above" in page
    assert db.session.scalar(select(CalibrationJudgement)) is None


def test_disagreement_flags_and_blocks_exam_publishing(
    client, instructor, other_instructor, exam_draft
):
    _post_mine(client, exam_draft.exercise.id, "B > A > C", ["C:harmful:major"])
    calibration.record_judgement(exam_draft.version, other_instructor, DISAGREEING)
    db.session.commit()
    exercise = exam_draft.exercise
    db.session.refresh(exercise)
    assert exercise.calibration_flagged
    client.post(f"/studio/exercises/{exercise.id}/publish")
    page = client.get(f"/studio/exercises/{exercise.id}").get_data(as_text=True)
    assert "Resolve the calibration flag first" in page
    db.session.refresh(exercise)
    assert exercise.status == "draft"
    assert not db.session.scalar(select(AuditEvent).where(AuditEvent.action == "exercise.publish"))


def test_resolving_a_flag_is_audited_and_unblocks_publishing(
    client, instructor, other_instructor, exam_draft
):
    calibration.record_judgement(exam_draft.version, instructor, AGREEING)
    calibration.record_judgement(exam_draft.version, other_instructor, DISAGREEING)
    db.session.commit()
    exercise_id = exam_draft.exercise.id
    response = client.post(f"/studio/exercises/{exercise_id}/resolve", data={"note": ""})
    assert response.status_code == 302
    db.session.refresh(exam_draft.exercise)
    assert exam_draft.exercise.calibration_flagged  # a reason is required
    client.post(
        f"/studio/exercises/{exercise_id}/resolve",
        data={"note": "B's claim is true; the other judge misread it."},
    )
    db.session.refresh(exam_draft.exercise)
    assert not exam_draft.exercise.calibration_flagged
    event = db.session.scalar(select(AuditEvent).where(AuditEvent.action == "calibration.resolve"))
    assert event.actor_id == instructor.id and event.details["how"] == "marked resolved"
    # Resolving the flag is not calibration: the judges still agree less than the threshold.
    client.post(f"/studio/exercises/{exercise_id}/publish")
    db.session.refresh(exam_draft.exercise)
    assert exam_draft.exercise.status == "draft"
    calibration.record_judgement(exam_draft.version, other_instructor, AGREEING)
    db.session.commit()
    client.post(f"/studio/exercises/{exercise_id}/publish")
    db.session.refresh(exam_draft.exercise)
    assert exam_draft.exercise.status == "published"


def test_editing_the_gold_resolves_the_flag(instructor, other_instructor, exam_draft, item_for):
    calibration.record_judgement(exam_draft.version, instructor, AGREEING)
    calibration.record_judgement(exam_draft.version, other_instructor, DISAGREEING)
    changed = item_for("ranking", id="ex-rank-801", gold_order=[["A", "B"], ["C"]])
    outcome = edit_exercise(exam_draft.exercise, changed, instructor)
    db.session.commit()
    assert outcome.version.number == 2 and not exam_draft.exercise.calibration_flagged
    event = db.session.scalar(select(AuditEvent).where(AuditEvent.action == "calibration.resolve"))
    assert event.details["how"] == "new version"
    assert calibration.agreement_for(outcome.version).judges == 0


def test_agreement_is_alpha_and_w_of_the_tier_positions(
    client, instructor, other_instructor, make_user, exam_draft
):
    from app.models import Role

    third = make_user(Role.INSTRUCTOR)
    calibration.record_judgement(exam_draft.version, instructor, AGREEING)
    calibration.record_judgement(exam_draft.version, other_instructor, AGREEING)
    calibration.record_judgement(
        exam_draft.version, third, {"order": [["A", "B"], ["C"]], "labels": AGREEING["labels"]}
    )
    db.session.commit()
    agreement = calibration.agreement_for(exam_draft.version)
    table = [[2, 1, 3], [2, 1, 3], [1, 1, 2]]  # tiers of A, B, C per judge
    assert agreement.judges == 3
    assert agreement.alpha == pytest.approx(krippendorff_alpha_ordinal(table))
    assert agreement.kendall_w == pytest.approx(kendalls_w(table))
    assert agreement.label_alpha == pytest.approx(1.0)
    assert not exam_draft.exercise.calibration_flagged  # alpha ≈ 0.73 ≥ 0.667
    page = client.get(f"/studio/exercises/{exam_draft.exercise.id}").get_data(as_text=True)
    assert f"{agreement.alpha:.2f}" in page


def test_rating_items_are_calibrated_on_their_ratings(
    instructor, other_instructor, make_exercise, item_for
):
    rating = item_for("pairwise")  # built below as a rating item
    rating = {
        **{k: v for k, v in rating.items() if not k.startswith("gold")},
        "id": "pr-rate-801",
        "kind": "rating",
        "answers": rating["answers"][:1],
        "gold_ratings": {"ethics": 1, "accuracy": 4, "relevance": 4},
        "gold_flags": [],
    }
    outcome = make_exercise(rating, status="draft")
    labels = {"A": {**NONE, "harmful": "major"}}
    calibration.record_judgement(
        outcome.version,
        instructor,
        {"ratings": {"ethics": 1, "accuracy": 4, "relevance": 5}, "labels": labels},
    )
    calibration.record_judgement(
        outcome.version,
        other_instructor,
        {"ratings": {"ethics": 3, "accuracy": 3, "relevance": 3}, "labels": labels},
    )
    agreement = calibration.agreement_for(outcome.version)
    assert agreement.measure == "ratings"
    assert agreement.alpha == pytest.approx(krippendorff_alpha_ordinal([[1, 4, 5], [3, 3, 3]]))
    assert outcome.exercise.calibration_flagged


def test_practice_items_may_be_published_while_flagged(
    client, instructor, other_instructor, make_exercise, item_for
):
    outcome = make_exercise(item_for("ranking"), status="draft")
    calibration.record_judgement(outcome.version, instructor, AGREEING)
    calibration.record_judgement(outcome.version, other_instructor, DISAGREEING)
    db.session.commit()
    client.post(f"/studio/exercises/{outcome.exercise.id}/publish")
    db.session.refresh(outcome.exercise)
    assert outcome.exercise.status == "published"


def test_calibration_is_for_drafts_only(app, instructor, make_exercise, item_for):
    outcome = make_exercise(item_for("ranking"))
    with (
        app.test_request_context(),
        pytest.raises(calibration.CalibrationError, match="before an item is published"),
    ):
        calibration.record_judgement(outcome.version, instructor, AGREEING)


def test_others_judgements_are_hidden_until_i_record_mine(
    client, instructor, other_instructor, exam_draft
):
    calibration.record_judgement(exam_draft.version, other_instructor, DISAGREEING)
    db.session.commit()
    url = f"/studio/exercises/{exam_draft.exercise.id}"
    assert "A = C &gt; B" not in client.get(url).get_data(as_text=True)
    _post_mine(client, exam_draft.exercise.id, "B > A > C", ["C:harmful:major"])
    assert "A = C &gt; B" in client.get(url).get_data(as_text=True)


def test_judgement_is_checked_against_the_stored_item(exam_draft):
    data = calibration.as_item(exam_draft.version, DISAGREEING)
    assert data["gold_order"] == [["A", "C"], ["B"]]
    assert data["answers"][1]["labels"]["inaccurate"] == "major"
    assert version_to_dict(exam_draft.version)["gold_order"] == [["B"], ["A"], ["C"]]
