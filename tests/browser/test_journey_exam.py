"""Journey 2: an eligible student sits the core exam to the end, two instructors mark the reference
answer blind, the student passes, opens the certificate and downloads the signed credential.

Runs in English and in Russian; the Russian student chooses to take the exam in Russian (the
rules page offers it when the Russian pool can fill a form) and every question is then Russian."""

from __future__ import annotations

import json
import re

import pytest
from playwright.sync_api import Browser, Page, expect
from sqlalchemy import select

from app.extensions import db
from app.models import ExamItem, ExamSession, Exercise, Role
from tests.browser.exam_pages import answer_question, choose_exam_language, save_question
from tests.browser.language import Lang, assert_in_language
from tests.browser.site import ARTIFACTS, LiveSite, log_in, shot, visitor_page
from tests.browser.world import CORE_EXAM, active_session_id, exam_gold, make_exam_ready

pytestmark = pytest.mark.browser
JOURNEY = "2-student-passes-exam"
NAME = "Cleo Certified"


def item_languages(site: LiveSite, session_id: int) -> set[str]:
    """The languages of the items drawn for an exam (read server-side)."""
    with site.data():
        session = db.session.get(ExamSession, session_id)
        assert session is not None
        rows = db.session.scalars(
            select(Exercise.language)
            .join(ExamItem, ExamItem.exercise_id == Exercise.id)
            .where(ExamItem.session_id == session_id)
        )
        return {session.language, *rows}


def sit_exam(page: Page, site: LiveSite, email: str, lang: Lang) -> int:
    """Start the exam, answer every question with its gold (read server-side), submit it."""
    main_nav = page.get_by_role("navigation", name=lang("Main"))
    main_nav.get_by_role("link", name=lang("Exams")).click()
    assert_in_language(page, lang)
    shot(page, JOURNEY, f"01-exams-{lang.code}")
    page.get_by_role("link", name=lang.part("Read the rules and start")).first.click()
    assert_in_language(page, lang)
    choose_exam_language(page, lang)
    page.get_by_role("button", name=lang("Start the exam")).click()
    session_id = active_session_id(site, email)
    assert item_languages(site, session_id) == {lang.code}
    gold = exam_gold(site, session_id)
    for number, position in enumerate(sorted(gold), start=1):
        address = site.path("exams.question", session_id=session_id, position=position)
        if number == 1:
            page.goto(address)
        else:  # "Save and next" on the previous question brought the student here
            expect(page).to_have_url(re.compile(re.escape(address) + "$"))
        answer_question(page, gold[position], lang)
        if number in (1, len(gold)):
            assert_in_language(page, lang)
            shot(page, JOURNEY, f"02-question-{number}-{lang.code}")
        save_question(page, position, lang)
    page.goto(site.path("exams.session_page", session_id=session_id))
    saved = page.locator("main table td .tag")  # "saved" (.ok) or "not answered" (.warn)
    expect(saved.and_(page.locator(".ok"))).to_have_count(len(gold))
    expect(saved.and_(page.locator(".warn"))).to_have_count(0)
    assert_in_language(page, lang)
    shot(page, JOURNEY, f"03-all-answered-{lang.code}")
    page.get_by_role("link", name=lang("Review and submit")).click()
    expect(page.locator("main")).to_contain_text(lang("Every question has a saved answer."))
    assert_in_language(page, lang)
    page.get_by_role("button", name=lang("Submit the exam")).click()
    expect(page.locator(".exam-verdict")).to_be_visible()
    assert_in_language(page, lang)
    shot(page, JOURNEY, f"04-pending-review-{lang.code}")
    return session_id


