"""The cyclic garbage collector paused while the app is imported and built.

Start-up creates tens of thousands of long-lived objects (modules, classes, mappers, routes,
compiled statements) and nearly no garbage: the collector ran its full passes over them and
found almost nothing to free, a fifth of a fresh worker's start-up (benchmarks/startup.py).
"""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager


@contextmanager
def collector_paused() -> Iterator[None]:
    """Pause the collector for the block; leave it as it was found (a caller may pause too)."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()
