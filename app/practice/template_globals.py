"""Template helpers the practice widgets and dashboard need (registered app-wide for exams too)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from markupsafe import Markup

from app.charts import line_chart
from app.practice import bp
from app.services.item_render import item_markup, stored_or_render
from graders import FLAG_CRITERION, FLAGS
from graders.criteria import SEVERITY_NAMES, parse_severity


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


@bp.app_template_global("severity_name")
def severity_name(value: object) -> str:
    """A stored label (severity name, 0/1/2, or a first-edition boolean) as none/minor/major."""
    if value is None:
        return "none"
    try:
        return SEVERITY_NAMES[parse_severity(value)]
    except ValueError:
        return "none"


@bp.app_template_filter("item_markdown")
def item_markdown(text: str | None) -> Markup:
    """Prompts, turns and rationales as faithful, sanitised Markdown (lists stay lists)."""
    return item_markup(text or "")


@bp.app_template_filter("answer_html")
def answer_html(answer: Mapping[str, object]) -> Markup:
    """A student view answer's HTML stored at save time; rendered now only for older rows."""
    return stored_or_render(str(answer.get("html") or ""), str(answer.get("text") or ""))
