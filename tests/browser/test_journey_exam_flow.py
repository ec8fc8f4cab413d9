"""Journey: the exam's rules page and explicit start, flagging and the unanswered/flagged summary,
ranking by number keys, the correction feedback as word diffs, and an admin granting extra time.
Every new page is checked with axe (no serious or critical violation) at 1280 px and at 375 px."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Browser, Page, expect
from sqlalchemy import select

from app.extensions import db
from app.models import Attempt, ExamItem, ExamSession, Role
from tests.browser.checks import assert_fits_phone, blocking_violations
from tests.browser.exam_pages import answer_question, save_question
from tests.browser.practice import answer_order, open_practice_item, rank_status
from tests.browser.site import DESKTOP, PHONE, LiveSite, log_in, shot
from tests.browser.world import active_session_id, exam_gold, make_exam_ready, user_by_email

pytestmark = pytest.mark.browser
JOURNEY = "9-exam-flow-and-feedback"
NUMBER_KEY_ITEM = "pr-rank-005"
CORRECTION_ITEM = "pr-corr-002"


def assert_axe_clean_at_both_widths(page: Page, name: str) -> None:
    """No serious or critical axe violation at 1280 px and at 375 px, no sideways scroll."""
    problems = [f"1280px: {line}" for line in blocking_violations(page)]
    page.set_viewport_size(PHONE)
    problems += [f"375px: {line}" for line in blocking_violations(page)]
    shot(page, JOURNEY, f"{name}-375")
    assert_fits_phone(page)
    page.set_viewport_size(DESKTOP)
    assert not problems, f"{name} ({page.url}):\n" + "\n".join(problems)


def read_rules_and_start(page: Page, site: LiveSite, email: str) -> int:
    """Exams → the rules page (time, sections, what counts) → Start the exam."""
    page.get_by_role("navigation", name="Main").get_by_role("link", name="Exams").click()
    page.get_by_role("link", name=re.compile("Read the rules and start")).first.click()
    main = page.locator("main")
    expect(main.get_by_role("heading", level=1)).to_contain_text("Before you start")
    expect(main).to_contain_text(re.compile(r"You have \d+ minutes\."))
    expect(main).to_contain_text("wrong on everything")
    expect(main).to_contain_text("must-catch")
    expect(main).to_contain_text("No feedback until the end")
    expect(main).to_contain_text("submitted for you")
    shot(page, JOURNEY, "01-rules")
    assert_axe_clean_at_both_widths(page, "01-rules")
    with site.data():
        user = user_by_email(email)
        started = select(ExamSession.id).where(ExamSession.user_id == user.id)
        assert db.session.scalar(started) is None  # reading the rules starts nothing
    page.get_by_role("button", name="Start the exam").click()
    expect(page.locator(".flashes")).to_contain_text("Your exam has started")
    return active_session_id(site, email)


def flag_question(page: Page, position: int) -> None:
    """Press "Flag for later": announced, the button turns into "Remove flag", the nav marks it."""
    page.get_by_role("button", name=re.compile("Flag for later")).click()
    expect(page.locator("[data-flag-status]")).to_contain_text(f"Question {position} flagged")
    expect(page.get_by_role("button", name=re.compile("Remove flag"))).to_be_visible()
    expect(page.locator(".exam-nav a[aria-current='step']")).to_have_class(re.compile("is-flagged"))


def flag_and_summarise(page: Page, site: LiveSite, session_id: int) -> None:
    """Flag question 1 unanswered, answer and flag question 2: the summary lists both kinds."""
    gold = exam_gold(site, session_id)
    page.goto(site.path("exams.question", session_id=session_id, position=1))
    flag_question(page, 1)
    assert_axe_clean_at_both_widths(page, "02-question-flagged")
    page.goto(site.path("exams.question", session_id=session_id, position=2))
    answer_question(page, gold[2])
    flag_question(page, 2)
    save_question(page, 2)
    with site.data():
        flags = db.session.execute(
            select(ExamItem.position, ExamItem.flagged).where(ExamItem.session_id == session_id)
        ).all()
    assert sorted(p for p, flagged in flags if flagged) == [1, 2]
    page.goto(site.path("exams.question", session_id=session_id, position=2))
    page.get_by_role("link", name=re.compile("Review unanswered and flagged")).click()
    unanswered = page.locator("section", has=page.locator("#unanswered-heading"))
    flagged = page.locator("section", has=page.locator("#flagged-heading"))
    expect(unanswered.get_by_role("link", name=re.compile(r"^Question 1:"))).to_be_visible()
    expect(unanswered.get_by_role("link", name=re.compile(r"^Question 2:"))).to_have_count(0)
    expect(flagged.get_by_role("link", name=re.compile(r"^Question [12]:"))).to_have_count(2)
    shot(page, JOURNEY, "03-summary")
    assert_axe_clean_at_both_widths(page, "03-summary")
    flagged.get_by_role("link", name=re.compile(r"^Question 1:")).click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Question 1 of")


def rank_exam_question_by_number_key(page: Page, site: LiveSite, session_id: int) -> None:
    """In the exam, a number key moves the focused card and the answer autosaves."""
    gold = exam_gold(site, session_id)
    position = next(p for p, g in sorted(gold.items()) if "order" in g and p > 2)
    page.goto(site.path("exams.question", session_id=session_id, position=position))
    start = answer_order(page)
    page.locator(f"[data-answer='{start[-1]}'] h3").click()
    page.keyboard.press("1")
    expect(page.locator("[data-save-status]")).to_have_text("Saved.")
    shot(page, JOURNEY, "03b-exam-ranking-number-key")
    assert_axe_clean_at_both_widths(page, "03b-exam-ranking")
    with site.data():
        saved = db.session.scalar(
            select(ExamItem.answer).where(
                ExamItem.session_id == session_id, ExamItem.position == position
            )
        )
    assert saved == {"order": [start[-1], *start[:-1]]}


def submit_with_confirmation(page: Page, site: LiveSite, session_id: int) -> None:
    """The summary's submit needs the unanswered confirmation; then the exam is graded."""
    page.goto(site.path("exams.summary", session_id=session_id))
    page.get_by_label(re.compile("Submit anyway with")).check()
    page.get_by_role("button", name="Submit the exam").click()
    expect(page.locator(".exam-verdict")).to_be_visible()
    with site.data():
        assert db.session.get(ExamSession, session_id).status != "active"


