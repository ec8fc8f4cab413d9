"""Practice with instant feedback against gold answers."""

from flask import Blueprint

bp = Blueprint("practice", __name__, url_prefix="/practice")

from app.practice import template_globals, views  # noqa: E402,F401
