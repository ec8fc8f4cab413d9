"""Journey 4: an instructor writes a ranking exercise in the studio, previews it as a student
would see it, publishes it, and a student finds it in practice, answers it and sees its feedback.

Runs in English and in Russian. The item is English in both runs: the authoring form has no
language field yet, so the Russian student looks for it among every language's items."""

from __future__ import annotations

import pytest
from playwright.sync_api import Browser, Page, expect

from app.extensions import db
from app.models import Role
from tests.browser.language import Lang, assert_in_language
from tests.browser.practice import answer_order, submit_practice
from tests.browser.site import LiveSite, log_in, shot, visitor_page

pytestmark = pytest.mark.browser
JOURNEY = "4-instructor-authors"
# One item per run (both runs share the site), told apart by id and title.
UIDS = {"en": "pr-browser-001", "ru": "pr-browser-002"}
TITLES = {"en": "A smoke alarm that keeps chirping", "ru": "A smoke alarm that chirps at night"}
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
# What the author typed: the item's own text, in English whatever the interface's language.
TYPED = (*TITLES.values(), PROMPT, RATIONALE, *(a[0] for a in ANSWERS), *(a[4] for a in ANSWERS))


def fill_item_form(page: Page, lang: Lang) -> None:
    """Write the whole ranking item into the authoring form."""
    rows = page.locator("fieldset.answer-row")
    add_answer = page.get_by_role("button", name=lang("Add an answer"))
    # The link to this form was just clicked. Counting rows before the form had loaded read 0 on
    # the bank page, then expected 1 after "Add an answer" when the form had 4 (CI, twice). The
    # button follows the rows in the document, so once it shows, every row is there.
    expect(add_answer).to_be_visible()
    while (shown := rows.count()) < len(ANSWERS):  # a new ranking starts with three rows
        add_answer.click()
        # The button posts the form and the page comes back with one more row; counting again
        # before it has come back clicked twice and left an empty fifth answer (CI, once).
        expect(rows).to_have_count(shown + 1)
    page.get_by_label(lang("Item id")).fill(UIDS[lang.code])
    page.get_by_label(lang("Title"), exact=True).fill(TITLES[lang.code])
    page.get_by_label(lang("Topic")).select_option("everyday")
    page.locator("fieldset.checks input[value='ethics']").check()
    page.locator("fieldset.checks input[value='accuracy']").check()
    page.get_by_label(lang("Prompt (the user's message)")).fill(PROMPT)
    for index, (text, harmful, inaccurate, irrelevant, note) in enumerate(ANSWERS):
        row = rows.nth(index)
        row.get_by_label(lang("Answer text")).fill(text)
        row.get_by_label(lang("Harmful (ethics)")).select_option(SEVERITY[harmful])
        row.get_by_label(lang("Inaccurate (accuracy)")).select_option(SEVERITY[inaccurate])
        row.get_by_label(lang("Irrelevant (relevance)")).select_option(SEVERITY[irrelevant])
        row.get_by_label(lang("Note shown after submission")).fill(note)
    page.get_by_label(lang("Gold order")).fill(GOLD_ORDER)
    page.get_by_label(lang("Rationale shown after submission")).fill(RATIONALE)


def author_preview_and_publish(page: Page, site: LiveSite, lang: Lang) -> None:
    """Studio → new ranking item → save draft → preview → publish."""
    log_in(page, site.make_user(Role.INSTRUCTOR, "Ola Author"), lang=lang)
    expect(page.locator("h1")).to_have_text(lang("Studio home"))  # they land on their work
    # Its lists and tables name bank items by their titles, content not marked with its language
    # (reported), and other tests on the same site add English items to them.
    assert_in_language(page, lang, content="main td, main li")
    studio_nav = page.get_by_role("navigation", name=lang("Studio"))
    studio_nav.get_by_role("link", name=lang("Exercise bank")).click()
    assert_in_language(page, lang)
    shot(page, JOURNEY, f"01-studio-{lang.code}")
    page.locator(f"main a[href='{site.path('studio.new_exercise', kind='ranking')}']").click()
    fill_item_form(page, lang)
    assert_in_language(page, lang)
    shot(page, JOURNEY, f"02-form-{lang.code}")
    page.get_by_role("button", name=lang("Save draft")).first.click()
    saved = lang("Draft %(id)s saved.", id=UIDS[lang.code])
    expect(page.locator(".flashes")).to_contain_text(saved)
    assert_in_language(page, lang, allow=TYPED)

    page.get_by_role("link", name=lang("Preview as a student")).click()
    main = page.locator("main")
    expect(main).to_contain_text(PROMPT)
    expect(page.locator("[data-rank-list]")).to_be_visible()
    for text, *_labels, note in ANSWERS:
        expect(main).to_contain_text(text[:40])
        expect(main).not_to_contain_text(note)
    expect(main).not_to_contain_text(RATIONALE[:40])
    assert_in_language(page, lang, allow=TYPED)
    shot(page, JOURNEY, f"03-preview-{lang.code}")

    page.get_by_role("link", name=lang("Back to %(id)s", id=UIDS[lang.code])).click()
    page.get_by_role("button", name=lang("Publish"), exact=True).click()
    needs = "This item needs approval by %(n)s instructor(s) other than its author before " \
        "publishing; %(k)s so far."
    expect(page.locator(".flashes")).to_contain_text(lang(needs, n=1, k=0))


