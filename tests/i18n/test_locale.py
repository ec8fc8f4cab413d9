"""Which language a request gets, and Russian dates, numbers and plurals from Babel's data."""

from __future__ import annotations

from datetime import datetime

from flask_babel import force_locale, format_date, ngettext

from app.extensions import db


def test_accept_language_ru_gets_a_russian_home_page(client):
    page = client.get("/", headers={"Accept-Language": "ru-RU,ru;q=0.9,en;q=0.5"}).text
    assert '<html lang="ru">' in page and "Войти" in page and "Log in" not in page
    english = client.get("/", headers={"Accept-Language": "en-GB"}).text
    assert '<html lang="en">' in english and "Log in" in english


def test_the_switcher_cookie_beats_the_browser_and_works_without_an_account(client):
    response = client.get("/language/ru?next=/courses/")
    assert response.status_code == 302 and response.headers["Location"] == "/courses/"
    assert "lang=ru" in response.headers["Set-Cookie"]
    page = client.get("/", headers={"Accept-Language": "en"}).text
    assert '<html lang="ru">' in page
    assert client.get("/language/xx").status_code == 404
    # An open redirect is refused: next must be a path on this site.
    assert client.get("/language/en?next=//evil.example").headers["Location"] == "/"


def test_a_link_may_name_its_language(client):
    assert '<html lang="ru">' in client.get("/?lang=ru", headers={"Accept-Language": "en"}).text


def test_a_saved_account_language_is_followed_on_a_new_device(client, student, login):
    assert client.post("/auth/language", data={"language": "ru"}).status_code == 302
    assert db.session.get(type(student), student.id).locale == "ru"
    client.delete_cookie("lang")
    assert '<html lang="ru">' in client.get("/dashboard", headers={"Accept-Language": "en"}).text
    assert client.post("/auth/language", data={"language": "xx"}).status_code == 302
    assert db.session.get(type(student), student.id).locale == "ru"


def test_russian_plurals_dates_and_percentages_come_from_babel(app):
    with app.test_request_context(), force_locale("ru"):
        forms = [ngettext("%(num)d lesson", "%(num)d lessons", n) for n in (1, 2, 5, 21, 11)]
        assert forms == ["1 урок", "2 урока", "5 уроков", "21 урок", "11 уроков"]
        assert format_date(datetime(2026, 12, 4), "long") == "4 декабря 2026\u202fг."
        from app.templating import percent

        assert percent(0.853) == "85\xa0%"
    with app.test_request_context(), force_locale("en"):
        from app.templating import percent

        assert percent(0.853) == "85%"