def test_exam_rules_flags_and_summary(page: Page, live_site: LiveSite) -> None:
    """Rules → Start → flag → answer → summary of unanswered and flagged → confirmed submit."""
    email = make_exam_ready(live_site, "Fern Flagger")
    log_in(page, email)
    session_id = read_rules_and_start(page, live_site, email)
    flag_and_summarise(page, live_site, session_id)
    rank_exam_question_by_number_key(page, live_site, session_id)
    submit_with_confirmation(page, live_site, session_id)


def test_number_keys_place_the_focused_answer(page: Page, live_site: LiveSite) -> None:
    """Click a card, press 1: it moves to the top, is announced, and the form sends that order."""
    log_in(page, live_site.make_user(name="Nina Numbers"))
    open_practice_item(page, live_site, NUMBER_KEY_ITEM)
    start = answer_order(page)
    assert page.locator("[data-rank-list] .rank-answer").count() == len(start)  # full answers
    last = start[-1]
    page.locator(f"[data-answer='{last}'] h3").click()
    page.keyboard.press("1")
    assert answer_order(page) == [last, *start[:-1]]
    assert re.search(rf"\b{last}\b.*\b1\b", rank_status(page))
    assert page.locator("#order_1").input_value() == last  # the no-script selects follow
    move = page.get_by_role("button", name=re.compile(rf"^Move down\s+answer {start[0]}$"))
    move.focus()
    page.keyboard.press(str(len(start)))
    expected = [last, *start[1:-1], start[0]]
    assert answer_order(page) == expected
    assert re.search(rf"\b{start[0]}\b.*\b{len(start)}\b", rank_status(page))
    shot(page, JOURNEY, "04-number-keys")
    assert_axe_clean_at_both_widths(page, "04-ranking-cards")
    page.locator("main form").get_by_role("button", name=re.compile("Submit")).click()
    expect(page.get_by_text("Gold order", exact=True)).to_be_visible()
    with live_site.data():
        answer = db.session.scalars(select(Attempt.answer).order_by(Attempt.id.desc())).first()
    assert answer == {"order": expected}


