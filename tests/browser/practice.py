"""Driving the practice pages and the ranking widget in the browser."""

from __future__ import annotations

import re

from playwright.sync_api import Page, expect

from tests.browser.language import Lang
from tests.browser.site import LiveSite

MAX_TABS = 80


def practice_item_path(site: LiveSite, uid: str) -> str:
    """The practice page of one bank item."""
    return site.path("practice.item", uid=uid)


def open_practice_item(page: Page, site: LiveSite, uid: str) -> None:
    """Open an item's practice page; the ranking widget has replaced the no-script selects."""
    page.goto(practice_item_path(site, uid))
    expect(page.locator("[data-rank-list]")).to_be_visible()
    expect(page.locator("[data-rank-selects]")).to_be_hidden()


def answer_order(page: Page) -> list[str]:
    """The answers' ids as the widget shows them, best first."""
    return page.locator("[data-rank-list] [data-answer]").evaluate_all(
        "items => items.map(item => item.getAttribute('data-answer'))"
    )


def rank_status(page: Page) -> str:
    """The text of the widget's aria-live region (what a screen reader announces)."""
    region = page.locator("[data-rank-status]")
    assert region.get_attribute("aria-live") in ("polite", "assertive")
    return region.inner_text().strip()


def focus_by_tab(page: Page, name: re.Pattern[str], limit: int = MAX_TABS) -> None:
    """Press Tab until the focused element's accessible text matches ``name``."""
    for _ in range(limit):
        text = page.evaluate(
            "() => { const el = document.activeElement;"
            " return el ? (el.getAttribute('aria-label') || el.textContent || el.value || '')"
            ".replace(/\\s+/g, ' ').trim() : ''; }"
        )
        if name.search(text):
            return
        page.keyboard.press("Tab")
    raise AssertionError(f"Tab never reached {name.pattern!r}")


def move_button(answer: str, direction: str, lang: Lang | None = None) -> re.Pattern[str]:
    """The accessible name of an answer's Move up/Move down button, in ``lang``."""
    move = f"Move {direction}"
    name = "answer %(id)s"
    if lang is not None:
        move, name = lang(move), lang(name, id=answer)
    else:
        name = name % {"id": answer}
    return re.compile(rf"{re.escape(move)}\s+{re.escape(name)}$", re.I)


def keyboard_move(page: Page, answer: str, direction: str, lang: Lang | None = None) -> None:
    """Move an answer one place with the keyboard: Tab to its Move button, press Enter."""
    before = answer_order(page)
    button = move_button(answer, direction, lang)
    focused = page.evaluate("() => document.activeElement && document.activeElement.textContent")
    if not (focused and button.search(re.sub(r"\s+", " ", focused).strip())):
        page.evaluate("() => window.scrollTo(0, 0)")
        page.locator("main").focus()
        focus_by_tab(page, button)
    page.keyboard.press("Enter")
    assert answer_order(page) != before


def submit_practice(page: Page, keyboard: bool = False, lang: Lang | None = None) -> None:
    """Send the answer (by Tab and Enter when ``keyboard``) and wait for the feedback page."""
    name = lang.part("Submit and see feedback") if lang else re.compile("submit|check", re.I)
    submit = page.locator("main form").get_by_role("button", name=name)
    if keyboard:
        focus_by_tab(page, name)
        page.keyboard.press("Enter")
    else:
        submit.click()
    expect(page.locator("[data-rank-list]")).to_have_count(0)
