"""The board's queue kept in order incrementally is the queue sorted from scratch: after
any sequence of reads (rows in, rows out, rows replaced) and clock moves (forward past
due-soon and due instants, or back), the order, each row's index and the counters are
what a full sort and a full count give."""

from __future__ import annotations

import math
from dataclasses import replace

import pendulum
from hypothesis import given, settings
from hypothesis import strategies as st

from tui.domain.board import (
    BoardItem,
    BoardQueue,
    BoardRecord,
    Facts,
    board_items,
    board_order,
    counters,
)
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


# ---------------------------------------------------------------- the rows kept per complaint

records = st.builds(
    lambda cid, owner, status, due_h, made_h, escalated, seq: BoardRecord(
        cid,
        f"ws-{owner}",
        "2026-11-24T00:00:00Z",
        owner,
        status,
        "simple",
        "",
        None if status == "paused" else f"2026-11-{25 + due_h // 24:02d}T{due_h % 24:02d}:00:00Z",
        f"2026-11-24T{made_h:02d}:00:00Z",
        3600 if status == "paused" else None,
        escalated,
        "[]",
        seq,
    ),  # fmt: skip
    st.sampled_from(["c1", "c2", "c3", "c4"]),
    st.sampled_from(["Kim", "Lin"]),
    st.sampled_from(["open", "open", "paused", "replied", "closed"]),
    st.sampled_from([0, 5, 30]),
    st.integers(0, 3),
    st.booleans(),
    st.integers(1, 4),
)


@settings(max_examples=200, deadline=None)
@given(reads=st.lists(st.lists(records, max_size=4), max_size=8))
def test_rows_kept_per_complaint_equal_rows_worked_out_afresh(
    reads: list[list[BoardRecord]],
) -> None:
    """Whatever changed between reads (a new owner only, or the promise, or the status),
    the rows the queue holds, and the rows it says went and came, are the rows worked out
    from scratch from the records as they stand."""
    facts = Facts("PO-1", "王小明", "13812345678", "照片")
    queue = BoardQueue(None, "UTC", False)
    rows = BoardRows()
    current: dict[str, BoardRecord] = {}
    for read in reads:
        for record in read:
            old = current.get(record.complaint_id)
            # A chain only grows: a record read again is at a later seq.
            seq = old.seq + record.seq if old is not None else record.seq
            current[record.complaint_id] = replace(record, seq=seq)
        heads = {(cid, r.seq) for cid, r in current.items() if r.status != "closed"}
        removed, added = queue.update(heads, current, {cid: facts for cid in current})
        rows.apply(removed, added, 0.0)
        want = [
            item
            for cid, record in current.items()
            if record.status != "closed"
            for item in board_items(record, facts, None, zone="UTC", unmask=False)
        ]
        assert sorted(queue.items(), key=lambda i: i.key) == sorted(want, key=lambda i: i.key)
        assert sorted(rows.rows, key=lambda i: i.key) == sorted(want, key=lambda i: i.key)
