"""What every visitor sees the same, kept per process for a short time.

A certificate's public verification record (the facts, its status now, the JSON body) is read
by recruiters far more often than it changes. Each app keeps it for ``VERIFY_CACHE_SECONDS``
(30 s, like the status list's own ``max-age``); a revocation flushed in this process drops it
at once, other workers show it within the TTL. Unknown identifiers are not cached. The page an
anonymous visitor sees is kept the same way (it holds no form, so it sets no session cookie and
shared caches may keep it too), and so is the signed revocation list.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from flask import Flask, current_app, request, session
from flask_babel import get_locale
from flask_login import current_user

from app.models import Certificate, GuidelinesVersion
from app.page_fragments import cached_fragment
from app.process_cache import TimedCache, app_cache, install_cache, kept, plain_copy
from app.services.certification.certificates import (
    CertificateState,
    Supersession,
    certificate_state,
    find_by_code,
    normalise_code,
    superseded_versions,
)
from app.services.certification.credentials import status_list_credential
from app.services.certification.directory import public_record

DEFAULT_SECONDS = 30.0
EXTENSION = "verify_cache"
SUPERSEDED_KEY = "superseded-guidelines"  # not a certificate code: codes start with ATS-


@dataclass(frozen=True)
class Verification:
    """A certificate's columns (a plain copy, never a shared ORM object), state and record."""

    cert: Any
    state: CertificateState
    record: dict[str, Any]


def verify_cache(app: Flask) -> TimedCache | None:
    """This app's verification cache (None when ``VERIFY_CACHE_SECONDS`` is 0)."""
    return app_cache(app, EXTENSION)


def superseded_guidelines(cache: TimedCache | None) -> dict[str, Supersession]:
    """The superseded guidelines versions every certificate's status depends on, read once per
    TTL rather than once per certificate (a second query on every uncached record)."""
    return kept(cache, SUPERSEDED_KEY, superseded_versions)


def verification(text: str) -> Verification | None:
    """The public record a typed identifier names, from the cache when it is fresh."""
    code = normalise_code(text)
    if code is None:
        return None
    cache = verify_cache(current_app)

    def load() -> Verification | None:
        cert = find_by_code(code)
        if cert is None:
            return None
        state = certificate_state(cert, superseded=superseded_guidelines(cache))
        return Verification(plain_copy(cert), state, public_record(cert, state))

    return kept(cache, code, load)


def site_key() -> str:
    """The scheme, host and mount point this request came to (what its links are built on).

    Not ``request.host_url``: that builds and IRI-decodes the whole URL, a tenth of a cached
    page's CPU time.
    """
    return f"{request.scheme}://{request.host}{request.root_path}"


def without_account_cookies() -> bool:
    """Whether the request carries neither a session nor a remember-me cookie.

    Then nobody is signed in and nothing is pending. The public pages can know it without
    loading a user: Flask-Login would otherwise read the session and hash the client's address
    and agent (about 20 µs of a ~700 µs cached verification answer).
    """
    config = current_app.config
    cookies = request.cookies
    return (
        config.get("SESSION_COOKIE_NAME", "session") not in cookies
        and config.get("REMEMBER_COOKIE_NAME", "remember_token") not in cookies
    )


def signed_in_visitor() -> bool:
    """Whether a user is signed in (loaded only when the request could carry one)."""
    return not without_account_cookies() and bool(current_user.is_authenticated)


def seen_by_every_visitor() -> bool:
    """Whether this request gets the page every anonymous visitor gets in its language.

    True for a visitor with no account, no pending messages and no query string. The public
    pages hold no form (the email check has its own page), so such a page may be kept by a
    shared cache as well, varied by language.
    """
    return not (request.query_string or signed_in_visitor() or session.get("_flashes"))


def anonymous_page(key: str, render: Callable[[], str]) -> tuple[str, bool]:
    """A public page, and whether it is the one every anonymous visitor gets.

    Such a page may be shared (by this process for the TTL, and by HTTP caches); any other
    visitor gets ``render()`` afresh. Only visitors with no account, no pending messages and no
    query string see the same page (a form's CSRF token, should a page hold one, is stored as a
    placeholder and filled in per request from the visitor's own session). Keyed by page, path
    as typed (the language links return to it), language and host (links follow the host when
    ``SITE_URL`` is unset). Dropped with the record on a revocation.
    """
    shared = seen_by_every_visitor()
    cache = verify_cache(current_app)
    if cache is None or not shared:
        return render(), shared
    full_key = f"page:{key}:{request.path}:{get_locale()}:{site_key()}"
    return cached_fragment(cache, full_key, render), True


def signed_status_list() -> dict[str, Any]:
    """The signed revocation list, signed once per TTL and host instead of on every request.

    It names this site's URLs, so it is kept per host (they follow the host when ``SITE_URL``
    is unset); a revocation empties it with the records.
    """
    return kept(verify_cache(current_app), f"status-list:{site_key()}", status_list_credential)


def init_public_cache(app: Flask) -> None:
    """Give this app its own verification cache."""
    seconds = float(app.config.get("VERIFY_CACHE_SECONDS", DEFAULT_SECONDS))
    # Revocations are rare: any certificate write empties it all (records, pages, status list),
    # and so does superseding a guidelines version (every certificate's status may change).
    install_cache(app, EXTENSION, seconds, (Certificate, GuidelinesVersion))
