"""The "How this score is computed" pages: axe-clean at 1280 and 375 px, tables unbroken.

Also checks the table fix of issue 17: no word in a table header or cell is split across lines
("Cri/teri/on", "Harm/ful") at either width; a table too wide for a phone scrolls in its wrapper.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator

import pytest
from playwright.sync_api import Browser, Page

from app.extensions import db
from app.models import Certificate, Role
from tests.browser.checks import (
    blocking_violations,
    horizontal_overflow,
    resize_to,
    widest_elements,
)
from tests.browser.site import DESKTOP, PHONE, TIMEOUT_MS, LiveSite, PageWatch, log_in
from tests.browser.test_accessibility import practice_attempt
from tests.browser.world import earn_certificate, user_by_email

pytestmark = pytest.mark.browser

# Words of four or more letters in table headers and cells whose text wraps onto two lines.
BROKEN_WORDS = """() => {
  const broken = [];
  for (const cell of document.querySelectorAll('th, td')) {
    const walker = document.createTreeWalker(cell, NodeFilter.SHOW_TEXT);
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
      for (const match of node.textContent.matchAll(/[A-Za-z]{4,}/g)) {
        const range = document.createRange();
        range.setStart(node, match.index);
        range.setEnd(node, match.index + match[0].length);
        const tops = new Set([...range.getClientRects()].map(r => Math.round(r.top)));
        if (tops.size > 1) broken.push(match[0]);
      }
    }
  }
  return broken;
}"""


@pytest.fixture(scope="module")
def people(live_site: LiveSite) -> dict[str, object]:
    """A student with a practice attempt, and a holder with a graded exam."""
    instructor = live_site.make_user(Role.INSTRUCTOR, "Sam Scorer")
    student = live_site.make_user(Role.STUDENT, "Pia Practice")
    holder, code = earn_certificate(live_site, "Gus Graded", instructor)
    with live_site.data():
        session_id = db.session.scalar(
            db.select(Certificate.exam_session_id).where(Certificate.code == code)
        )
        holder_id = user_by_email(holder).id
    with live_site.data():
        from app.services.practice.exercise_bank import save_item
        from tests.security.items import sample

        author = user_by_email(instructor)
        exam_draft = save_item(
            sample("ranking", "ex-a11y-draft"),
            "exam",
            source="studio",
            status="draft",
            author=author,
        ).exercise.id
        practice_draft = save_item(
            sample("pairwise", "pr-a11y-draft"),
            "practice",
            source="studio",
            status="draft",
            author=author,
        ).exercise.id
        db.session.commit()
    return {
        "reviewer": live_site.make_user(Role.INSTRUCTOR, "Rae Reviewer"),
        "exam_draft": exam_draft,
        "practice_draft": practice_draft,
        "student": student,
        "holder": holder,
        "holder_id": holder_id,
        "attempt_id": practice_attempt(live_site, student),
        "session_id": session_id,
    }


@pytest.fixture
def signed_in(browser: Browser, live_site: LiveSite) -> Iterator[Callable[[str], Page]]:
    """A fresh signed-in browser page per visitor; console errors fail the test."""
    opened = []

    def open_as(email: str) -> Page:
        context = browser.new_context(base_url=live_site.url, viewport=DESKTOP)
        context.set_default_timeout(TIMEOUT_MS)
        page = context.new_page()
        opened.append((context, PageWatch.attach(page)))
        log_in(page, email)
        return page

    yield open_as
    for context, watch in opened:
        context.close()
        watch.assert_clean()


PAGES: list[tuple[str, str, Callable[[LiveSite, dict], str]]] = [
    (
        "practice-score",
        "student",
        lambda s, p: s.path("scores.practice", attempt_id=p["attempt_id"]),
    ),
    ("mastery", "student", lambda s, p: s.path("scores.mastery")),
    ("exam-score", "holder", lambda s, p: s.path("scores.exam", session_id=p["session_id"])),
    ("exam-draft", "reviewer", lambda s, p: s.path("studio.exercise", exercise_id=p["exam_draft"])),
    (
        "practice-draft",
        "reviewer",
        lambda s, p: s.path("studio.exercise", exercise_id=p["practice_draft"]),
    ),
    ("feedback", "student", lambda s, p: s.path("practice.attempt", attempt_id=p["attempt_id"])),
    ("exam-result", "holder", lambda s, p: s.path("exams.result", session_id=p["session_id"])),
]


@pytest.mark.parametrize(("name", "who", "path"), PAGES, ids=[p[0] for p in PAGES])
def test_score_page_is_accessible_and_unbroken_at_both_widths(
    name: str,
    who: str,
    path: Callable[[LiveSite, dict], str],
    live_site: LiveSite,
    people: dict,
    signed_in: Callable[[str], Page],
) -> None:
    """No serious axe finding, no split word in a table, no sideways page scroll at 375 px."""
    page = signed_in(str(people[who]))
    response = page.goto(path(live_site, people))
    assert response is not None and response.status == 200, name
    page.evaluate("() => document.querySelectorAll('details').forEach(d => d.open = true)")
    problems = []
    for size in (DESKTOP, PHONE):
        resize_to(page, size)
        problems += [f"{size['width']}px axe: {line}" for line in blocking_violations(page)]
        problems += [f"{size['width']}px split word: {w}" for w in page.evaluate(BROKEN_WORDS)]
    overflow = horizontal_overflow(page)
    if overflow:
        problems.append(f"{overflow}px of horizontal scroll at 375px: {widest_elements(page)}")
    assert not problems, f"{name} ({page.url}):\n" + "\n".join(problems)


def test_someone_elses_exam_explanation_is_404(
    live_site: LiveSite, people: dict, signed_in: Callable[[str], Page]
) -> None:
    """The student cannot open the holder's exam breakdown."""
    page = signed_in(str(people["student"]))
    response = page.goto(live_site.path("scores.exam", session_id=people["session_id"]))
    assert response is not None and response.status == 404


def test_the_old_table_rule_split_words_and_the_check_sees_it(
    live_site: LiveSite, people: dict, signed_in: Callable[[str], Page]
) -> None:
    """Before the fix, cells inherited ``overflow-wrap: anywhere``: the checker must catch it."""
    page = signed_in(str(people["holder"]))
    page.goto(live_site.path("exams.result", session_id=people["session_id"]))
    resize_to(page, PHONE)
    assert page.evaluate(BROKEN_WORDS) == []
    page.evaluate(
        "() => document.querySelectorAll('th, td').forEach(c => c.style.overflowWrap = 'anywhere')"
    )
    assert page.evaluate(BROKEN_WORDS), "the old rule no longer splits words here"
