"""Browser fixtures: the real site on a loopback port with real content, and headless Chromium.

The site runs on its own database (never the per-test emptied one of ``tests/conftest.py``), so
a journey's data survives across its pages; each journey uses its own accounts.
"""

from __future__ import annotations

import os
import shutil
import threading
from collections.abc import Callable, Iterable, Iterator
from contextlib import ExitStack
from pathlib import Path
from typing import Any

import pytest
from flask import Flask
from playwright.sync_api import Browser, Page, sync_playwright
from werkzeug.serving import WSGIRequestHandler, make_server

from app.extensions import db
from tests.browser.language import LANGUAGES, Lang
from tests.browser.site import (
    CHROMIUM_ARGS,
    DESKTOP,
    TIMEOUT_MS,
    LiveSite,
    PageWatch,
    choose_language,
)
from tests.conftest import make_test_app, private_postgres_database, test_database_url

RESPONSE_KEY = "tests.browser.response"


def remembering_response(application: Flask) -> Callable[..., Iterable[bytes]]:
    """The app, noting each response's iterable in its environ (for ``ClosingHandler``)."""

    def serve(environ: dict[str, Any], start_response: Callable[..., Any]) -> Iterable[bytes]:
        response = application(environ, start_response)
        environ[RESPONSE_KEY] = response
        return response

    return serve


class ClosingHandler(WSGIRequestHandler):
    """Close the response when the browser drops the connection.

    Chromium cancels a stylesheet download when a journey navigates away. Werkzeug's development
    server then drains the request in a ``finally`` block; that read raises on the reset
    connection, so the response (an open static file) is never closed. The garbage collector's
    ResourceWarning then failed whichever test was running (once in CI).
    """

    def connection_dropped(self, error: BaseException, environ: Any = None) -> None:
        response = (environ or {}).get(RESPONSE_KEY)
        if response is not None and hasattr(response, "close"):
            response.close()


def build_site_database(url: str, instance: Path) -> Flask:
    """An app on ``url`` with the schema migrated and the real courses and bank synced."""
    from flask_migrate import upgrade

    from app.services.common.content import sync_everything

    application = make_test_app(url, instance)
    with application.app_context():
        upgrade()
        for _line in sync_everything():
            pass
        db.session.commit()
        db.session.remove()
    return application


@pytest.fixture(scope="session")
def live_site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[LiveSite]:
    """The whole site served by werkzeug in a background thread on 127.0.0.1."""
    tmp_dir = tmp_path_factory.mktemp("browser-site")
    url = test_database_url(tmp_dir)
    with ExitStack() as stack:
        if url.startswith("postgresql"):
            url = stack.enter_context(private_postgres_database(url))
        application = build_site_database(url, tmp_dir)
        server = make_server(
            "127.0.0.1",
            0,
            remembering_response(application),
            threaded=True,
            request_handler=ClosingHandler,
        )
        base_url = f"http://127.0.0.1:{server.server_port}"
        application.config["SITE_URL"] = base_url
        thread = threading.Thread(target=server.serve_forever, name="live-site", daemon=True)
        thread.start()
        try:
            yield LiveSite(application, base_url)
        finally:
            server.shutdown()
            thread.join(timeout=10)
            server.server_close()
            with application.app_context():
                db.session.remove()
                db.engine.dispose()


@pytest.fixture(scope="session")
def browser() -> Iterator[Browser]:
    """Debian's chromium, headless, driven by Playwright (never a downloaded browser)."""
    executable = os.environ.get("CHROMIUM") or shutil.which("chromium")
    assert executable, "chromium is not installed: run `bash scripts/test` as root to install it"
    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(
            executable_path=executable, args=CHROMIUM_ARGS, headless=True
        )
        yield launched
        launched.close()


@pytest.fixture(params=LANGUAGES)
def lang(request: pytest.FixtureRequest, live_site: LiveSite) -> Lang:
    """The interface language of a journey: a test asking for it runs once per language."""
    return Lang(request.param, live_site.app)


@pytest.fixture
def page(
    browser: Browser, live_site: LiveSite, request: pytest.FixtureRequest
) -> Iterator[Page]:
    """A fresh browser profile at desktop size; fails on CSP or JS errors.

    A test that asks for ``lang`` gets the ``lang`` cookie of that language (what the header's
    switcher sets); any other starts with no cookies and the browser's English.
    """
    context = browser.new_context(base_url=live_site.url, viewport=DESKTOP)
    context.set_default_timeout(TIMEOUT_MS)
    if "lang" in request.fixturenames:
        choose_language(context, live_site, request.getfixturevalue("lang").code)
    opened = context.new_page()
    watch = PageWatch.attach(opened)
    yield opened
    context.close()
    watch.assert_clean()
