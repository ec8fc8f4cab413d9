"""Configuration from the environment, and the production secret-key rule."""

from __future__ import annotations

import pytest

from app.config import ConfigError, build_config


def test_development_generates_and_keeps_a_secret_key(tmp_path, monkeypatch):
    monkeypatch.delenv("SECRET_KEY", raising=False)
    monkeypatch.delenv("SCHOOL_ENV", raising=False)
    first = build_config(tmp_path)["SECRET_KEY"]
    second = build_config(tmp_path)["SECRET_KEY"]
    assert first == second and len(first) >= 32
    assert (tmp_path / "secret_key").read_text().strip() == first


@pytest.mark.parametrize("key", ["", "dev", "change-me", "short-but-random"])
def test_production_refuses_missing_or_weak_key(tmp_path, monkeypatch, key):
    monkeypatch.setenv("SCHOOL_ENV", "production")
    monkeypatch.setenv("EXAM_POOL_DIR", "/srv/private-exam-pool")
    monkeypatch.setenv("SECRET_KEY", key)
    with pytest.raises(ConfigError, match="SECRET_KEY must be set"):
        build_config(tmp_path)


def test_production_accepts_strong_key_and_secures_cookies(tmp_path, monkeypatch):
    monkeypatch.setenv("SCHOOL_ENV", "production")
    monkeypatch.setenv("EXAM_POOL_DIR", "/srv/private-exam-pool")
    monkeypatch.setenv("SECRET_KEY", "x" * 10 + "a-long-random-production-key-123")
    monkeypatch.setenv("SITE_URL", "https://school.example.org")
    config = build_config(tmp_path)
    assert config["SESSION_COOKIE_SECURE"] and config["REMEMBER_COOKIE_SECURE"]


def test_production_requires_a_site_url(tmp_path, monkeypatch):
    monkeypatch.setenv("SCHOOL_ENV", "production")
    monkeypatch.setenv("EXAM_POOL_DIR", "/srv/private-exam-pool")
    monkeypatch.setenv("SECRET_KEY", "x" * 10 + "a-long-random-production-key-123")
    monkeypatch.delenv("SITE_URL", raising=False)
    with pytest.raises(ConfigError, match="SITE_URL must be set in production"):
        build_config(tmp_path)


def test_database_url_from_environment(tmp_path, monkeypatch):
    monkeypatch.delenv("SCHOOL_ENV", raising=False)
    monkeypatch.setenv("DATABASE_URL", "postgresql+psycopg://u@h/db")
    assert build_config(tmp_path)["SQLALCHEMY_DATABASE_URI"] == "postgresql+psycopg://u@h/db"
    monkeypatch.delenv("DATABASE_URL")
    assert build_config(tmp_path)["SQLALCHEMY_DATABASE_URI"].startswith("sqlite:///")
