"""AI Trainer School: the Flask application factory."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from app.collector import collector_paused

with collector_paused():  # the whole import chain: flask, sqlalchemy, the models (see collector)
    from flask import Flask

    from app.config import build_config
    from app.db_reconnect import init_reconnect
    from app.extensions import db
    from app.setup import init_blueprints, init_extensions, init_hooks


def create_app(config: dict[str, Any] | None = None) -> Flask:
    """Build the application; ``config`` overrides environment settings (used by tests)."""
    with collector_paused():
        return _build(config)


def _build(config: dict[str, Any] | None) -> Flask:
    """Everything ``create_app`` does, with the collector paused around it."""
    app = Flask(__name__, instance_relative_config=True)
    app.config.from_mapping(build_config(Path(app.instance_path), config))
    init_extensions(app)
    init_blueprints(app)
    init_hooks(app)
    with app.app_context():
        init_reconnect(app, db.engine)
    from app.csrf_tokens import init_csrf_tokens
    from app.dashboard_cache import init_dashboard_cache
    from app.layout_cache import init_layout_cache
    from app.lesson_cache import init_lesson_cache
    from app.practice_cache import init_practice_cache
    from app.progress_cache import init_progress_cache
    from app.public_cache import init_public_cache
    from app.session_cookie import init_session_cookie

    init_layout_cache(app)
    init_public_cache(app)
    init_lesson_cache(app)
    init_practice_cache(app)
    init_progress_cache(app)
    init_dashboard_cache(app)
    init_session_cookie(app)
    init_csrf_tokens(app)
    return app
