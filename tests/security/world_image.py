"""The security world built once per test module, and put back before each of its tests.

Building the world (users, items graded by the real graders, exam sessions, a certificate) and
signing five visitors in through the login form took about 50 ms a test (some 20 of the
security suite's 52 s on SQLite). The image holds every row the build wrote and the visitors'
signed-in browsers; each test gets those rows re-inserted (a few milliseconds), the per-process
caches emptied, fresh ORM objects, and new browsers carrying the visitors' session cookies, so
a test sees exactly the state a fresh build gives and cannot see what an earlier test changed.
The image's users come from ``user_factory(app, "world")``: a test's own ``make_user``
addresses never collide with theirs.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import inspect, select
from sqlalchemy.orm import InstanceState

from app.extensions import db
from app.process_cache import TimedCache
from app.user_cache import UserCache
from tests.conftest import CSRFClient, carry_session
from tests.security.world import World


@dataclass(frozen=True)
class Saved:
    """A saved ORM object, by class and primary key, to load again in each test's session."""

    cls: type
    key: tuple[Any, ...]


@dataclass(frozen=True)
class WorldImage:
    """The rows a world build wrote, how to find its objects again, and the visitors' cookies."""

    rows: dict[str, list[dict[str, Any]]]
    users: dict[str, Saved]
    objects: dict[str, Saved | Any]
    browsers: dict[str, FlaskClient]  # the signed-in visitors; the anonymous one has none


def _saved(value: Any) -> Saved | Any:
    """A mapped object as ``Saved``; anything else (the reset token) as itself."""
    state = inspect(value, raiseerr=False)
    if not isinstance(state, InstanceState):
        return value
    assert state.identity is not None, f"{value!r} was never saved"
    return Saved(type(value), state.identity)


def take_image(world: World, browsers: Mapping[str, FlaskClient]) -> WorldImage:
    """Every row of every table, the world's objects by identity, and the signed-in browsers."""
    db.session.commit()
    rows = {
        table.name: [dict(row._mapping) for row in db.session.execute(select(table))]
        for table in db.metadata.sorted_tables
    }
    return WorldImage(
        rows=rows,
        users={name: _saved(user) for name, user in world.users.items()},
        objects={name: _saved(value) for name, value in world.objects.items()},
        browsers=dict(browsers),
    )


def restore_image(app: Flask, image: WorldImage) -> World:
    """Insert the image's rows into the emptied tables and return the world's objects, fresh.

    Rows keep their ids. PostgreSQL's sequences are not wound back, so rows a test adds get
    new ids; SQLite continues after the largest id, as it does after any emptying.
    """
    empty_process_caches(app)
    for table in db.metadata.sorted_tables:
        if image.rows[table.name]:
            db.session.execute(table.insert(), image.rows[table.name])
    db.session.commit()
    return World(
        users={name: _load(identity) for name, identity in image.users.items()},
        objects={name: _load(value) for name, value in image.objects.items()},
    )


def _load(value: Saved | Any) -> Any:
    """A saved object loaded in this test's session; anything else as it is."""
    if not isinstance(value, Saved):
        return value
    found = db.session.get(value.cls, value.key)
    assert found is not None, f"{value.cls.__name__} {value.key} is not in the restored world"
    return found


def empty_process_caches(app: Flask) -> None:
    """Forget what an earlier test's requests cached: the restored rows reuse its ids and keys."""
    for extension in app.extensions.values():
        if isinstance(extension, TimedCache | UserCache):
            extension.clear()


def browser_from_image(app: Flask, image: WorldImage, visitor: str) -> FlaskClient:
    """A new browser with the visitor's session cookie from the image (none: anonymous)."""
    app.test_client_class = CSRFClient
    browser = app.test_client()
    if visitor in image.browsers:
        carry_session(image.browsers[visitor], browser)
    return browser
