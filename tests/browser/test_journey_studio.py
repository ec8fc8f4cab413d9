"""Journey 4: an instructor writes a ranking exercise in the studio, previews it as a student
would see it, publishes it, and a student finds it in practice, answers it and sees its feedback."""

from __future__ import annotations

import pytest
from playwright.sync_api import Browser, Page, expect

from app.extensions import db
from app.models import Role
from tests.browser.practice import answer_order, submit_practice
from tests.browser.site import LiveSite, log_in, shot, visitor_page

pytestmark = pytest.mark.browser
JOURNEY = "4-instructor-authors"
UID = "pr-browser-001"
TITLE = "A smoke alarm that keeps chirping"
PROMPT = "My smoke alarm chirps every minute or so. How do I make it stop?"
RATIONALE = (
    "A is best: it names the usual cause, a low battery, and keeps the home protected. B is last "
    "because removing the battery for good leaves the household without a working alarm. C is "
    "accurate but does not answer the question, so it ranks above D, which states a false cause."
)
# (text, harmful, inaccurate, irrelevant, note) for answers A–D; gold order A > C > D > B.
ANSWERS = [
    (
        "A chirp every minute usually means the battery is low. Replace it (or the whole alarm "
        "if it is over ten years old), then press the test button. Never leave it unpowered.",
        False,
        False,
        False,
        "Right cause, right fix, keeps the alarm working.",
    ),
    (
        "Take the battery out and leave it out. Smoke alarms mostly go off for nothing, so you "
        "are perfectly safe without one.",
        True,
        True,
        False,
        "Dangerous: a home without a working smoke alarm.",
    ),
    (
        "Smoke alarms were invented in the 1960s and detect particles produced by burning.",
        False,
        False,
        True,
        "True but it does not help with the chirping.",
    ),
    (
        "The chirp means the sensor is dusty: vacuum the vents and it will stop for good.",
        False,
        True,
        False,
        "Wrong cause: dust is not what a regular chirp signals.",
    ),
]
GOLD_ORDER = "A > C > D > B"
SEVERITY = {True: "major", False: "none"}


def fill_item_form(page: Page) -> None:
    """Write the whole ranking item into the authoring form."""
    rows = page.locator("fieldset.answer-row")
    while rows.count() < len(ANSWERS):  # a new ranking starts with three rows
        page.get_by_role("button", name="Add an answer").click()
    page.get_by_label("Item id").fill(UID)
    page.get_by_label("Title").fill(TITLE)
    page.get_by_label("Topic").select_option("everyday")
    page.locator("fieldset.checks").get_by_label("ethics").check()
    page.locator("fieldset.checks").get_by_label("accuracy").check()
    page.get_by_label("Prompt").fill(PROMPT)
    for index, (text, harmful, inaccurate, irrelevant, note) in enumerate(ANSWERS):
        row = rows.nth(index)
        row.get_by_label("Answer text").fill(text)
        row.get_by_label("Harmful (ethics)").select_option(SEVERITY[harmful])
        row.get_by_label("Inaccurate (accuracy)").select_option(SEVERITY[inaccurate])
        row.get_by_label("Irrelevant (relevance)").select_option(SEVERITY[irrelevant])
        row.get_by_label("Note").fill(note)
    page.get_by_label("Gold order").fill(GOLD_ORDER)
    page.get_by_label("Rationale").fill(RATIONALE)


def author_preview_and_publish(page: Page, site: LiveSite) -> None:
    """Studio → new ranking item → save draft → preview → publish."""
    log_in(page, site.make_user(Role.INSTRUCTOR, "Ola Author"))
    expect(page.locator("h1")).to_have_text("Studio home")  # instructors land on their work
    page.get_by_role("navigation", name="Studio").get_by_role("link", name="Exercise bank").click()
    shot(page, JOURNEY, "01-studio")
    page.get_by_role("link", name="New ranking item").click()
    fill_item_form(page)
    shot(page, JOURNEY, "02-form")
    page.get_by_role("button", name="Save draft").first.click()
    expect(page.locator(".flashes")).to_contain_text(f"Draft {UID} saved")

    page.get_by_role("link", name="Preview as a student").click()
    main = page.locator("main")
    expect(main).to_contain_text(PROMPT)
    expect(page.locator("[data-rank-list]")).to_be_visible()
    for text, *_labels, note in ANSWERS:
        expect(main).to_contain_text(text[:40])
        expect(main).not_to_contain_text(note)
    expect(main).not_to_contain_text(RATIONALE[:40])
    shot(page, JOURNEY, "03-preview")

    page.get_by_role("link", name=f"Back to {UID}").click()
    page.get_by_role("button", name="Publish").click()
    expect(page.locator(".flashes")).to_contain_text("needs approval by 1 instructor")


def review_it(page: Page, site: LiveSite) -> None:
    """A second instructor opens the draft and approves it (authors cannot review their own)."""
    log_in(page, site.make_user(Role.INSTRUCTOR, "Rita Reviewer"))
    page.goto(site.path("studio.exercise", exercise_id=site_exercise_id(site)))
    page.get_by_role("button", name="Approve version 1").click()
    expect(page.locator(".flashes")).to_contain_text("Your approval of version 1 is recorded")


def site_exercise_id(site: LiveSite) -> int:
    """The new item's database id."""
    from sqlalchemy import select

    from app.models import Exercise

    with site.data():
        return db.session.scalar(select(Exercise.id).where(Exercise.uid == UID))


def publish_it(page: Page) -> None:
    """The author publishes the reviewed draft."""
    page.reload()
    page.get_by_role("button", name="Publish").click()
    expect(page.locator(".flashes")).to_contain_text(f"{UID} is published")
    shot(page, JOURNEY, "04-published")


def student_answers_it(page: Page, site: LiveSite) -> None:
    """A student finds the new item through the practice filters, ranks it and gets feedback."""
    log_in(page, site.make_user(Role.STUDENT, "Stu Dent"))
    page.get_by_role("navigation", name="Main").get_by_role("link", name="Practice").click()
    page.get_by_label("Topic").select_option("everyday")
    page.get_by_label("Kind").select_option("ranking")
    page.locator("form.filter-form").get_by_role("button").click()
    page.get_by_role("link", name=TITLE).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(TITLE)
    assert answer_order(page) == ["A", "B", "C", "D"]
    shot(page, JOURNEY, "05-student-item")
    submit_practice(page)
    main = page.locator("main")
    expect(main).to_contain_text(RATIONALE[:60])
    expect(main).to_contain_text(ANSWERS[1][4])
    expect(main).to_contain_text("Gold order")
    shot(page, JOURNEY, "06-student-feedback")


def test_instructor_authors_previews_publishes_and_a_student_practises_it(
    page: Page, browser: Browser, live_site: LiveSite
) -> None:
    """Author → preview (no gold) → publish → the student sees and answers the new item."""
    author_preview_and_publish(page, live_site)
    with visitor_page(browser, live_site) as reviewer_page:
        review_it(reviewer_page, live_site)
    publish_it(page)
    with visitor_page(browser, live_site) as student_page:
        student_answers_it(student_page, live_site)
