"""The certificate's badge image: a small self-contained SVG (no fonts or links to load).

The same SVG is served at ``/verify/<code>/badge.svg`` and embedded as a data URI in the
credential's ``achievement.image`` (Open Badges 3.0 allows an Image whose id is a data URI), so
a wallet shows it offline. Text is English, like the credential.
"""

from __future__ import annotations

import base64
import textwrap
from xml.sax.saxutils import escape

LEVEL_COLOURS = {"core": "#1f4e79", "specialisation": "#2e6b3a", "lead": "#6b3a82"}
DEMO_COLOUR = "#8a1c1c"
TITLE_WIDTH = 18  # characters per line inside the badge


def _title_lines(title: str) -> list[str]:
    """The title wrapped to at most three lines."""
    lines = textwrap.wrap(title, TITLE_WIDTH) or [""]
    if len(lines) > 3:
        lines = [*lines[:2], textwrap.shorten(" ".join(lines[2:]), TITLE_WIDTH, placeholder="…")]
    return lines


def badge_svg(title: str, level: str, demo: bool) -> str:
    """A 240×240 round badge naming the certificate; a demo badge says so across it."""
    colour = LEVEL_COLOURS.get(level, LEVEL_COLOURS["core"])
    lines = _title_lines(title)
    top = 118 - 11 * (len(lines) - 1)
    texts = "".join(
        f'<text x="120" y="{top + 22 * i}" font-size="17" font-weight="bold">{escape(line)}</text>'
        for i, line in enumerate(lines)
    )
    label = "Demo — not a real certificate" if demo else "AI Trainer School"
    ribbon = (
        f'<rect x="0" y="168" width="240" height="30" fill="{DEMO_COLOUR}"/>'
        '<text x="120" y="188" font-size="13" font-weight="bold">'
        "DEMO — NOT A REAL CERTIFICATE</text>"
        if demo
        else '<text x="120" y="188" font-size="13">AI Trainer School</text>'
    )
    return (
        '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 240 240" width="240" height="240" '
        f'role="img" aria-label="{escape(title)} — {label}">'
        f"<title>{escape(title)} — {label}</title>"
        f'<circle cx="120" cy="120" r="116" fill="{colour}"/>'
        '<circle cx="120" cy="120" r="104" fill="none" stroke="#ffffff" stroke-width="3"/>'
        '<g fill="#ffffff" text-anchor="middle" font-family="Helvetica, Arial, sans-serif">'
        f"{texts}{ribbon}</g></svg>"
    )


def badge_data_uri(svg: str) -> str:
    """The SVG as a base64 data URI for the credential's achievement image."""
    return "data:image/svg+xml;base64," + base64.b64encode(svg.encode("utf-8")).decode("ascii")
