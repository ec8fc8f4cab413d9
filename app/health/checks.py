"""What "ready to serve" means: database reachable, schema at head, key and exam pool in place."""

from __future__ import annotations

import stat
from functools import lru_cache
from pathlib import Path

from flask import current_app
from sqlalchemy import text
from sqlalchemy.exc import SQLAlchemyError

from app.config import REPO_ROOT
from app.extensions import db
from app.services.certification.signing import KEY_FILE


@lru_cache(maxsize=1)
def migration_heads() -> frozenset[str]:
    """The revisions the code expects (read once per process, at the first readiness check)."""
    from alembic.script import ScriptDirectory  # not at import: keeps alembic out of start-up

    return frozenset(ScriptDirectory(str(REPO_ROOT / "migrations")).get_heads())


def check_database() -> str | None:
    """None when the database answers and its schema is at the code's head, else the problem."""
    try:
        with db.engine.connect() as connection:
            rows = connection.execute(text("SELECT version_num FROM alembic_version"))
            current = set(rows.scalars())
    except SQLAlchemyError as error:
        return f"database unreachable or not migrated ({type(error).__name__})"
    if current != set(migration_heads()):
        return f"schema at {sorted(current)}, code expects {sorted(migration_heads())}"
    return None


def check_signing_key() -> str | None:
    """The credential key exists and only its owner can read it (production must provision it)."""
    path = Path(current_app.config["KEYS_DIR"]) / KEY_FILE
    if not path.exists():
        if current_app.config.get("PRODUCTION"):
            return f"signing key {path} is missing"
        return None  # development creates it on first use
    if stat.S_IMODE(path.stat().st_mode) & 0o077:
        return f"signing key {path} is readable by others (chmod 600)"
    return None


def check_exam_pool() -> str | None:
    """Production keeps exam items in a private folder (``EXAM_POOL_DIR``)."""
    if not current_app.config.get("PRODUCTION"):
        return None
    folder = current_app.config.get("EXAM_POOL_DIR") or ""
    if not folder or not Path(folder).is_dir():
        return "EXAM_POOL_DIR is not set to an existing folder"
    return None


def readiness_problems() -> dict[str, str]:
    """Each failing check's name and reason; empty when ready."""
    checks = {
        "database": check_database,
        "signing_key": check_signing_key,
        "exam_pool": check_exam_pool,
    }
    return {name: problem for name, check in checks.items() if (problem := check()) is not None}
