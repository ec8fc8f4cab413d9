"""Fixtures for the security tests: a populated world and one signed-in client per visitor."""

from __future__ import annotations

from typing import Any

import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import func, select

from app.extensions import db
from tests.conftest import TEST_PASSWORD, CSRFClient, empty_all_tables, user_factory
from tests.security.route_inventory import VISITORS
from tests.security.world import World, build_world
from tests.security.world_image import (
    WorldImage,
    browser_from_image,
    restore_image,
    take_image,
)


def signed_in_client(app: Flask, email: str | None) -> FlaskClient:
    """A fresh browser; signed in through the real login form when an email is given."""
    app.test_client_class = CSRFClient
    client = app.test_client()
    if email is not None:
        response = client.post("/auth/login", data={"email": email, "password": TEST_PASSWORD})
        assert response.status_code == 302, response.get_data(as_text=True)[:300]
    return client


@pytest.fixture(scope="module")
def world_image(app: Flask) -> WorldImage:
    """The world built and its visitors signed in once per module (see world_image.py)."""
    with app.app_context():
        world = build_world(user_factory(app, "world"))
        browsers = {
            name: signed_in_client(app, world.users[name].email)
            for name in VISITORS
            if name != "anonymous"
        }
        image = take_image(world, browsers)
        db.session.remove()
        empty_all_tables()
        db.session.remove()
    return image


@pytest.fixture
def world(app: Flask, world_image: WorldImage) -> World:
    """Users A and B, an instructor, an admin and everything they own: a fresh copy per test."""
    return restore_image(app, world_image)


@pytest.fixture
def visitors(app: Flask, world: World, world_image: WorldImage) -> dict[str, FlaskClient]:
    """One browser per kind of visitor, each signed in as that visitor."""
    return {name: browser_from_image(app, world_image, name) for name in VISITORS}


def row_counts() -> dict[str, int]:
    """The number of rows in every table, in one query."""
    tables = list(db.metadata.sorted_tables)
    columns = [
        select(func.count()).select_from(table).scalar_subquery().label(table.name)
        for table in tables
    ]
    row = db.session.execute(select(*columns)).one()
    db.session.commit()
    return dict(zip([t.name for t in tables], row, strict=True))


def table_snapshot() -> dict[str, list[tuple[Any, ...]]]:
    """Every row of every table, to prove a refused request changed nothing."""
    snapshot = {
        table.name: sorted(
            (tuple(repr(value) for value in row) for row in db.session.execute(select(table))),
        )
        for table in db.metadata.sorted_tables
    }
    db.session.commit()
    return snapshot
