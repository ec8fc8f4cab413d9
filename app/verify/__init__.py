"""Public verification for recruiters, and the trainer directory."""

from flask import Blueprint

bp = Blueprint("verify", __name__, url_prefix="/verify")

from app.verify import checks, views  # noqa: E402,F401
