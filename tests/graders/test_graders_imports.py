"""graders/ stays pure Python: no Flask, SQLAlchemy or app imports anywhere in it."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

GRADERS_DIR = Path(__file__).resolve().parents[2] / "graders"
FORBIDDEN = ("flask", "sqlalchemy", "app")


def forbidden_imports(source: str) -> list[str]:
    """Return the forbidden modules a source text imports."""
    found = []
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Import):
            names = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            names = [node.module]
        else:
            continue
        for name in names:
            root = name.split(".")[0]
            if root in FORBIDDEN or root.startswith(("flask_", "sqlalchemy_")):
                found.append(name)
    return found


@pytest.mark.parametrize(
    ("source", "expected"),
    [
        ("import flask", ["flask"]),
        ("from flask import Flask", ["flask"]),
        ("import sqlalchemy.orm as orm", ["sqlalchemy.orm"]),
        ("from app.models import User", ["app.models"]),
        ("import flask_login", ["flask_login"]),
        ("def f():\n    from app import db\n", ["app"]),
        ("import json\nfrom graders.item import Item\nfrom . import base", []),
        ("import application", []),
    ],
)
def test_checker_finds_forbidden_imports(source: str, expected: list[str]) -> None:
    assert forbidden_imports(source) == expected


def test_graders_sources_exist() -> None:
    assert (GRADERS_DIR / "__init__.py").is_file()
    assert len(list(GRADERS_DIR.rglob("*.py"))) >= 10


@pytest.mark.parametrize("path", sorted(GRADERS_DIR.rglob("*.py")), ids=lambda p: p.name)
def test_no_framework_imports(path: Path) -> None:
    assert forbidden_imports(path.read_text(encoding="utf-8")) == []