def review_it(page: Page, site: LiveSite, lang: Lang) -> None:
    """A second instructor opens the draft and approves it (authors cannot review their own)."""
    log_in(page, site.make_user(Role.INSTRUCTOR, "Rita Reviewer"), lang=lang)
    page.goto(site.path("studio.exercise", exercise_id=site_exercise_id(site, UIDS[lang.code])))
    page.get_by_role("button", name=lang("Approve version %(n)s", n=1)).click()
    approved = lang("Your approval of version %(n)s is recorded.", n=1)
    expect(page.locator(".flashes")).to_contain_text(approved)
    assert_in_language(page, lang, allow=TYPED)


def site_exercise_id(site: LiveSite, uid: str) -> int:
    """The new item's database id."""
    from sqlalchemy import select

    from app.models import Exercise

    with site.data():
        return db.session.scalar(select(Exercise.id).where(Exercise.uid == uid))


def publish_it(page: Page, lang: Lang) -> None:
    """The author publishes the reviewed draft."""
    page.reload()
    page.get_by_role("button", name=lang("Publish"), exact=True).click()
    published = lang("%(id)s is published.", id=UIDS[lang.code])
    expect(page.locator(".flashes")).to_contain_text(published)
    assert_in_language(page, lang, allow=TYPED)
    shot(page, JOURNEY, f"04-published-{lang.code}")


def student_answers_it(page: Page, site: LiveSite, lang: Lang) -> None:
    """A student finds the new item through the practice filters, ranks it and gets feedback.

    The filter shows the reader's language by default; the item is English, so the Russian
    student asks for every language."""
    log_in(page, site.make_user(Role.STUDENT, "Stu Dent"), lang=lang)
    main_nav = page.get_by_role("navigation", name=lang("Main"))
    main_nav.get_by_role("link", name=lang("Practice"), exact=True).click()
    assert_in_language(page, lang)
    page.get_by_label(lang("Topic")).select_option("everyday")
    page.get_by_label(lang("Kind")).select_option("ranking")
    if not lang.is_original:
        page.locator("#filter-language").select_option("any")
    page.locator("form.filter-form").get_by_role("button").click()
    page.get_by_role("link", name=TITLES[lang.code], exact=True).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(TITLES[lang.code])
    assert answer_order(page) == ["A", "B", "C", "D"]
    assert_in_language(page, lang, allow=TYPED)
    shot(page, JOURNEY, f"05-student-item-{lang.code}")
    submit_practice(page, lang=lang)
    main = page.locator("main")
    expect(main).to_contain_text(RATIONALE[:60])
    expect(main).to_contain_text(ANSWERS[1][4])
    expect(main).to_contain_text(lang("Gold order"))
    assert_in_language(page, lang, allow=TYPED)
    shot(page, JOURNEY, f"06-student-feedback-{lang.code}")


def test_instructor_authors_previews_publishes_and_a_student_practises_it(
    page: Page, browser: Browser, live_site: LiveSite, lang: Lang
) -> None:
    """Author → preview (no gold) → publish → the student sees and answers the new item."""
    author_preview_and_publish(page, live_site, lang)
    with visitor_page(browser, live_site, lang.code) as reviewer_page:
        review_it(reviewer_page, live_site, lang)
    publish_it(page, lang)
    with visitor_page(browser, live_site, lang.code) as student_page:
        student_answers_it(student_page, live_site, lang)
