"""The lead board's benchmarks (`bench.py --only board`), on both backends: a refresh
with 10,000 open complaints and 200 agents, one countdown tick of the visible queue, and
a keystroke while the board refreshes. The register is filled through the register's
own writer (`central_register.append`), so the read model is kept as the sync keeps it."""

from __future__ import annotations

import asyncio
import tempfile
import time
from pathlib import Path
from typing import Any

import pendulum
from bench import percentiles
from bench_sync import drop_central, fresh_central

Result = dict[str, Any]
T0 = pendulum.datetime(2026, 11, 24, 1, 0, tz="UTC")
CLASSES = ("simple", "complex", "source", "rework-photo")


def fill(url: str, complaints: int, agents: int) -> None:
    from tui.central.migrations import migrate_central
    from tui.central.opener import open_central
    from tui.domain.clock import to_iso
    from tui.domain.complaints import ComplaintFacts
    from tui.domain.register import GENESIS, opening_payload, seal
    from tui.sync import central_register as reg

    with open_central(url) as central:
        migrate_central(central)
        facts_rows, events = [], []
        for i in range(complaints):
            agent = f"agent-{i % agents:03d}"
            opened = T0.add(seconds=7 * i)
            cid = f"c-{i:06d}"
            facts = ComplaintFacts(
                id=cid, call_id=None, opened_at=to_iso(opened), opened_by=agent,
                customer_name="王小明", contact="13812345678", reference=f"PO-{i:06d}",
                class_code=CLASSES[i % len(CLASSES)], department="billing" if i % 5 else "",
                what_happened="照片冲印错了尺寸", remedy_requested="",
            )  # fmt: skip
            payload = opening_payload(facts, promised_at=opened.add(hours=30), rule_revision=1)
            facts_rows.append((f"ws-{i % agents:03d}", *facts.as_record().values()))
            events.append(
                seal(
                    event_id=f"e-{i:06d}",
                    complaint_id=cid,
                    seq=1,
                    kind="opened",
                    actor=agent,
                    at=opened,
                    payload=payload,
                    prev_hash=GENESIS,
                )  # fmt: skip
            )
        with central.transaction():
            central.load("complaints", reg.COMPLAINT_COLUMNS, facts_rows, key=("id",))
            reg.append(central, events, {})
            central.load(
                "agent_states",
                ("agent", "station", "state", "since", "break_code", "reported_at"),
                [
                    (
                        f"agent-{a:03d}",
                        f"ws-{a:03d}",
                        "on_break" if a % 7 == 0 else "ready",
                        to_iso(T0),
                        "rest" if a % 7 == 0 else None,
                        to_iso(T0),
                    )
                    for a in range(agents)
                ],  # fmt: skip
                key=("agent",),
            )
            central.load(
                "stations",
                ("station", "install_id", "first_seen_at", "last_push_at"),
                [(f"ws-{a:03d}", f"i-{a}", to_iso(T0), to_iso(T0)) for a in range(agents)],
                key=("station",),
            )


def measure(url: str, runs: int) -> dict[str, list[float]]:
    from tui.central.opener import open_central
    from tui.domain.clock import FakeClock
    from tui.lead.app import LeadApp

    clock = FakeClock(T0.add(hours=20))
    app = LeadApp(open_central(url), lead="bench", lang="zh", zone="UTC", clock=clock,
                  refresh_s=3600, host="bench")  # fmt: skip
    found: dict[str, list[float]] = {"cold": [], "refresh": [], "tick": [], "key": []}

    async def run() -> None:
        async with app.run_test(size=(120, 40)) as pilot:
            for _ in range(1000):
                await pilot.pause()
                if app.reads and all(w.is_finished for w in app.workers):
                    break
            app.reference = None  # new rules: every row worked out again, as at start
            started = time.perf_counter()
            read = app.read_once()
            found["cold"].append(time.perf_counter() - started)
            app.take(read)
            for _ in range(runs):
                started = time.perf_counter()
                app.take(app.read_once())
                found["refresh"].append(time.perf_counter() - started)
            for _ in range(runs * 4):
                clock.advance(1)
                started = time.perf_counter()
                app.tick()
                app.queue.visible_lines()
                found["tick"].append(time.perf_counter() - started)
            for i in range(runs):
                app.action_refresh_board()
                started = time.perf_counter()
                await pilot.press("down" if i % 2 == 0 else "up")
                found["key"].append(time.perf_counter() - started)
                for _ in range(1000):
                    await pilot.pause()
                    if all(w.is_finished for w in app.workers):
                        break

    asyncio.run(run())
    app.reader.central.close()
    return found


def bench_board(quick: bool = False) -> list[Result]:
    complaints, agents, runs = (2_000, 50, 20) if quick else (10_000, 200, 100)
    results: list[Result] = []
    for backend in ("sqlite", "postgresql"):
        with tempfile.TemporaryDirectory() as folder:
            url = fresh_central(backend, Path(folder), "board")
            try:
                fill(url, complaints, agents)
                found = measure(url, runs)
            finally:
                drop_central(url)
        for name, key, target in (
            (f"board refresh, {complaints} open, {agents} agents", "refresh", 100.0),
            ("board countdown tick of the visible queue", "tick", 8.0),
            ("board keystroke while it refreshes", "key", 50.0),
        ):
            median, p99 = percentiles(found[key])
            results.append(
                {"name": f"{name} ({backend})", "median_ms": round(median, 3),
                 "p99_ms": round(p99, 3), "ok": p99 < target, "target": f"p99 < {target:g} ms"}
            )  # fmt: skip
        cold = found["cold"][0] * 1000
        results.append(
            {"name": f"board first read, every row worked out ({backend})",
             "value": f"{cold:.0f} ms", "ok": True, "target": "once, at start"}
        )  # fmt: skip
    return results
