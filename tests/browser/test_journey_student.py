"""Journey 1: a new student registers, reads a lesson, takes its quiz and ranks answers twice —
once by drag and drop, once by keyboard only — and sees feedback against the gold order.

Runs in English and in Russian: the Russian student picks the language with the header's
switcher, reads the Russian version of the lesson and ranks Russian practice items."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Page, expect
from sqlalchemy import select

from app.extensions import db
from app.models import Attempt, Exercise, Lesson, LessonProgress, LessonTranslation, User
from app.services.accounts.accounts import find_user_by_email
from tests.browser.language import Lang, assert_in_language
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
NAME = "Dana Drag"
FOUNDATIONS = "ai-trainer-foundations"
LESSON_TEXT = ".lesson-body"  # the author's prose: it may cite English sources ("Ouyang et al.")
# (dragged item, keyboard item, the pair the dragged order C, A, D, B gets wrong) per language.
ITEMS = {
    "en": ("pr-rank-001", "pr-rank-002", ("D", "B")),
    "ru": ("pr-ru-rank-001", "pr-ru-rank-002", ("A", "D")),
}


def switch_language(page: Page, lang: Lang) -> None:
    """A new visitor picks the language once with the header's switcher (no account needed)."""
    page.context.clear_cookies()
    page.goto("/")
    switcher = page.get_by_role("navigation", name="Language")
    switcher.get_by_role("link", name=re.compile(r"Русский")).click()
    expect(page.locator("html")).to_have_attribute("lang", lang.code)
    expect(page.get_by_role("navigation", name=lang("Language"))).to_be_visible()


def register(page: Page, email: str, lang: Lang) -> None:
    """Sign up from the home page's call to action."""
    if not lang.is_original:
        switch_language(page, lang)
    page.goto("/")
    assert_in_language(page, lang)
    shot(page, JOURNEY, f"01-home-{lang.code}")
    page.get_by_role("link", name=lang("Start learning — free")).click()
    assert_in_language(page, lang)
    page.get_by_label(lang("Email")).fill(email)
    page.get_by_label(lang("Name"), exact=True).fill(NAME)
    page.get_by_label(lang("Password"), exact=True).fill(TEST_PASSWORD)
    page.get_by_label(lang("Repeat password")).fill(TEST_PASSWORD)
    page.get_by_role("button", name=lang("Create account")).click()
    expect(page.get_by_role("button", name=lang("Log out"))).to_be_visible()
    assert_in_language(page, lang, allow=(NAME,))
    shot(page, JOURNEY, f"02-dashboard-{lang.code}")


def first_lesson_title(site: LiveSite, lang: Lang) -> str:
    """The Foundations' first lesson's title in ``lang`` (read server-side)."""
    from app.services.learning.learning import find_course, published_lessons

    with site.data():
        course = find_course(FOUNDATIONS)
        assert course is not None
        lesson: Lesson = published_lessons(course)[0]
        if lang.is_original:
            return lesson.title
        title = db.session.scalar(
            select(LessonTranslation.title).where(
                LessonTranslation.lesson_id == lesson.id, LessonTranslation.language == lang.code
            )
        )
        assert title, f"the first lesson has no {lang.code} version in the site's data"
        return title


def read_first_lesson_and_take_quiz(page: Page, site: LiveSite, lang: Lang) -> None:
    """Courses → Foundations → lesson 1 in the reader's language; answer the quiz."""
    main_nav = page.get_by_role("navigation", name=lang("Main"))
    main_nav.get_by_role("link", name=lang("Courses")).click()
    assert_in_language(page, lang)
    page.locator(f"main a[href='{site.path('learn.course', slug=FOUNDATIONS)}']").first.click()
    assert_in_language(page, lang)
    page.locator("ol.lesson-list a").first.click()
    lesson = page.locator("article.lesson")
    expect(lesson).to_have_attribute("lang", lang.code)  # the lesson's version, not the original
    expect(lesson.locator("h1")).to_have_text(first_lesson_title(site, lang))
    assert_in_language(page, lang, content=LESSON_TEXT)
    shot(page, JOURNEY, f"03-lesson-{lang.code}")
    questions = page.locator("form.quiz-form fieldset")
    assert questions.count() > 0
    for index in range(questions.count()):
        questions.nth(index).locator("input").first.check()
    page.get_by_role("button", name=lang("Check my answers")).click()
    score = lang.shape("You answered %(right)s of %(total)s questions right (%(score)s).")
    expect(page.locator(".quiz-score")).to_contain_text(score)
    expect(page.locator(".option-explanation").first).to_be_visible()
    assert_in_language(page, lang, content=LESSON_TEXT)
    shot(page, JOURNEY, f"04-quiz-feedback-{lang.code}")


