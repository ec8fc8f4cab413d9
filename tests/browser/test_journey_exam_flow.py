"""Journey: the exam's rules page and explicit start, flagging and the unanswered/flagged summary,
ranking by number keys, the correction feedback as word diffs, and an admin granting extra time.
Every new page is checked with axe (no serious or critical violation) at 1280 px and at 375 px.
Each test runs in English and in Russian (Russian items and a Russian exam form in the latter)."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Browser, Page, expect
from sqlalchemy import select

from app.extensions import db
from app.models import Attempt, ExamItem, ExamSession, Role
from app.services.certification.blueprints import get_blueprint
from tests.browser.checks import assert_fits_phone, blocking_violations, resize_to
from tests.browser.exam_pages import answer_question, choose_exam_language, save_question
from tests.browser.language import Lang, assert_in_language
from tests.browser.practice import answer_order, move_button, open_practice_item, rank_status
from tests.browser.site import DESKTOP, PHONE, LiveSite, choose_language, log_in, shot
from tests.browser.world import (
    CORE_EXAM,
    active_session_id,
    exam_gold,
    make_exam_ready,
    user_by_email,
)

pytestmark = pytest.mark.browser
JOURNEY = "9-exam-flow-and-feedback"
NUMBER_KEY_ITEM = {"en": "pr-rank-005", "ru": "pr-ru-rank-005"}
CORRECTION_ITEM = {"en": "pr-corr-002", "ru": "pr-ru-corr-002"}
REWRITE = "A completely rewritten answer."


def assert_axe_clean_at_both_widths(
    page: Page, name: str, lang: Lang, allow: tuple[str, ...] = (), content: str = ""
) -> None:
    """No serious or critical axe violation at 1280 px and at 375 px, no sideways scroll; the
    page is in ``lang`` with no English interface text left."""
    assert_in_language(page, lang, allow, content)
    name = f"{name}-{lang.code}"
    problems = [f"1280px: {line}" for line in blocking_violations(page)]
    resize_to(page, PHONE)
    problems += [f"375px: {line}" for line in blocking_violations(page)]
    shot(page, JOURNEY, f"{name}-375")
    assert_fits_phone(page)
    resize_to(page, DESKTOP)
    assert not problems, f"{name} ({page.url}):\n" + "\n".join(problems)


RULES = (
    "An unanswered question is wrong on everything: it counts as disagreeing with every "
    "judgement it holds, ethics included. Answer every question.",
    "No feedback until the end: the exam never tells you whether an answer was right. After you "
    "submit you see your verdict and your agreement per criterion, never question by question.",
    "When the time runs out, the exam is submitted for you: the answers saved before the "
    "deadline are graded, and any question without a saved answer counts as unanswered.",
    "Never miss the danger on a must-catch question.",
)


def read_rules_and_start(page: Page, site: LiveSite, email: str, lang: Lang) -> int:
    """Exams → the rules page (time, sections, what counts) → Start the exam."""
    main_nav = page.get_by_role("navigation", name=lang("Main"))
    main_nav.get_by_role("link", name=lang("Exams")).click()
    page.get_by_role("link", name=lang.part("Read the rules and start")).first.click()
    main = page.locator("main")
    heading = lang.shape("Before you start: %(title)s")
    expect(main.get_by_role("heading", level=1)).to_contain_text(heading)
    expect(main).to_contain_text(lang.shape("You have %(n)s minutes."))
    for rule in RULES:
        expect(main).to_contain_text(lang(rule))
    shot(page, JOURNEY, f"01-rules-{lang.code}")
    assert_axe_clean_at_both_widths(page, "01-rules", lang)
    choose_exam_language(page, lang)
    with site.data():
        user = user_by_email(email)
        started = select(ExamSession.id).where(ExamSession.user_id == user.id)
        assert db.session.scalar(started) is None  # reading the rules starts nothing
    page.get_by_role("button", name=lang("Start the exam")).click()
    expect(page.locator(".flashes")).to_contain_text(
        lang("Your exam has started. The timer runs on the server.")
    )
    return active_session_id(site, email)


def flag_question(page: Page, position: int, lang: Lang) -> None:
    """Press "Flag for later": announced, the button turns into "Remove flag", the nav marks it."""
    page.get_by_role("button", name=lang.part("Flag for later")).click()
    flagged = lang("Question %(n)s flagged for later.", n=position)
    expect(page.locator("[data-flag-status]")).to_contain_text(flagged)
    expect(page.get_by_role("button", name=lang.part("Remove flag"))).to_be_visible()
    expect(page.locator(".exam-nav a[aria-current='step']")).to_have_class(re.compile("is-flagged"))


def question_link(lang: Lang, position: int) -> re.Pattern[str]:
    """The summary's link to a question: "Question 1: <its title>"."""
    return re.compile("^" + re.escape(lang("Question %(n)s", n=position) + ":"))


