"""gunicorn settings for production: ``gunicorn`` (run from the repository root) reads this file.

Every value can be overridden on the command line or with ``GUNICORN_CMD_ARGS``; the ones people
change per machine also read an environment variable.
"""

from __future__ import annotations

import gc
import multiprocessing
import os
import sys
from typing import Any

# No collections while the master imports and builds the app: they cost 100-200 ms of its
# start-up and freed about 4,700 of its objects. when_ready (and on_reload after a HUP, which
# reads this file again) turns the collector back on before any worker is forked.
gc.disable()

wsgi_app = "app:create_app()"
bind = os.environ.get("GUNICORN_BIND", "127.0.0.1:8000")  # the front proxy talks to this

# Sync workers: each request holds one process; the app is CPU-light and waits on PostgreSQL.
# The usual (2 x cores) + 1, overridable with WEB_CONCURRENCY.
workers = int(os.environ.get("WEB_CONCURRENCY", multiprocessing.cpu_count() * 2 + 1))
worker_class = "sync"

timeout = int(os.environ.get("GUNICORN_TIMEOUT", "30"))  # a stuck worker is killed and replaced
graceful_timeout = 30  # on SIGTERM / SIGHUP, in-flight requests get this long to finish
keepalive = 5  # the front proxy reuses connections

# Load the app once in the master, then fork: workers share its memory and a broken
# configuration fails at start-up instead of in every worker.
preload_app = True

# Recycle workers now and then (staggered) so slow leaks can never take the site down.
max_requests = 2000
max_requests_jitter = 200

accesslog = None  # the app writes one JSON line per request itself (app/observability.py)
errorlog = "-"
loglevel = os.environ.get("GUNICORN_LOGLEVEL", "info")
capture_output = True


def school_app(server: Any) -> Any | None:
    """The served app if it is the school's: the benchmark's "hello" uses this file too."""
    application = server.app.wsgi()
    return application if "sqlalchemy" in getattr(application, "extensions", {}) else None


def when_ready(server: Any) -> None:
    """Warm the preloaded app for forking, then turn the collector back on (see the top)."""
    try:
        warm_for_forking(server)
    finally:
        move_what_the_master_built()
        gc.enable()


def move_what_the_master_built() -> None:
    """Spare the master a young-generation pass over the app it built while the collector was off.

    Turned back on, the collector counted every object allocated since this file disabled it,
    and its next allocation started a pass over all of them: 60 ms before the first fork
    (``gc.callbacks`` in the master). ``app/collector.py`` moves them to the oldest generation
    instead. Only when the school's app was loaded here, which imported that module; the
    benchmark's hello app, served with this file too, must not import the school.
    """
    collector = sys.modules.get("app.collector")
    if collector is not None:
        collector.move_to_oldest_generation()


def on_reload(server: Any) -> None:
    """A HUP read this file again, which turned the collector off: turn it back on."""
    gc.enable()


def warm_for_forking(server: Any) -> None:
    """Compile the templates and load the languages once in the master, before any fork.

    Otherwise every replacement worker (one per ``max_requests``) compiled them again on its
    first pages: its first lesson page took about 96 ms instead of 5 (app/warmup.py).
    """
    if not server.cfg.preload_app:
        return  # the master has no app to warm; each worker loads its own
    application = school_app(server)
    if application is None:
        return
    from app.warmup import warm_for_fork

    warmed = warm_for_fork(application)
    server.log.info(
        "Warmed for forking: %d templates, languages %s, in %.0f ms",
        warmed.templates,
        ", ".join(warmed.languages),
        warmed.seconds * 1000,
    )


def pre_fork(server: Any, worker: Any) -> None:
    """Hide what the preloaded app built from the garbage collector before forking a worker.

    Its ~150,000 long-lived objects made every full collection in a worker a 70-80 ms pause,
    which queued requests waited through (the p99 of a page). Frozen, they are never scanned,
    and the workers' copy-on-write pages stay shared.
    """
    gc.freeze()


def post_fork(server: Any, worker: Any) -> None:
    """Drop database connections inherited from the master: a forked socket must not be shared."""
    application = school_app(server)
    if application is None:
        return
    from app.extensions import db

    with application.app_context():
        db.engine.dispose(close=False)
