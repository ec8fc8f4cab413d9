"""Every main page: no serious or critical axe-core violation, a visible keyboard focus on every
control reached by Tab, and no horizontal scrolling on a 375-pixel-wide phone — in English and
in Russian (longer words are what breaks a phone layout)."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass

import pytest
from playwright.sync_api import Browser, BrowserContext, Page

from app.extensions import db
from app.models import Role
from tests.browser.checks import (
    blocking_violations,
    controls_without_focus_outline,
    horizontal_overflow,
    tab_through,
    widest_elements,
)
from tests.browser.language import Lang
from tests.browser.practice import keyboard_move, open_practice_item, rank_status
from tests.browser.site import DESKTOP, TIMEOUT_MS, LiveSite, PageWatch, choose_language, log_in
from tests.browser.world import (
    CORE_EXAM,
    earn_certificate,
    gold_for_version,
    make_exam_ready,
    user_by_email,
)

pytestmark = pytest.mark.browser
FOUNDATIONS = "ai-trainer-foundations"
LESSON = "the-three-criteria"


@dataclass(frozen=True)
class World:
    """The accounts and records the pages need, made once for this module."""

    emails: dict[str, str]
    attempt_id: int
    session_id: int
    certificate: str
    exercise_id: int


def exercise_id(site: LiveSite, uid: str) -> int:
    """A bank item's database id (for the studio's item pages)."""
    from app.services.practice.practice import practice_exercise

    with site.data():
        exercise = practice_exercise(uid)
        assert exercise is not None
        return exercise.id


def practice_attempt(site: LiveSite, email: str) -> int:
    """One graded practice attempt of the student (for the feedback page)."""
    from app.services.practice.exercise_bank import current_version
    from app.services.practice.practice import practice_exercise, submit_practice

    with site.data():
        exercise = practice_exercise("pr-rank-003")
        assert exercise is not None
        version = current_version(exercise)
        answer = gold_for_version(version.id)
        attempt = submit_practice(user_by_email(email), exercise, version, answer)
        db.session.commit()
        return attempt.id


def started_exam(site: LiveSite, email: str) -> int:
    """An exam in progress for the student (for the exam page)."""
    from app.services.certification.exams import start_session

    with site.data():
        session = start_session(user_by_email(email), CORE_EXAM)
        db.session.commit()
        return session.id


@pytest.fixture(scope="module")
def world(live_site: LiveSite) -> World:
    """A student with an attempt, an examinee mid-exam, a certificate holder, an instructor."""
    instructor = live_site.make_user(Role.INSTRUCTOR, "Ines Instructor")
    student = live_site.make_user(Role.STUDENT, "Ada Access")
    examinee = make_exam_ready(live_site, "Eli Examinee")
    holder, code = earn_certificate(live_site, "Hana Holder", instructor)
    emails = {
        "student": student,
        "examinee": examinee,
        "holder": holder,
        "instructor": instructor,
        "admin": live_site.make_user(Role.ADMIN, "Adam Admin"),
    }
    return World(
        emails=emails,
        attempt_id=practice_attempt(live_site, student),
        session_id=started_exam(live_site, examinee),
        certificate=code,
        exercise_id=exercise_id(live_site, "pr-rank-001"),
    )


@pytest.fixture(scope="module")
def sessions(browser: Browser, live_site: LiveSite, world: World) -> dict[str, object]:
    """Each visitor's signed-in cookies, logged in once through the real form."""
    states: dict[str, object] = {"anonymous": {"cookies": [], "origins": []}}
    for who, email in world.emails.items():
        context = browser.new_context(base_url=live_site.url)
        log_in(context.new_page(), email)
        states[who] = context.storage_state()
        context.close()
    return states


# (name, visitor, path) — the path is built from the live app and the module's world.
MAIN_PAGES: list[tuple[str, str, Callable[[LiveSite, World], str]]] = [
    ("home", "anonymous", lambda s, w: s.path("main.home")),
    ("catalogue", "anonymous", lambda s, w: s.path("learn.catalogue")),
    ("course", "anonymous", lambda s, w: s.path("learn.course", slug=FOUNDATIONS)),
    ("login", "anonymous", lambda s, w: s.path("auth.login")),
    ("register", "anonymous", lambda s, w: s.path("auth.register")),
    ("verify", "anonymous", lambda s, w: s.path("verify.form")),
    ("verify-result", "anonymous", lambda s, w: s.path("verify.page", code=w.certificate)),
    ("directory", "anonymous", lambda s, w: s.path("verify.directory")),
    ("dashboard", "student", lambda s, w: s.path("main.dashboard")),
    (
        "lesson",
        "student",
        lambda s, w: s.path("learn.lesson", slug=FOUNDATIONS, lesson_slug=LESSON),
    ),
    ("practice-index", "student", lambda s, w: s.path("practice.index")),
    ("practice-item", "student", lambda s, w: s.path("practice.item", uid="pr-rank-001")),
    ("feedback", "student", lambda s, w: s.path("practice.attempt", attempt_id=w.attempt_id)),
    ("score", "student", lambda s, w: s.path("scores.practice", attempt_id=w.attempt_id)),
    ("mastery", "student", lambda s, w: s.path("scores.mastery")),
    ("exams", "examinee", lambda s, w: s.path("exams.index")),
    ("exam", "examinee", lambda s, w: s.path("exams.session_page", session_id=w.session_id)),
    (
        "exam-question",
        "examinee",
        lambda s, w: s.path("exams.question", session_id=w.session_id, position=1),
    ),
    ("holder-dashboard", "holder", lambda s, w: s.path("main.dashboard")),
    ("certificates", "holder", lambda s, w: s.path("certify.mine")),
    ("certificate", "holder", lambda s, w: s.path("certify.show", code=w.certificate)),
    ("studio", "instructor", lambda s, w: s.path("studio.index")),
    ("studio-new-item", "instructor", lambda s, w: s.path("studio.new_exercise", kind="ranking")),
    (
        "studio-item",
        "instructor",
        lambda s, w: s.path("studio.exercise", exercise_id=w.exercise_id),
    ),
    (
        "studio-preview",
        "instructor",
        lambda s, w: s.path("studio.preview", exercise_id=w.exercise_id),
    ),
    ("review-queue", "instructor", lambda s, w: s.path("studio.reviews")),
    ("analytics", "instructor", lambda s, w: s.path("studio.analytics")),
    ("studio-home", "instructor", lambda s, w: s.path("studio.home")),
    (
        "item-analytics",
        "instructor",
        lambda s, w: s.path("studio.item_analytics", exercise_id=w.exercise_id),
    ),
    ("cohorts", "instructor", lambda s, w: s.path("studio.cohorts")),
]


