#!/usr/bin/env python3
"""agentdesk benchmarks, each against a baseline measured in the same run.

    python scripts/bench.py            # table
    python scripts/bench.py --json     # for machines
    python scripts/bench.py --quick    # smaller sizes, for a smoke run

These machines are noisy, so every figure that has a natural baseline is reported as a
ratio to it: a bare Textual app, a raw sqlite3 commit. Nothing here is a test.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import resource
import shutil
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "scripts"))

Result = dict[str, Any]


def percentiles(samples_s: list[float]) -> tuple[float, float]:
    ordered = sorted(samples_s)
    p99 = ordered[min(len(ordered) - 1, round(0.99 * (len(ordered) - 1)))]
    return statistics.median(ordered) * 1000, p99 * 1000


# --- start-up and memory: child processes, the desk against a bare Textual app -----------

# A child's own peak resident memory. Not ru_maxrss: on Linux that keeps the high-water
# mark of the process it was forked from, so every child of a grown benchmark would
# report the parent's size. VmHWM belongs to the child's own address space.
_PEAK_KB = """
def peak_kb():
    with open("/proc/self/status") as status:
        return next(int(line.split()[1]) for line in status if line.startswith("VmHWM:"))
"""

_CHILD_PRELUDE = """
import os, resource, sys, time
sys.path.insert(0, {root!r})
""" + _PEAK_KB.replace("{", "{{").replace("}", "}}")

_BARE_APP = """
from textual.app import App
from textual.widgets import Footer, Static

class Bare(App):
    def compose(self):
        yield Static("hello")
        yield Footer()

app = Bare()
"""

# The desk as the `agentdesk` command starts it (`tui.cli`): its imports and its kept
# string catalog included. Only the run is headless, and copies stay off the real
# clipboard.
_DESK_APP = """
from tui.app import AgentDeskApp
from tui.clipboard import MemoryClipboard

def _run_headless(app, *args, **kwargs):
    app.phrase_clipboard = MemoryClipboard()
    return _run(app, headless=True, auto_pilot=auto_pilot, size=(120, 40))

_run, AgentDeskApp.run = AgentDeskApp.run, _run_headless
from tui.cli import main
main(["--db", {db!r}, "--agent", "bench", "--lang", "zh"], standalone_mode=False)
"""

_CHILD_RUN = """
import asyncio
from textual import events

async def until(condition):
    while not condition():
        await asyncio.sleep(0.001)

async def painted_at(app):
    painted = []
    app.call_after_refresh(lambda: painted.append(time.time()))
    await until(lambda: painted)
    return painted[0]

async def auto_pilot(pilot):
    app = pilot.app
    want_desk = {want_desk!r}
    await until(lambda: not want_desk or type(app.screen).__name__ == "DeskScreen")
    first_paint = await painted_at(app)
    acted = first_paint
    if want_desk:
        # The usable start-up: a key sent at the first frame, one that needs the database
        # (F8, the break picker), has its effect on screen.
        app.post_message(events.Key("f8", None))
        await until(lambda: type(app.screen).__name__ == "BreakPickerScreen")
        acted = await painted_at(app)
        await pilot.press("escape")
    if {exercise!r}:
        for key in ["f2", "1", "3", "8", "f3", "c", "x", "z", "x", "enter", "f4", "escape"]:
            await pilot.press(key)
        await pilot.pause()
        # The complaint side (the queue, the deadline tables) is part of what the desk
        # holds: started here if the keys kept it waiting (it starts once they pause),
        # and in the untimed warm-up too, which compiles and keeps what it loads.
        await app.complaint_service().wait_ready()
        await pilot.pause()
    sys.stdout.write(f"{{first_paint}} {{acted}} {{peak_kb()}}\\n")
    app.exit()
"""

_BARE_RUN = """
app.run(headless=True, auto_pilot=auto_pilot, size=(120, 40))
"""

# The desk's shape in Textual alone, no agentdesk code and no data: the widgets of the
# desk's first frame, and F8 pushing a six-entry dialog over it, timed like the desk. It
# is the floor Textual itself sets for a screen like ours, against the same bare app.
_REPLICA_APP = """
from textual.app import App
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen, Screen
from textual.widgets import Footer, Input, Label, OptionList, Static

