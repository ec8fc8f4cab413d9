"""The site's submit beside the floor under it (benchmarks/floor_app.py), each paired with hello.

    DATABASE_URL=... .venv/bin/python benchmarks/submit_floor.py [--duration 10]

Issue 15 asks submit-and-grade for 0.15x hello. The floor app records an answer with nothing
but what any recorded answer needs (the user read from the database, the CSRF check, one
insert, a commit, a redirect); a second route adds the statements the site's submit runs (the
summary and rollup issue 15 keeps in the same transaction). This prints their ratios and worker
CPU per request beside the real submit's, measured the same way in the same run. Figures are
printed, never asserted.
"""

from __future__ import annotations

import argparse
import os
import random
import secrets
import sys
import tempfile
import urllib.parse
from collections.abc import Callable
from functools import partial
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import bench_requests as prep  # noqa: E402
from bench_server import SERVER_LOG, Settings, gunicorn, run_wrk  # noqa: E402
from run import HELLO, Page, alternate, collect_targets, print_table  # noqa: E402
from sqlalchemy import select  # noqa: E402

Lines = list[tuple[str, str, str, str]]
# Printed by run.py's own table, with the submit's target (the build is unused: files are ready).
FLOOR, KEPT, SITE = (
    Page(name, lambda _t, _b: [], 0.15, script="submit.lua")
    for name in (
        "floor: the user, the CSRF check, one insert, the commit",
        "floor and the site's statements (item, lock, insert, rollup, summary)",
        "site: submit and grade a ranking",
    )
)


Item = tuple[str, int, int, list[str]]  # uid, exercise id, current version id, answer keys


def floor_sessions(port: int, user_ids: list[int]) -> list[tuple[str, str]]:
    """Each submitter signed in to the floor app: (Cookie header, CSRF token)."""
    sessions = []
    for user_id in user_ids:
        browser = prep.Browser(port)
        status, token = browser.open(f"/enter/{user_id}")
        if status != 200:
            raise RuntimeError(f"the floor app refused user {user_id} ({status})")
        sessions.append((browser.cookie, token))
    return sessions


def floor_posts(
    sessions: list[tuple[str, str]], items: list[Item], path: Callable[[Item], str]
) -> Lines:
    """The same kind of ranking answers as the site's, posted to one of the floor's routes."""
    rng, lines = random.Random(11), []
    for cookie, token in sessions:
        for item in items:
            for _ in range(4):
                order = rng.sample(item[3], len(item[3]))
                form = {"csrf_token": token, "version_id": str(item[2])}
                form.update({f"order_{i}": key for i, key in enumerate(order, start=1)})
                lines.append(("POST", path(item), cookie, urllib.parse.urlencode(form)))
    rng.shuffle(lines)
    return lines


def floor_targets(
    emails: list[str], items: list[tuple[str, int, list[str]]]
) -> tuple[list[int], list[Item]]:
    """The submitters' user ids, and the ranking items with their exercise ids."""
    from app.extensions import db
    from app.models import Exercise, User

    ids = list(db.session.scalars(select(User.id).where(User.email.in_(emails))))
    by_uid = {uid: id_ for uid, id_ in db.session.execute(select(Exercise.uid, Exercise.id))}
    db.session.remove()
    return ids, [(uid, by_uid[uid], version_id, keys) for uid, version_id, keys in items]


def main() -> None:
    """Serve hello, the site and the floor app; measure both submits in alternating slices."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--duration", type=float, default=10.0, help="seconds per submit")
    parser.add_argument("--port", type=int, default=8765)
    args = parser.parse_args()
    if not os.environ.get("DATABASE_URL"):
        parser.error("set DATABASE_URL (a seed-scale database)")
    os.environ.update(
        SCHOOL_ENV="development", SECRET_KEY=os.environ.get("SECRET_KEY") or secrets.token_hex(32)
    )
    from site_app import app as site

    settings = Settings(duration=args.duration, port=args.port)
    hello_settings = Settings(duration=args.duration, port=args.port + 1)
    floor_settings = Settings(duration=args.duration, port=args.port + 2)
    SERVER_LOG.write_text("")
    with site.app_context():
        targets = collect_targets()
        floor_ids, floor_items = floor_targets(targets.submitters, targets.rankings)
    env = {"DATABASE_URL": os.environ["DATABASE_URL"]}
    with (
        tempfile.TemporaryDirectory() as tmp,
        gunicorn("benchmarks.hello_app:app", hello_settings, {}) as hello_pid,
        gunicorn("benchmarks.site_app:app", settings, env) as site_pid,
        gunicorn("benchmarks.floor_app:create_floor_app()", floor_settings, env) as floor_pid,
    ):
        folder = Path(tmp)
        hello_file = prep.write_requests(folder / "hello.tsv", HELLO)
        site_lines = prep.ranking_posts(
            prep.sign_in_many(settings.port, targets.submitters), targets.rankings
        )
        site_file = prep.write_requests(folder / "site.tsv", site_lines)
        sessions = floor_sessions(floor_settings.port, floor_ids)
        floor_file = prep.write_requests(
            folder / "floor.tsv", floor_posts(sessions, floor_items, lambda i: f"/answer/{i[1]}")
        )
        kept_file = prep.write_requests(
            folder / "kept.tsv",
            floor_posts(sessions, floor_items, lambda i: f"/answer-kept/{i[0]}"),
        )
        run_hello = partial(run_wrk, "session.lua", hello_file, hello_settings, hello_pid)
        runs = [
            (FLOOR, partial(run_wrk, "submit.lua", floor_file, floor_settings, floor_pid)),
            (KEPT, partial(run_wrk, "submit.lua", kept_file, floor_settings, floor_pid)),
            (SITE, partial(run_wrk, "submit.lua", site_file, settings, site_pid)),
        ]
        run_hello(2.0, settings.workers)
        for _name, run in runs:
            run(2.0, settings.workers)
        results = [(page, alternate(run, run_hello, args.duration)) for page, run in runs]
    print_table(results)
    print(f"\nServer log: {SERVER_LOG} ({SERVER_LOG.read_text().count('Traceback')} tracebacks)")


if __name__ == "__main__":
    main()
