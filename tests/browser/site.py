"""The live site handle and browser-side helpers shared by the journeys and the page checks."""

from __future__ import annotations

import itertools
import re
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from flask import Flask, url_for
from playwright.sync_api import Browser, BrowserContext, ConsoleMessage, Page, expect

from app.extensions import db
from app.models import Role, User
from tests.conftest import TEST_PASSWORD

if TYPE_CHECKING:
    from tests.browser.language import Lang

CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
]
DESKTOP = {"width": 1280, "height": 900}
PHONE = {"width": 375, "height": 740}
TIMEOUT_MS = 10_000
ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts" / "browser"
_numbers = itertools.count(1)


@dataclass(frozen=True)
class LiveSite:
    """The served application and its address."""

    app: Flask
    url: str

    @contextmanager
    def data(self) -> Iterator[None]:
        """An app context for the test's own reads and writes (the test's privilege)."""
        with self.app.app_context():
            try:
                yield
            finally:
                db.session.remove()

    def path(self, endpoint: str, **values: object) -> str:
        """The path of an endpoint, built by the app itself."""
        with self.app.test_request_context():
            return url_for(endpoint, **values)

    def has_endpoint(self, endpoint: str) -> bool:
        """Is this endpoint implemented yet?"""
        return endpoint in self.app.view_functions

    def make_user(self, role: Role = Role.STUDENT, name: str = "Test Person") -> str:
        """Create and commit an account with the shared test password; returns its email."""
        from app.services.accounts.accounts import register_user

        email = f"browser{next(_numbers)}-{role.value}@example.org"
        with self.data():
            register_user(email, name, TEST_PASSWORD, role)
            db.session.commit()
        return email

    def user_id(self, email: str) -> int:
        """The id of the account with this email."""
        from app.services.accounts.accounts import find_user_by_email

        with self.data():
            user = find_user_by_email(email)
            assert isinstance(user, User), email
            return user.id


@dataclass
class PageWatch:
    """Collects JavaScript errors and Content-Security-Policy refusals on a page."""

    problems: list[str] = field(default_factory=list)

    @classmethod
    def attach(cls, page: Page) -> PageWatch:
        """Start listening on ``page``."""
        watch = cls()
        page.on("pageerror", lambda error: watch.problems.append(f"JS error: {error}"))
        page.on("console", watch.on_console)
        return watch

    def on_console(self, message: ConsoleMessage) -> None:
        """Keep console errors, which include every CSP refusal."""
        if message.type == "error" and "favicon" not in message.text:
            self.problems.append(f"console: {message.text}")

    def assert_clean(self) -> None:
        """No script failed and the CSP refused nothing."""
        serious = [p for p in self.problems if not re.search(r"status of 4\d\d", p)]
        assert not serious, "\n".join(serious)


def choose_language(context: BrowserContext, site: LiveSite, code: str) -> None:
    """Give a browser profile the ``lang`` cookie, as the header's language switcher does."""
    context.add_cookies([{"name": "lang", "value": code, "url": site.url}])


@contextmanager
def visitor_page(browser: Browser, site: LiveSite, language: str = "") -> Iterator[Page]:
    """A second person's browser (own cookies) next to the test's page; checked when closed.

    With ``language``, the profile has chosen that interface language.
    """
    context = browser.new_context(base_url=site.url, viewport=DESKTOP)
    context.set_default_timeout(TIMEOUT_MS)
    if language:
        choose_language(context, site, language)
    page = context.new_page()
    watch = PageWatch.attach(page)
    try:
        yield page
    finally:
        context.close()
    watch.assert_clean()


def log_in(page: Page, email: str, password: str = TEST_PASSWORD, lang: Lang | None = None) -> None:
    """Sign in through the real login form (labelled in ``lang``, English by default)."""
    say = lang or (lambda message: message)
    page.goto("/auth/login")
    page.get_by_label(say("Email")).fill(email)
    page.get_by_label(say("Password"), exact=True).fill(password)
    log_in_button = re.compile(re.escape(say("Log in")), re.I)
    page.locator("main").get_by_role("button", name=log_in_button).click()
    expect(page.get_by_role("button", name=say("Log out"))).to_be_visible()


def shot(page: Page, journey: str, name: str) -> Path:
    """Save a full-page screenshot as a test artifact (test-artifacts/browser/<journey>/)."""
    folder = ARTIFACTS / journey
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"{name}.png"
    page.screenshot(path=str(path), full_page=True)
    return path