class BreakPickerScreen(ModalScreen):
    DEFAULT_CSS = '''
    BreakPickerScreen { align: center middle; }
    BreakPickerScreen > Vertical {
        width: auto; min-width: 40; height: auto; padding: 0 2;
        border: round $accent; background: $surface;
    }
    BreakPickerScreen OptionList { width: auto; height: auto; margin: 1 0 0 0; }
    '''
    BINDINGS = [("escape", "dismiss", "")]

    def compose(self):
        with Vertical():
            yield Static("Which break?")
            yield OptionList(*(f"{n}  break {n}" for n in range(1, 7)), compact=True)
            yield Static("1-6 or Enter; Esc: back")

class DeskScreen(Screen):
    DEFAULT_CSS = '''
    DeskScreen #panel { height: auto; border: round $primary; padding: 0 1; }
    DeskScreen #row { height: 1; }
    DeskScreen #caller { width: 1fr; }
    DeskScreen #today { height: 1fr; }
    '''
    BINDINGS = [(f"f{n}", "pick", f"F{n}") for n in (1, 2, 3, 4, 5, 6, 8, 9)]

    def compose(self):
        yield Static("agent  09:00  shift 0:00  calls 0  satisfaction 94%")
        with Vertical(id="panel"):
            yield Static("Ready")
            with Horizontal(id="row"):
                yield Label("Caller")
                yield Input(placeholder="number", id="caller", compact=True, disabled=True)
            for _ in range(5):
                yield Static()
        yield Static("Today")
        yield Static(id="today")
        yield Static()
        yield Footer()

    def action_pick(self):
        self.app.push_screen(BreakPickerScreen())

class Replica(App):
    def on_mount(self):
        self.push_screen(DeskScreen())

