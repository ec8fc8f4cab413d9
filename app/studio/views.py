"""The studio's front page: the exercise bank with filters and what needs attention."""

from __future__ import annotations

from flask import render_template, request
from sqlalchemy import func, select

from app.access import role_required
from app.extensions import db
from app.models import Attempt, Exercise, Role
from app.studio import bp
from graders import KINDS

PAGE_SIZE = 50
FILTERS = {
    "pool": ("practice", "exam"),
    "status": ("draft", "published", "archived"),
    "kind": KINDS,
}


@bp.route("/")
@role_required(Role.INSTRUCTOR)
def index() -> str:
    """Every bank item, filterable by pool, status and kind, with counts that need attention."""
    chosen = {name: request.args.get(name, "") for name in FILTERS}
    chosen = {name: value for name, value in chosen.items() if value in FILTERS[name]}
    query = request.args.get("q", "").strip()[:100]
    stmt = select(Exercise).order_by(Exercise.updated_at.desc(), Exercise.id.desc())
    for name, value in chosen.items():
        stmt = stmt.where(getattr(Exercise, name) == value)
    if query:
        stmt = stmt.where(Exercise.uid.contains(query) | Exercise.title.ilike(f"%{query}%"))
    page = max(request.args.get("page", 1, type=int) or 1, 1)
    items = db.paginate(stmt, page=page, per_page=PAGE_SIZE, error_out=False)
    counts = {
        "drafts": db.session.scalar(select(func.count()).where(Exercise.status == "draft")),
        "flagged": db.session.scalar(
            select(func.count()).where(Exercise.calibration_flagged.is_(True))
        ),
        "pending": db.session.scalar(
            select(func.count()).where(Attempt.review_status == "pending")
        ),
    }
    return render_template(
        "studio/index.html",
        items=items,
        chosen=chosen,
        q=query,
        filters=FILTERS,
        counts=counts,
        kinds=KINDS,
    )
