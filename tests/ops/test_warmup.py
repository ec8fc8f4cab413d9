"""What the preloaded master prepares before forking: no new worker compiles a template,
reads a language's data or imports a library on its first pages (each replacement worker used
to, every ~2,000 requests)."""

from __future__ import annotations

import json
import subprocess
import sys
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from flask import Flask

from app.config import REPO_ROOT
from app.models import User
from app.warmup import warm_for_fork
from tests.conftest import second_worker, signed_in_browser
from tests.ops.conftest import FakeArbiter

ANONYMOUS_PAGES = ("/", "/auth/login", "/courses/", "/no-such-page")


def template_files(application: Flask) -> list[Path]:
    """Every template file in the app's template folders."""
    root = Path(application.root_path)
    return [
        path
        for folder in root.rglob("templates")
        for path in folder.rglob("*")
        if path.suffix in (".html", ".txt")
    ]


@pytest.fixture
def fresh_worker(app: Flask, tmp_path: Path) -> Iterator[Flask]:
    """A newly started app on the shared database: nothing compiled or cached in it yet."""
    with second_worker(app, tmp_path) as (application, _clock):
        yield application


def compiled_on_request(
    application: Flask, monkeypatch: pytest.MonkeyPatch, student: User
) -> list[str]:
    """Templates read from disk while a student and a visitor browse the fresh app."""
    loader = application.jinja_env.loader
    assert loader is not None
    read: list[str] = []
    original = loader.get_source

    def spy(environment: Any, name: str) -> Any:
        read.append(name)
        return original(environment, name)

    browser = signed_in_browser(application, student)
    monkeypatch.setattr(loader, "get_source", spy)
    visitor = application.test_client()
    assert [visitor.get(path).status_code for path in ANONYMOUS_PAGES] == [200, 200, 200, 404]
    dashboard = browser.get("/dashboard")
    assert dashboard.status_code == 200 and "Test Person" in dashboard.get_data(as_text=True)
    return read


def test_without_warming_a_new_worker_compiles_templates_on_its_first_pages(
    fresh_worker: Flask, make_user: Callable[..., User], monkeypatch: pytest.MonkeyPatch
) -> None:
    read = compiled_on_request(fresh_worker, monkeypatch, make_user())
    assert "learn/catalogue.html" in read and "errors/error.html" in read


def test_a_warmed_worker_serves_its_first_pages_without_compiling_a_template(
    fresh_worker: Flask, make_user: Callable[..., User], monkeypatch: pytest.MonkeyPatch
) -> None:
    warmed = warm_for_fork(fresh_worker)
    assert warmed.templates == len(template_files(fresh_worker)) > 50
    assert compiled_on_request(fresh_worker, monkeypatch, make_user()) == []


LANGUAGE_PROBE = """
import json, sys
from datetime import date
from babel import dates, localedata, support
from app import create_app
from app.warmup import warm_for_fork

app = create_app({"SQLALCHEMY_DATABASE_URI": "sqlite://", "SECRET_KEY": "x" * 40})
warmed = list(warm_for_fork(app).languages) if sys.argv[1] == "warm" else []
files, catalogues = [], []
find_file, load_catalogue = localedata.resolve_locale_filename, support.Translations.load
localedata.resolve_locale_filename = lambda name: files.append(name) or find_file(name)
support.Translations.load = lambda *args: catalogues.append(args) or load_catalogue(*args)
visitor = app.test_client()
for code in ("en", "ru"):
    assert visitor.get(f"/auth/login?lang={code}").status_code == 200
    assert dates.format_date(date(2026, 12, 7), "medium", locale=code)
read = {"warmed": warmed, "locale_files": sorted(set(files)), "catalogues": len(catalogues)}
print(json.dumps(read))
"""


def first_pages_in_a_new_process(mode: str) -> dict[str, Any]:
    """What a new interpreter read from disk while rendering its first pages in both languages."""
    result = subprocess.run(  # noqa: S603 - our own interpreter and probe
        [sys.executable, "-c", LANGUAGE_PROBE, mode],
        cwd=REPO_ROOT,
        capture_output=True,
        text=True,
        check=True,
    )
    return json.loads(result.stdout.strip().splitlines()[-1])


def test_without_warming_a_new_process_reads_each_language_on_its_first_pages() -> None:
    read = first_pages_in_a_new_process("cold")
    assert {"en", "ru"} <= set(read["locale_files"]) and read["catalogues"] == 2


def test_a_warmed_process_reads_no_language_data_on_its_first_pages() -> None:
    read = first_pages_in_a_new_process("warm")
    assert read == {"warmed": ["en", "ru"], "locale_files": [], "catalogues": 0}


def test_the_master_warms_the_preloaded_app_once_it_is_ready(
    fresh_worker: Flask, shipped_config: dict[str, Any]
) -> None:
    arbiter = FakeArbiter(fresh_worker, preload=True)
    shipped_config["when_ready"](arbiter)
    count = len(template_files(fresh_worker))
    assert len(arbiter.logged) == 1
    assert arbiter.logged[0].startswith(f"Warmed for forking: {count} templates, languages en, ru")
    loader = fresh_worker.jinja_env.loader
    assert loader is not None
    loader.get_source = None  # type: ignore[method-assign]  # any read from disk now fails
    assert fresh_worker.jinja_env.get_template("base.html").name == "base.html"


def test_without_preloading_the_master_loads_no_app(shipped_config: dict[str, Any]) -> None:
    arbiter = FakeArbiter(None, preload=False)
    shipped_config["when_ready"](arbiter)
    assert arbiter.logged == []


def test_the_master_leaves_an_app_that_is_not_the_school_alone(
    shipped_config: dict[str, Any],
) -> None:
    hello = Flask("hello")  # the benchmark serves its "hello" app with this file too
    arbiter = FakeArbiter(hello, preload=True)
    shipped_config["when_ready"](arbiter)
    assert arbiter.logged == []


LIBRARY_PROBE = """
import json, sys
from app import create_app
from app.warmup import warm_for_fork

names = ("markdown", "markdown.extensions.tables", "markdown.extensions.toc",
         "cryptography.hazmat.primitives.asymmetric.ed25519")
app = create_app({"SQLALCHEMY_DATABASE_URI": "sqlite://", "SECRET_KEY": "x" * 40})
before = [name for name in names if name in sys.modules]
warm_for_fork(app)
print(json.dumps({"before": before, "after": [name for name in names if name in sys.modules]}))
"""


def test_the_master_imports_the_libraries_workers_load_on_first_use() -> None:
    result = subprocess.run(  # noqa: S603 - our own interpreter and probe
        [sys.executable, "-c", LIBRARY_PROBE],
        cwd=REPO_ROOT,
        capture_output=True,
        text=True,
        check=True,
    )
    imported = json.loads(result.stdout.strip().splitlines()[-1])
    assert imported["before"] == []
    assert len(imported["after"]) == 4
