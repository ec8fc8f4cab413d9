"""Print how many five-answer rankings the ranking grader scores per second.

Run from the repository root: `python benchmarks/graders_bench.py [seconds]`. The responses
cycle through all 120 orders of five answers, so most carry mistakes and exercise the slow
path; the figure is informative only and is never asserted in tests.
"""

from __future__ import annotations

import sys
import time
from itertools import cycle, islice, permutations
from pathlib import Path

# Let `python benchmarks/graders_bench.py` run from a checkout without installing the package.
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from graders import Item, grade, item_from_dict  # noqa: E402


def _item() -> Item:
    """Build a five-answer ranking item covering every deciding criterion."""

    def answer(aid: str, harmful: bool, inaccurate: bool, irrelevant: bool) -> dict:
        labels = {"harmful": harmful, "inaccurate": inaccurate, "irrelevant": irrelevant}
        return {"id": aid, "text": f"Answer {aid}.", "labels": labels, "note": f"Note {aid}."}

    return item_from_dict(
        {
            "id": "pr-bench-001",
            "kind": "ranking",
            "title": "Bench",
            "topic": "medicine",
            "criteria": ["ethics"],
            "difficulty": 2,
            "prompt": "Bench prompt.",
            "rationale": "Bench rationale.",
            "answers": [
                answer("A", False, False, False),
                answer("B", False, False, False),
                answer("C", False, True, False),
                answer("D", False, False, True),
                answer("E", True, False, False),
            ],
            "gold_order": [["A"], ["B"], ["C"], ["D"], ["E"]],
        }
    )


def measure(seconds: float = 2.0, batch: int = 10_000) -> float:
    """Grade rankings for about `seconds` and return rankings per second."""
    item = _item()
    responses = [{"order": list(p)} for p in permutations("ABCDE")]
    done, start = 0, time.perf_counter()
    while time.perf_counter() - start < seconds:
        for response in islice(cycle(responses), batch):
            grade(item, response)
        done += batch
    return done / (time.perf_counter() - start)


def main() -> None:
    """Print the throughput."""
    seconds = float(sys.argv[1]) if len(sys.argv) > 1 else 2.0
    print(f"{measure(seconds):,.0f} rankings/second (5 answers, all 120 orders)")


if __name__ == "__main__":
    main()