@pytest.fixture
def visitor(
    browser: Browser, live_site: LiveSite, sessions: dict[str, object]
) -> Iterator[Callable[[str], Page]]:
    """Open a page as one kind of visitor; every context is closed and checked afterwards."""
    opened: list[tuple[BrowserContext, PageWatch]] = []

    def open_as(who: str, language: str = "") -> Page:
        """A new browser profile carrying ``who``'s cookies (and a chosen ``language``)."""
        context = browser.new_context(
            base_url=live_site.url, viewport=DESKTOP, storage_state=sessions[who]
        )
        context.set_default_timeout(TIMEOUT_MS)
        if language:
            choose_language(context, live_site, language)
        page = context.new_page()
        opened.append((context, PageWatch.attach(page)))
        return page

    yield open_as
    for context, watch in opened:
        context.close()
        watch.assert_clean()


@pytest.mark.parametrize(("name", "who", "path"), MAIN_PAGES, ids=[p[0] for p in MAIN_PAGES])
def test_main_page_is_accessible_and_fits_a_phone(
    name: str,
    who: str,
    path: Callable[[LiveSite, World], str],
    live_site: LiveSite,
    world: World,
    visitor: Callable[..., Page],
    lang: Lang,
) -> None:
    """axe finds nothing serious, Tab shows where it is, and 375 px needs no sideways scroll."""
    page = visitor(who, lang.code)
    response = page.goto(path(live_site, world))
    assert response is not None and response.status == 200, (
        f"{name}: {response and response.status}"
    )
    assert page.locator("html").get_attribute("lang") == lang.code, name
    problems = [f"axe: {line}" for line in blocking_violations(page)]
    reached = tab_through(page)
    problems += [f"no visible focus: {s}" for s in reached if not (s["outline"] or s["shadow"])]
    problems += [f"focused element off screen: {s}" for s in reached if not s["visible"]]
    if not reached:
        problems.append("nothing takes keyboard focus")
    problems += [f"no focus outline: {c}" for c in controls_without_focus_outline(page)]
    overflow = horizontal_overflow(page)
    if overflow:
        problems.append(f"{overflow}px of horizontal scroll at 375px: {widest_elements(page)}")
    assert not problems, f"{name} ({page.url}):\n" + "\n".join(problems)


HEADER_CENTRES = """() => [...document.querySelectorAll('.site-header .header-row > *')]
  .map(e => { const r = e.getBoundingClientRect(); return Math.round(r.top + r.height / 2); })"""
NAV_TOPS = """() => [...document.querySelectorAll('nav[aria-label="Main"] li')]
  .map(e => Math.round(e.getBoundingClientRect().top))"""


@pytest.mark.parametrize(
    ("who", "endpoint"),
    [
        ("student", "main.dashboard"),
        ("instructor", "studio.home"),
        ("holder", "certify.mine"),
        ("admin", "admin.users"),
    ],
)
def test_navigation_fits_one_line_at_1280(
    who: str, endpoint: str, live_site: LiveSite, visitor: Callable[[str], Page]
) -> None:
    """Brand, links and account sit on one line of the header at 1280 px."""
    page = visitor(who)
    page.goto(live_site.path(endpoint))
    links = page.evaluate(NAV_TOPS)
    centres = page.evaluate(HEADER_CENTRES)
    assert links and len(set(links)) == 1, f"{who}: links wrap onto {len(set(links))} lines"
    assert max(centres) - min(centres) <= 8, f"{who}: header parts on different lines {centres}"


def test_ranking_widget_announces_keyboard_moves(
    live_site: LiveSite, visitor: Callable[[str], Page]
) -> None:
    """Moving an answer with the keyboard updates the aria-live region a screen reader reads."""
    page = visitor("student")
    open_practice_item(page, live_site, "pr-rank-004")
    before = rank_status(page)
    keyboard_move(page, "B", "up")
    first = rank_status(page)
    assert first != before
    assert re.search(r"\bB\b", first) and re.search(r"\b1\b", first), first
    keyboard_move(page, "B", "down")
    assert rank_status(page) not in ("", first)
    focused = page.evaluate("() => document.activeElement.textContent")
    assert "answer B" in re.sub(r"\s+", " ", focused), "focus stays on the moved answer's button"
