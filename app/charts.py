"""Small server-side SVG charts: presentation attributes only (the CSP forbids inline styles).

Each chart carries a <title> for screen readers; pages also show the numbers as a table.
"""

from __future__ import annotations

from collections.abc import Sequence

from markupsafe import Markup, escape

INK = "#1b2430"
GRID = "#d5dbe3"
LINE = "#1d4e89"
MARGIN_LEFT, MARGIN_RIGHT, MARGIN_TOP, MARGIN_BOTTOM = 44, 16, 16, 36


def _x_positions(count: int, width: int) -> list[float]:
    """Evenly spaced x coordinates across the plot area."""
    left, right = MARGIN_LEFT, width - MARGIN_RIGHT
    if count == 1:
        return [(left + right) / 2]
    step = (right - left) / (count - 1)
    return [left + i * step for i in range(count)]


def _y(value: float, height: int, y_max: float) -> float:
    """The y coordinate of a value between 0 and y_max (SVG y grows downwards)."""
    bottom, top = height - MARGIN_BOTTOM, MARGIN_TOP
    share = min(max(value / y_max, 0.0), 1.0) if y_max else 0.0
    return bottom - share * (bottom - top)


def _grid(width: int, height: int, y_max: float) -> list[str]:
    """Horizontal grid lines with percentage labels at 0, 25, 50, 75 and 100 %."""
    parts = []
    for step in range(5):
        value = y_max * step / 4
        y = _y(value, height, y_max)
        parts.append(
            f'<line x1="{MARGIN_LEFT}" y1="{y:.1f}" x2="{width - MARGIN_RIGHT}" y2="{y:.1f}" '
            f'stroke="{GRID}" stroke-width="1"/>'
        )
        parts.append(
            f'<text x="{MARGIN_LEFT - 6}" y="{y + 4:.1f}" text-anchor="end" font-size="11" '
            f'fill="{INK}">{round(value * 100)}%</text>'
        )
    return parts


