"""What a replacement worker costs under the shipped gunicorn.conf.py, measured from outside.

Run from the repository root after ``school seed-scale`` (it signs a seeded student in):

    DATABASE_URL=... .venv/bin/python benchmarks/worker_restart.py [--rounds 5] [--config FILE]

gunicorn forks a new worker from the preloaded master whenever one reaches ``max_requests``
(every ~2,000 requests) or dies. This serves the site with one worker, then in each round kills
that worker and times, from the kill, the replacement's first answer, then each page's first
request in the new worker and the same page again. Figures are printed, never asserted.
"""

from __future__ import annotations

import argparse
import os
import secrets
import signal
import statistics
import sys
import time
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import bench_requests as prep  # noqa: E402
from bench_server import REPO, SERVER_LOG, Settings, gunicorn, worker_pids  # noqa: E402

PORT = 8775
ANONYMOUS_PAGES = {"home (anonymous)": "/", "sign-in form (anonymous)": "/auth/login"}


def replace_worker(master_pid: int, browser: prep.Browser) -> float:
    """Kill the only worker; return the milliseconds until its replacement answers."""
    (old,) = worker_pids(master_pid)
    started = time.perf_counter()
    os.kill(old, signal.SIGKILL)
    status, _body = browser.open("/healthz")  # queued on the master's socket until a worker
    elapsed = (time.perf_counter() - started) * 1000
    new = worker_pids(master_pid)
    if status != 200 or new == [old]:
        raise RuntimeError(f"no replacement worker answered (status {status})")
    return elapsed


def timed(browser: prep.Browser, path: str) -> float:
    """Milliseconds for one GET, which must answer 200."""
    started = time.perf_counter()
    status, _body = browser.open(path)
    if status != 200:
        raise RuntimeError(f"{path} answered {status}")
    return (time.perf_counter() - started) * 1000


def pages_to_time() -> dict[str, str]:
    """A page of each kind a student opens, read before the server starts."""
    from app.extensions import db

    lesson = prep.lesson_paths(1)[0]
    item = prep.practice_items("ranking", 1)[0][0]
    db.session.remove()
    return {
        **ANONYMOUS_PAGES,
        "lesson page": lesson,
        "practice item page": f"/practice/{item}",
        "student dashboard": "/dashboard",
    }


@dataclass
class Timings:
    """Milliseconds per round: the replacement's first answer, and each page twice."""

    answers: list[float] = field(default_factory=list)
    first: dict[str, list[float]] = field(default_factory=lambda: defaultdict(list))
    again: dict[str, list[float]] = field(default_factory=lambda: defaultdict(list))


def measure(master: int, pages: dict[str, str], email: str, rounds: int) -> Timings:
    """Replace the worker ``rounds`` times; after each, open every page twice."""
    timings = Timings()
    student, anonymous = prep.Browser(PORT), prep.Browser(PORT)
    student.sign_in(email)
    for _round in range(rounds):
        timings.answers.append(replace_worker(master, anonymous))
        for name, path in pages.items():
            browser = anonymous if name in ANONYMOUS_PAGES else student
            timings.first[name].append(timed(browser, path))
            timings.again[name].append(timed(browser, path))
    return timings


def print_report(timings: Timings, pages: dict[str, str]) -> None:
    """The replacement's first answer, then a table of first and second requests."""
    answers = timings.answers
    print(
        "Kill to the replacement's first answer (/healthz): median "
        f"{statistics.median(answers):.0f} ms (range {min(answers):.0f}–{max(answers):.0f})\n"
    )
    print("| page, in the new worker | first request: median ms (range) | second request ms |")
    print("|---|---:|---:|")
    for name in pages:
        first = timings.first[name]
        print(
            f"| {name} | {statistics.median(first):.1f} ({min(first):.1f}–{max(first):.1f}) "
            f"| {statistics.median(timings.again[name]):.1f} |"
        )


def main() -> None:
    """Serve with one worker, replace it ``--rounds`` times, print the medians."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--database-url", default=os.environ.get("DATABASE_URL", ""))
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--config", type=Path, default=REPO / "gunicorn.conf.py")
    args = parser.parse_args()
    os.environ.update(
        DATABASE_URL=args.database_url,
        SCHOOL_ENV="development",
        SECRET_KEY=os.environ.get("SECRET_KEY") or secrets.token_hex(32),
    )
    from site_app import app as site

    from app.extensions import db

    with site.app_context():
        pages, email, dialect = pages_to_time(), prep.student_emails(1)[0], db.engine.dialect.name
    SERVER_LOG.write_text("")
    started = time.perf_counter()
    env = {"DATABASE_URL": args.database_url}
    with gunicorn(
        "benchmarks.site_app:app", Settings(workers=1, port=PORT), env, args.config
    ) as master:
        boot_ms = (time.perf_counter() - started) * 1000
        timings = measure(master, pages, email, args.rounds)
    print(
        f"{dialect}, config {args.config.name}, {args.rounds} rounds; the master had its worker "
        f"after {boot_ms:.0f} ms; load average {os.getloadavg()[0]:.2f}\n"
    )
    print_report(timings, pages)
    print(f"\nServer log: {SERVER_LOG} ({SERVER_LOG.read_text().count('Traceback')} tracebacks)")


if __name__ == "__main__":
    main()