def test_without_script_the_cards_are_a_list_and_the_selects_rank(
    browser: Browser, live_site: LiveSite
) -> None:
    """No JavaScript: full answers as a plain list, one select per position, same form."""
    context = browser.new_context(
        base_url=live_site.url, viewport=DESKTOP, java_script_enabled=False
    )
    page = context.new_page()
    try:
        log_in(page, live_site.make_user(name="Noel NoScript"))
        page.goto(live_site.path("practice.item", uid=NUMBER_KEY_ITEM))
        expect(page.locator("[data-rank-selects]")).to_be_visible()
        expect(page.get_by_role("button", name=re.compile("^Move up"))).to_have_count(0)
        ids = answer_order(page)
        assert page.locator("[data-rank-list] .rank-answer").count() == len(ids)
        order = list(reversed(ids))
        for position, answer in enumerate(order, start=1):
            page.locator(f"#order_{position}").select_option(answer)
        page.locator("main form").get_by_role("button", name=re.compile("Submit")).click()
        expect(page.get_by_text("Gold order", exact=True)).to_be_visible()
        with live_site.data():
            answer = db.session.scalars(select(Attempt.answer).order_by(Attempt.id.desc())).first()
        assert answer == {"order": order}
    finally:
        context.close()


def test_correction_feedback_shows_word_diffs(page: Page, live_site: LiveSite) -> None:
    """A rewrite is shown against the original with <ins>/<del>, and so is the expert's."""
    log_in(page, live_site.make_user(name="Cora Corrector"))
    page.goto(live_site.path("practice.item", uid=CORRECTION_ITEM))
    box = page.locator("main form textarea[name='text']")
    original = box.input_value()
    box.fill("A completely rewritten answer. " + original.split("\n")[0])
    page.locator("main form").get_by_role("button", name=re.compile("Submit")).click()
    mine = page.locator("[data-diff='mine']")
    expert = page.locator("[data-diff='expert']")
    expect(mine.locator("ins").first).to_contain_text("completely rewritten")
    expect(mine.locator("del").first).to_be_attached()
    expect(expert.locator("ins, del").first).to_be_attached()
    expect(mine.locator("ins .visually-hidden").first).to_have_text("[inserted: ")
    shot(page, JOURNEY, "05-correction-diff")
    assert_axe_clean_at_both_widths(page, "05-correction-diff")


def test_admin_grants_extra_time_that_the_rules_page_shows(
    page: Page, live_site: LiveSite
) -> None:
    """The admin's users page sets extra minutes; the student's rules page counts them."""
    student = make_exam_ready(live_site, "Tariq Time")
    log_in(page, live_site.make_user(Role.ADMIN, "Ada Admin"))
    page.goto(live_site.path("admin.users", q=student))
    page.get_by_label("Extra exam minutes for Tariq Time").fill("20")
    page.get_by_role("button", name=re.compile("Save minutes")).click()
    expect(page.locator(".flashes")).to_contain_text("20 extra minutes")
    assert_axe_clean_at_both_widths(page, "06-admin-extra-time")
    with live_site.data():
        assert user_by_email(student).exam_extra_minutes == 20
    page.get_by_role("button", name="Log out").click()
    log_in(page, student)
    page.goto(live_site.path("exams.rules", slug="certified-ai-trainer"))
    expect(page.locator("[data-rules-time]")).to_contain_text("20 extra minutes")
