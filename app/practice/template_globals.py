"""Template helpers the practice widgets and dashboard need (registered app-wide for exams too)."""

from __future__ import annotations

from collections.abc import Sequence

from markupsafe import Markup

from app.charts import line_chart
from app.practice import bp
from graders import FLAG_CRITERION, FLAGS


@bp.app_template_global("rating_flags")
def rating_flags() -> list[dict[str, str]]:
    """The flag vocabulary with descriptions, grouped by criterion, for the rating widget."""
    order = {"ethics": 0, "accuracy": 1, "relevance": 2}
    names = sorted(FLAGS, key=lambda name: (order[str(FLAG_CRITERION[name])], name))
    return [
        {"name": name, "description": FLAGS[name], "criterion": str(FLAG_CRITERION[name])}
        for name in names
    ]


@bp.app_template_global("practice_chart")
def practice_chart(weeks: Sequence[tuple[str, float, int]], title: str) -> Markup:
    """The weekly mean-score line chart as inline SVG."""
    return line_chart([(week, score) for week, score, _count in weeks], title=title)
