"""The benchmark's hello ratio is taken in slices that alternate with the page's own.

The machine's speed drifts within a run (hello alone went from 3,400 to 4,900 req/s in one run
on 7 December), so a page is compared with the hello slices run between its own slices.
"""

from __future__ import annotations

import sys

import pytest

from app.config import REPO_ROOT

sys.path.append(str(REPO_ROOT / "benchmarks"))  # after the project: never shadows a module

from bench_server import WrkResult, combined  # noqa: E402
from run import SLICE_SECONDS, alternate  # noqa: E402


def result(requests: int, p50: float = 10.0, p99: float = 20.0, cpu: float = 1.0) -> WrkResult:
    """A wrk slice of SLICE_SECONDS with these figures (a tenth of the CPU in the kernel)."""
    return WrkResult(requests, SLICE_SECONDS, p50, p99, 0, 90.0, cpu, cpu / 10)


def test_combined_slices_add_up_and_never_flatter_the_p99() -> None:
    total = combined([result(100, 8.0, 30.0, 2.0), result(300, 12.0, 50.0, 1.0), result(200)])
    assert (total.requests, total.seconds) == (600, 3 * SLICE_SECONDS)
    assert total.p50_ms == 10.0  # the slices' median p50
    assert total.p99_ms == 50.0  # the worst slice's
    assert total.cpu_ms == pytest.approx((100 * 2.0 + 300 * 1.0 + 200 * 1.0) / 600)
    assert total.system_ms == pytest.approx((100 * 0.2 + 300 * 0.1 + 200 * 0.1) / 600)


def test_slices_alternate_and_the_ratio_follows_a_drifting_machine() -> None:
    calls: list[str] = []
    speeds = iter([1000, 2000, 1500, 1000, 2000])  # hello's req/s as the machine drifts
    now: list[int] = []

    def run_hello(seconds: float) -> WrkResult:
        calls.append("hello")
        now.append(next(speeds))
        return result(now[-1] * int(seconds))

    def run_page(seconds: float) -> WrkResult:
        calls.append("page")
        return result(now[-1] // 4 * int(seconds))  # a quarter of hello, whatever the speed

    paired = alternate(run_page, run_hello, 5 * SLICE_SECONDS)
    assert calls == ["hello", "page"] * 5
    assert paired.slice_ratios == [0.25] * 5
    assert paired.ratio == pytest.approx(0.25)
    assert paired.hello.requests == 7500 * SLICE_SECONDS


def test_a_run_shorter_than_a_slice_still_measures_one_pair() -> None:
    paired = alternate(lambda s: result(100), lambda s: result(400), 1)
    assert (paired.page.requests, paired.hello.requests) == (100, 400)
    assert paired.ratio == pytest.approx(0.25)


def test_a_run_between_whole_slices_gets_at_least_its_time() -> None:
    slices: list[int] = []
    alternate(lambda s: result(100), lambda s: slices.append(1) or result(400), 5)
    assert len(slices) * SLICE_SECONDS >= 5
