"""Liveness and readiness for a load balancer: cheap, public, never rate limited."""

from flask import Blueprint

bp = Blueprint("health", __name__)

from app.health import views  # noqa: E402,F401  (registers the routes on bp)
