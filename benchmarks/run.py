"""Benchmark the site under gunicorn with wrk against a seed-scale database; print one table.

Run from the repository root after ``school seed-scale`` (see "Benchmarks" in README.md):

    DATABASE_URL=... .venv/bin/python benchmarks/run.py [--quick] [--duration 10]

Each page's throughput is also given as a ratio to a bare Flask "hello" app served the same
way in the same run, so runs on noisy machines compare. Figures are printed, never asserted.
"""

from __future__ import annotations

import argparse
import os
import secrets
import sys
import tempfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import bench_requests as prep  # noqa: E402
from bench_inprocess import Figure, analytics_time, bank_sync_times, grading_rate  # noqa: E402
from bench_server import SERVER_LOG, Settings, WrkResult, gunicorn, run_wrk  # noqa: E402

MEMORY_LIMIT_MB = 120  # issue 15: worker RSS < 120 MB
Lines = list[tuple[str, str, str, str]]


@dataclass(frozen=True)
class Targets:
    """Everything the requests need from the database, read before the server starts.

    (On SQLite a transaction held by this process would block the server's writes.)
    """

    students: list[str]
    submitters: list[str]
    instructors: list[str]
    lessons: list[str]
    items: list[tuple[str, int, list[str]]]
    rankings: list[tuple[str, int, list[str]]]
    codes: list[str]
    busiest: list[int]


def collect_targets() -> Targets:
    """Read the addresses and accounts to use, then end the transaction."""
    from app.extensions import db

    emails = prep.student_emails(32)
    targets = Targets(
        emails[:16],
        emails[16:],  # submissions add attempts: keep them away from the readers' dashboards
        prep.instructor_emails(2),
        prep.lesson_paths(),
        prep.practice_items(),
        prep.practice_items("ranking", 6),
        prep.certificate_codes(),
        prep.busiest_exercises(),
    )
    db.session.remove()
    return targets


Browsers = dict[str, list[prep.Browser]]


@dataclass(frozen=True)
class Page:
    """A benchmarked page: how to build its requests and what the brief asks of it."""

    name: str
    build: Callable[[Targets, Browsers], Lines]
    min_ratio: float | None = None
    max_p99_ms: float | None = None
    script: str = "session.lua"
    one_connection_per_worker: bool = False  # for pages slower than the run is long


def _gets(paths: list[str], browsers: list[prep.Browser] | None) -> Lines:
    """GET every path with every browser's cookie (anonymous when there are none)."""
    cookies = [b.cookie for b in browsers] if browsers else [""]
    return [("GET", p, c, "") for c in cookies for p in paths]


PAGES = (
    Page("lesson page", lambda t, b: _gets(t.lessons, b["students"]), 0.25, 60),
    Page(
        "practice item page",
        lambda t, b: _gets([f"/practice/{uid}" for uid, _v, _k in t.items], b["students"]),
        0.25,
        60,
    ),
    # Issue 15 asks 0.15x of the dashboard (the first step's 0.25x was for the other pages).
    Page("student dashboard", lambda t, b: _gets(["/dashboard"], b["students"]), 0.15, 60),
    Page("verification page", lambda t, b: _gets([f"/verify/{c}" for c in t.codes], None), 0.40),
    Page(
        "verification JSON", lambda t, b: _gets([f"/verify/api/{c}" for c in t.codes], None), 0.40
    ),
    Page(
        "submit and grade a ranking",
        lambda t, b: prep.ranking_posts(b["submitters"], t.rankings),
        0.15,
        script="submit.lua",
    ),
    Page(
        "item analytics page (1 connection per worker)",
        lambda t, b: _gets([f"/studio/analytics/items/{i}" for i in t.busiest], b["instructors"]),
        one_connection_per_worker=True,
    ),
)


def verdict(page: Page, result: WrkResult, ratio: float) -> str:
    """Which of the page's targets hold."""
    checks = []
    if page.min_ratio is not None:
        checks.append(f"≥ {page.min_ratio:.2f}× {'ok' if ratio >= page.min_ratio else 'MISSED'}")
    if page.max_p99_ms is not None:
        ok = result.p99_ms < page.max_p99_ms
        checks.append(f"p99 < {page.max_p99_ms:g} ms {'ok' if ok else 'MISSED'}")
    if page.script == "submit.lua":
        checks.append(f"0 failed {'ok' if result.failed == 0 else 'MISSED'}")
    checks.append(
        f"RSS < {MEMORY_LIMIT_MB} MB {'ok' if result.peak_rss_mb < MEMORY_LIMIT_MB else 'MISSED'}"
    )
    return "; ".join(checks)


def row(name: str, result: WrkResult, hello: WrkResult, target: str) -> str:
    """One Markdown table row."""
    ratio = result.rate / hello.rate if hello.rate else 0.0
    return (
        f"| {name} | {result.rate:,.0f} | {ratio:.2f} | {result.p50_ms:.1f} | "
        f"{result.p99_ms:.1f} | {result.failed} | {result.cpu_ms:.2f} | {result.peak_rss_mb:.0f} "
        f"| {target} |"
    )


def measure(
    script: str,
    lines: Lines,
    settings: Settings,
    pid: int,
    folder: Path,
    warmup: float,
    connections: int | None = None,
) -> WrkResult:
    """Warm the workers up, then the measured run.

    The warm-up uses one connection per worker, so no queue of unanswered requests is left
    behind for the measured run to wait on.
    """
    requests = prep.write_requests(folder / "requests.tsv", lines)
    run_wrk(script, requests, settings, pid, duration=warmup, connections=settings.workers)
    return run_wrk(script, requests, settings, pid, connections=connections)


