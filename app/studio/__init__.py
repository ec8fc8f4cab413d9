"""The instructor studio: authoring, calibration, reviews, analytics, cohorts."""

from flask import Blueprint

bp = Blueprint("studio", __name__, url_prefix="/studio")

from app.studio import (  # noqa: E402,F401
    analytics_views,
    authoring_views,
    calibration_views,
    cohort_views,
    exposure_views,
    home_views,
    review_views,
    template_helpers,
    transfer_views,
    views,
)
