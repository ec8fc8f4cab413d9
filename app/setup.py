"""Small ``init_*`` helpers that keep ``create_app`` short."""

from __future__ import annotations

from importlib import import_module

from flask import Flask
from flask_login import current_user

from app.extensions import babel, csrf, db, limiter, login_manager, trust_proxies
from app.i18n import init_i18n, select_locale
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
    init_i18n(app)
    limiter.init_app(app)
    login_manager.init_app(app)
    login_manager.login_view = "auth.login"
    login_manager.login_message_category = "info"
    login_manager.session_protection = "basic"
    init_user_cache(app)
    with app.app_context():
        if db.engine.dialect.name == "sqlite":
            enable_sqlite_transactions(db.engine)


def init_blueprints(app: Flask) -> None:
    """Register one blueprint per area; each package exposes ``bp``."""
    from app.request_guards import register_converters

    register_converters(app)
    for name in BLUEPRINTS:
        module = import_module(f"app.{name}")
        app.register_blueprint(module.bp)


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