def serve_hello(settings: Settings, folder: Path, warmup: float) -> WrkResult:
    """The machine's ceiling: the bare app with the same gunicorn settings."""
    with gunicorn("benchmarks.hello_app:app", settings, {}) as pid:
        return measure("session.lua", [("GET", "/", "", "")], settings, pid, folder, warmup)


def serve_site(
    settings: Settings, folder: Path, warmup: float, pages: list[Page], env: dict[str, str]
) -> list[tuple[Page, WrkResult]]:
    """Sign in, then benchmark every page."""
    results, targets = [], collect_targets()
    with gunicorn("benchmarks.site_app:app", settings, env) as pid:
        browsers = {
            "students": prep.sign_in_many(settings.port, targets.students),
            "submitters": prep.sign_in_many(settings.port, targets.submitters),
            "instructors": prep.sign_in_many(settings.port, targets.instructors),
        }
        for page in pages:
            print(f"  measuring {page.name}…", file=sys.stderr, flush=True)
            lines = page.build(targets, browsers)
            connections = settings.workers if page.one_connection_per_worker else None
            result = measure(page.script, lines, settings, pid, folder, warmup, connections)
            results.append((page, result))
    return results


def print_table(before: WrkResult, after: WrkResult, results: list[tuple[Page, WrkResult]]) -> None:
    """The wrk table; ratios are to the mean of the hello runs before and after the pages."""
    mean = (before.rate + after.rate) / 2
    hello = WrkResult(round(mean), 1.0, before.p50_ms, before.p99_ms, 0, before.peak_rss_mb)
    print(f"Ratios are to {mean:,.0f} req/s, the mean of the two hello runs.\n")
    print(
        "| page | req/s | × hello | p50 ms | p99 ms | failed | worker CPU ms/req "
        "| worker RSS MB | targets |"
    )
    print("|---|---:|---:|---:|---:|---:|---:|---:|---|")
    print(row("bare Flask hello, before the pages", before, hello, ""))
    print(row("bare Flask hello, after the pages", after, hello, ""))
    for page, result in results:
        ratio = result.rate / mean if mean else 0.0
        print(row(page.name, result, hello, verdict(page, result, ratio)), flush=True)


def in_process(quick: bool, dialect: str) -> list[Figure]:
    """Grading rate, item analytics time and bank sync time."""
    from app.extensions import db

    limit = 1.0 if dialect == "postgresql" else 2.0
    figures = [grading_rate(1.0 if quick else 3.0)]
    busiest = prep.busiest_exercises(1)
    if busiest:
        figures.append(analytics_time(busiest[0], limit))
    db.session.remove()
    return figures + bank_sync_times()


def parse_args() -> argparse.Namespace:
    """Command-line options."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--database-url", default=os.environ.get("DATABASE_URL"))
    parser.add_argument("--duration", type=float, default=10.0, help="seconds per page")
    parser.add_argument("--connections", type=int, default=32)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--port", type=int, default=8765)
    parser.add_argument("--quick", action="store_true", help="2 s per page: a smoke run")
    parser.add_argument("--pages", help="comma-separated page names to run (default: all)")
    parser.add_argument("--skip-in-process", action="store_true", help="only the wrk table")
    args = parser.parse_args()
    if not args.database_url:
        parser.error("set DATABASE_URL or pass --database-url (a seed-scale database)")
    return args


def print_figures(quick: bool, dialect: str) -> None:
    """The in-process figures as a second table."""
    print("\n| in-process figure | value | target |\n|---|---|---|")
    for figure in in_process(quick, dialect):
        mark = "" if figure.holds is None else (" ok" if figure.holds else " MISSED")
        print(f"| {figure.name} | {figure.value} | {figure.target}{mark} |", flush=True)


def run_all(args: argparse.Namespace, settings: Settings, pages: list[Page]) -> None:
    """Hello, then the site's pages, then the in-process figures."""
    from site_app import app as site

    from app.extensions import db

    SERVER_LOG.write_text("")
    warmup = min(2.0, settings.duration / 2)
    with site.app_context(), tempfile.TemporaryDirectory() as tmp:
        dialect = db.engine.dialect.name
        print(
            f"{dialect}, {settings.workers} sync workers, {settings.connections} connections, "
            f"{settings.duration:g} s per page, load average {os.getloadavg()[0]:.2f}\n"
        )
        before = serve_hello(settings, Path(tmp), warmup)
        env = {"DATABASE_URL": args.database_url}
        results = serve_site(settings, Path(tmp), warmup, pages, env)
        after = serve_hello(settings, Path(tmp), warmup)
        print_table(before, after, results)
        tracebacks = SERVER_LOG.read_text().count("Traceback")
        print(
            f"\nServer log: {SERVER_LOG} ({tracebacks} tracebacks); "
            f"load average now {os.getloadavg()[0]:.2f}"
        )
        if not args.skip_in_process:
            print_figures(args.quick, dialect)


def main() -> None:
    """Run everything and print the tables."""
    args = parse_args()
    os.environ.update(
        DATABASE_URL=args.database_url,
        SCHOOL_ENV="development",
        SECRET_KEY=os.environ.get("SECRET_KEY") or secrets.token_hex(32),
    )
    duration = 2.0 if args.quick else args.duration
    settings = Settings(args.workers, args.connections, duration, args.port)
    wanted = set(args.pages.split(",")) if args.pages else None
    run_all(args, settings, [p for p in PAGES if wanted is None or p.name in wanted])


if __name__ == "__main__":
    main()
