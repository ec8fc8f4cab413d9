"""``kept``: the one get-or-load every per-process cache uses (lessons, items, layout, records)."""

from __future__ import annotations

from app.process_cache import TimedCache, kept


class Loader:
    """Counts its calls and returns the values it is given, in turn."""

    def __init__(self, *values: object) -> None:
        self.values = list(values)
        self.calls = 0

    def __call__(self) -> object:
        self.calls += 1
        return self.values.pop(0)


def test_a_value_is_loaded_once_per_ttl():
    cache = TimedCache(30)
    now = [0.0]
    cache.clock = lambda: now[0]
    load = Loader("first", "second")
    assert kept(cache, "k", load) == "first"
    assert kept(cache, "k", load) == "first"
    assert load.calls == 1
    now[0] = 31.0
    assert kept(cache, "k", load) == "second"
    assert load.calls == 2


def test_nothing_found_is_not_kept():
    cache = TimedCache(30)
    load = Loader(None, "created since")
    assert kept(cache, "k", load) is None
    assert kept(cache, "k", load) == "created since"
    assert load.calls == 2


def test_a_switched_off_cache_loads_every_time():
    load = Loader("a", "b")
    assert kept(None, "k", load) == "a"
    assert kept(None, "k", load) == "b"


def test_an_empty_page_is_kept():
    cache = TimedCache(30)
    load = Loader("", "never")
    assert kept(cache, "k", load) == ""
    assert kept(cache, "k", load) == ""
    assert load.calls == 1
