"""Display names for the bank's codes (kinds, topics): codes stay in data, people read names.

The codes are the file format's and the URL filters' (English, stable); these names go through
the catalogue, so a Russian page says «ранжирование», not "ranking".
"""

from __future__ import annotations

from flask import Flask
from flask_babel import lazy_gettext as _l

KIND_NAMES = {
    "ranking": _l("Ranking"),
    "pairwise": _l("Pairwise comparison"),
    "rating": _l("Rating and flags"),
    "correction": _l("Correction"),
    "reference": _l("Reference answer"),
}

TOPIC_NAMES = {
    "religion": _l("Religion"),
    "politics": _l("Politics"),
    "medicine": _l("Medicine"),
    "pseudoscience": _l("Pseudoscience"),
    "illegal-activity": _l("Illegal activity"),
    "coding": _l("Coding"),
    "cooking": _l("Cooking"),
    "travel": _l("Travel"),
    "history": _l("History"),
    "law": _l("Law"),
    "finance": _l("Finance"),
    "science": _l("Science"),
    "everyday": _l("Everyday life"),
}


def kind_name(code: str) -> str:
    """The readable name of an item kind (the code itself if unknown)."""
    return str(KIND_NAMES.get(code, code))


def topic_name(code: str) -> str:
    """The readable name of a topic (the code itself if unknown)."""
    return str(TOPIC_NAMES.get(code, code))


def register_labels(app: Flask) -> None:
    """``kind_name`` and ``topic_name`` as template filters."""
    app.jinja_env.filters["kind_name"] = kind_name
    app.jinja_env.filters["topic_name"] = topic_name
