"""The shipped gunicorn.conf.py: the master loads the app without the collector and turns it back
on before forking, and what it built is frozen before each fork."""

from __future__ import annotations

import gc
from typing import Any

import pytest
from flask import Flask


class FakeArbiter:
    """The parts of gunicorn's arbiter that the hooks use."""

    def __init__(self, application: Flask | None, preload: bool = True) -> None:
        self.cfg = type("Config", (), {"preload_app": preload})()
        self.app = self
        self.application = application
        self.logged: list[str] = []
        self.log = self

    def wsgi(self) -> Flask:
        """The loaded app (gunicorn's ``server.app.wsgi()``)."""
        assert self.application is not None, "the master must not load the app"
        return self.application

    def info(self, message: str, *args: Any) -> None:
        """gunicorn's ``server.log.info``."""
        self.logged.append(message % args)


def test_the_app_is_preloaded_and_the_collector_frozen_before_each_fork(
    shipped_config: dict[str, Any],
) -> None:
    assert shipped_config["preload_app"] is True
    gc.unfreeze()
    try:
        before = gc.get_freeze_count()
        shipped_config["pre_fork"](None, None)
        # Everything alive at the fork is out of the collector's sight (full collections in a
        # worker were 70-80 ms pauses scanning the preloaded app's objects).
        assert before == 0 and gc.get_freeze_count() > 10_000
    finally:
        gc.unfreeze()


def test_the_master_loads_the_app_without_the_collector_and_forks_with_it(
    shipped_config: dict[str, Any],
) -> None:
    assert not gc.isenabled()  # reading the file, as the master does before loading the app
    shipped_config["when_ready"](FakeArbiter(Flask("not-the-school")))
    assert gc.isenabled()


def test_the_collector_comes_back_even_when_warming_fails(shipped_config: dict[str, Any]) -> None:
    with pytest.raises(AssertionError, match="must not load"):
        shipped_config["when_ready"](FakeArbiter(None, preload=True))
    assert gc.isenabled()


def test_a_reload_turns_the_collector_back_on(shipped_config: dict[str, Any]) -> None:
    assert not gc.isenabled()  # a HUP reads the file again
    shipped_config["on_reload"](FakeArbiter(None))
    assert gc.isenabled()
