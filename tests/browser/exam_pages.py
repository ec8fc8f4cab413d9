"""Answering exam questions in the browser with the answer widgets (the same as practice's)."""

from __future__ import annotations

from typing import Any

from playwright.sync_api import Page, expect

from tests.browser.language import Lang
from tests.browser.practice import answer_order, move_button


def arrange(page: Page, order: list[str], lang: Lang | None = None) -> None:
    """Put the ranking widget's answers in ``order`` with the Move up buttons."""
    for index, answer in enumerate(order):
        while answer_order(page).index(answer) > index:
            name = move_button(answer, "up", lang)
            page.locator("[data-rank-list]").get_by_role("button", name=name).click()
    assert answer_order(page) == order


def choose(page: Page, name: str, value: object) -> None:
    """Tick the radio button or checkbox ``name`` with ``value``."""
    page.locator(f"main form input[name='{name}'][value='{value}']").check()


def answer_rating(page: Page, gold: dict[str, Any]) -> None:
    """One 1–5 choice per criterion, and exactly the gold flags ticked."""
    for criterion, value in gold["ratings"].items():
        choose(page, f"rating_{criterion}", value)
    boxes = page.locator("main form input[name='flags']")
    states = boxes.evaluate_all("boxes => boxes.map(box => [box.value, box.checked])")
    for index, (value, checked) in enumerate(states):  # click only the boxes that must change
        if (value in gold["flags"]) != checked:
            boxes.nth(index).set_checked(not checked)


def answer_question(page: Page, gold: dict[str, Any], lang: Lang | None = None) -> None:
    """Fill the current question's widget with the gold response."""
    if "order" in gold:
        arrange(page, gold["order"], lang)
    elif "better" in gold:
        choose(page, "better", gold["better"])
        choose(page, "criterion", gold["criterion"])
    elif "ratings" in gold:
        answer_rating(page, gold)
    else:
        page.locator("main form textarea[name='text']").fill(gold["text"])
        for index in gold.get("self_check", []):
            choose(page, "self_check", index)


def save_question(page: Page, position: int, lang: Lang | None = None) -> None:
    """Press the form's save button ("Save and next", or "Save" on the last question) and wait
    for the confirmation."""
    page.locator("main form.answer-form button[name='then'][value='next']").click()
    saved = lang("Answer %(n)s saved.", n=position) if lang else f"Answer {position} saved"
    expect(page.locator(".flashes")).to_contain_text(saved)


def choose_exam_language(page: Page, lang: Lang) -> None:
    """On the rules page, take the exam in the interface's language (English is the default)."""
    choice = page.locator(f"main form input[name='language'][value='{lang.code}']")
    if lang.is_original:
        expect(choice).to_have_count(1)  # a hidden field when English is the only language
        return
    expect(choice).to_be_visible()  # the Russian pool can fill a form, so Russian is offered
    choice.check()
