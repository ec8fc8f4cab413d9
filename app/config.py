"""Configuration read from the environment, with safe defaults for development.

Production refuses to start without a real ``SECRET_KEY``; development generates one once and keeps
it in ``instance/`` so sessions survive restarts.
"""

from __future__ import annotations

import os
import secrets
from pathlib import Path
from typing import Any

from app.json_columns import ENGINE_OPTIONS as JSON_ENGINE_OPTIONS

REPO_ROOT = Path(__file__).resolve().parent.parent
WEAK_SECRET_KEYS = {"", "dev", "changeme", "change-me", "secret", "development"}
MIN_SECRET_KEY_LENGTH = 32


class ConfigError(RuntimeError):
    """Raised at start-up when the configuration is unsafe or incomplete."""


def is_production() -> bool:
    """True when ``SCHOOL_ENV=production``; everything else is development."""
    return os.environ.get("SCHOOL_ENV", "development").lower() == "production"


def default_database_url(instance_path: Path) -> str:
    """An SQLite file under ``instance/``: the site runs with no database server."""
    return f"sqlite:///{instance_path / 'school.db'}"


def env_or_file(name: str) -> str:
    """``NAME`` from the environment, or the contents of the file ``NAME_FILE`` names (secrets)."""
    path = os.environ.get(f"{name}_FILE", "")
    if path:
        return Path(path).read_text().strip()
    return os.environ.get(name, "")


def load_secret_key(instance_path: Path, production: bool) -> str:
    """Return ``SECRET_KEY`` (or ``SECRET_KEY_FILE``), or a generated one kept in ``instance/``."""
    key = env_or_file("SECRET_KEY")
    if production:
        if key.lower() in WEAK_SECRET_KEYS or len(key) < MIN_SECRET_KEY_LENGTH:
            raise ConfigError(
                "SECRET_KEY must be set to a random value of at least "
                f"{MIN_SECRET_KEY_LENGTH} characters in production "
                '(for example: python -c "import secrets; print(secrets.token_hex(32))").'
            )
        return key
    if key:
        return key
    key_file = instance_path / "secret_key"
    if not key_file.exists():
        instance_path.mkdir(parents=True, exist_ok=True)
        key_file.write_text(secrets.token_hex(32))
        key_file.chmod(0o600)
    return key_file.read_text().strip()


def site_url_setting(value: str, production: bool) -> str:
    """Return SITE_URL; production needs it, development derives it from each request."""
    value = value.strip().rstrip("/")
    if production and not value.startswith(("https://", "http://")):
        raise ConfigError(
            "SITE_URL must be set in production to the public address certificates and QR "
            "codes point to (for example: SITE_URL=https://school.example.org)."
        )
    return value


def exam_pool_setting(value: str, production: bool) -> str:
    """Return EXAM_POOL_DIR; production refuses the repository's public demo pool (or none)."""
    demo = (REPO_ROOT / "exercises" / "exam").resolve()
    if production and (not value.strip() or Path(value).resolve() == demo):
        raise ConfigError(
            "EXAM_POOL_DIR must point to a private exam pool in production: the repository's "
            "exercises/exam/ is a public demo pool whose gold answers anyone can read "
            "(for example: EXAM_POOL_DIR=/srv/school/exam-pool)."
        )
    return value.strip()


def build_config(instance_path: Path, overrides: dict[str, Any] | None = None) -> dict[str, Any]:
    """Assemble the app's configuration: environment first, then explicit overrides (tests)."""
    production = is_production()
    env = os.environ
    config: dict[str, Any] = {
        "PRODUCTION": production,
        "SECRET_KEY": load_secret_key(instance_path, production),
        "SQLALCHEMY_DATABASE_URI": (
            env_or_file("DATABASE_URL") or default_database_url(instance_path)
        ),
        # No ping per checkout (a round trip per request): recycle, and reconnect on a
        # disconnect error instead (app/db_reconnect.py). JSON columns go through orjson.
        "SQLALCHEMY_ENGINE_OPTIONS": {"pool_recycle": 1800, **JSON_ENGINE_OPTIONS},
        "USER_CACHE_SECONDS": float(env.get("USER_CACHE_SECONDS", "5") or 0),
        "MAX_CONTENT_LENGTH": 512 * 1024,
        "SESSION_COOKIE_HTTPONLY": True,
        "SESSION_COOKIE_SAMESITE": "Lax",
        "SESSION_COOKIE_SECURE": production,
        "REMEMBER_COOKIE_HTTPONLY": True,
        "REMEMBER_COOKIE_SAMESITE": "Lax",
        "REMEMBER_COOKIE_SECURE": production,
        "REMEMBER_COOKIE_DURATION": 60 * 60 * 24 * 30,
        "PASSWORD_HASH_METHOD": "scrypt",
        "WTF_CSRF_TIME_LIMIT": None,
        "RATELIMIT_STORAGE_URI": env.get("RATELIMIT_STORAGE_URI", "memory://"),
        "RATELIMIT_HEADERS_ENABLED": True,
        "BABEL_DEFAULT_LOCALE": "en",
        "LANGUAGES": ["en", "ru"],
        "COURSES_DIR": env.get("COURSES_DIR", str(REPO_ROOT / "courses")),
        "EXERCISES_DIR": env.get("EXERCISES_DIR", str(REPO_ROOT / "exercises")),
        "EXAM_POOL_DIR": exam_pool_setting(env.get("EXAM_POOL_DIR", ""), production),
        "EXAM_ITEM_MAX_EXPOSURES": int(env.get("EXAM_ITEM_MAX_EXPOSURES", "200")),
        "SITE_URL": site_url_setting(env.get("SITE_URL", ""), production),
        "KEYS_DIR": env.get("KEYS_DIR", str(instance_path / "keys")),
        "TRUSTED_PROXIES": int(env.get("TRUSTED_PROXIES", "0") or 0),
        "MAIL_SERVER": env.get("MAIL_SERVER", ""),
        "MAIL_PORT": int(env.get("MAIL_PORT", "25") or 25),
        "MAIL_USERNAME": env.get("MAIL_USERNAME", ""),
        "MAIL_PASSWORD": env_or_file("MAIL_PASSWORD"),
        "MAIL_STARTTLS": env.get("MAIL_STARTTLS", "").lower() in {"1", "true", "yes"},
        "MAIL_FROM": env.get("MAIL_FROM", "AI Trainer School <school@localhost>"),
        "MAIL_OUTBOX": env.get("MAIL_OUTBOX", str(instance_path / "outbox")),
    }
    if overrides:
        config.update(overrides)
    return config
