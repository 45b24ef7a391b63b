"""Benchmark: how long one promise computation takes for a business-hours class.

A promise is worked out when a complaint is opened and again whenever the queue
redraws, so it must stay well under a millisecond. The openings are spread over a
year (weekdays, nights, weekends, the Chinese holidays and make-up working days)
and minutes, so the day-walk meets every kind of closed stretch.
"""

from __future__ import annotations

import json
import random
import statistics
import time
from datetime import timedelta

import pendulum

from tui.domain.deadline_rules import RuleSet, load_rules
from tui.domain.deadlines import make_promise
from tui.store.paths import db_dir

OPENINGS = 2000
CLASS_CODE = "simple"


def _openings(count: int, seed: int = 20260101) -> list[pendulum.DateTime]:
    rng = random.Random(seed)
    start = pendulum.datetime(2026, 1, 1, tz="Asia/Shanghai")
    return [
        start + timedelta(days=rng.randrange(365), minutes=rng.randrange(24 * 60))
        for _ in range(count)
    ]


def _rules() -> RuleSet:
    return load_rules(db_dir() / "seed" / "deadlines.toml")


def bench_promise() -> dict[str, object]:
    """p50/p99 of `make_promise` for the business-hours class over ~2000 openings."""
    rules = _rules()
    openings = _openings(OPENINGS)
    # Load the holiday tables once, as the running app has them after its first promise.
    for opened in openings[:20]:
        make_promise(rules, CLASS_CODE, opened)
    timings = []
    for opened in openings:
        began = time.perf_counter_ns()
        make_promise(rules, CLASS_CODE, opened)
        timings.append((time.perf_counter_ns() - began) / 1e6)
    timings.sort()
    p50 = statistics.median(timings)
    p99 = timings[min(len(timings) - 1, int(len(timings) * 0.99))]
    return {
        "name": "promise computation (business hours)",
        "p50_ms": round(p50, 4),
        "p99_ms": round(p99, 4),
        "target": "p99 < 1 ms",
        "ok": p99 < 1.0,
    }


if __name__ == "__main__":
    print(json.dumps(bench_promise(), indent=2))
