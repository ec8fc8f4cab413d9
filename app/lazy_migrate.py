"""Flask-Migrate (and alembic) only when a command or a test uses it, never in a web worker.

Importing Flask-Migrate imports alembic (≈190 ms of every worker's start-up). ``create_app``
puts a stand-in at ``app.extensions["migrate"]``; the first attribute read on it (by
``flask_migrate.upgrade()`` or ``migrations/env.py``) sets the real extension up. The ``school``
CLI calls ``init_migrations`` eagerly so that ``school db ...`` exists.
"""

from __future__ import annotations

from typing import Any

from flask import Flask

from app.config import REPO_ROOT
from app.extensions import db

EXTENSION = "migrate"


def init_migrations(app: Flask) -> Any:
    """Set Flask-Migrate up on ``app`` (adds the ``db`` commands); returns its config object."""
    from flask_migrate import Migrate

    Migrate(
        app, db, directory=str(REPO_ROOT / "migrations"), compare_type=True, render_as_batch=True
    )
    return app.extensions[EXTENSION]


class LazyMigrate:
    """Stands in for Flask-Migrate's extension object until something reads it."""

    def __init__(self, app: Flask) -> None:
        self._app = app

    def __getattr__(self, name: str) -> Any:
        return getattr(init_migrations(self._app), name)


def install_lazy_migrate(app: Flask) -> None:
    """Register the stand-in; Flask-Migrate is not imported."""
    app.extensions[EXTENSION] = LazyMigrate(app)
