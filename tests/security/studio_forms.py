"""The studio authoring form's field names for an item mapping (what a browser would post)."""

from __future__ import annotations

from typing import Any

LABELS = ("harmful", "inaccurate", "irrelevant")


def severity(value: bool | str) -> str:
    """A label as the form's severity choice (true/false still read as major/none)."""
    if isinstance(value, str):
        return value
    return "major" if value else "none"


def item_form_data(data: dict[str, Any], pool: str = "practice") -> dict[str, Any]:
    """Form fields for a ranking, pairwise, rating, correction or reference item mapping."""
    form: dict[str, Any] = {
        "uid": data["id"],
        "pool": pool,
        "title": data["title"],
        "topic": data["topic"],
        "criteria": list(data["criteria"]),
        "difficulty": str(data["difficulty"]),
        "prompt": data["prompt"],
        "rationale": data["rationale"],
        "save": "Save",
    }
    for row, answer in enumerate(data.get("answers") or []):
        form[f"answers-{row}-text"] = answer["text"]
        form[f"answers-{row}-note"] = answer["note"]
        form.update(
            {f"answers-{row}-{label}": severity(answer["labels"][label]) for label in LABELS}
        )
    if "gold_order" in data:
        form["gold_order"] = " > ".join(" = ".join(tier) for tier in data["gold_order"])
    for key in ("gold_better", "gold_criterion", "gold_correction", "gold_reference"):
        if key in data:
            form[key] = data[key]
    for criterion, value in (data.get("gold_ratings") or {}).items():
        form[f"rating_{criterion}"] = str(value)
    if "gold_flags" in data:
        form["flags"] = list(data["gold_flags"])
    for row, point in enumerate(data.get("rubric") or []):
        form[f"rubric-{row}-point"] = point["point"]
        if "kind" in point:
            form[f"rubric-{row}-kind"] = point["kind"]
            form[f"rubric-{row}-patterns"] = "\n".join(point["patterns"])
    return form