Replica().run(headless=True, auto_pilot=auto_pilot, size=(120, 40))
"""


def _child_env(tmp: Path) -> dict[str, str]:
    """Both apps start as installed ones do: from compiled bytecode (pip compiles it at
    install; a checkout writes it on its first run), kept here in the run's own folder,
    and the desk with its string catalog kept in a cache folder of the run's own. A shell
    with PYTHONDONTWRITEBYTECODE set would otherwise have the desk compile every one of
    its modules at every start, which no agent's desk does, while Textual's bytecode,
    compiled at install, is read."""
    env = dict(os.environ)
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    env["PYTHONPYCACHEPREFIX"] = str(tmp / "bytecode")
    env["XDG_CACHE_HOME"] = str(tmp / "cache")
    return env


def _child(
    body: str, *, want_desk: bool, exercise: bool, env: dict[str, str]
) -> tuple[float, float, float]:
    """Run one child; return (seconds from spawn to first paint, to a key's effect on
    screen (the first paint, for the bare app), peak RSS in MB)."""
    run = _CHILD_RUN.format(want_desk=want_desk, exercise=exercise)
    code = _CHILD_PRELUDE.format(root=str(ROOT)) + (
        run + body if want_desk else body + run + _BARE_RUN
    )
    started = time.time()
    out = subprocess.run(
        [sys.executable, "-c", code],
        capture_output=True,
        text=True,
        check=True,
        timeout=120,
        env=env,
    ).stdout.split()
    return float(out[0]) - started, float(out[1]) - started, int(out[2]) / 1024


def bench_startup_and_memory(runs: int) -> list[Result]:
    with tempfile.TemporaryDirectory() as tmp:
        seeded = Path(tmp) / "seeded.sqlite3"
        env = _child_env(Path(tmp))
        # Untimed: the first start seeds the file and keeps the catalog; one call flow on a
        # copy compiles the bytecode of all the timed runs load (the deadline tables'
        # included, whose compiling would otherwise count in the first run's memory).
        _child(_BARE_APP, want_desk=False, exercise=False, env=env)
        _child(_DESK_APP.format(db=str(seeded)), want_desk=True, exercise=False, env=env)
        warm = Path(tmp) / "warm.sqlite3"
        shutil.copy(seeded, warm)
        if Path(f"{seeded}-wal").exists():
            shutil.copy(f"{seeded}-wal", f"{warm}-wal")
        _child(_DESK_APP.format(db=str(warm)), want_desk=True, exercise=True, env=env)
        _child(_REPLICA_APP, want_desk=True, exercise=False, env=env)
        bare, desk_paint, desk, bare_mem, desk_mem, replica = [], [], [], [], [], []
        for n in range(runs):
            t, _acted, m = _child(_BARE_APP, want_desk=False, exercise=False, env=env)
            bare.append(t)
            bare_mem.append(m)
            replica.append(_child(_REPLICA_APP, want_desk=True, exercise=False, env=env)[1])
            # Each run starts from the same file: the call flow leaves a call in hand,
            # which the next start would offer back over the desk.
            db = Path(tmp) / f"desk-{n}.sqlite3"
            for suffix in ("", "-wal"):
                if Path(f"{seeded}{suffix}").exists():
                    shutil.copy(f"{seeded}{suffix}", f"{db}{suffix}")
            t, acted, m = _child(
                _DESK_APP.format(db=str(db)), want_desk=True, exercise=True, env=env
            )
            desk_paint.append(t)
            desk.append(acted)
            desk_mem.append(m)
    b, d = statistics.median(bare) * 1000, statistics.median(desk) * 1000
    p = statistics.median(desk_paint) * 1000
    r = statistics.median(replica) * 1000
    return [
        {
            "name": "usable start-up: a key's effect on the desk",
            "value": f"{d:.0f} ms vs bare app's first paint {b:.0f} ms"
            f" (the desk's own first paint {p:.0f} ms)",
            "ratio": round(d / b, 2),
            "target": "ratio <= 1.5",
            "ok": d / b <= 1.5,
        },
        {
            "name": "  the desk's shape in Textual alone (its widgets, F8's dialog)",
            "value": f"{r:.0f} ms to the dialog on screen, no agentdesk code or data;"
            f" {d - r:.0f} ms of the desk's are its own",
            "ratio": round(r / b, 2),
            "target": "reported (Textual's floor for this screen)",
            "ok": True,
        },
        {
            "name": "peak memory of the desk (after a call flow)",
            "value": f"{max(desk_mem):.1f} MB vs bare app {max(bare_mem):.1f} MB",
            "ratio": round(max(desk_mem) / max(bare_mem), 2),
            "target": "< 80 MB",
            "ok": max(desk_mem) < 80,
        },
    ]


# --- a durable save with 1,000,000 calls in the file ----------------------------------------


def _fill_calls(path: Path, count: int) -> None:
    from tui.store.db import Store

    async def create() -> None:
        store = await Store.open(path)
        await store.close()

    asyncio.run(create())
    conn = sqlite3.connect(path)
    conn.execute("PRAGMA journal_mode = WAL")
    code = conn.execute("SELECT code FROM reasons WHERE code LIKE '%.%.%' LIMIT 1").fetchone()[0]
    rows = (
        (
            f"00000000-0000-7000-8000-{i:012d}",
            f"agent{i % 50}",
            f"2026-{1 + i % 12:02d}-{1 + i % 28:02d}T08:{i % 60:02d}:00+00:00",
            f"2026-{1 + i % 12:02d}-{1 + i % 28:02d}T08:{i % 60:02d}:30+00:00",
            f"138{i:08d}",
            code,
            "answered",
            "calm",
            5,
            # Every fourth call has a note with a number in it, as real notes do.
            f"客户来电咨询余额, 请回电 139 {i % 10000:04d} 5678" if i % 4 == 0 else "",
        )
        for i in range(count)
    )
    conn.executemany("INSERT INTO calls VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", rows)
    conn.commit()
    conn.close()


_INSERT_CALL = "INSERT INTO calls VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"
_RAW_START = "INSERT INTO call_starts (id, agent, started_at) VALUES (?, ?, ?)"
_RAW_IN_HAND = (
    "INSERT INTO calls_in_hand (call_id, agent, state, updated_at, seen_at)"
    " VALUES (?, ?, '{}', ?, '')"
)


def bench_save(rows: int, saves: int) -> list[Result]:
    import pendulum

    from tui.domain.call_in_hand import HeldCall
    from tui.domain.calls import Call
    from tui.domain.ids import uuid7
    from tui.store.call_in_hand import start_call
    from tui.store.calls import _SAVE_OUT_OF_HAND, _SAVE_START, save_call
    from tui.store.db import Store

    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "big.sqlite3"
        _fill_calls(path, rows)
        raw = sqlite3.connect(path, isolation_level=None)
        raw.execute("PRAGMA journal_mode = WAL")
        raw.execute("PRAGMA synchronous = FULL")
        # The fill left a large WAL: fold it in first, so neither side pays for it.
        raw.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        code = raw.execute("SELECT reason_code FROM calls LIMIT 1").fetchone()[0]
        now = pendulum.now("UTC")

        def raw_row(agent: str, call_id: str) -> tuple[object, ...]:
            stamp = now.isoformat()
            return (call_id, agent, stamp, stamp, "", code, "answered", "calm", None, "note")

        def raw_save() -> float:
            started = time.perf_counter()
            raw.execute("BEGIN IMMEDIATE")
            raw.execute(_INSERT_CALL, raw_row("raw", uuid7(now)))
            raw.execute("COMMIT")
            return time.perf_counter() - started

        def raw_same_work() -> float:
            # What our save does, in plain sqlite3: the start recorded at F2 and the call
            # in hand (untimed), then one transaction that checks the start, takes the
            # call out of hand and inserts it. The difference to ours is the cost of
            # asyncio and its thread.
            call_id = uuid7(now)
            raw.execute(_RAW_START, (call_id, "raw-same", now.isoformat()))
            raw.execute(_RAW_IN_HAND, (call_id, "raw-same", now.isoformat()))
            started = time.perf_counter()
            raw.execute("BEGIN IMMEDIATE")
            raw.execute(_SAVE_START, (call_id, "raw-same", now.isoformat(), call_id))
            raw.execute(_SAVE_OUT_OF_HAND, (call_id,))
            raw.execute(_INSERT_CALL, raw_row("raw-same", call_id))
            raw.execute("COMMIT")
            return time.perf_counter() - started

        async def all_three() -> tuple[list[float], list[float], list[float]]:
            # Alternately, one save each, so all see the same file and the same machine.
            store = await Store.open(path, seed=False)
            raw_samples, same_samples, our_samples = [], [], []
            for _ in range(saves):
                raw_samples.append(raw_save())
                same_samples.append(raw_same_work())
                call_id = uuid7(now)
                # As at F2: the start and the call in hand are on disk before the save.
                await start_call(store, "bench", HeldCall(call_id, now), now)
                call = Call(call_id, "bench", now, now, "", code, "answered", "calm", None, "note")
                started = time.perf_counter()
                await save_call(store, call)
                our_samples.append(time.perf_counter() - started)
            await store.close()
            return raw_samples, same_samples, our_samples

        raw_samples, same_samples, our_samples = asyncio.run(all_three())
        raw.close()
    r50, r99 = percentiles(raw_samples)
    s50, s99 = percentiles(same_samples)
    o50, o99 = percentiles(our_samples)
    return [
        {
            "name": f"durable call save with {rows:,} calls in the file",
            "value": f"p50 {o50:.2f} ms, p99 {o99:.2f} ms vs raw sqlite3 one-row commit"
            f" p50 {r50:.2f}, p99 {r99:.2f} (p50 ratio {o50 / r50:.2f})",
            "ratio": round(o99 / r99, 2),
            "target": "p50 ratio <= 1.3, p99 ratio <= 2",
            "ok": o50 / r50 <= 1.3 and o99 / r99 <= 2,
        },
        {
            "name": "  the same save's statements in raw sqlite3",
            "value": f"p50 {s50:.2f} ms, p99 {s99:.2f} ms: ours p50 ratio {o50 / s50:.2f}",
            "ratio": round(o99 / s99, 2),
            "target": "reported (what asyncio and its thread add)",
            "ok": True,
        },
    ]


# --- export: the CLI against a plain csv.writer stream of the same query ---------------------

_EXPORT_RAW = (
    _PEAK_KB.replace("{", "{{").replace("}", "}}")
    + """
