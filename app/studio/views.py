"""The studio's front page: the exercise bank with filters and what needs attention."""

from __future__ import annotations

from flask import render_template, request

from app.access import role_required
from app.extensions import db
from app.models import Role
from app.services.studio.bank_overview import (
    FILTERS,
    attention_counts,
    chosen_filters,
    exercises_matching,
)
from app.studio import bp
from graders import KINDS

PAGE_SIZE = 50


@bp.route("/")
@role_required(Role.INSTRUCTOR)
def index() -> str:
    """Every bank item, filterable by pool, status and kind, with counts that need attention."""
    chosen = chosen_filters(request.args)
    query = request.args.get("q", "").strip()[:100]
    page = max(request.args.get("page", 1, type=int) or 1, 1)
    items = db.paginate(
        exercises_matching(chosen, query), page=page, per_page=PAGE_SIZE, error_out=False
    )
    return render_template(
        "studio/index.html",
        items=items,
        chosen=chosen,
        q=query,
        filters=FILTERS,
        counts=attention_counts(),
        kinds=KINDS,
    )
