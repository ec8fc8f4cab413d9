"""How each score is computed, with the student's own numbers."""

from flask import Blueprint

bp = Blueprint("scores", __name__, url_prefix="/scores")

from app.scores import views  # noqa: E402,F401  (registers the routes on bp)
