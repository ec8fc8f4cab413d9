"""A web worker's start-up imports no migration machinery (alembic is ≈100 ms of CPU), and
none of the libraries only a few pages use (QR codes, JSON Schema: ≈50 ms each).

Migrations still run through ``app.extensions["migrate"]``: every test run's database is built
by ``flask_migrate.upgrade()`` through that stand-in (``tests/conftest.py``).
"""

from __future__ import annotations

import subprocess
import sys

from app.config import REPO_ROOT

PROBE = """
import sys
from app import create_app
app = create_app({"SQLALCHEMY_DATABASE_URI": "sqlite://", "SECRET_KEY": "x" * 40})
print(sorted(m for m in ("alembic", "flask_migrate", "segno", "jsonschema") if m in sys.modules))
"""


def test_create_app_imports_no_migration_or_rarely_used_library() -> None:
    result = subprocess.run(  # noqa: S603 - our own interpreter and probe
        [sys.executable, "-c", PROBE], cwd=REPO_ROOT, capture_output=True, text=True, check=True
    )
    assert result.stdout.strip().splitlines()[-1] == "[]"
