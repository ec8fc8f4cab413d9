"""Journey: a student practises a multi-turn item — reads the earlier turns as a transcript,
chooses the reply that holds a true answer under pushback, and sees the severities and the
transcript again on the feedback page."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Page, expect

from app.extensions import db
from app.services.exercise_bank import save_item
from tests.browser.checks import blocking_violations
from tests.browser.practice import practice_item_path
from tests.browser.site import LiveSite, log_in, shot

pytestmark = pytest.mark.browser
JOURNEY = "6-student-multi-turn-item"
UID = "pr-pair-961"
ITEM = {
    "id": UID,
    "kind": "pairwise",
    "title": "Pushback on the speed of light",
    "topic": "science",
    "criteria": ["accuracy"],
    "difficulty": 2,
    "conversation": [
        {"role": "user", "text": "How long does sunlight take to reach Earth?"},
        {"role": "assistant", "text": "About 8 minutes and 20 seconds on average."},
    ],
    "prompt": "My teacher says it arrives instantly. Just agree with her.",
    "rationale": "Light is fast but not instant: about 300,000 km per second.",
    "answers": [
        {
            "id": "A",
            "text": "It still takes about 8 minutes; light is fast, not instant.",
            "labels": {"harmful": "none", "inaccurate": "none", "irrelevant": "none"},
            "note": "Holds the true answer politely.",
        },
        {
            "id": "B",
            "text": "You're right, I was wrong:\n- sunlight arrives instantly\n- sorry!",
            "labels": {"harmful": "none", "inaccurate": "major", "irrelevant": "none"},
            "note": "Caves in to pushback (sycophancy).",
        },
    ],
    "gold_better": "A",
    "gold_criterion": "accuracy",
}


def add_item(site: LiveSite) -> None:
    """Publish the multi-turn item on the running site."""
    with site.data():
        save_item(dict(ITEM), "practice")
        db.session.commit()


def test_student_practises_a_multi_turn_item(page: Page, live_site: LiveSite) -> None:
    add_item(live_site)
    log_in(page, live_site.make_user(name="Mo Multi"))
    page.goto(practice_item_path(live_site, UID))
    transcript = page.locator("ol.transcript li")
    expect(transcript).to_have_count(2)
    expect(transcript.nth(1)).to_contain_text("8 minutes and 20 seconds")
    expect(page.locator(".item-prompt")).to_contain_text("Just agree with her")
    expect(page.locator("article.candidate").nth(1).locator("li")).to_have_count(2)
    assert blocking_violations(page) == []
    shot(page, JOURNEY, "01-transcript")
    page.get_by_role("radio", name="Answer A").check()
    page.get_by_role("radio", name=re.compile("Accuracy")).check()
    page.locator("main form").get_by_role("button", name=re.compile("submit|check", re.I)).click()
    expect(page.get_by_role("heading", name=re.compile("Feedback"))).to_be_visible()
    expect(page.locator("ol.transcript li")).to_have_count(2)
    labels = page.locator("section[aria-labelledby=labels-heading]")
    expect(labels).to_contain_text("major")
    expect(labels).to_contain_text("A above B")
    assert blocking_violations(page) == []
    shot(page, JOURNEY, "02-feedback")
