"""The cyclic garbage collector paused while the app is imported and built.

Start-up creates tens of thousands of long-lived objects (modules, classes, mappers, routes,
compiled statements) and nearly no garbage: the collector ran its full passes over them and
found almost nothing to free, a fifth of a fresh worker's start-up (benchmarks/startup.py).

Pausing alone was not enough. The collector still counts what is allocated while it is off, so
the first allocation after the pause started a young-generation pass over everything the block
had built: 34-37 ms after the import chain (697 objects freed of ~110,000) and 8 ms after
``create_app`` (37 freed), measured with ``gc.callbacks``. The young passes exist to catch
short-lived garbage; these objects are the opposite. So the block's survivors go straight to
the oldest generation, unscanned, where only full collections look at them, as they would
after two young passes. Nothing is frozen for good: a test's discarded app is still collected.
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
            move_to_oldest_generation()
            gc.enable()


def move_to_oldest_generation() -> None:
    """Put every tracked object in the oldest generation without a pass.

    ``freeze`` then ``unfreeze`` moves the objects (and resets the young generation's count)
    without scanning them. It is skipped when something is already frozen, for example by the
    gunicorn master before a fork: unfreezing would hand those objects back to the collector.
    """
    if not gc.get_freeze_count():
        gc.freeze()
        gc.unfreeze()
