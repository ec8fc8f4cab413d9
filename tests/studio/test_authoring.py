"""Authoring every kind in the browser: create, field errors, row buttons, versions, publish."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select

from app.extensions import db
from app.models import Attempt, AuditEvent, Exercise, ExerciseVersion
from app.services.practice.exercise_bank import current_version, version_to_dict
from app.services.studio import publish_gate
from graders import validate_item

KINDS = ("ranking", "pairwise", "rating", "correction", "reference")


def _exercise(uid: str) -> Exercise | None:
    return db.session.scalar(select(Exercise).where(Exercise.uid == uid))


def _count(model) -> int:
    return db.session.scalar(select(func.count()).select_from(model))


@pytest.mark.parametrize("kind", KINDS)
def test_create_every_kind(client, instructor, form_for, kind):
    form = form_for(kind)
    response = client.post(f"/studio/exercises/new/{kind}", data=form)
    assert response.status_code == 302, response.get_data(as_text=True)
    exercise = _exercise(form["uid"])
    assert exercise.kind == kind and exercise.status == "draft" and exercise.source == "studio"
    data = version_to_dict(current_version(exercise))
    assert validate_item(data) == []
    assert data["title"] == form["title"] and data["criteria"] == form["criteria"]
    event = db.session.scalar(select(AuditEvent).where(AuditEvent.action == "exercise.create"))
    assert event.actor_id == instructor.id and event.details["uid"] == form["uid"]


def test_created_items_keep_the_form_values(client, instructor, form_for):
    client.post("/studio/exercises/new/ranking", data=form_for("ranking"))
    client.post("/studio/exercises/new/correction", data=form_for("correction"))
    ranking = version_to_dict(current_version(_exercise("pr-rank-901")))
    assert ranking["gold_order"] == [["B"], ["A"], ["D"], ["C"]]
    assert [a["labels"]["harmful"] for a in ranking["answers"]] == ["none", "none", "major", "none"]
    correction = version_to_dict(current_version(_exercise("pr-corr-901")))
    assert correction["rubric"][1]["patterns"] == ["virus", "viral"]  # CRLF lines split cleanly


def test_invalid_item_shows_errors_next_to_fields_and_stores_nothing(client, instructor, form_for):
    # The harmful answer C is ranked first, the title is blank, the id lacks the pool prefix.
    form = form_for("ranking", uid="rank-x", title="  ", gold_order="C > B > A > D")
    response = client.post("/studio/exercises/new/ranking", data=form)
    page = response.get_data(as_text=True)
    assert response.status_code == 200
    assert _count(Exercise) == 0 and _count(AuditEvent) == 0
    assert 'id="gold_order-error"' in page
    assert "Answer C is ranked above" in page
    assert 'id="title-error"' in page and "Give the item a short title." in page
    assert 'id="uid-error"' in page and "Practice item ids start with" in page


def test_row_problems_land_on_the_row_fields(client, instructor, form_for):
    form = form_for("correction")
    form["rubric-1-patterns"] = "unclosed("  # a bad regex in point 2
    form["answers-0-note"] = ""
    page = client.post("/studio/exercises/new/correction", data=form).get_data(as_text=True)
    assert 'id="rubric-1-patterns-error"' in page and "not a valid regular expression" in page
    assert 'id="answers-0-note-error"' in page
    assert _count(Exercise) == 0


def test_blank_notes_read_as_plain_advice_once_each_and_the_key_check_runs_too(
    client, instructor, form_for
):
    form = form_for("ranking", gold_order="C > B > A > D")
    for row in range(4):
        form[f"answers-{row}-note"] = ""
    page = client.post("/studio/exercises/new/ranking", data=form).get_data(as_text=True)
    assert "must not be empty" not in page and "&#39;note&#39;" not in page
    for letter in "ABCD":
        advice = f"Answer {letter} needs a teaching note: say why it sits where it does."
        assert page.count(advice) == 1
    # The answer-key check runs in the same pass as the blank-field checks.
    assert page.count("Answer C is ranked above B") == 1
    assert 'id="gold_order-error"' in page
    assert _count(Exercise) == 0


def test_pairwise_key_check_runs_alongside_a_blank_answer_text(client, instructor, form_for):
    form = form_for("pairwise", gold_better="A")
    form["answers-1-text"] = ""
    page = client.post("/studio/exercises/new/pairwise", data=form).get_data(as_text=True)
    assert "Answer B has no text: paste the chatbot&#39;s answer here." in page
    assert "The better answer is A, but A is harmful" in page


def test_duplicate_id_is_a_field_error(client, instructor, form_for):
    client.post("/studio/exercises/new/pairwise", data=form_for("pairwise"))
    page = client.post("/studio/exercises/new/pairwise", data=form_for("pairwise"))
    assert "already used" in page.get_data(as_text=True)
    assert _count(Exercise) == 1


def test_add_and_remove_answer_rows_without_javascript(client, instructor, form_for):
    form = form_for("ranking")
    del form["save"]
    page = client.post("/studio/exercises/new/ranking", data={**form, "add_answer": "1"}).get_data(
        as_text=True
    )
    assert 'name="answers-4-text"' in page and _count(Exercise) == 0
    page = client.post(
        "/studio/exercises/new/ranking", data={**form, "remove_answer": "0"}
    ).get_data(as_text=True)
    assert 'name="answers-3-text"' not in page
    assert "Dose by weight; check the label." in page  # answer B moved up into row 0
    assert page.index("Dose by weight") < page.index("Give 200 mg every 4 hours.")


def test_row_buttons_respect_the_kind_limits(client, instructor, form_for):
    form = form_for("pairwise")
    del form["save"]
    page = client.post("/studio/exercises/new/pairwise", data={**form, "add_answer": "1"}).get_data(
        as_text=True
    )
    assert 'name="answers-2-text"' not in page
    form = form_for("reference")
    del form["save"]
    page = client.post("/studio/exercises/new/reference", data={**form, "add_point": "1"}).get_data(
        as_text=True
    )
    assert 'name="rubric-3-point"' in page


def test_unknown_kind_is_404(client, instructor):
    assert client.get("/studio/exercises/new/essay").status_code == 404


def test_edit_published_item_makes_version_2_and_old_attempt_keeps_version_1(
    client, instructor, make_user, make_exercise, item_for
):
    outcome = make_exercise(item_for("ranking"))
    student = make_user()
    old = Attempt(
        user_id=student.id,
        exercise_id=outcome.exercise.id,
        version_id=outcome.version.id,
        kind="ranking",
        answer={"order": ["B", "A", "C"]},
        score=1.0,
    )
    db.session.add(old)
    db.session.commit()
    form = client.get(f"/studio/exercises/{outcome.exercise.id}/edit").get_data(as_text=True)
    assert "creates version 2" in form
    data = {
        "title": "A ranking item",
        "topic": "medicine",
        "criteria": ["ethics", "accuracy"],
        "difficulty": "2",
        "prompt": "A new prompt (changed).",
        "rationale": "Why.",
        "answers-0-text": "Ask a pharmacist.",
        "answers-0-note": "Safe.",
        "answers-1-text": "Dose by weight.",
        "answers-1-note": "Better note.",
        "answers-2-text": "Give 200 mg.",
        "answers-2-note": "Unsafe.",
        "answers-2-harmful": "major",
        "gold_order": "B > A > C",
        "save": "1",
    }
    response = client.post(f"/studio/exercises/{outcome.exercise.id}/edit", data=data)
    assert response.status_code == 302, response.get_data(as_text=True)
    exercise = db.session.get(Exercise, outcome.exercise.id)
    db.session.refresh(exercise)
    assert exercise.current_version == 2 and exercise.status == "published"
    db.session.refresh(old)
    assert old.version.number == 1 and old.version.prompt.startswith("My 2-year-old")
    assert current_version(exercise).prompt == "A new prompt (changed)."
    event = db.session.scalar(select(AuditEvent).where(AuditEvent.action == "exercise.edit"))
    assert event.details["version"] == 2 and event.details["gold_changed"] is True


def test_saving_an_unchanged_item_adds_no_version(client, instructor, make_exercise, item_for):
    outcome = make_exercise(item_for("pairwise"), status="draft")
    page = client.get(f"/studio/exercises/{outcome.exercise.id}/edit").get_data(as_text=True)
    assert "Give 200 mg." in page
    data = {
        "title": "A pairwise item",
        "topic": "medicine",
        "criteria": ["ethics", "accuracy"],
        "difficulty": "2",
        "prompt": outcome.version.prompt,
        "rationale": outcome.version.rationale,
        "answers-0-text": "Give 200 mg.",
        "answers-0-note": "Unsafe.",
        "answers-0-harmful": "major",
        "answers-1-text": "Ask a pharmacist.",
        "answers-1-note": "Safe.",
        "gold_better": "B",
        "gold_criterion": "ethics",
        "save": "1",
    }
    client.post(f"/studio/exercises/{outcome.exercise.id}/edit", data=data)
    assert _count(ExerciseVersion) == 1
    assert not db.session.scalar(select(AuditEvent).where(AuditEvent.action == "exercise.edit"))


def test_publish_draft_is_audited(client, instructor, other_instructor, make_exercise, item_for):
    outcome = make_exercise(item_for("ranking"), status="draft")
    publish_gate.approve(outcome.exercise, other_instructor)  # the practice review
    db.session.commit()
    response = client.post(f"/studio/exercises/{outcome.exercise.id}/publish")
    assert response.status_code == 302
    db.session.refresh(outcome.exercise)
    assert outcome.exercise.status == "published"
    assert db.session.scalar(select(AuditEvent).where(AuditEvent.action == "exercise.publish"))


def test_publish_needs_csrf(client, instructor, make_exercise, item_for):
    outcome = make_exercise(item_for("ranking"), status="draft")
    response = client.post(f"/studio/exercises/{outcome.exercise.id}/publish", csrf=False)
    assert response.status_code == 400
    db.session.refresh(outcome.exercise)
    assert outcome.exercise.status == "draft"


def test_preview_shows_the_student_view_without_gold(client, instructor, make_exercise, item_for):
    outcome = make_exercise(item_for("ranking"), status="draft")
    page = client.get(f"/studio/exercises/{outcome.exercise.id}/preview").get_data(as_text=True)
    assert "Ask a pharmacist." in page and "Dose by weight." in page
    assert "Safe and explains." not in page  # notes are gold
    assert "Safety comes first" not in page  # so is the rationale
    assert 'name="order_1"' in page  # the practice ranking widget


def test_overview_shows_gold_to_instructors(client, instructor, make_exercise, item_for):
    outcome = make_exercise(item_for("ranking"), status="draft")
    page = client.get(f"/studio/exercises/{outcome.exercise.id}").get_data(as_text=True)
    assert "B &gt; A &gt; C" in page and "Safe and explains." in page


def test_exam_item_may_not_copy_a_practice_prompt(
    client, instructor, form_for, make_exercise, item_for
):
    practice = make_exercise(item_for("pairwise"))
    form = form_for("pairwise", uid="ex-pair-901", pool="exam", prompt=practice.version.prompt)
    page = client.post("/studio/exercises/new/pairwise", data=form).get_data(as_text=True)
    assert 'id="prompt-error"' in page and "identical to practice item pr-pair-801" in page
    assert _count(Exercise) == 1
    # …and the other way round: a practice item copying an exam prompt.
    exam = make_exercise(item_for("reference"), pool="exam")
    form = form_for("reference", prompt=exam.version.prompt)
    page = client.post("/studio/exercises/new/reference", data=form).get_data(as_text=True)
    assert 'id="prompt-error"' in page and _count(Exercise) == 2


def test_create_refuses_a_taken_id_without_touching_the_other_item(
    app, instructor, item_for, make_exercise
):
    from app.services.studio.authoring import AuthoringError, create_exercise

    outcome = make_exercise(item_for("pairwise"))
    changed = item_for("pairwise", title="Someone else's item")
    with app.test_request_context(), pytest.raises(AuthoringError, match="already used"):
        create_exercise(changed, "practice", instructor)
    assert _count(ExerciseVersion) == 1 and outcome.exercise.title == "A pairwise item"


def test_the_item_form_warns_on_unfenced_code_and_glued_lists(client, instructor, form_for):
    form = form_for("pairwise")
    form["answers-0-text"] = "Run this:\nrm -rf $DIR/*\nThen:\n- one\n- two"
    page = client.post("/studio/exercises/new/pairwise", data={**form, "uid": "bad id"})
    text = page.get_data(as_text=True)
    assert "Check the Markdown before publishing" in text
    assert "looks like code outside a ``` fence" in text and "starts a list right after" in text


def test_a_conversation_is_authored_as_user_and_assistant_lines(client, instructor, form_for):
    form = form_for("pairwise")
    form["conversation"] = "User: Hi, is the Sun a star?\nAssistant: Yes.\n\nIt is."
    response = client.post("/studio/exercises/new/pairwise", data=form)
    assert response.status_code == 302, response.get_data(as_text=True)[-2000:]
    exercise = db.session.scalar(select(Exercise).where(Exercise.uid == form["uid"]))
    data = version_to_dict(current_version(exercise))
    assert data["conversation"] == [
        {"role": "user", "text": "Hi, is the Sun a star?"},
        {"role": "assistant", "text": "Yes.\n\nIt is."},
    ]
    bad = {**form_for("pairwise"), "uid": "pr-pair-977", "conversation": "Assistant: Hello"}
    page = client.post("/studio/exercises/new/pairwise", data=bad).get_data(as_text=True)
    assert "Turns start with user" in page
