"""Journey 2: an eligible student sits the core exam to the end, two instructors mark the reference
answer blind, the student passes, opens the certificate and downloads the signed credential."""

from __future__ import annotations

import json
import re

import pytest
from playwright.sync_api import Browser, Page, expect
from sqlalchemy import select

from app.extensions import db
from app.models import ExamItem, Role
from tests.browser.exam_pages import answer_question, save_question
from tests.browser.site import ARTIFACTS, LiveSite, log_in, shot, visitor_page
from tests.browser.world import active_session_id, exam_gold, make_exam_ready

pytestmark = pytest.mark.browser
JOURNEY = "2-student-passes-exam"


def sit_exam(page: Page, site: LiveSite, email: str) -> int:
    """Start the exam, answer every question with its gold (read server-side), submit it."""
    page.get_by_role("navigation", name="Main").get_by_role("link", name="Exams").click()
    shot(page, JOURNEY, "01-exams")
    page.get_by_role("link", name=re.compile("Read the rules and start")).first.click()
    page.get_by_role("button", name="Start the exam").click()
    session_id = active_session_id(site, email)
    gold = exam_gold(site, session_id)
    for number, position in enumerate(sorted(gold), start=1):
        page.goto(site.path("exams.question", session_id=session_id, position=position))
        answer_question(page, gold[position])
        if number in (1, len(gold)):
            shot(page, JOURNEY, f"02-question-{number}")
        save_question(page, position)
    page.goto(site.path("exams.session_page", session_id=session_id))
    expect(page.locator("main")).not_to_contain_text("not answered")
    shot(page, JOURNEY, "03-all-answered")
    page.get_by_role("link", name="Review and submit").click()
    expect(page.locator("main")).to_contain_text("Every question has a saved answer.")
    page.get_by_role("button", name="Submit the exam").click()
    expect(page.locator(".exam-verdict")).to_be_visible()
    shot(page, JOURNEY, "04-pending-review")
    return session_id


def score_reference_in_review_queue(browser: Browser, site: LiveSite, session_id: int) -> None:
    """Two instructors open the review queue and each mark the anonymous script 7 of 7."""
    with site.data():
        item_id = db.session.scalar(
            select(ExamItem.id).where(
                ExamItem.session_id == session_id, ExamItem.section == "reference"
            )
        )
    for number, name in enumerate(("Rita Reviewer", "Remy Reviewer"), start=1):
        instructor = site.make_user(Role.INSTRUCTOR, name)
        with visitor_page(browser, site) as page:
            log_in(page, instructor)
            nav = page.get_by_role("navigation", name="Studio")  # they land on the studio home
            nav.get_by_role("link", name="Review queue").click()
            address = site.path("studio.review_exam_item", item_id=item_id)
            link = page.locator(f"a[href='{address}']")
            expect(link).to_contain_text("Mark")
            expect(page.locator("main")).not_to_contain_text("Cleo Certified")  # blind
            if number == 1:
                shot(page, JOURNEY, "05-review-queue")
            link.click()
            expect(page.locator("main")).to_contain_text("The candidate's answer")
            page.locator("input[name='likert'][value='7']").check()
            if number == 1:
                shot(page, JOURNEY, "06-scoring")
            page.get_by_role("button", name="Save my mark").click()
            expect(link).to_have_count(0)


def download_credential(page: Page) -> dict:
    """Download the credential file from the certificate page and read it."""
    with page.expect_download() as download_info:
        page.get_by_role("link", name=re.compile("credential", re.I)).first.click()
    download = download_info.value
    target = ARTIFACTS / JOURNEY / "credential.json"
    download.save_as(target)
    return json.loads(target.read_text(encoding="utf-8"))


def test_student_sits_exam_passes_and_downloads_credential(
    page: Page, browser: Browser, live_site: LiveSite
) -> None:
    """Exams → start → every question → submit → review → pass → certificate → credential."""
    email = make_exam_ready(live_site, "Cleo Certified")
    log_in(page, email)
    session_id = sit_exam(page, live_site, email)
    expect(page.locator(".exam-verdict")).to_contain_text(re.compile("review", re.I))

    score_reference_in_review_queue(browser, live_site, session_id)

    page.goto(live_site.path("exams.result", session_id=session_id))
    expect(page.locator(".exam-verdict")).to_contain_text("you passed")
    shot(page, JOURNEY, "07-passed")
    page.get_by_role("link", name=re.compile("See your certificate")).click()
    expect(page.locator("main")).to_contain_text("Cleo Certified")
    expect(page.locator("main")).to_contain_text("Certified AI Trainer")
    code = re.search(r"ATS(-[A-Z0-9]{4}){3}", page.locator("main").inner_text())
    assert code is not None, "the certificate page shows its identifier"
    shot(page, JOURNEY, "08-certificate")

    credential = download_credential(page)
    text = json.dumps(credential)
    assert code.group(0) in text and "Cleo Certified" in text
    assert "proof" in credential or "signature" in text.lower()
