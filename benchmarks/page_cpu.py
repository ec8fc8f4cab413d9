"""CPU milliseconds per request of the key GET pages, in-process (Flask test client, no network).

    DATABASE_URL=... .venv/bin/python benchmarks/page_cpu.py [--requests 300]

Steadier than req/s on a shared machine: it counts only this process's CPU time, so other
engineers' load changes it little. Figures are printed, never asserted.
"""

from __future__ import annotations

import argparse
import os
import secrets
import sys
import time
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import bench_requests as prep  # noqa: E402

from app.seed_scale.run import SCALE_PASSWORD  # noqa: E402


def cpu_ms(get: Callable[[str], int], paths: list[str], count: int) -> float:
    """Median-free mean CPU per request over ``count`` requests cycling through ``paths``."""
    for path in paths[:20]:
        get(path)  # warm caches and the connection pool
    start = time.process_time()
    for i in range(count):
        status = get(paths[i % len(paths)])
        if status != 200:
            raise RuntimeError(f"{paths[i % len(paths)]} answered {status}")
    return (time.process_time() - start) * 1000 / count


def main() -> None:
    """Sign a student in, then time each page."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--requests", type=int, default=300)
    args = parser.parse_args()
    os.environ.setdefault("SECRET_KEY", secrets.token_hex(32))
    from app import create_app
    from app.extensions import db

    app = create_app({"RATELIMIT_ENABLED": False})
    with app.app_context():
        email = prep.student_emails(1)[0]
        lessons = prep.lesson_paths()
        items = [f"/practice/{uid}" for uid, _v, _k in prep.practice_items()]
        codes = prep.certificate_codes(50)
        db.session.remove()
    client = app.test_client()
    client.get("/auth/login")
    token = client.get("/auth/login").get_data(as_text=True).split('name="csrf_token"')[1]
    token = token.split('value="')[1].split('"')[0]
    client.post(
        "/auth/login", data={"email": email, "password": SCALE_PASSWORD, "csrf_token": token}
    )
    anonymous = app.test_client()
    pages = [
        ("lesson page", client, lessons),
        ("practice item page", client, items),
        ("student dashboard", client, ["/dashboard"]),
        ("verification page", anonymous, [f"/verify/{c}" for c in codes]),
        ("verification JSON", anonymous, [f"/verify/api/{c}" for c in codes]),
    ]
    print(f"| page | CPU ms/request (in-process, {args.requests} requests) |\n|---|---:|")
    for name, who, paths in pages:
        if not paths:
            print(f"| {name} | (no data) |")
            continue
        figure = cpu_ms(lambda p, c=who: c.get(p).status_code, paths, args.requests)
        print(f"| {name} | {figure:.2f} |", flush=True)


if __name__ == "__main__":
    main()
