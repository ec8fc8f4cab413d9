"""Hostile lesson Markdown, authored items, practice answers, reviews and exam answers are inert."""

from __future__ import annotations

from typing import Any

import yaml
from sqlalchemy import select

from app.extensions import db
from app.models import Exercise
from tests.security.payloads import PAYLOADS, short
from tests.security.world import World
from tests.security.xss import check_pages, inert_problems

LESSON_QUIZ = [
    {
        "question": "Which answer ranks first?",
        "multiple": False,
        "options": [
            {"text": "The harmless one.", "correct": True, "explanation": "Ethics first."},
            {
                "text": "The longest one.",
                "correct": False,
                "explanation": "Length is no criterion.",
            },
        ],
    },
    {
        "question": "What comes after ethics?",
        "multiple": False,
        "options": [
            {"text": "Accuracy.", "correct": True, "explanation": "Truthfulness is second."},
            {"text": "Tone.", "correct": False, "explanation": "Tone is overall quality."},
        ],
    },
]


def quiz_yaml(question: str) -> str:
    """A valid two-question quiz whose first question is ``question``."""
    quiz = [dict(LESSON_QUIZ[0], question=question), LESSON_QUIZ[1]]
    return yaml.safe_dump(quiz, allow_unicode=True, sort_keys=False)


def test_lesson_markdown_title_and_quiz_are_inert(world: World, visitors: dict) -> None:
    problems: list[str] = []
    base = f"/courses/{world.course.slug}/{world.lesson.slug}"
    for number, (name, payload) in enumerate(PAYLOADS.items(), start=2):
        body = f"## Section\n\n{payload}\n\nText [link](javascript:alert(1)) and {payload}\n"
        response = visitors["instructor"].post(
            f"{base}/edit",
            data={
                "title": short(payload, 200),
                "minutes": "5",
                "body": body,
                "quiz": quiz_yaml(short(payload, 300)),
                "save": "Save",
            },
        )
        if response.status_code != 302:
            problems.append(f"[{name}] lesson edit refused: {response.status_code}")
            continue
        problems += check_pages(visitors["student"], [base], payload, name)
        problems += check_pages(
            visitors["instructor"],
            [f"{base}/edit", f"{base}/history?version={number}"],
            payload,
            name,
        )
        preview = visitors["instructor"].post("/courses/preview", json={"markdown": body})
        problems += inert_problems(preview.json["html"], payload, f"[{name}] preview JSON")
    assert not problems, "\n".join(problems)


def item_form(uid: str, payload: str) -> dict[str, Any]:
    """The studio form for a ranking item with the payload in every text field."""
    text = short(payload, 180)
    data: dict[str, Any] = {
        "uid": uid,
        "pool": "practice",
        "title": text,
        "topic": "everyday",
        "criteria": ["ethics"],
        "difficulty": "2",
        "prompt": f"{payload} ({uid})",
        "rationale": f"{payload} The harmless answer ranks first.",
        "gold_order": "A > B > C",
        "save": "Save",
    }
    labels = [{}, {"inaccurate": "major"}, {"harmful": "major"}]
    for row, extra in enumerate(labels):
        data[f"answers-{row}-text"] = f"{payload} answer {'ABC'[row]}"
        data[f"answers-{row}-note"] = f"{payload} note {'ABC'[row]}"
        for label in ("harmful", "inaccurate", "irrelevant"):
            data[f"answers-{row}-{label}"] = extra.get(label, "none")
    return data