def flag_and_summarise(page: Page, site: LiveSite, session_id: int, lang: Lang) -> None:
    """Flag question 1 unanswered, answer and flag question 2: the summary lists both kinds."""
    gold = exam_gold(site, session_id)
    page.goto(site.path("exams.question", session_id=session_id, position=1))
    flag_question(page, 1, lang)
    assert_axe_clean_at_both_widths(page, "02-question-flagged", lang)
    page.goto(site.path("exams.question", session_id=session_id, position=2))
    answer_question(page, gold[2], lang)
    flag_question(page, 2, lang)
    save_question(page, 2, lang)
    with site.data():
        flags = db.session.execute(
            select(ExamItem.position, ExamItem.flagged).where(ExamItem.session_id == session_id)
        ).all()
    assert sorted(p for p, flagged in flags if flagged) == [1, 2]
    page.goto(site.path("exams.question", session_id=session_id, position=2))
    review = "Review unanswered and flagged questions, then submit"
    page.get_by_role("link", name=lang.part(review)).click()
    unanswered = page.locator("section", has=page.locator("#unanswered-heading"))
    flagged = page.locator("section", has=page.locator("#flagged-heading"))
    expect(unanswered.get_by_role("link", name=question_link(lang, 1))).to_be_visible()
    expect(unanswered.get_by_role("link", name=question_link(lang, 2))).to_have_count(0)
    expect(flagged.get_by_role("link", name=question_link(lang, 1))).to_have_count(1)
    expect(flagged.get_by_role("link", name=question_link(lang, 2))).to_have_count(1)
    shot(page, JOURNEY, f"03-summary-{lang.code}")
    assert_axe_clean_at_both_widths(page, "03-summary", lang)
    flagged.get_by_role("link", name=question_link(lang, 1)).click()
    heading = lang("Question %(n)s of %(total)s", n=1, total="")
    expect(page.get_by_role("heading", level=1)).to_contain_text(heading)


def rank_exam_question_by_number_key(
    page: Page, site: LiveSite, session_id: int, lang: Lang
) -> None:
    """In the exam, a number key moves the focused card and the answer autosaves."""
    gold = exam_gold(site, session_id)
    position = next(p for p, g in sorted(gold.items()) if "order" in g and p > 2)
    page.goto(site.path("exams.question", session_id=session_id, position=position))
    start = answer_order(page)
    page.locator(f"[data-answer='{start[-1]}'] h3").click()
    page.keyboard.press("1")
    expect(page.locator("[data-save-status]")).to_have_text(lang("Saved."))
    shot(page, JOURNEY, f"03b-exam-ranking-number-key-{lang.code}")
    assert_axe_clean_at_both_widths(page, "03b-exam-ranking", lang)
    with site.data():
        saved = db.session.scalar(
            select(ExamItem.answer).where(
                ExamItem.session_id == session_id, ExamItem.position == position
            )
        )
    assert saved == {"order": [start[-1], *start[:-1]]}


def submit_with_confirmation(page: Page, site: LiveSite, session_id: int, lang: Lang) -> None:
    """The summary's submit needs the unanswered confirmation; then the exam is graded."""
    page.goto(site.path("exams.summary", session_id=session_id))
    page.get_by_label(lang.shape("Submit anyway with %(n)s unanswered questions.")).check()
    page.get_by_role("button", name=lang("Submit the exam")).click()
    expect(page.locator(".exam-verdict")).to_be_visible()
    with site.data():
        assert db.session.get(ExamSession, session_id).status != "active"


def test_exam_rules_flags_and_summary(page: Page, live_site: LiveSite, lang: Lang) -> None:
    """Rules → Start → flag → answer → summary of unanswered and flagged → confirmed submit."""
    email = make_exam_ready(live_site, "Fern Flagger")
    log_in(page, email, lang=lang)
    session_id = read_rules_and_start(page, live_site, email, lang)
    flag_and_summarise(page, live_site, session_id, lang)
    rank_exam_question_by_number_key(page, live_site, session_id, lang)
    submit_with_confirmation(page, live_site, session_id, lang)


def test_number_keys_place_the_focused_answer(
    page: Page, live_site: LiveSite, lang: Lang
) -> None:
    """Click a card, press 1: it moves to the top, is announced, and the form sends that order."""
    log_in(page, live_site.make_user(name="Nina Numbers"), lang=lang)
    open_practice_item(page, live_site, NUMBER_KEY_ITEM[lang.code])
    start = answer_order(page)
    assert page.locator("[data-rank-list] .rank-answer").count() == len(start)  # full answers
    last = start[-1]
    page.locator(f"[data-answer='{last}'] h3").click()
    page.keyboard.press("1")
    assert answer_order(page) == [last, *start[:-1]]
    assert re.search(rf"\b{last}\b.*\b1\b", rank_status(page))
    assert page.locator("#order_1").input_value() == last  # the no-script selects follow
    move = page.get_by_role("button", name=move_button(start[0], "down", lang))
    move.focus()
    page.keyboard.press(str(len(start)))
    expected = [last, *start[1:-1], start[0]]
    assert answer_order(page) == expected
    assert re.search(rf"\b{start[0]}\b.*\b{len(start)}\b", rank_status(page))
    shot(page, JOURNEY, f"04-number-keys-{lang.code}")
    assert_axe_clean_at_both_widths(page, "04-ranking-cards", lang)
    page.locator("main form").get_by_role("button", name=lang("Submit and see feedback")).click()
    expect(page.get_by_text(lang("Gold order"), exact=True)).to_be_visible()
    with live_site.data():
        answer = db.session.scalars(select(Attempt.answer).order_by(Attempt.id.desc())).first()
    assert answer == {"order": expected}


