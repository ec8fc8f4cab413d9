"""Exam item exposure: which exam items are near retirement from the draw."""

from __future__ import annotations

from flask import render_template

from app.access import role_required
from app.models import Role
from app.services.certification.exam_pool import items_near_retirement, max_exposures
from app.studio import bp


@bp.route("/exam-exposure", endpoint="exam_exposure")
@role_required(Role.INSTRUCTOR)
def exam_exposure() -> str:
    """Exam items drawn at least 80% of the exposure limit, most exposed first."""
    return render_template(
        "studio/exam_exposure.html", rows=items_near_retirement(), limit=max_exposures()
    )
