"""Registration, sign-in and passwords."""

from flask import Blueprint

bp = Blueprint("auth", __name__, url_prefix="/auth")

from app.auth import views  # noqa: E402,F401  (registers the routes on bp)
