"""The Russian catalogue translates every message the code and templates use, properly."""

from __future__ import annotations

from pathlib import Path

import pytest
from babel.messages.catalog import Catalog
from babel.messages.frontend import CommandLineInterface
from babel.messages.pofile import read_po

from app.i18n_check import catalogue_problems

REPO = Path(__file__).resolve().parents[2]
RU_CATALOGUE = REPO / "app" / "translations" / "ru" / "LC_MESSAGES" / "messages.po"


@pytest.fixture(scope="module")
def extracted(tmp_path_factory: pytest.TempPathFactory) -> Catalog:
    """The messages the code and templates use today (pybabel extract, as the README says)."""
    target = tmp_path_factory.mktemp("pot") / "messages.pot"
    # pybabel's own command line, in-process, with the project's mapping (babel.cfg).
    CommandLineInterface().run(
        ["pybabel", "-q", "extract", "-F", str(REPO / "babel.cfg"), "-k", "_l", "-k", "N_",
         "-k", "NN_:1,2", "-o", str(target), str(REPO)]
    )
    with target.open("rb") as handle:
        found = read_po(handle)
    assert len(found) > 500, "extraction found too few messages: is babel.cfg still right?"
    return found


def test_the_russian_catalogue_translates_every_message(extracted: Catalog):
    with RU_CATALOGUE.open("rb") as handle:
        ru = read_po(handle, locale="ru")
    problems = catalogue_problems(extracted, ru)
    assert not problems, f"{len(problems)} problems:\n" + "\n".join(problems[:50])


def test_russian_plurals_use_three_forms():
    with RU_CATALOGUE.open("rb") as handle:
        ru = read_po(handle, locale="ru")
    assert ru.num_plurals == 3
    plural = [m for m in ru if isinstance(m.id, tuple)]
    assert plural and all(len(m.string) == 3 and all(m.string) for m in plural)


def test_the_catalogue_header_is_not_fuzzy():
    """A fuzzy header makes `pybabel compile` skip the whole catalogue."""
    with RU_CATALOGUE.open("rb") as handle:
        ru = read_po(handle, locale="ru")
    assert not ru.fuzzy
