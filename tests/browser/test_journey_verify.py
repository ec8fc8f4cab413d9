"""Journey 3: a recruiter without an account types certificate identifiers into the public
verification form and sees a valid certificate as valid and a revoked one as revoked."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Page, expect

from app.models import Role
from tests.browser.site import LiveSite, shot
from tests.browser.world import earn_certificate, revoke

pytestmark = pytest.mark.browser
JOURNEY = "3-recruiter-verifies"
REASON = "Exam answers were shared with another candidate."


def verify_by_typing(page: Page, typed: str) -> None:
    """Open the verification form from the footer and submit an identifier."""
    page.goto("/")
    page.get_by_role("contentinfo").get_by_role("link", name="Verify a certificate").click()
    page.get_by_label("Certificate identifier").fill(typed)
    page.get_by_role("button", name="Verify").click()


def test_recruiter_verifies_a_valid_and_a_revoked_certificate(
    page: Page, live_site: LiveSite
) -> None:
    """Typed identifiers lead to the certificate's public status; no account is needed."""
    instructor = live_site.make_user(Role.INSTRUCTOR, "Vic Reviewer")
    admin = live_site.make_user(Role.ADMIN, "Ada Admin")
    _holder, valid = earn_certificate(live_site, "Vera Valid", instructor)
    _other, revoked = earn_certificate(live_site, "Rex Revoked", instructor)
    revoke(live_site, revoked, admin, REASON)

    page.goto("/verify/")
    shot(page, JOURNEY, "01-form")
    verify_by_typing(page, valid.lower().replace("-", " "))
    verdict = page.locator(".verify-verdict")
    expect(verdict).to_contain_text("Valid")
    expect(verdict).not_to_contain_text("Revoked")
    expect(page.locator("main")).to_contain_text("Vera Valid")
    expect(page.locator("main")).to_contain_text("Certified AI Trainer")
    expect(page.get_by_role("heading", level=1)).to_contain_text(valid)
    expect(page.get_by_role("link", name="Log in")).to_be_visible()
    shot(page, JOURNEY, "02-valid")

    verify_by_typing(page, revoked)
    expect(verdict).to_contain_text("Revoked")
    expect(verdict).to_contain_text(REASON)
    expect(page.locator("main")).to_contain_text("Rex Revoked")
    shot(page, JOURNEY, "03-revoked")

    verify_by_typing(page, "ATS-NOT-A-CODE")
    expect(page.get_by_label("Certificate identifier")).to_have_attribute("aria-invalid", "true")
    expect(page.locator("#code-error")).to_contain_text(re.compile("not a certificate identifier"))
    shot(page, JOURNEY, "04-typo")
