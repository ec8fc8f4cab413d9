"""Small ``init_*`` helpers that keep ``create_app`` short."""

from __future__ import annotations

from importlib import import_module

from flask import Flask
from flask_login import current_user

from app.extensions import babel, csrf, db, limiter, login_manager, trust_proxies
from app.lazy_migrate import install_lazy_migrate
from app.sqlite_locks import enable_sqlite_transactions
from app.user_cache import init_user_cache

BLUEPRINTS = (
    "health",
    "main",
    "auth",
    "admin",
    "learn",
    "practice",
    "exams",
    "certify",
    "verify",
    "studio",
    "scores",
)


def init_extensions(app: Flask) -> None:
    """Bind every extension to this app."""
    trust_proxies(app)
    db.init_app(app)
    install_lazy_migrate(app)  # alembic is imported only by commands and tests
    csrf.init_app(app)
    babel.init_app(app, locale_selector=select_locale)
    limiter.init_app(app)
    login_manager.init_app(app)
    login_manager.login_view = "auth.login"
    login_manager.login_message_category = "info"
    login_manager.session_protection = "basic"
    init_user_cache(app)
    with app.app_context():
        if db.engine.dialect.name == "sqlite":
            enable_sqlite_transactions(db.engine)


def select_locale() -> str:
    """English until the Russian catalogue ships; the hook is where it will be chosen."""
    from flask import current_app, has_request_context, request

    if not has_request_context():
        return current_app.config["BABEL_DEFAULT_LOCALE"]
    return request.accept_languages.best_match(current_app.config["LANGUAGES"]) or "en"


def init_blueprints(app: Flask) -> None:
    """Register one blueprint per area; each package exposes ``bp``."""
    from app.request_guards import register_converters

    register_converters(app)
    for name in BLUEPRINTS:
        module = import_module(f"app.{name}")
        app.register_blueprint(module.bp)
    from app.cli import register_cli

    register_cli(app)


def init_hooks(app: Flask) -> None:
    """Security headers, error pages and template helpers."""
    from app.errors import register_error_handlers
    from app.observability import register_observability
    from app.request_guards import register_request_guards
    from app.security_headers import register_security_headers
    from app.templating import register_template_helpers

    register_error_handlers(app)
    register_observability(app)
    register_security_headers(app)
    register_request_guards(app)
    register_template_helpers(app)
    app.jinja_env.globals["current_user"] = current_user
    from app.fast_gettext import install_fast_gettext

    install_fast_gettext(app)