def score_reference_in_review_queue(
    browser: Browser, site: LiveSite, session_id: int, lang: Lang
) -> None:
    """Two instructors open the review queue and each mark the anonymous script 7 of 7."""
    with site.data():
        item_id = db.session.scalar(
            select(ExamItem.id).where(
                ExamItem.session_id == session_id, ExamItem.section == "reference"
            )
        )
    for number, name in enumerate(("Rita Reviewer", "Remy Reviewer"), start=1):
        instructor = site.make_user(Role.INSTRUCTOR, name)
        with visitor_page(browser, site, lang.code) as page:
            log_in(page, instructor, lang=lang)
            nav = page.get_by_role("navigation", name=lang("Studio"))  # they land on studio home
            nav.get_by_role("link", name=lang("Review queue")).click()
            address = site.path("studio.review_exam_item", item_id=item_id)
            link = page.locator(f"a[href='{address}']")
            expect(link).to_contain_text(lang("Mark 1–7"))
            expect(page.locator("main")).not_to_contain_text(NAME)  # blind
            if number == 1:
                assert_in_language(page, lang)
                shot(page, JOURNEY, f"05-review-queue-{lang.code}")
            link.click()
            expect(page.locator("main")).to_contain_text(lang("The candidate's answer"))
            page.locator("input[name='likert'][value='7']").check()
            if number == 1:
                assert_in_language(page, lang)
                shot(page, JOURNEY, f"06-scoring-{lang.code}")
            page.get_by_role("button", name=lang("Save my mark")).click()
            expect(link).to_have_count(0)


def exam_title(site: LiveSite, lang: Lang) -> str:
    """The core exam's title in ``lang`` (the blueprint's own text)."""
    from app.services.certification.blueprints import get_blueprint

    with site.data():
        blueprint = get_blueprint(CORE_EXAM)
        assert blueprint is not None
        return blueprint.text_in(lang.code)[0]


def download_credential(page: Page, lang: Lang) -> dict:
    """Download the credential file from the certificate page and read it."""
    with page.expect_download() as download_info:
        page.get_by_role("link", name=lang("Download signed credential")).first.click()
    download = download_info.value
    target = ARTIFACTS / JOURNEY / f"credential-{lang.code}.json"
    download.save_as(target)
    return json.loads(target.read_text(encoding="utf-8"))


def test_student_sits_exam_passes_and_downloads_credential(
    page: Page, browser: Browser, live_site: LiveSite, lang: Lang
) -> None:
    """Exams → start → every question → submit → review → pass → certificate → credential."""
    email = make_exam_ready(live_site, NAME)
    log_in(page, email, lang=lang)
    session_id = sit_exam(page, live_site, email, lang)
    pending = "You passed the automatically graded sections. An instructor will score your " \
        "reference answer from 1 to 7; you pass with %(n)s or more, and your certificate is " \
        "issued at once."
    expect(page.locator(".exam-verdict")).to_contain_text(lang.shape(pending))

    score_reference_in_review_queue(browser, live_site, session_id, lang)

    page.goto(live_site.path("exams.result", session_id=session_id))
    expect(page.locator(".exam-verdict")).to_contain_text(lang("Congratulations: you passed."))
    assert_in_language(page, lang)
    shot(page, JOURNEY, f"07-passed-{lang.code}")
    page.get_by_role("link", name=lang.shape("See your certificate %(code)s")).click()
    expect(page.locator("main")).to_contain_text(NAME)
    expect(page.locator("main")).to_contain_text(exam_title(live_site, lang))
    expect(page.locator("main")).to_contain_text(
        lang("Exam taken in: %(language)s", language={"en": "English", "ru": "Русский"}[lang.code])
    )
    code = re.search(r"ATS(-[A-Z0-9]{4}){3}", page.locator("main").inner_text())
    assert code is not None, "the certificate page shows its identifier"
    assert_in_language(page, lang, allow=(NAME,))
    shot(page, JOURNEY, f"08-certificate-{lang.code}")

    credential = download_credential(page, lang)
    text = json.dumps(credential, ensure_ascii=False)
    assert code.group(0) in text and NAME in text
    assert "proof" in credential or "signature" in text.lower()