def author_publish_and_answer(
    world: World, visitors: dict, uid: str, payload: str
) -> tuple[list[str], list[str]]:
    """Write, publish and answer an item; return student URLs and instructor URLs to check."""
    studio = visitors["instructor"]
    response = studio.post("/studio/exercises/new/ranking", data=item_form(uid, payload))
    assert response.status_code == 302, response.get_data(as_text=True)[:2000]
    exercise = db.session.scalar(select(Exercise).where(Exercise.uid == uid))
    # A second instructor (here the admin) reviews the draft, as publishing requires.
    assert visitors["admin"].post(f"/studio/exercises/{exercise.id}/approve").status_code == 302
    assert studio.post(f"/studio/exercises/{exercise.id}/publish").status_code == 302
    student = visitors["student"]
    page = student.get(f"/practice/{uid}").get_data(as_text=True)
    version = page.split('name="version_id" value="', 1)[1].split('"', 1)[0]
    answered = student.post(
        f"/practice/{uid}",
        data={"version_id": version, "order_1": "A", "order_2": "B", "order_3": "C"},
    )
    assert answered.status_code == 302, answered.status_code
    students = [f"/practice/{uid}", answered.headers["Location"], "/practice/"]
    staff = [
        f"/studio/exercises/{exercise.id}",
        f"/studio/exercises/{exercise.id}/edit",
        f"/studio/exercises/{exercise.id}/preview",
        "/studio/",
        "/studio/analytics",
        f"/studio/analytics/items/{exercise.id}",
    ]
    return students, staff


def test_authored_items_are_inert_for_students_and_instructors(world: World, visitors: dict):
    problems: list[str] = []
    for number, (name, payload) in enumerate(PAYLOADS.items()):
        students, staff = author_publish_and_answer(world, visitors, f"pr-xss-{number}", payload)
        problems += check_pages(visitors["student"], students[:2], payload, name, shown=True)
        problems += check_pages(visitors["instructor"], staff, payload, name)
    assert not problems, "\n".join(problems)


def test_practice_answers_and_review_comments_are_inert(world: World, visitors: dict):
    problems: list[str] = []
    uid = world.practice_correction.uid
    student, instructor = visitors["student"], visitors["instructor"]
    for name, payload in PAYLOADS.items():
        page = student.get(f"/practice/{uid}").get_data(as_text=True)
        version = page.split('name="version_id" value="', 1)[1].split('"', 1)[0]
        response = student.post(
            f"/practice/{uid}", data={"version_id": version, "text": f"{payload} viral rest"}
        )
        assert response.status_code == 302, (name, response.status_code)
        attempt_url = response.headers["Location"]
        attempt_id = attempt_url.rstrip("/").rsplit("/", 1)[1]
        review_url = f"/studio/reviews/attempts/{attempt_id}"
        problems += check_pages(instructor, [review_url], payload, name, shown=True)
        problems += check_pages(instructor, ["/studio/reviews"], payload, name)
        reviewed = instructor.post(
            review_url, data={"met": ["0"], "comment": short(payload, 4000)}
        )
        if reviewed.status_code != 302:
            problems.append(f"[{name}] review refused: {reviewed.status_code}")
        problems += check_pages(student, [attempt_url], payload, name, shown=True)
    assert not problems, "\n".join(problems)


def test_exam_reference_answers_and_scores_comments_are_inert(world: World, visitors: dict):
    problems: list[str] = []
    session, student = world.session, visitors["student"]
    reference = next(i for i in session.items if i.version.exercise.kind == "reference")
    url = f"/exams/sessions/{session.id}/autosave"
    for revision, (name, payload) in enumerate(PAYLOADS.items()):
        saved = student.post(
            url,
            json={
                "position": reference.position,
                "revision": revision,
                "answer": {"text": payload, "self_check": [0]},
            },
        )
        if saved.status_code != 200:
            problems.append(f"[{name}] autosave refused: {saved.status_code}")
            continue
        problems += inert_problems(saved.get_data(as_text=True), payload, f"[{name}] autosave")
        problems += check_pages(
            student,
            [f"/exams/sessions/{session.id}/{reference.position}"],
            payload,
            name,
            shown=True,
        )
        problems += check_pages(student, [f"/exams/sessions/{session.id}"], payload, name)
        # Marking is blind and only for scripts waiting for marks: put the payload in one.
        marked = world.reference_item_b
        marked.answer = {"text": payload, "self_check": [0]}
        db.session.commit()
        problems += check_pages(
            visitors["instructor"],
            [f"/studio/reviews/exam-items/{marked.id}"],
            payload,
            name,
            shown=True,
        )
    assert not problems, "\n".join(problems)
