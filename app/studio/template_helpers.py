"""Chart helpers for studio templates (only requests the studio handles get them)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from app.charts import bar_chart, multi_line_chart
from app.studio import bp

Row = tuple[str, float, int]


def chart_series(rows_by_name: Mapping[str, Sequence[Row]]) -> list[tuple[str, list[Any]]]:
    """(name, [(week, value)]) for each non-empty series of (week, value, count) rows."""
    return [
        (name, [(week, value) for week, value, _n in rows])
        for name, rows in rows_by_name.items()
        if rows
    ]


def order_bars(orders: Sequence[tuple[Sequence[str], int]]) -> list[tuple[str, float]]:
    """Bar labels 'B > A > C' with their counts."""
    return [(" > ".join(order), float(n)) for order, n in orders]


@bp.context_processor
def chart_helpers() -> dict[str, Any]:
    """Expose the SVG chart functions and the series helper to studio templates."""
    return {
        "multi_line_chart": multi_line_chart,
        "bar_chart": bar_chart,
        "chart_series": chart_series,
        "order_bars": order_bars,
    }
