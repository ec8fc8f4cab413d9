"""Every interface text is marked for translation, and the Russian catalogue translates it all."""

from __future__ import annotations

from pathlib import Path

from babel.messages.catalog import Catalog
from babel.messages.pofile import read_po

from app.i18n_check import catalogue_problems, unmarked_in_template, unmarked_in_tree

REPO = Path(__file__).resolve().parents[2]
FIXTURE = Path(__file__).parent / "fixture"
RU_CATALOGUE = REPO / "app" / "translations" / "ru" / "LC_MESSAGES" / "messages.po"


def test_the_check_finds_unmarked_text_in_a_fixture_and_nothing_marked():
    found = [(u.path.split("/")[-1], u.text) for u in unmarked_in_tree(FIXTURE)]
    assert sorted(found) == sorted(
        [
            ("page.html", "Unmarked paragraph text"),
            ("page.html", "Unmarked tooltip"),
            ("page.html", "Send it"),
            ("views.py", "Saved without translation"),
            ("views.py", "An unmarked account error"),
        ]
    )


def test_jinja_inside_a_tag_does_not_hide_its_attributes():
    found = unmarked_in_template('<a{% if x %} class="y"{% endif %} title="Go home">', "t.html")
    assert [u.text for u in found] == ["Go home"]


def test_the_repository_has_no_unmarked_interface_text():
    found = unmarked_in_tree(REPO / "app")
    assert not found, "Mark these for translation:\n" + "\n".join(map(str, found))


def _catalogue(text: str) -> Catalog:
    from io import BytesIO

    return read_po(BytesIO(text.encode()), locale="ru")


def test_the_catalogue_check_reports_missing_fuzzy_and_broken_entries():
    wanted = _catalogue(
        'msgid "Log in"\nmsgstr ""\n\nmsgid "Save"\nmsgstr ""\n\n'
        'msgid "Hello %(name)s"\nmsgstr ""\n\nmsgid "Gone"\nmsgstr ""\n'
    )
    ru = _catalogue(
        'msgid "Log in"\nmsgstr "Войти"\n\n#, fuzzy\nmsgid "Save"\nmsgstr "Сохранить"\n\n'
        '#, python-format\nmsgid "Hello %(name)s"\nmsgstr "Привет, %(nom)s"\n'
    )
    assert catalogue_problems(wanted, ru) == [
        "fuzzy: 'Save'",
        "unknown placeholder in the translation of 'Hello %(name)s'",
        "missing: 'Gone'",
    ]