def test_without_script_the_cards_are_a_list_and_the_selects_rank(
    browser: Browser, live_site: LiveSite, lang: Lang
) -> None:
    """No JavaScript: full answers as a plain list, one select per position, same form."""
    context = browser.new_context(
        base_url=live_site.url, viewport=DESKTOP, java_script_enabled=False
    )
    choose_language(context, live_site, lang.code)
    page = context.new_page()
    try:
        log_in(page, live_site.make_user(name="Noel NoScript"), lang=lang)
        page.goto(live_site.path("practice.item", uid=NUMBER_KEY_ITEM[lang.code]))
        expect(page.locator("[data-rank-selects]")).to_be_visible()
        assert_in_language(page, lang)
        move_up = re.compile("^" + re.escape(lang("Move up")))
        expect(page.get_by_role("button", name=move_up)).to_have_count(0)
        ids = answer_order(page)
        assert page.locator("[data-rank-list] .rank-answer").count() == len(ids)
        order = list(reversed(ids))
        for position, answer in enumerate(order, start=1):
            page.locator(f"#order_{position}").select_option(answer)
        submit = lang("Submit and see feedback")
        page.locator("main form").get_by_role("button", name=submit).click()
        expect(page.get_by_text(lang("Gold order"), exact=True)).to_be_visible()
        with live_site.data():
            answer = db.session.scalars(select(Attempt.answer).order_by(Attempt.id.desc())).first()
        assert answer == {"order": order}
    finally:
        context.close()


def test_correction_feedback_shows_word_diffs(page: Page, live_site: LiveSite, lang: Lang) -> None:
    """A rewrite is shown against the original with <ins>/<del>, and so is the expert's."""
    log_in(page, live_site.make_user(name="Cora Corrector"), lang=lang)
    page.goto(live_site.path("practice.item", uid=CORRECTION_ITEM[lang.code]))
    assert_in_language(page, lang)
    box = page.locator("main form textarea[name='text']")
    original = box.input_value()
    box.fill(f"{REWRITE} " + original.split("\n")[0])
    page.locator("main form").get_by_role("button", name=lang("Submit and see feedback")).click()
    mine = page.locator("[data-diff='mine']")
    expert = page.locator("[data-diff='expert']")
    expect(mine.locator("ins").first).to_contain_text("completely rewritten")
    expect(mine.locator("del").first).to_be_attached()
    expect(expert.locator("ins, del").first).to_be_attached()
    expect(mine.locator("ins .visually-hidden").first).to_have_text(lang("[inserted: "))
    shot(page, JOURNEY, f"05-correction-diff-{lang.code}")
    # The learner's own rewrite is their data, whatever its language.
    assert_axe_clean_at_both_widths(page, "05-correction-diff", lang, allow=(REWRITE,))


def test_admin_grants_extra_time_that_the_rules_page_shows(
    page: Page, live_site: LiveSite, lang: Lang
) -> None:
    """The admin's users page sets extra minutes; the student's rules page counts them."""
    name = "Tariq Time"
    student = make_exam_ready(live_site, name)
    log_in(page, live_site.make_user(Role.ADMIN, "Ada Admin"), lang=lang)
    page.goto(live_site.path("admin.users", q=student))
    page.get_by_label(lang("Extra exam minutes for %(name)s", name=name)).fill("20")
    page.get_by_role("button", name=lang.part("Save minutes")).click()
    granted = lang("%(name)s now has %(n)s extra minutes in exams.", name=name, n=20)
    expect(page.locator(".flashes")).to_contain_text(granted)
    assert_axe_clean_at_both_widths(page, "06-admin-extra-time", lang, allow=(name, student))
    with live_site.data():
        assert user_by_email(student).exam_extra_minutes == 20
        base = get_blueprint(CORE_EXAM).time_limit_minutes
    page.get_by_role("button", name=lang("Log out")).click()
    log_in(page, student, lang=lang)
    page.goto(live_site.path("exams.rules", slug=CORE_EXAM))
    extra = "This includes %(extra)s extra minutes granted to you (the exam allows %(base)s)."
    expect(page.locator("[data-rules-time]")).to_contain_text(lang(extra, extra=20, base=base))
