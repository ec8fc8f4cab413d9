"""Starting gunicorn on loopback, sampling its workers' memory, and driving it with wrk."""

from __future__ import annotations

import json
import os
import socket
import subprocess
import tempfile
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
WRK_DIR = REPO / "benchmarks" / "wrk"
HOST = "127.0.0.1"  # loopback only: the benchmark never listens on a public address
USER_AGENT = "ats-bench"
SERVER_LOG = Path(tempfile.gettempdir()) / "ats-bench-gunicorn.log"


@dataclass(frozen=True)
class Settings:
    """What every served app shares in one run, so hello and the site compare fairly."""

    workers: int = 2
    connections: int = 32
    duration: float = 10.0
    port: int = 8765
    timeout: int = 30


@dataclass(frozen=True)
class WrkResult:
    """One wrk run's numbers; latencies in milliseconds."""

    requests: int
    seconds: float
    p50_ms: float
    p99_ms: float
    failed: int
    peak_rss_mb: float
    cpu_ms: float = 0.0  # the workers' CPU time per request: steadier than req/s on a busy host
    system_ms: float = 0.0  # the kernel's part of cpu_ms (sockets, writes); the rest is Python

    @property
    def rate(self) -> float:
        """Requests per second."""
        return self.requests / self.seconds if self.seconds else 0.0


def combined(results: list[WrkResult]) -> WrkResult:
    """Several slices of one page as one result.

    Requests, time and failures add up; CPU per request is weighted by requests; the p50 is the
    slices' median p50 and the p99 their worst p99 (so a combined p99 never flatters).
    """
    requests = sum(r.requests for r in results)
    p50s = sorted(r.p50_ms for r in results)
    return WrkResult(
        requests,
        sum(r.seconds for r in results),
        p50s[len(p50s) // 2],
        max(r.p99_ms for r in results),
        sum(r.failed for r in results),
        max(r.peak_rss_mb for r in results),
        sum(r.cpu_ms * r.requests for r in results) / requests if requests else 0.0,
        sum(r.system_ms * r.requests for r in results) / requests if requests else 0.0,
    )


def worker_pids(pid: int) -> list[int]:
    """The worker processes of a gunicorn master."""
    path = Path(f"/proc/{pid}/task/{pid}/children")
    try:
        return [int(p) for p in path.read_text().split()]
    except OSError:
        return []


def workers_cpu_seconds(master_pid: int) -> tuple[float, float]:
    """User and system CPU time the master's workers have used so far.

    Kept apart because a page's extra cost over hello can be Python or the kernel (a large
    response, more writes); on 7 December a lesson page was 1.40 ms user against 0.13 system.
    """
    user = system = 0
    for pid in worker_pids(master_pid):
        try:
            stat = Path(f"/proc/{pid}/stat").read_text()
        except OSError:
            continue
        fields = stat[stat.rindex(")") + 2 :].split()
        user += int(fields[11])
        system += int(fields[12])
    ticks = os.sysconf("SC_CLK_TCK")
    return user / ticks, system / ticks


def _rss_mb(pid: int) -> float:
    """Resident memory of one process in MB (0 when it is gone)."""
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    except OSError:
        pass
    return 0.0


class MemorySampler(threading.Thread):
    """Samples the largest worker RSS every 100 ms until stopped."""

    def __init__(self, master_pid: int) -> None:
        """Watch the workers of ``master_pid``."""
        super().__init__(daemon=True)
        self.master_pid = master_pid
        self.peak = 0.0
        self.halt = threading.Event()

    def run(self) -> None:
        """Sample until told to stop."""
        while not self.halt.wait(0.1):
            for pid in worker_pids(self.master_pid):
                self.peak = max(self.peak, _rss_mb(pid))


def _wait_for_port(port: int, process: subprocess.Popen[bytes], limit: float = 30.0) -> None:
    """Block until the server accepts connections."""
    deadline = time.monotonic() + limit
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"gunicorn exited with status {process.returncode}")
        with socket.socket() as probe:
            if probe.connect_ex((HOST, port)) == 0:
                return
        time.sleep(0.1)
    raise RuntimeError(f"gunicorn did not listen on {HOST}:{port} within {limit:.0f} s")


@contextmanager
def gunicorn(
    app_path: str, settings: Settings, env: dict[str, str], config: Path | None = None
) -> Iterator[int]:
    """Serve ``app_path`` with sync workers on loopback; yields the master's pid.

    gunicorn reads ``config`` (by default the repository's gunicorn.conf.py); the options here
    override it. The server's output goes to SERVER_LOG so warnings do not interleave with the
    table.
    """
    command = [
        str(REPO / ".venv" / "bin" / "gunicorn"),
        "--config",
        str(config or REPO / "gunicorn.conf.py"),
        "--workers",
        str(settings.workers),
        "--worker-class",
        "sync",
        "--bind",
        f"{HOST}:{settings.port}",
        "--chdir",
        str(REPO),
        "--log-level",
        "warning",
        "--timeout",
        "120",
        "--max-requests",  # gunicorn.conf.py recycles workers every ~2,000 requests: that would
        "0",  # restart them mid-run and make the CPU-per-request figure meaningless
        app_path,
    ]
    with SERVER_LOG.open("a") as log:
        process = subprocess.Popen(command, env={**os.environ, **env}, stdout=log, stderr=log)
    try:
        _wait_for_port(settings.port, process)
        while len(worker_pids(process.pid)) < settings.workers:
            if process.poll() is not None:  # the master died after binding (see SERVER_LOG)
                raise RuntimeError(f"gunicorn exited with status {process.returncode}")
            time.sleep(0.1)
        yield process.pid
    finally:
        process.terminate()
        process.wait(timeout=30)


def run_wrk(
    script: str,
    requests_file: Path,
    settings: Settings,
    master_pid: int,
    duration: float | None = None,
    connections: int | None = None,
) -> WrkResult:
    """One wrk run (one thread, as the machine has two cores) with worker memory sampled."""
    seconds = duration if duration is not None else settings.duration
    command = [
        "wrk",
        "-t1",
        f"-c{connections or settings.connections}",
        f"-d{seconds:g}s",
        f"--timeout={settings.timeout}s",
        "-s",
        str(WRK_DIR / script),
        f"http://{HOST}:{settings.port}",
    ]
    env = {**os.environ, "BENCH_REQUESTS": str(requests_file), "BENCH_USER_AGENT": USER_AGENT}
    sampler = MemorySampler(master_pid)
    sampler.start()
    user_before, system_before = workers_cpu_seconds(master_pid)
    try:
        output = subprocess.run(command, env=env, capture_output=True, text=True, check=True)
    finally:
        sampler.halt.set()
        sampler.join()
    user_after, system_after = workers_cpu_seconds(master_pid)
    system = system_after - system_before
    cpu = user_after - user_before + system
    line = next(x for x in output.stdout.splitlines() if x.startswith("BENCH_RESULT "))
    data = json.loads(line.removeprefix("BENCH_RESULT "))
    failed = sum(data[k] for k in ("connect", "read", "write", "status", "timeout"))
    return WrkResult(
        data["requests"],
        data["duration_us"] / 1e6,
        data["p50_us"] / 1000,
        data["p99_us"] / 1000,
        failed,
        sampler.peak,
        cpu * 1000 / data["requests"] if data["requests"] else 0.0,
        system * 1000 / data["requests"] if data["requests"] else 0.0,
    )
