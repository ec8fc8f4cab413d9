"""Template helpers the practice widgets and dashboard need (registered app-wide for exams too)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from flask_babel import gettext as _
from markupsafe import Markup

from app.charts import line_chart
from app.labels import flag_title, grader_text, mistake_text
from app.practice import bp
from app.services.practice.item_render import item_markup, stored_or_render
from app.services.practice.text_diff import diff_counts, diff_markup, word_diff
from graders import FLAG_CRITERION, FLAGS, item_from_dict
from graders.criteria import LABEL_OF, SEVERITY_NAMES, compare_labels, parse_severity
from graders.wording import criterion_name


@bp.app_template_global("rating_flags")
def rating_flags() -> list[dict[str, str]]:
    """The flag vocabulary with descriptions, grouped by criterion, for the rating widget."""
    order = {"ethics": 0, "accuracy": 1, "relevance": 2}
    names = sorted(FLAGS, key=lambda name: (order[str(FLAG_CRITERION[name])], name))
    return [
        {
            "name": name,
            "title": flag_title(name),
            "description": grader_text(FLAGS[name]),
            "criterion": str(FLAG_CRITERION[name]),
        }
        for name in names
    ]


# Grader feedback (graders.messages) and flag names in the reader's language.
bp.add_app_template_filter(mistake_text, "mistake_text")
bp.add_app_template_filter(grader_text, "grader_text")
bp.add_app_template_filter(flag_title, "flag_title")


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


def _pair_reason(item: Any, upper: str, lower: str) -> str:
    """One sentence: why `upper` sits above `lower` by the ordering rule."""
    a, b = item.answer(upper).labels, item.answer(lower).labels
    sign, criterion = compare_labels(a, b)
    if sign == 0:
        return _(
            "%(a)s above %(b)s: the same labels, so overall quality decides (see the notes).",
            a=upper,
            b=lower,
        )
    label = LABEL_OF[criterion]
    return _(
        "%(a)s above %(b)s: %(b)s is %(label)s '%(worse)s' against '%(better)s', so %(crit)s "
        "decides.",
        a=upper,
        b=lower,
        label=_(label.capitalize()).lower(),  # the label table's Harmful/Inaccurate/Irrelevant
        worse=grader_text(SEVERITY_NAMES[b.severity(criterion)]),
        better=grader_text(SEVERITY_NAMES[a.severity(criterion)]),
        crit=grader_text(criterion_name(criterion)),
    )


@bp.app_template_global("pair_reasons")
def pair_reasons(item: Any) -> list[str]:
    """Explain each step of a ranking's gold order, or the pairwise choice, with severities."""
    if isinstance(item, Mapping):
        item = item_from_dict(item)
    if item.kind == "ranking" and item.gold_order:
        tiers = item.gold_order
        return [_pair_reason(item, tiers[i][0], tiers[i + 1][0]) for i in range(len(tiers) - 1)]
    if item.kind == "pairwise" and item.gold_better in ("A", "B"):
        other = "B" if item.gold_better == "A" else "A"
        return [_pair_reason(item, item.gold_better, other)]
    return []


@bp.app_template_global("text_diff")
def text_diff(before: str | None, after: str | None) -> dict[str, Any]:
    """A word-level diff of ``after`` against ``before``: HTML and word counts, for feedback."""
    segments = word_diff(before or "", after or "")
    html = diff_markup(segments, _("[inserted: "), _("[deleted: "), _("]"))
    changed = any(segment.op != "equal" for segment in segments)
    return {"html": html, "counts": diff_counts(segments), "changed": changed}