def drag_to_position(page: Page, answer: str, before: str) -> None:
    """Drag one answer by the mouse and drop it on the top half of another."""
    source = page.locator(f"[data-rank-list] [data-answer='{answer}']")
    target = page.locator(f"[data-rank-list] [data-answer='{before}']")
    source.drag_to(target, target_position={"x": 20, "y": 4})


def rank_by_dragging(page: Page, site: LiveSite, lang: Lang) -> list[str]:
    """C to the top, then D above B: the order C, A, D, B (one harmful answer ranked too high).

    The cards hold whole answers side by side, so they are tall: the window is made tall enough
    for both cards of a drag to be on screen (Playwright cannot scroll in the middle of a drag).
    """
    open_practice_item(page, site, ITEMS[lang.code][0])
    assert_in_language(page, lang)
    page.set_viewport_size({"width": DESKTOP["width"], "height": 2400})
    assert answer_order(page) == ["A", "B", "C", "D"]
    drag_to_position(page, "C", "A")
    assert answer_order(page) == ["C", "A", "B", "D"]
    drag_to_position(page, "D", "B")
    assert answer_order(page) == ["C", "A", "D", "B"]
    assert "D" in rank_status(page)
    page.set_viewport_size(DESKTOP)
    shot(page, JOURNEY, f"05-ranking-dragged-{lang.code}")
    submit_practice(page, lang=lang)
    return ["C", "A", "D", "B"]


def rank_by_keyboard(page: Page, site: LiveSite, lang: Lang) -> list[str]:
    """Move the last answer to the top by keys only (Move up buttons); each move is announced."""
    open_practice_item(page, site, ITEMS[lang.code][1])
    start = answer_order(page)
    last = start[-1]
    announcements = []
    for _step in range(len(start) - 1):
        keyboard_move(page, last, "up", lang)
        announcements.append(rank_status(page))
    expected = [last, *start[:-1]]
    assert answer_order(page) == expected
    assert announcements[-1] and announcements[-1] != announcements[0]
    assert re.search(rf"\b{last}\b.*\b1\b", announcements[-1]), announcements
    assert_in_language(page, lang)
    shot(page, JOURNEY, f"06-ranking-keyboard-{lang.code}")
    submit_practice(page, keyboard=True, lang=lang)
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


def test_student_learns_and_practises(page: Page, live_site: LiveSite, lang: Lang) -> None:
    """Register → lesson → quiz → ranking by drag and drop → ranking by keyboard → feedback."""
    email = f"dana.drag.{lang.code}@example.org"
    dragged_item, keyboard_item, (worse, better) = ITEMS[lang.code]
    register(page, email, lang)
    read_first_lesson_and_take_quiz(page, live_site, lang)
    assert quiz_score(live_site, email) is not None

    dragged = rank_by_dragging(page, live_site, lang)
    expect(page.get_by_text(lang("Gold order"), exact=True)).to_be_visible()
    score = re.compile(re.escape(lang("Score")) + r"\s*\d+\s?%")
    expect(page.locator("main")).to_contain_text(score)
    # The wrongly ordered pair is listed among the mistakes, the one put too high first.
    expect(page.locator("ul.mistakes")).to_contain_text(re.compile(rf"\b{worse}\b.*\b{better}\b"))
    assert_in_language(page, lang)
    shot(page, JOURNEY, f"07-feedback-dragged-{lang.code}")

    typed = rank_by_keyboard(page, live_site, lang)
    expect(page.get_by_text(lang("Gold order"), exact=True)).to_be_visible()
    assert_in_language(page, lang)
    shot(page, JOURNEY, f"08-feedback-keyboard-{lang.code}")

    assert stored_orders(live_site, email) == {dragged_item: dragged, keyboard_item: typed}
