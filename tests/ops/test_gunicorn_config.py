"""The shipped gunicorn.conf.py: the master loads the app without the collector and turns it back
on before forking, and what it built is frozen before each fork."""

from __future__ import annotations

import gc
from typing import Any

import pytest
from flask import Flask

from tests.ops.conftest import FakeArbiter


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


def test_what_the_master_built_costs_no_young_pass_when_the_collector_returns(
    shipped_config: dict[str, Any],
) -> None:
    assert not gc.isenabled()
    built = [[n] for n in range(20_000)]  # the app the master loads while the collector is off
    shipped_config["when_ready"](FakeArbiter(Flask("not-the-school")))
    assert gc.isenabled()
    assert gc.get_count()[0] < 100  # no pass owed over what was built (60 ms in a real master)
    assert id(built) in {id(obj) for obj in gc.get_objects(generation=2)}


def test_the_collector_comes_back_even_when_warming_fails(shipped_config: dict[str, Any]) -> None:
    with pytest.raises(AssertionError, match="must not load"):
        shipped_config["when_ready"](FakeArbiter(None, preload=True))
    assert gc.isenabled()


def test_a_reload_turns_the_collector_back_on(shipped_config: dict[str, Any]) -> None:
    assert not gc.isenabled()  # a HUP reads the file again
    shipped_config["on_reload"](FakeArbiter(None))
    assert gc.isenabled()
