"""Accessibility and layout checks run inside the browser on any page of the site."""

from __future__ import annotations

from typing import Any

from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import Page

from tests.browser.site import PHONE

BLOCKING_IMPACTS = ("serious", "critical")
MAX_TABS = 60
_axe = Axe()

# Describes the focused element and whether it shows a visible focus indicator: an outline, a box
# shadow, or a changed border/background compared with the unfocused state is not knowable here,
# so the site's rule (a solid outline via :focus-visible) is what is checked.
FOCUS_STATE = """() => {
  const el = document.activeElement;
  if (!el || el === document.body) return null;
  const style = getComputedStyle(el);
  const rect = el.getBoundingClientRect();
  return {
    tag: el.tagName.toLowerCase(),
    text: (el.getAttribute('aria-label') || el.textContent || el.value || el.name || '')
      .trim().slice(0, 60),
    outline: style.outlineStyle !== 'none' && parseFloat(style.outlineWidth) >= 2,
    shadow: style.boxShadow !== 'none',
    visible: rect.width > 0 && rect.height > 0,
  };
}"""


# Every focusable control on the page, focused in turn after a real key press (so Chromium
# applies :focus-visible as it does for keyboard users): the ones without a visible outline.
UNFOCUSABLE_OUTLINES = """() => {
  const selector = 'a[href], button:not([disabled]), input:not([type=hidden]):not([disabled]),'
    + ' select:not([disabled]), textarea:not([disabled]), summary, [tabindex]:not([tabindex="-1"])';
  const failures = [];
  for (const el of document.querySelectorAll(selector)) {
    if (!el.getClientRects().length || getComputedStyle(el).visibility === 'hidden') continue;
    el.focus();
    if (document.activeElement !== el) continue;
    const style = getComputedStyle(el);
    const outlined = style.outlineStyle !== 'none' && parseFloat(style.outlineWidth) >= 2;
    if (!outlined && style.boxShadow === 'none') {
      const name = (el.textContent || el.name || '').trim().slice(0, 40);
      failures.push(el.tagName.toLowerCase() + ' ' + name);
    }
  }
  return failures;
}"""


def controls_without_focus_outline(page: Page) -> list[str]:
    """Focusable controls anywhere on the page that show no focus outline."""
    page.keyboard.press("Tab")
    return page.evaluate(UNFOCUSABLE_OUTLINES)


def blocking_violations(page: Page) -> list[str]:
    """axe-core's serious and critical violations on the current page, one line each."""
    results = _axe.run(page)
    lines = []
    for rule in results.response["violations"]:
        if rule["impact"] not in BLOCKING_IMPACTS:
            continue
        targets = [" ".join(map(str, node["target"])) for node in rule["nodes"][:5]]
        lines.append(f"{rule['id']} ({rule['impact']}): {rule['help']} at {targets}")
    return lines


def assert_accessible(page: Page) -> None:
    """No serious or critical axe-core violation."""
    problems = blocking_violations(page)
    assert not problems, f"{page.url}\n" + "\n".join(problems)


# Records FOCUS_STATE at every keyup, inside the page: the key's keyup reaches the element Tab
# moved to, so one read after a batch of presses replaces one round trip per press.
START_FOCUS_LOG = f"""() => {{
  document.activeElement && document.activeElement.blur();
  window.scrollTo(0, 0);
  window.__focusLog = [];
  if (!window.__focusLogging) {{
    window.__focusLogging = true;
    document.addEventListener('keyup', () => window.__focusLog.push(({FOCUS_STATE})()), true);
  }}
}}"""
TAB_BATCH = 8


def tab_through(page: Page, limit: int = MAX_TABS) -> list[dict[str, Any]]:
    """Press Tab from the top of the page and describe every element that takes focus.

    Stops when focus leaves the page or comes back to the first element. A Tab that moves focus
    out of the page sends it no keyup; the next one brings focus back to the first element.
    """
    page.evaluate(START_FOCUS_LOG)
    seen: list[dict[str, Any]] = []
    pressed = 0
    while pressed < limit:
        batch = min(TAB_BATCH, limit - pressed)
        for _ in range(batch):
            page.keyboard.press("Tab")
        pressed += batch
        for state in page.evaluate("() => window.__focusLog.splice(0)"):
            if state is None or (seen and state == seen[0]):
                return seen
            seen.append(state)
    return seen


def assert_visible_focus(page: Page) -> None:
    """Every control reached by Tab is on screen and shows a focus outline."""
    reached = tab_through(page)
    assert reached, f"{page.url}: nothing takes keyboard focus"
    hidden = [s for s in reached if not s["visible"] or not (s["outline"] or s["shadow"])]
    assert not hidden, f"{page.url}: focus is not visible on {hidden}"


# Resolves after two animation frames: the browser dispatches ``resize`` in the rendering step
# after the viewport changes, so by then the page's own handlers (tables.js marking a wrapper
# that now scrolls as focusable) have run.
AFTER_RESIZE_HANDLERS = (
    "() => new Promise(done => requestAnimationFrame(() => requestAnimationFrame(done)))"
)


def resize_to(page: Page, size: dict[str, int]) -> None:
    """Change the viewport and wait until the page has reacted, as a user's screen would have."""
    page.set_viewport_size(size)
    page.evaluate(AFTER_RESIZE_HANDLERS)


def horizontal_overflow(page: Page) -> int:
    """How many pixels the page is wider than a 375-pixel phone screen (0 = no scrolling)."""
    resize_to(page, PHONE)
    width = page.evaluate("() => document.documentElement.scrollWidth")
    return max(0, int(width) - PHONE["width"])


def widest_elements(page: Page) -> list[str]:
    """The elements sticking out past the viewport, to say what to fix."""
    return page.evaluate(
        """(limit) => Array.from(document.querySelectorAll('body *'))
          .filter(el => el.getBoundingClientRect().right > limit + 1)
          .slice(0, 8)
          .map(el => el.tagName.toLowerCase() + (el.className ? '.' + el.className : '')
               + ' ' + Math.round(el.getBoundingClientRect().right))""",
        PHONE["width"],
    )


def assert_fits_phone(page: Page) -> None:
    """No horizontal scrolling at 375 px."""
    overflow = horizontal_overflow(page)
    assert overflow == 0, f"{page.url}: {overflow}px too wide: {widest_elements(page)}"
