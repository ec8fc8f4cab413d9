"""Journey 3: a recruiter without an account types certificate identifiers into the public
verification form and sees a valid certificate as valid and a revoked one as revoked; an unknown
identifier answers with the form again; the candidate's email is checked; a credential file is
dropped on the form (and another chosen with the file input) and checked on the server."""

from __future__ import annotations

import json
import re

import pytest
from playwright.sync_api import Page, expect

from app.extensions import db
from app.models import Role
from tests.browser.checks import assert_accessible, assert_fits_phone
from tests.browser.site import DESKTOP, LiveSite, shot
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


# Drops a file on the credential drop zone the way a browser does for a dragged file.
DROP_FILE = """([text, name]) => {
  const transfer = new DataTransfer();
  transfer.items.add(new File([text], name, {type: "application/json"}));
  const zone = document.querySelector("[data-drop-zone]");
  for (const kind of ["dragenter", "dragover", "drop"]) {
    const init = {dataTransfer: transfer, bubbles: true, cancelable: true};
    zone.dispatchEvent(new DragEvent(kind, init));
  }
}"""


def credential_text(site: LiveSite, code: str, demo: bool = False) -> str:
    """The signed credential the holder of ``code`` downloads (optionally made a demo first)."""
    from app.services.certificates import find_by_code
    from app.services.credentials import signed_credential

    with site.data():
        cert = find_by_code(code)
        assert cert is not None
        cert.is_demo = demo
        text = json.dumps(signed_credential(cert))
        db.session.commit()
        return text


def check_page(page: Page) -> None:
    """axe finds nothing serious at 1280 px, and the page fits a 375 px phone."""
    assert_accessible(page)
    assert_fits_phone(page)
    assert_accessible(page)
    page.set_viewport_size(DESKTOP)


def test_recruiter_checks_emails_and_credential_files(
    page: Page, live_site: LiveSite, tmp_path
) -> None:
    """Not found, email check, a dropped file, a chosen file, and a demo credential."""
    instructor = live_site.make_user(Role.INSTRUCTOR, "Ivy Reviewer")
    admin = live_site.make_user(Role.ADMIN, "Abe Admin")
    holder, valid = earn_certificate(live_site, "Fay File", instructor)
    _other, revoked = earn_certificate(live_site, "Ray Revoked", instructor)
    revoke(live_site, revoked, admin, REASON)

    page.goto("/verify/ATS-0000-0000-0000")
    expect(page.get_by_role("alert")).to_contain_text("No certificate has this identifier")
    expect(page.get_by_label("Certificate identifier")).to_be_visible()
    check_page(page)
    shot(page, JOURNEY, "05-not-found")

    page.goto(f"/verify/{valid}")
    page.get_by_label("Email address the candidate gave you").fill(holder.upper())
    page.get_by_role("button", name="Check the email").click()
    expect(page.locator("#email-result")).to_contain_text("Matches")
    check_page(page)
    shot(page, JOURNEY, "06-email-matches")

    page.goto("/verify/")
    with page.expect_navigation():
        page.evaluate(DROP_FILE, [credential_text(live_site, valid), "credential.json"])
    expect(page.get_by_role("heading", level=1)).to_have_text("Credential check")
    expect(page.get_by_role("status")).to_contain_text("Valid")
    expect(page.locator("main")).to_contain_text("checked in this site's database")
    expect(page.locator("main")).to_contain_text("Fay File")
    check_page(page)
    shot(page, JOURNEY, "07-dropped-file-valid")

    path = tmp_path / "revoked.json"
    path.write_text(credential_text(live_site, revoked), encoding="utf-8")
    page.goto("/verify/")
    page.get_by_label("Credential file (.json)").set_input_files(str(path))
    page.get_by_role("button", name="Check the credential").click()
    expect(page.get_by_role("status")).to_contain_text("Not valid")
    expect(page.locator("main")).to_contain_text("revoked by the issuer")
    shot(page, JOURNEY, "08-chosen-file-revoked")

    page.goto("/verify/")
    with page.expect_navigation():
        page.evaluate(DROP_FILE, [credential_text(live_site, valid, demo=True), "demo.json"])
    expect(page.locator(".demo-banner")).to_contain_text("Demo — not a real certificate")
    check_page(page)
    page.goto(f"/verify/{valid}")
    expect(page.locator(".demo-banner")).to_contain_text("Demo — not a real certificate")
    check_page(page)
    shot(page, JOURNEY, "09-demo")