def _series(
    points: Sequence[tuple[str, float]], width: int, height: int, y_max: float
) -> list[str]:
    """The line, its dots and the x-axis labels."""
    xs = _x_positions(len(points), width)
    coords = [(x, _y(v, height, y_max)) for x, (_label, v) in zip(xs, points, strict=True)]
    parts = []
    if len(coords) > 1:
        path = " ".join(f"{x:.1f},{y:.1f}" for x, y in coords)
        parts.append(f'<polyline points="{path}" fill="none" stroke="{LINE}" stroke-width="2.5"/>')
    label_every = max(1, len(points) // 6)
    for i, ((x, y), (label, _value)) in enumerate(zip(coords, points, strict=True)):
        parts.append(f'<circle cx="{x:.1f}" cy="{y:.1f}" r="4" fill="{LINE}"/>')
        if i % label_every == 0 or i == len(points) - 1:
            parts.append(
                f'<text x="{x:.1f}" y="{height - MARGIN_BOTTOM + 18}" text-anchor="middle" '
                f'font-size="11" fill="{INK}">{escape(label)}</text>'
            )
    return parts


def line_chart(
    points: Sequence[tuple[str, float]],
    *,
    title: str,
    chart_id: str = "chart",
    width: int = 640,
    height: int = 240,
    y_max: float = 1.0,
) -> Markup:
    """A line chart of (label, value) points as an accessible inline SVG string."""
    body = _grid(width, height, y_max) + (_series(points, width, height, y_max) if points else [])
    return _svg(chart_id, title, width, height, body)


# Studio charts: several series on one grid, and horizontal bars.
SERIES_COLOURS = {
    "ethics": "#a12622",
    "accuracy": "#1d4e89",
    "relevance": "#1e6b3a",
    "quality": "#5b4a8b",
}
PALETTE = ("#1d4e89", "#a12622", "#1e6b3a", "#5b4a8b", "#8a5a00", "#4a5563")


def _svg(chart_id: str, title: str, width: int, height: int, body: Sequence[str]) -> Markup:
    """Wrap escaped chart parts in an accessible, scalable <svg>."""
    title_id = f"{escape(chart_id)}-title"
    return Markup(  # noqa: S704 - labels and titles are escaped where they are interpolated
        f'<svg class="chart" xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" '
        f'width="{width}" height="{height}" role="img" aria-labelledby="{title_id}" '
        f'font-family="system-ui, sans-serif">'
        f'<title id="{title_id}">{escape(title)}</title>' + "".join(body) + "</svg>"
    )


def _short(label: str) -> str:
    """'2026-10-26' → '10-26', so week labels fit under their points."""
    return label[5:] if len(label) == 10 and label[4] == "-" else label


def _legend(names: Sequence[str], y: float) -> list[str]:
    """Coloured keys naming each series, under the plot."""
    parts, x = [], float(MARGIN_LEFT)
    for index, name in enumerate(names):
        colour = SERIES_COLOURS.get(name, PALETTE[index % len(PALETTE)])
        parts.append(
            f'<rect x="{x:.0f}" y="{y - 10:.0f}" width="12" height="12" fill="{colour}"/>'
            f'<text x="{x + 16:.0f}" y="{y:.0f}" font-size="11" fill="{INK}">'
            f"{escape(name)}</text>"
        )
        x += 28 + 7 * len(name)
    return parts


def multi_line_chart(
    series: Sequence[tuple[str, Sequence[tuple[str, float]]]],
    *,
    title: str,
    chart_id: str = "chart",
    width: int = 640,
    height: int = 260,
    y_max: float = 1.0,
) -> Markup:
    """Several (name, [(x label, value)]) lines over the union of their x labels."""
    labels = sorted({label for _name, points in series for label, _v in points})
    xs = dict(zip(labels, _x_positions(len(labels), width), strict=True)) if labels else {}
    plot_height = height - 22
    body = _grid(width, plot_height, y_max)
    for index, (name, points) in enumerate(series):
        colour = SERIES_COLOURS.get(name, PALETTE[index % len(PALETTE)])
        coords = [(xs[label], _y(v, plot_height, y_max)) for label, v in sorted(points)]
        if len(coords) > 1:
            path = " ".join(f"{x:.1f},{y:.1f}" for x, y in coords)
            body.append(
                f'<polyline points="{path}" fill="none" stroke="{colour}" stroke-width="2.5"/>'
            )
        body += [f'<circle cx="{x:.1f}" cy="{y:.1f}" r="3.5" fill="{colour}"/>' for x, y in coords]
    every = max(1, len(labels) // 6)
    body += [
        f'<text x="{xs[label]:.1f}" y="{plot_height - MARGIN_BOTTOM + 18}" '
        f'text-anchor="middle" font-size="11" fill="{INK}">{escape(_short(label))}</text>'
        for i, label in enumerate(labels)
        if i % every == 0 or i == len(labels) - 1
    ]
    body += _legend([name for name, _p in series], height - 6)
    return _svg(chart_id, title, width, height, body)


def bar_chart(
    bars: Sequence[tuple[str, float]],
    *,
    title: str,
    chart_id: str = "bars",
    width: int = 640,
    x_max: float | None = None,
    percent: bool = False,
) -> Markup:
    """Horizontal bars, one per (label, value); the longest bar is ``x_max`` or the largest."""
    row, label_width = 28, 200
    height = MARGIN_TOP + row * max(len(bars), 1)
    largest = x_max or max((v for _label, v in bars), default=0) or 1
    span = width - label_width - MARGIN_RIGHT - 48
    body = []
    for i, (label, value) in enumerate(bars):
        y = MARGIN_TOP + i * row
        length = span * min(max(value / largest, 0.0), 1.0)
        shown = f"{round(value * 100)}%" if percent else f"{value:g}"
        body.append(
            f'<text x="{label_width - 8}" y="{y + 15}" text-anchor="end" font-size="11" '
            f'fill="{INK}">{escape(label)}</text>'
            f'<rect x="{label_width}" y="{y + 3}" width="{length:.1f}" height="{row - 10}" '
            f'fill="{LINE}"/><text x="{label_width + length + 6:.1f}" y="{y + 15}" '
            f'font-size="11" fill="{INK}">{shown}</text>'
        )
    return _svg(chart_id, title, width, height, body)
