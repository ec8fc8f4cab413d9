"""Measure a web worker's start-up: ``import app`` plus ``create_app()``, in fresh interpreters.

    .venv/bin/python benchmarks/startup.py [--runs 7] [--database-url sqlite:////tmp/x.db]

Prints the median and best of the runs (each a new process, so nothing is imported yet), the
CPU time (steadier than wall-clock time on a shared machine) and whether alembic/Flask-Migrate
were imported. Figures are printed, never asserted.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
PROBE = """
import json, sys, time
start, cpu_start = time.perf_counter(), time.process_time()
from app import create_app
imported = time.perf_counter()
create_app()
done, cpu_done = time.perf_counter(), time.process_time()
print(json.dumps({
    "import_s": imported - start,
    "total_s": done - start,
    "cpu_s": cpu_done - cpu_start,
    "alembic": "alembic" in sys.modules,
    "flask_migrate": "flask_migrate" in sys.modules,
}))
"""


def one_run(database_url: str) -> dict[str, float | bool]:
    """Start a new interpreter in the repository and time the probe."""
    env = {**os.environ, "DATABASE_URL": database_url, "SCHOOL_ENV": "development"}
    env.setdefault("SECRET_KEY", "startup-benchmark-key-0123456789abcdef")
    # A deployed worker imports compiled bytecode; this machine's shell turns writing it off,
    # which made every run recompile the app's 300 modules (about 0.45 s of CPU).
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    result = subprocess.run(  # noqa: S603 - our own interpreter and probe
        [sys.executable, "-c", PROBE], cwd=REPO, env=env, capture_output=True, text=True, check=True
    )
    return json.loads(result.stdout.strip().splitlines()[-1])


def main() -> None:
    """Run the probe several times and print the figures."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--database-url", default="")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        url = args.database_url or f"sqlite:///{tmp}/startup.db"
        one_run(url)  # writes the bytecode caches, as an installed release has them
        runs = [one_run(url) for _ in range(args.runs)]
    totals = [float(r["total_s"]) for r in runs]
    imports = [float(r["import_s"]) for r in runs]
    cpu = [float(r["cpu_s"]) for r in runs]
    print(
        f"worker start-up (import + create_app), {args.runs} runs: "
        f"median {statistics.median(totals) * 1000:.0f} ms, best {min(totals) * 1000:.0f} ms "
        f"(import alone: median {statistics.median(imports) * 1000:.0f} ms); CPU: median "
        f"{statistics.median(cpu) * 1000:.0f} ms, best {min(cpu) * 1000:.0f} ms; "
        f"alembic imported: {runs[0]['alembic']}, "
        f"flask_migrate imported: {runs[0]['flask_migrate']}"
    )


if __name__ == "__main__":
    main()