import csv, os, resource, sqlite3
conn = sqlite3.connect({uri!r}, uri=True)
with open(os.devnull, "w", newline="", encoding="utf-8") as out:
    writer = csv.writer(out, lineterminator="\\n")
    cursor = conn.execute({sql!r})
    writer.writerow([d[0] for d in cursor.description])
    for row in cursor:
        writer.writerow(row)
print(peak_kb())
"""
)

_EXPORT_OURS = (
    _PEAK_KB.replace("{", "{{").replace("}", "}}")
    + """
import os, resource, sys
sys.path.insert(0, {root!r})
from tui.cli import main
try:
    main(["export", "calls", "--db", {db!r}, "--format", {fmt!r}, "--output", os.devnull])
except SystemExit as exc:
    if exc.code:
        raise
print(peak_kb())
"""
)


def _children_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def _timed_child(code: str, cpu: list[float] | None = None) -> tuple[float, float]:
    """Run one child; return (wall seconds including start-up, peak RSS in MB). Its CPU
    seconds go to `cpu`: on a shared machine they move far less with the neighbours'
    load than the wall clock does, so they are reported beside it."""
    started, cpu_before = time.perf_counter(), _children_cpu()
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, timeout=1800
    ).stdout.split()
    if cpu is not None:
        cpu.append(_children_cpu() - cpu_before)
    return time.perf_counter() - started, int(out[-1]) / 1024


def bench_export(sizes: tuple[int, int], runs: int) -> list[Result]:
    """`agentdesk export calls` against the plain stream the issue measured: the same
    query (the corrected reason included) through csv.writer, nothing masked or checked.
    Both run as fresh processes, alternately, and the medians are compared."""
    from tui.store.exports import _EFFECTIVE_REASON

    sql = (
        "SELECT c.id, c.started_at, c.ended_at, c.agent, c.reason_code, c.outcome, c.mood,"
        f" c.satisfaction, c.caller, c.note, {_EFFECTIVE_REASON} AS effective"
        " FROM calls c ORDER BY c.started_at"
    )
    small, large = sizes
    peaks: dict[int, float] = {}
    results: list[Result] = []
    with tempfile.TemporaryDirectory() as tmp:
        for count in sizes:
            path = Path(tmp) / f"export-{count}.sqlite3"
            _fill_calls(path, count)
            raw_code = _EXPORT_RAW.format(uri=f"{path.as_uri()}?mode=ro", sql=sql)
            ours_code = {
                fmt: _EXPORT_OURS.format(root=str(ROOT), db=str(path), fmt=fmt)
                for fmt in ("csv", "ndjson")
            }
            raw_t, raw_m, ours_t, ours_m, nd_t = [], [], [], [], []
            raw_cpu: list[float] = []
            ours_cpu: list[float] = []
            for _ in range(runs if count == large else 1):
                t, m = _timed_child(raw_code, raw_cpu)
                raw_t.append(t)
                raw_m.append(m)
                t, m = _timed_child(ours_code["csv"], ours_cpu)
                ours_t.append(t)
                ours_m.append(m)
                if count == large:
                    nd_t.append(_timed_child(ours_code["ndjson"])[0])
            peaks[count] = max(ours_m)
            if count != large:
                continue
            r, o, n = statistics.median(raw_t), statistics.median(ours_t), statistics.median(nd_t)
            r_cpu, o_cpu = statistics.median(raw_cpu), statistics.median(ours_cpu)
            results.append(
                {
                    "name": f"export calls --format csv, {count:,} calls",
                    "value": f"{o:.1f} s vs raw csv.writer stream {r:.1f} s"
                    f" (cpu {o_cpu:.1f} s vs {r_cpu:.1f} s, ratio {o_cpu / r_cpu:.2f})",
                    "ratio": round(o / r, 2),
                    "cpu_ratio": round(o_cpu / r_cpu, 2),
                    "target": "ratio <= 1.5",
                    "ok": o / r <= 1.5,
                }
            )
            results.append(
                {
                    "name": f"export calls --format ndjson, {count:,} calls",
                    "value": f"{n:.1f} s vs raw csv.writer stream {r:.1f} s",
                    "ratio": round(n / r, 2),
                    "target": "reported (JSON costs more than CSV)",
                    "ok": True,
                }
            )
            results.append(
                {
                    "name": f"export peak memory, {small:,} → {large:,} calls",
                    "value": f"{peaks[small]:.1f} MB → {peaks[large]:.1f} MB"
                    f" vs raw stream {max(raw_m):.1f} MB",
                    "ratio": round(peaks[large] / max(raw_m), 2),
                    "target": "< 60 MB, flat (within 10%)",
                    "ok": peaks[large] < 60 and peaks[large] <= peaks[small] * 1.1,
                }
            )
    return results


# --- the rest come from the feature modules ---------------------------------------------------


def _optional(module: str, function: str) -> Callable[[], Result] | None:
    try:
        mod = __import__(module)
    except ImportError:
        return None
    return getattr(mod, function, None)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--json", action="store_true", help="print JSON instead of a table")
    parser.add_argument("--quick", action="store_true", help="smaller sizes, for a smoke run")
    parser.add_argument(
        "--only",
        choices=["startup", "queue", "save", "export", "sync", "phone", "board"],
        help="run one group of benchmarks: startup (and memory), queue (10,000 complaints),"
        " save (a durable call save), export (the CLI export), sync (the central store,"
        " both backends), phone (a ring to the screen), board (the lead's board, both"
        " backends)",
    )
    args = parser.parse_args()

    results: list[Result] = []
    export_sizes = (10_000, 50_000) if args.quick else (100_000, 1_000_000)
    wanted = (
        {args.only}
        if args.only
        else {"startup", "others", "queue", "save", "export", "sync", "phone", "board"}
    )
    if "startup" in wanted:
        results += bench_startup_and_memory(runs=2 if args.quick else 5)
    for module, function, group in [
        ("bench_picker", "bench_picker", "others"),
        ("bench_deadlines", "bench_promise", "others"),
        ("bench_queue", "bench_queue", "queue"),
        ("bench_phone", "bench_phone", "phone"),
    ]:
        bench = _optional(module, function)
        if bench is not None and group in wanted:
            found = bench()
            results += found if isinstance(found, list) else [found]
    if "save" in wanted:
        results += bench_save(20_000 if args.quick else 1_000_000, 50 if args.quick else 300)
    if "export" in wanted:
        results += bench_export(export_sizes, runs=1 if args.quick else 3)
    if "sync" in wanted:
        from bench_sync import bench_sync

        results += bench_sync(quick=args.quick)
    if "board" in wanted:
        from bench_board import bench_board

        results += bench_board(quick=args.quick)
    _report(results, as_json=args.json)


def _report(results: list[Result], *, as_json: bool) -> None:
    if as_json:
        print(json.dumps(results, ensure_ascii=False, indent=2))
        return
    width = max(len(r["name"]) for r in results)
    for r in results:
        value = r.get("value") or ", ".join(
            f"{k} {v:.3f}" for k, v in r.items() if k.endswith("_ms") and isinstance(v, float)
        )
        mark = "ok  " if r.get("ok") else "MISS"
        ratio = f"  ratio {r['ratio']}" if "ratio" in r else ""
        print(f"{mark} {r['name']:<{width}}  {value}{ratio}  [{r['target']}]")


if __name__ == "__main__":
    main()
