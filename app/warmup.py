"""Work every new worker would repeat, done once in gunicorn's preloaded master before it forks.

gunicorn forks a fresh worker from the master whenever one reaches ``max_requests`` or dies.
Jinja compiles a template on its first use and Babel reads a language's locale data and
catalogue on its first page in that language, so each new worker paid them again: its first
lesson page took about 96 ms against 5 ms warm (``benchmarks/worker_restart.py``). Done here,
the forked workers inherit the results copy-on-write (and ``gc.freeze`` keeps them unscanned).
Only code and shipped files are warmed; data caches fill from the database as before.

The libraries a worker imports on first use rather than at start-up (python-markdown with its
extensions, cryptography: ~20 ms that most requests never need) are imported here too, so the
workers of a preloaded master share them instead of each importing its own copy.
"""

from __future__ import annotations

import importlib
import time
from dataclasses import dataclass

from babel import localedata
from flask import Flask
from flask_babel import get_translations

from app.i18n import supported

TEMPLATE_SUFFIXES = (".html", ".txt")


@dataclass(frozen=True)
class Warmed:
    """What was prepared, for the master's log line."""

    templates: int
    languages: tuple[str, ...]
    seconds: float


def compile_templates(app: Flask) -> int:
    """Compile every template of the app and its blueprints into Jinja's cache."""
    env = app.jinja_env
    names = env.list_templates(filter_func=lambda name: name.endswith(TEMPLATE_SUFFIXES))
    for name in names:
        env.get_template(name)
    return len(names)


def load_languages(app: Flask) -> tuple[str, ...]:
    """Read each interface language's locale data (dates, numbers) and message catalogue."""
    with app.app_context():
        codes = tuple(supported())
    for code in codes:
        localedata.load(code)
        # Flask-Babel finds the catalogue for the request's language (here ``?lang=``) and
        # keeps it for the process.
        with app.test_request_context("/", query_string={"lang": code}):
            get_translations()
    return codes


def load_libraries() -> None:
    """Import the libraries the app loads on first use (the converter loads its extensions)."""
    from app.services.certification.signing import CRYPTOGRAPHY_MODULES
    from app.services.common.markdown_render import render_markdown

    render_markdown("# Warm\n\n| a |\n|---|\n| b |\n")
    for name in CRYPTOGRAPHY_MODULES:
        importlib.import_module(name)


def warm_for_fork(app: Flask) -> Warmed:
    """Prepare everything a forked worker would otherwise build on its first pages."""
    started = time.perf_counter()
    templates = compile_templates(app)
    languages = load_languages(app)
    load_libraries()
    return Warmed(templates, languages, time.perf_counter() - started)
