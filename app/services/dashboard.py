"""The student dashboard, assembled from each area's summary."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from app.models import User


@dataclass
class Dashboard:
    """Everything the dashboard template shows; each area fills its own part."""

    user: User
    sections: dict[str, Any] = field(default_factory=dict)


SUMMARY_PROVIDERS: list[tuple[str, str]] = [
    ("learn", "app.services.learning:learning_summary"),
    ("practice", "app.services.mastery:practice_summary"),
    ("exams", "app.services.exams:exam_summary"),
    ("studio", "app.services.reviews:dashboard_summary"),
]


def dashboard_for(user: User) -> Dashboard:
    """Collect the summaries registered by the learning, practice and exam areas."""
    from importlib import import_module

    dash = Dashboard(user=user)
    for name, dotted in SUMMARY_PROVIDERS:
        module_name, func_name = dotted.rsplit(":", 1)
        dash.sections[name] = getattr(import_module(module_name), func_name)(user)
    return dash
