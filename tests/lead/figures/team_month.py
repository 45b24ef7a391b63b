"""A team's month on two workstations, written by the desk's own store functions and
brought to central by the real sync (`run_sync`), for the lead's figures and scorecards.

Lin works at ws-1, Park at ws-2. The lead reads in Asia/Shanghai; "now" is 10:00 there on
2026-11-24. Every call and complaint below is listed with what it should count for, so
the tests can check the figures against these hand-made sums.
"""

from __future__ import annotations

import asyncio
from pathlib import Path

import pendulum
from pendulum import DateTime

from tui.domain.calls import Call
from tui.store.calls import correct_reason, save_call
from tui.store.complaints import append_event, open_complaint
from tui.store.db import Store
from tui.sync.run import run_sync

ZONE = "Asia/Shanghai"
NOW = pendulum.datetime(2026, 11, 24, 10, 0, tz=ZONE).in_timezone("UTC")
REF_KEPT = "ORD-7731"
REF_BROKEN = "ORD-5150"


def local(day: int, hour: int, minute: int = 0) -> DateTime:
    return pendulum.datetime(2026, 11, day, hour, minute, tz=ZONE).in_timezone("UTC")


def _call(i: str, agent: str, at: DateTime, reason: str, outcome: str, sat: int | None) -> Call:
    return Call(
        id=f"call-{i}", agent=agent, started_at=at, ended_at=at.add(minutes=3),
        caller="13812345678", reason_code=reason, outcome=outcome, mood="calm",
        satisfaction=sat, note="",
    )  # fmt: skip


# (id, started, reason, outcome, rating)
LIN_CALLS = [
    ("l1", local(24, 8, 5), "inq.billing.amount", "answered", 5),
    ("l2", local(24, 8, 20), "inq.billing.balance", "answered", 5),  # re-tagged by the lead
    ("l3", local(24, 8, 40), "fwd.billing.refund", "forwarded", 4),
    ("l4", local(24, 9, 10), "hdl.plan.change", "handled", 2),
    ("l5", local(24, 9, 30), "cmp.attitude.agent", "complaint", None),  # complaint A
    ("l6", local(24, 9, 45), "cmp.attitude.agent", "complaint", 5),  # none registered
]
PARK_CALLS = [
    ("p1", local(24, 8, 15), "inq.plan.data", "answered", 5),
    ("p2", local(24, 9, 5), "inq.order.status", "answered", 4),
    ("p0", local(10, 14, 0), "inq.order.status", "answered", 1),  # earlier this month
]
FORM = {"customer_name": "王芳", "contact": "138 0013 8000", "class_code": "easy"}


async def _lin(path: Path) -> dict[str, str]:
    store = await Store.open(path)
    try:
        for i, at, reason, outcome, sat in LIN_CALLS:
            await save_call(store, _call(i, "Lin", at, reason, outcome, sat))
        await correct_reason(store, "call-l2", "fwd.billing.charge", "lead-Wu", local(24, 9, 0))
        # A: taken on call l5, kept, followed up and closed in order.
        at = local(24, 9, 31)
        a = await open_complaint(
            store,
            {**FORM, "reference": REF_KEPT, "department": "billing", "what_happened": "扣费错误"},
            at.add(hours=2), 1, "Lin", at, call_id="call-l5",
        )  # fmt: skip
        await append_event(store, a, "replied", "Lin", local(24, 9, 50), {"summary": "已退款"})
        due = local(24, 9, 55)
        fu = await append_event(
            store, a, "followup_scheduled", "Lin", local(24, 9, 51), {"due_at": due, "note": ""}
        )
        await append_event(
            store, a, "followup_done", "Lin", local(24, 9, 56),
            {"followup": fu.id, "note": "满意", "satisfied": True},
        )  # fmt: skip
        await append_event(store, a, "closed", "Lin", local(24, 9, 58), {"resolution": "退款"})
        # B: on the 20th, no reference, replied late, closed with no follow-up call.
        at = local(20, 10)
        b = await open_complaint(
            store, {**FORM, "department": "shipping", "what_happened": "照片迟到了"},
            at.add(hours=2), 1, "Lin", at,
        )  # fmt: skip
        await append_event(store, b, "replied", "Lin", local(20, 13), {"summary": "已补寄"})
        await append_event(store, b, "closed", "Lin", local(20, 14), {"resolution": "补寄"})
        return {"A": a, "B": b}
    finally:
        await store.close()


async def _park(path: Path) -> dict[str, str]:
    store = await Store.open(path)
    try:
        for i, at, reason, outcome, sat in PARK_CALLS:
            await save_call(store, _call(i, "Park", at, reason, outcome, sat))
        # C: this morning, no department named, promise due at 03:00, never answered.
        at = local(24, 1)
        c = await open_complaint(
            store, {**FORM, "reference": REF_BROKEN, "what_happened": "网络断线"},
            at.add(hours=2), 1, "Park", at,
        )  # fmt: skip
        return {"C": c}
    finally:
        await store.close()


def fill_team(tmp_path: Path, central_url: str) -> dict[str, str]:
    """Both workstations written and synced to `central_url`; complaint ids by letter."""
    return asyncio.run(team_synced(tmp_path, central_url))


async def team_synced(tmp_path: Path, central_url: str) -> dict[str, str]:
    """`fill_team` for a test already inside an event loop."""
    ws1, ws2 = tmp_path / "ws-1.db", tmp_path / "ws-2.db"
    ids = await _lin(ws1)
    ids.update(await _park(ws2))
    await asyncio.to_thread(run_sync, ws1, central_url, "ws-1")
    await asyncio.to_thread(run_sync, ws2, central_url, "ws-2")
    return ids
