"""The instructor studio: authoring, calibration, reviews, analytics, cohorts."""

from flask import Blueprint

bp = Blueprint("studio", __name__, url_prefix="/studio")

from app.studio import views  # noqa: E402,F401
