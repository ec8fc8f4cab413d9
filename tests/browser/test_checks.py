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
