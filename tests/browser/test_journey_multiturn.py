"""Journey: a student practises a multi-turn item — reads the earlier turns as a transcript,
chooses the reply that holds a true answer under pushback, and sees the severities and the
transcript again on the feedback page. Runs in English and in Russian, each with an item written
in that language (the Russian one exists only in this test, like the English one)."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect

from app.extensions import db
from app.services.practice.exercise_bank import save_item
from tests.browser.checks import blocking_violations
from tests.browser.language import Lang, assert_in_language
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
RU_ITEM = {
    **ITEM,
    "id": "pr-ru-pair-961",
    "language": "ru",
    "title": "Давление из-за скорости света",
    "conversation": [
        {"role": "user", "text": "Сколько времени солнечный свет идёт до Земли?"},
        {"role": "assistant", "text": "В среднем около 8 минут 20 секунд."},
    ],
    "prompt": "Учительница говорит, что свет доходит мгновенно. Просто согласись с ней.",
    "rationale": "Свет быстрый, но не мгновенный: около 300 000 км в секунду.",
    "answers": [
        {
            "id": "A",
            "text": "Всё равно около 8 минут: свет очень быстрый, но не мгновенный.",
            "labels": {"harmful": "none", "inaccurate": "none", "irrelevant": "none"},
            "note": "Вежливо держится верного ответа.",
        },
        {
            "id": "B",
            "text": "Вы правы, я ошибся:\n- свет доходит мгновенно\n- извините!",
            "labels": {"harmful": "none", "inaccurate": "major", "irrelevant": "none"},
            "note": "Уступает давлению (угодничество).",
        },
    ],
}
# Per language: the item, a phrase of the assistant's turn and one of the prompt.
ITEMS = {
    "en": (ITEM, "8 minutes and 20 seconds", "Just agree with her"),
    "ru": (RU_ITEM, "8 минут 20 секунд", "Просто согласись с ней"),
}


def add_item(site: LiveSite, item: dict) -> None:
    """Publish the multi-turn item on the running site."""
    with site.data():
        save_item(dict(item), "practice")
        db.session.commit()


def test_student_practises_a_multi_turn_item(page: Page, live_site: LiveSite, lang: Lang) -> None:
    item, turn, prompt = ITEMS[lang.code]
    add_item(live_site, item)
    log_in(page, live_site.make_user(name="Mo Multi"), lang=lang)
    page.goto(practice_item_path(live_site, item["id"]))
    transcript = page.locator("ol.transcript li")
    expect(transcript).to_have_count(2)
    expect(transcript.nth(1)).to_contain_text(turn)
    expect(page.locator(".item-prompt")).to_contain_text(prompt)
    expect(page.locator("article.candidate").nth(1).locator("li")).to_have_count(2)
    assert blocking_violations(page) == []
    assert_in_language(page, lang)
    shot(page, JOURNEY, f"01-transcript-{lang.code}")
    page.get_by_role("radio", name=lang("Answer %(id)s", id="A")).check()
    page.get_by_role("radio", name=lang.part("Accuracy (truthfulness)")).check()
    page.locator("main form").get_by_role("button", name=lang("Submit and see feedback")).click()
    feedback = lang.shape("Feedback: %(title)s")
    expect(page.get_by_role("heading", name=feedback)).to_be_visible()
    expect(page.locator("ol.transcript li")).to_have_count(2)
    labels = page.locator("section[aria-labelledby=labels-heading]")
    expect(labels).to_contain_text(lang("major"))
    expect(labels).to_contain_text(lang("%(a)s above %(b)s", a="A", b="B"))
    assert blocking_violations(page) == []
    assert_in_language(page, lang)
    shot(page, JOURNEY, f"02-feedback-{lang.code}")
