"""The accessibility and layout checks themselves catch what they are meant to catch."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page

from tests.browser.checks import (
    blocking_violations,
    controls_without_focus_outline,
    horizontal_overflow,
    tab_through,
)
from tests.browser.language import english_leftovers

pytestmark = pytest.mark.browser
FLAWED_PAGE = """<!doctype html><html lang="en"><head><title>Flawed</title>
<style>
  .faint { color: #ccc; background: #fff; }
  .wide { width: 900px; }
  #bare:focus { outline: none; }
</style></head><body><main>
<h1>Flawed page</h1>
<p class="faint">Text nobody can read.</p>
<input type="text">
<button id="bare">No outline</button>
<div class="wide">Too wide for a phone</div>
</main></body></html>"""


def test_checks_report_contrast_labels_focus_and_overflow(page: Page) -> None:
    """A page with known flaws fails each check."""
    page.set_content(FLAWED_PAGE)
    rules = " ".join(blocking_violations(page))
    assert "color-contrast" in rules and "label" in rules
    reached = tab_through(page)
    assert any(not s["outline"] for s in reached if s["tag"] == "button")
    assert any("No outline" in c for c in controls_without_focus_outline(page))
    assert horizontal_overflow(page) > 0


MIXED_PAGE = """<!doctype html><html lang="ru"><head><title>Смесь</title></head><body>
<header><nav aria-label="Main site menu"><a href="/">Главная</a></nav></header>
<main><h1>Проверка страницы</h1>
<p>Осталось по-английски: Save my mark.</p>
<p>Два слова: Dana Drag, AI Trainer School и JSON.</p>
<p lang="en">An English item shown as it was written.</p>
<pre>git commit --amend now</pre>
<p class="item">Typed by the test itself.</p>
<p hidden>Hidden text is not read.</p>
</main></body></html>"""


def test_english_leftovers_flags_interface_runs_only(page: Page) -> None:
    """Runs of 3+ ASCII words are flagged, in text and in spoken attributes; content marked
    with its own language, code, hidden text, the brand and the caller's data are not."""
    page.set_content(MIXED_PAGE)
    found = english_leftovers(page, allow=("Typed by the test itself",))
    assert found == ["Main site menu", "Save my mark"], found
    skipped = english_leftovers(page, content="p.item, nav")
    assert skipped == ["Save my mark"], skipped
