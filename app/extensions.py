"""Unbound Flask extensions, bound to an app in ``create_app`` so tests can build many apps."""

from flask import Flask
from flask_babel import Babel
from flask_limiter import Limiter
from flask_limiter.util import get_remote_address
from flask_login import LoginManager
from flask_wtf.csrf import CSRFProtect
from werkzeug.middleware.proxy_fix import ProxyFix

from app.models.base import db

login_manager = LoginManager()
csrf = CSRFProtect()
babel = Babel()
limiter = Limiter(key_func=get_remote_address, default_limits=[])


def trust_proxies(app: Flask) -> None:
    """Behind ``TRUSTED_PROXIES`` proxies, take the client address and scheme from their headers.

    Off (0) by default: a client could otherwise forge ``X-Forwarded-For`` and pick its own
    rate-limit bucket. With N, the Nth address from the right of ``X-Forwarded-For`` is the client.
    """
    hops = int(app.config.get("TRUSTED_PROXIES") or 0)
    if hops > 0:
        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=hops, x_proto=hops, x_host=0)  # type: ignore[method-assign]


__all__ = ["babel", "csrf", "db", "limiter", "login_manager", "trust_proxies"]
