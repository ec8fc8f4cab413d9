"""Writing a simulation report: a plain-text summary with tables, and an SVG pass curve."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Final
from xml.sax.saxutils import escape

from graders.simulation import interpolate
from graders.simulation_run import SimulationReport

TARGETS: Final = {
    "decision_consistency": 0.90,
    "reliability": 0.85,
    "pass_at_65": 0.05,
    "pass_at_90": 0.95,
}


def target_checks(report: SimulationReport) -> list[tuple[str, str, bool]]:
    """Each target of issue 12 with the measured figure and whether it holds."""
    at_65, at_90 = report.pass_probability(0.65), report.pass_probability(0.90)
    return [
        ("decision consistency >= 0.90", f"{report.decision_consistency:.3f}",
         report.decision_consistency >= TARGETS["decision_consistency"]),
        ("reliability (alpha) >= 0.85", f"{report.alpha:.3f}",
         report.alpha >= TARGETS["reliability"]),
        ("pass probability at 65% <= 0.05", f"{at_65:.3f}", at_65 <= TARGETS["pass_at_65"]),
        ("pass probability at 90% >= 0.95", f"{at_90:.3f}", at_90 >= TARGETS["pass_at_90"]),
    ]


def _population(report: SimulationReport) -> list[str]:
    """The stated population and size of the run."""
    cfg = report.config
    return [
        f"Population: true skill (expected agreement with the experts) uniform on "
        f"[{cfg.low:.2f}, {cfg.high:.2f}], each criterion's skill jittered by sd {cfg.jitter}; "
        f"{cfg.candidates} candidates x 2 independent forms, {cfg.forms} forms drawn, "
        f"{cfg.group_size} candidates per curve point, seed {cfg.seed}.",
        f"Form: {report.items_per_form:.0f} items, {report.judgements_per_form:.1f} judgements "
        f"on average (the reference answer is marked by people and not simulated).",
    ]


def _curve_table(rows: Sequence[tuple[float, float, float]]) -> list[str]:
    """The pass-probability table."""
    lines = ["  target  true skill  P(pass)"]
    lines += [f"  {t:6.3f}  {s:9.3f}  {p:7.3f}" for t, s, p in rows]
    return lines


def _at_cut(report: SimulationReport) -> str:
    """What a candidate whose true skill is the cut agrees on, per criterion."""
    calibration = report.calibration
    if calibration is None:
        return ""
    theta = calibration.theta_for(report.cut)
    parts = [
        f"{c} {interpolate(calibration.thetas, calibration.by_criterion[c], theta):.3f}"
        for c in ("ethics", "accuracy", "relevance")
    ]
    return "A candidate at the cut agrees per criterion: " + ", ".join(parts)


def render_text(report: SimulationReport) -> str:
    """The summary ``school exams simulate`` prints."""
    lines = [f"Blueprint {report.blueprint}", *_population(report), "", "Pass probability:"]
    lines += _curve_table(report.curve)
    lines += [
        "",
        f"Decision consistency (two forms): {report.decision_consistency:.3f}; "
        f"kappa {report.kappa:.3f}; pass rate {report.pass_rate:.3f}",
        f"Reliability: Cronbach's alpha by item identity within each form (items as "
        f"testlets) {report.alpha:.3f}; split-half (Spearman-Brown) {report.split_half:.3f}",
        "Sittings failing each check: "
        + (", ".join(f"{k} {v:.3f}" for k, v in report.fail_reasons.items()) or "none"),
        f"Observed agreement SD {report.sd:.3f}; SEM {report.sem:.3f}; "
        f"conditional SEM at the cut ({report.cut:.3f}) {report.csem_at_cut:.3f}",
        _at_cut(report),
        f"Contrasting groups (borderline true skill {report.config.borderline:.2f}): "
        f"recommended overall cut {report.recommended_cut:.3f}; blueprint uses {report.cut:.3f}",
        "",
        "Targets:",
    ]
    lines += [
        f"  [{'ok' if ok else 'MISSED'}] {name}: {value}"
        for name, value, ok in target_checks(report)
    ]
    return "\n".join(lines)


def render_svg(reports: Sequence[SimulationReport], width: int = 640, height: int = 400) -> str:
    """Pass probability against true skill, one polyline per blueprint."""
    left, right, top, bottom = 60, 20, 30, 50
    low, high = 0.5, 1.0

    def x(skill: float) -> float:
        """Horizontal position of a skill."""
        return left + (skill - low) / (high - low) * (width - left - right)

    def y(p: float) -> float:
        """Vertical position of a probability."""
        return top + (1 - p) * (height - top - bottom)

    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" '
        f'viewBox="0 0 {width} {height}" font-family="sans-serif" font-size="12">',
        '<title>Pass probability by true skill</title>',
        f'<rect x="0" y="0" width="{width}" height="{height}" fill="white"/>',
    ]
    for tick in (0.5, 0.6, 0.65, 0.7, 0.8, 0.9, 1.0):
        parts.append(f'<line x1="{x(tick):.1f}" y1="{y(0):.1f}" x2="{x(tick):.1f}" '
                     f'y2="{y(1):.1f}" stroke="#ddd"/>')
        parts.append(f'<text x="{x(tick):.1f}" y="{y(0) + 16:.1f}" '
                     f'text-anchor="middle">{tick:.2f}</text>')
    for tick in (0.0, 0.05, 0.5, 0.95, 1.0):
        parts.append(f'<line x1="{x(low):.1f}" y1="{y(tick):.1f}" x2="{x(high):.1f}" '
                     f'y2="{y(tick):.1f}" stroke="#ddd"/>')
        parts.append(f'<text x="{left - 6}" y="{y(tick) + 4:.1f}" '
                     f'text-anchor="end">{tick:.2f}</text>')
    colours = ("#1f5fa8", "#b8442c", "#2d7d46")
    for index, report in enumerate(reports):
        colour = colours[index % len(colours)]
        points = " ".join(f"{x(s):.1f},{y(p):.1f}" for _, s, p in report.curve)
        parts.append(f'<polyline fill="none" stroke="{colour}" stroke-width="2" '
                     f'points="{points}"/>')
        parts.append(f'<text x="{left + 10}" y="{top + 16 * (index + 1)}" fill="{colour}">'
                     f'{escape(report.blueprint)} (cut {report.cut:.2f})</text>')
    parts.append(f'<text x="{width / 2:.0f}" y="{height - 10}" text-anchor="middle">'
                 'true skill (expected agreement with the experts)</text>')
    parts.append(f'<text x="14" y="{height / 2:.0f}" transform="rotate(-90 14 '
                 f'{height / 2:.0f})" text-anchor="middle">P(pass)</text>')
    parts.append("</svg>")
    return "\n".join(parts)
