"""The board's queue kept in order incrementally is the queue sorted from scratch: after
any sequence of reads (rows in, rows out, rows replaced) and clock moves (forward past
due-soon and due instants, or back), the order, each row's index and the counters are
what a full sort and a full count give."""

from __future__ import annotations

import math

import pendulum
from hypothesis import given, settings
from hypothesis import strategies as st

from tui.domain.board import BoardItem, board_order, counters
from tui.domain.board_rows import BoardRows
from tui.domain.complaint_queue import QueueItem

T0 = pendulum.datetime(2026, 11, 24, tz="UTC")
KEYS = [f"k{i:02d}" for i in range(16)]


def item(key: str, kind: str, status: str, soon: float, due: float) -> BoardItem:
    running = kind == "followup" or status == "open"
    due_ts = due if running else math.inf
    row = QueueItem(
        key=key, complaint_id=key, kind=kind, status=status,  # type: ignore[arg-type]
        due=T0 if running else None, due_ts=due_ts,
        due_soon_ts=(due_ts if kind == "followup" else min(soon, due_ts)) if running else math.inf,
        marks=(), signature="", remaining_s=None, opened_at=T0, original_due=T0,
        class_code="simple", class_labels=None, zone="UTC", customer="", contact="",
        summary="", department="", escalated=False, extensions=0,
    )  # fmt: skip
    return BoardItem(row, "Kim", "ws-a", key, "", "")


instants = st.one_of(st.integers(0, 400).map(float), st.just(math.inf))
items = st.builds(
    item,
    st.sampled_from(KEYS),
    st.sampled_from(["complaint", "complaint", "followup"]),
    st.sampled_from(["open", "open", "paused", "replied"]),
    instants,
    instants,
)
steps = st.lists(
    st.one_of(
        st.tuples(
            st.just("read"),
            st.lists(st.sampled_from(KEYS), max_size=4),
            st.lists(items, max_size=6),
        ),
        st.tuples(st.just("clock"), st.integers(-30, 120)),
    ),
    max_size=30,
)


@settings(max_examples=300, deadline=None)
@given(first=st.lists(items, max_size=12), steps=steps)
def test_kept_order_equals_a_full_sort(first: list[BoardItem], steps: list[tuple]) -> None:  # type: ignore[type-arg]
    now = 100.0
    rows = BoardRows()
    held = {i.key: i for i in first}
    rows.reset(held.values(), now)
    for step in steps:
        if step[0] == "read":
            _, removed, added = step
            for key in removed:
                held.pop(key, None)
            held.update({i.key: i for i in added})
            rows.apply(removed, added, now)
        else:
            now += step[1]
            rows.advance(now)
        want = sorted(held.values(), key=lambda i: board_order(i, now))
        assert list(rows.rows) == want
        assert len(rows) == len(want)
        assert all(rows.index(i.key) == n for n, i in enumerate(want))
        assert {s: n for s, n in rows.counts.items() if n} == counters(want, now)
        assert rows.complaints == sum(1 for i in want if i.row.kind == "complaint")


def test_a_read_and_a_tick_that_change_nothing_keep_the_version() -> None:
    rows = BoardRows()
    rows.reset([item("a", "complaint", "open", 50, 60)], 10.0)
    version = rows.version
    rows.apply([], [], 20.0)
    assert rows.advance(30.0) == [] and rows.version == version
    assert rows.advance(55.0) == ["a"] and rows.version > version
    assert rows.counts["due-soon"] == 1
