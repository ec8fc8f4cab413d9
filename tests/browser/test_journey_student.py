"""Journey 1: a new student registers, reads a lesson, takes its quiz and ranks answers twice —
once by drag and drop, once by keyboard only — and sees feedback against the gold order."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Page, expect
from sqlalchemy import select

from app.extensions import db
from app.models import Attempt, Exercise, LessonProgress, User
from app.services.accounts import find_user_by_email
from tests.browser.practice import (
    answer_order,
    keyboard_move,
    open_practice_item,
    rank_status,
    submit_practice,
)
from tests.browser.site import DESKTOP, LiveSite, shot
from tests.conftest import TEST_PASSWORD

pytestmark = pytest.mark.browser
JOURNEY = "1-student-learns-and-practises"
DRAGGED_ITEM = "pr-rank-001"
KEYBOARD_ITEM = "pr-rank-002"


def register(page: Page, email: str) -> None:
    """Sign up from the home page's call to action."""
    page.goto("/")
    shot(page, JOURNEY, "01-home")
    page.get_by_role("link", name="Start learning — free").click()
    page.get_by_label("Email").fill(email)
    page.get_by_label("Name").fill("Dana Drag")
    page.get_by_label("Password", exact=True).fill(TEST_PASSWORD)
    page.get_by_label(re.compile("confirm|repeat", re.I)).fill(TEST_PASSWORD)
    page.get_by_role("button", name="Create account").click()
    expect(page.get_by_role("button", name="Log out")).to_be_visible()
    shot(page, JOURNEY, "02-dashboard")


def read_first_lesson_and_take_quiz(page: Page) -> None:
    """Courses → Foundations → lesson 1; answer every quiz question and see the explanations."""
    page.get_by_role("navigation", name="Main").get_by_role("link", name="Courses").click()
    page.get_by_role("link", name=re.compile("AI Trainer Foundations")).first.click()
    page.locator("ol.lesson-list a").first.click()
    expect(page.locator("article.lesson h1")).to_be_visible()
    shot(page, JOURNEY, "03-lesson")
    questions = page.locator("form.quiz-form fieldset")
    assert questions.count() > 0
    for index in range(questions.count()):
        questions.nth(index).locator("input").first.check()
    page.get_by_role("button", name="Check my answers").click()
    expect(page.locator(".quiz-score")).to_contain_text("questions right")
    expect(page.locator(".option-explanation").first).to_be_visible()
    shot(page, JOURNEY, "04-quiz-feedback")


def drag_to_position(page: Page, answer: str, before: str) -> None:
    """Drag one answer by the mouse and drop it on the top half of another."""
    source = page.locator(f"[data-rank-list] [data-answer='{answer}']")
    target = page.locator(f"[data-rank-list] [data-answer='{before}']")
    source.drag_to(target, target_position={"x": 20, "y": 4})


def rank_by_dragging(page: Page, site: LiveSite) -> list[str]:
    """C to the top, then D above B: the order C, A, D, B (one harmful answer ranked too high).

    The cards hold whole answers side by side, so they are tall: the window is made tall enough
    for both cards of a drag to be on screen (Playwright cannot scroll in the middle of a drag).
    """
    open_practice_item(page, site, DRAGGED_ITEM)
    page.set_viewport_size({"width": DESKTOP["width"], "height": 2400})
    assert answer_order(page) == ["A", "B", "C", "D"]
    drag_to_position(page, "C", "A")
    assert answer_order(page) == ["C", "A", "B", "D"]
    drag_to_position(page, "D", "B")
    assert answer_order(page) == ["C", "A", "D", "B"]
    assert "D" in rank_status(page)
    page.set_viewport_size(DESKTOP)
    shot(page, JOURNEY, "05-ranking-dragged")
    submit_practice(page)
    return ["C", "A", "D", "B"]


def rank_by_keyboard(page: Page, site: LiveSite) -> list[str]:
    """Move the last answer to the top by keys only (Move up buttons); each move is announced."""
    open_practice_item(page, site, KEYBOARD_ITEM)
    start = answer_order(page)
    last = start[-1]
    announcements = []
    for _step in range(len(start) - 1):
        keyboard_move(page, last, "up")
        announcements.append(rank_status(page))
    expected = [last, *start[:-1]]
    assert answer_order(page) == expected
    assert announcements[-1] and announcements[-1] != announcements[0]
    assert re.search(rf"\b{last}\b.*\b1\b", announcements[-1]), announcements
    shot(page, JOURNEY, "06-ranking-keyboard")
    submit_practice(page, keyboard=True)
    return expected


def stored_orders(site: LiveSite, email: str) -> dict[str, list[str]]:
    """The orders the server recorded for this student, by item uid (read server-side)."""
    with site.data():
        user = find_user_by_email(email)
        assert isinstance(user, User)
        rows = db.session.execute(
            select(Exercise.uid, Attempt.answer)
            .join(Exercise, Exercise.id == Attempt.exercise_id)
            .where(Attempt.user_id == user.id)
        )
        return {uid: answer.get("order") for uid, answer in rows}


def quiz_score(site: LiveSite, email: str) -> float | None:
    """The quiz score the server kept for the student's lesson."""
    with site.data():
        user = find_user_by_email(email)
        assert isinstance(user, User)
        return db.session.scalar(
            select(LessonProgress.quiz_score).where(LessonProgress.user_id == user.id)
        )


def test_student_learns_and_practises(page: Page, live_site: LiveSite) -> None:
    """Register → lesson → quiz → ranking by drag and drop → ranking by keyboard → feedback."""
    email = "dana.drag@example.org"
    register(page, email)
    read_first_lesson_and_take_quiz(page)
    assert quiz_score(live_site, email) is not None

    dragged = rank_by_dragging(page, live_site)
    expect(page.get_by_text("Gold order", exact=True)).to_be_visible()
    expect(page.locator("main")).to_contain_text(re.compile(r"Score\s*\d+\s?%"))
    expect(page.locator("main")).to_contain_text("You put D above B")
    shot(page, JOURNEY, "07-feedback-dragged")

    typed = rank_by_keyboard(page, live_site)
    expect(page.get_by_text("Gold order", exact=True)).to_be_visible()
    shot(page, JOURNEY, "08-feedback-keyboard")

    assert stored_orders(live_site, email) == {DRAGGED_ITEM: dragged, KEYBOARD_ITEM: typed}
