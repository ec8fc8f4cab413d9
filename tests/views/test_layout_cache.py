"""The site header is rendered once per look; each reader still gets their own name and token.

``app/layout_cache.py`` keeps the header per language, roles and page, with placeholders for
the reader's name, their CSRF token and the language links back to the address they are on.
These tests read the pages a second reader gets from the kept header.
"""

from __future__ import annotations

from flask import Flask, url_for
from markupsafe import escape

from app import layout_cache as layout_cache_module
from app.layout_cache import EXTENSION
from app.models import Role
from app.process_cache import TimedCache
from tests.conftest import csrf_token_in, signed_in_browser, templates_rendered


def switch_link(app: Flask, code: str, back: str) -> str:
    """The language link as the page must print it (the same encoding as ``url_for``)."""
    with app.test_request_context():
        return str(escape(url_for("main.switch_language", code=code, next=back)))


def test_a_second_reader_gets_the_kept_header_with_their_own_name(client, app, make_user):
    first = make_user(display_name="Ada First")
    second = make_user(display_name='<Eve & "Co">')
    assert "Ada First" in signed_in_browser(app, first).get("/practice/").text
    browser = signed_in_browser(app, second)
    with templates_rendered(app) as rendered:
        page = browser.get("/practice/").text
    assert "layout/_header.html" not in rendered and "layout/_footer.html" not in rendered
    assert str(escape('<Eve & "Co">')) in page and '<Eve & "Co">' not in page
    assert "Ada First" not in page and "\x00" not in page


def test_the_kept_header_carries_each_readers_working_logout_token(client, app, make_user):
    signed_in_browser(app, make_user()).get("/practice/")
    browser = signed_in_browser(app, make_user())
    page = browser.get("/practice/").text
    response = browser.post("/auth/logout", data={"csrf_token": csrf_token_in(page)}, csrf=False)
    assert response.status_code == 302
    assert browser.get("/dashboard").status_code == 302  # signed out: sent to the login page


def test_language_links_return_to_the_address_each_page_was_read_at(client, student, app):
    for back in ("/practice/?kind=ranking", "/practice/?kind=pairwise&page=2", "/practice/"):
        page = client.get(back).text
        assert switch_link(app, "ru", back) in page


def test_each_address_builds_its_language_link_once(client, student, app, monkeypatch):
    built: list[str] = []
    build = layout_cache_module.url_for

    def counted(endpoint: str, **values: object) -> str:
        built.append(str(values.get("next")))
        return build(endpoint, **values)

    monkeypatch.setattr(layout_cache_module, "url_for", counted)
    addresses = [f"/practice/?page={page}" for page in (1, 2, 3)]
    for back in addresses * 2:
        assert switch_link(app, "ru", back) in client.get(back).text
    assert built == addresses  # built on each address's first visit only


def test_a_flood_of_addresses_never_pushes_out_a_kept_header(client, student, app, monkeypatch):
    # A header cache just big enough for this page's header and footer: had the links shared
    # it, the addresses below would push the header out and it would be rendered again.
    monkeypatch.setitem(app.extensions, EXTENSION, TimedCache(3600, maxsize=2))
    client.get("/practice/")
    with templates_rendered(app) as rendered:
        for page in range(1, 12):
            back = f"/practice/?page={page}"
            assert switch_link(app, "ru", back) in client.get(back).text
    assert "layout/_header.html" not in rendered


def test_an_error_page_sends_the_language_link_home(client, student, app):
    client.get("/practice/")
    page = client.get("/practice/no-such-item-anywhere").text
    assert switch_link(app, "ru", "/") in page and "no-such-item-anywhere" not in page


def test_the_header_is_kept_per_roles_and_language(client, app, make_user):
    student_page = signed_in_browser(app, make_user()).get("/practice/").text
    instructor_page = signed_in_browser(app, make_user(Role.INSTRUCTOR)).get("/practice/").text
    studio = f'href="{url_for_path(app, "studio.home")}"'
    assert studio not in student_page and studio in instructor_page
    reader = signed_in_browser(app, make_user())
    reader.get("/language/ru")
    russian = reader.get("/practice/").text
    assert '<span lang="ru" aria-current="true">' in russian
    assert '<span lang="en" aria-current="true">' in student_page


def test_anonymous_pages_set_no_session_for_the_kept_header(app):
    browser = app.test_client()
    browser.get("/")
    response = browser.get("/")
    assert "Set-Cookie" not in response.headers  # no form in the header: no CSRF token made


def url_for_path(app: Flask, endpoint: str) -> str:
    with app.test_request_context():
        return url_for(endpoint)


def test_static_addresses_follow_where_the_site_is_mounted(client):
    """Kept per mount point: a site behind a path prefix links its own static files."""
    at_root = client.get("/").text
    mounted = client.get("/", environ_overrides={"SCRIPT_NAME": "/school"}).text
    assert 'href="/static/css/site.css"' in at_root
    assert 'href="/school/static/css/site.css"' in mounted
    assert 'src="/school/static/js/tables.js"' in mounted


def test_the_dashboard_around_each_students_body_is_kept_per_look(app, make_user):
    ada = signed_in_browser(app, make_user(display_name="Ada Dashreader"))
    ada.get("/dashboard")  # the sign-in's flash: a full render
    ada_page = ada.get("/dashboard").text
    bo = signed_in_browser(app, make_user(display_name="Bo Dashreader"))
    bo.get("/dashboard")
    with templates_rendered(app) as rendered:
        from_shell = bo.get("/dashboard").text
    assert "main/dashboard.html" not in rendered and "\x00" not in from_shell
    assert "Bo Dashreader" in from_shell and "Ada Dashreader" not in from_shell
    assert "Ada Dashreader" in ada_page
    kept = app.extensions.pop(EXTENSION)
    try:
        in_full = bo.get("/dashboard").text
    finally:
        app.extensions[EXTENSION] = kept
    assert from_shell == in_full
