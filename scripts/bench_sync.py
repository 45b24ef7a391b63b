"""Benchmark the sync: workstations' records pushed into one central store.

    .venv/bin/python scripts/bench_sync.py [--quick]     # or scripts/bench.py --only sync

Against both backends (PostgreSQL started by scripts/pg_test_server when the run has none).

Workstation databases are made the way the desk makes them (migrated and seeded by the
real store), then filled in bulk with a realistic day: calls with their starts,
complaints with sealed, valid chains, breaks. Nothing here is a test.
"""

from __future__ import annotations

import argparse
import asyncio
import atexit
import json
import os
import shutil
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
import uuid
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from tui.domain.clock import FakeClock, to_iso  # noqa: E402
from tui.domain.register import GENESIS, seal  # noqa: E402

DAY = "2026-11-24T09:00:00+08:00"
CLASSES = ("simple", "complex", "source")


def template(folder: Path) -> Path:
    """An empty workstation database, migrated and seeded by the desk's own store."""
    from tui.store.db import Store

    path = folder / "template.sqlite3"

    async def create() -> None:
        store = await Store.open(path)
        await store.close()

    asyncio.run(create())
    return path


def workstation(
    template_path: Path,
    path: Path,
    n: int,
    *,
    calls: int = 400,
    complaints: int = 50,
    events: int = 300,
    breaks: int = 20,
) -> int:
    """Station `n`'s day; the number of rows written."""
    shutil.copyfile(template_path, path)
    conn = sqlite3.connect(path)
    conn.execute("PRAGMA journal_mode = WAL")
    code = conn.execute("SELECT code FROM reasons WHERE code LIKE '%.%.%' LIMIT 1").fetchone()[0]
    start = FakeClock(DAY).now()
    agent = f"agent{n:03d}"
    ids = [f"00000000-0000-7{n:03d}-8000-{i:012d}" for i in range(calls)]
    times = [to_iso(start.add(seconds=70 * i)) for i in range(calls)]
    ends = [to_iso(start.add(seconds=70 * i + 60)) for i in range(calls)]
    conn.execute("BEGIN")
    conn.executemany(
        "INSERT INTO call_starts (id, agent, started_at) VALUES (?, ?, ?)",
        zip(ids, [agent] * calls, times, strict=True),
    )
    conn.executemany(
        "INSERT INTO calls VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        (
            (ids[i], agent, times[i], ends[i], f"138{n:03d}{i:05d}", code,
             "answered", "calm", 5, "客户来电咨询余额" if i % 4 == 0 else "")
            for i in range(calls)
        ),
    )  # fmt: skip
    per = max(1, events // max(complaints, 1))
    rows = 2 * calls
    for c in range(complaints):
        cid = f"00000000-0000-7{n:03d}-9000-{c:012d}"
        at = start.add(seconds=600 * c)
        # The row and the copy of it the `opened` event carries, as the desk writes them:
        # a chain whose facts differ from its row is quarantined, not pushed.
        facts = {
            "id": cid, "call_id": ids[c], "opened_at": to_iso(at), "opened_by": agent,
            "customer_name": f"客户{c}", "contact": f"139{n:03d}{c:05d}", "reference": "",
            "class_code": CLASSES[c % 3], "department": "", "what_happened": "快递未到",
            "remedy_requested": "",
        }  # fmt: skip
        conn.execute(
            f"INSERT INTO complaints ({', '.join(facts)}) VALUES ({', '.join('?' for _ in facts)})",
            tuple(facts.values()),
        )
        prev = GENESIS
        chain = []
        for seq in range(1, per + 1):
            kind = "opened" if seq == 1 else "note"
            payload: dict[str, object] = (
                {
                    "facts": facts,
                    "promised_at": to_iso(at.add(hours=24)),
                    "rule_revision": 1,
                    "class_code": CLASSES[c % 3],
                }
                if seq == 1
                else {"text": f"第{seq}次跟进"}
            )
            event = seal(
                event_id=f"00000000-0000-7{n:03d}-a{seq:03d}-{c:012d}",
                complaint_id=cid,
                seq=seq,
                kind=kind,
                actor=agent,
                at=at.add(minutes=seq),
                payload=payload,
                prev_hash=prev,
            )
            prev = event.hash
            chain.append(
                (event.id, cid, seq, kind, agent, event.at, event.payload, event.prev_hash,
                 event.hash)
            )  # fmt: skip
        conn.executemany("INSERT INTO complaint_events VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)", chain)
        rows += 1 + len(chain)
    conn.executemany(
        "INSERT INTO breaks (id, agent, code, started_at, ended_at) VALUES (?, ?, 'rest', ?, ?)",
        (
            (f"00000000-0000-7{n:03d}-b000-{b:012d}", agent,
             to_iso(start.add(minutes=25 * b)), to_iso(start.add(minutes=25 * b + 5)))
            for b in range(breaks)
        ),
    )  # fmt: skip
    rows += breaks
    conn.execute("COMMIT")
    conn.close()
    return rows


def big_workstation(template_path: Path, path: Path, calls: int) -> None:
    """One workstation holding `calls` calls (and their starts), filled inside SQLite."""
    shutil.copyfile(template_path, path)
    conn = sqlite3.connect(path)
    conn.execute("PRAGMA journal_mode = WAL")
    code = conn.execute("SELECT code FROM reasons WHERE code LIKE '%.%.%' LIMIT 1").fetchone()[0]
    conn.execute("BEGIN")
    conn.execute(
        "WITH RECURSIVE n(i) AS (SELECT 0 UNION ALL SELECT i + 1 FROM n WHERE i + 1 < ?)"
        " INSERT INTO call_starts (id, agent, started_at)"
        " SELECT printf('00000000-0000-7000-8000-%012d', i), 'agent' || (i % 50),"
        " strftime('%Y-%m-%dT%H:%M:%S+00:00', 1764000000 + i * 30, 'unixepoch') FROM n",
        (calls,),
    )
    conn.execute(
        "INSERT INTO calls SELECT id, agent, started_at, started_at, printf('138%08d', rowid),"
        " ?, 'answered', 'calm', 5, CASE WHEN rowid % 4 = 0 THEN '客户来电咨询余额' ELSE '' END"
        " FROM call_starts",
        (code,),
    )
    conn.execute("COMMIT")
    conn.close()


# --- where the central stores live -----------------------------------------------------------

Result = dict[str, Any]


def pg_base() -> tuple[str, str]:
    """The run's PostgreSQL database and password: the ones scripts/test made, or a
    throwaway database made now by the same script (which starts the server)."""
    base = os.environ.get("AGENTDESK_TEST_PG")
    password = os.environ.get("AGENTDESK_TEST_PG_PASSWORD", "")
    if not base:
        made = subprocess.run(
            [str(ROOT / "scripts" / "pg_test_server")], check=True, capture_output=True, text=True
        ).stdout
        found = dict(
            line.removeprefix("export ").split("=", 1) for line in made.splitlines() if "=" in line
        )
        base, password = found["AGENTDESK_TEST_PG"], found["AGENTDESK_TEST_PG_PASSWORD"]
        atexit.register(_drop_run, base.rsplit("/", 1)[1])
        os.environ["AGENTDESK_TEST_PG"] = base
        os.environ["AGENTDESK_TEST_PG_PASSWORD"] = password
    os.environ["PGPASSWORD"] = password
    return base, password


def _drop_run(name: str) -> None:
    subprocess.run(
        ["runuser", "-u", "postgres", "--", "psql", "-X", "-q", "-d", "postgres",
         "-c", f"DROP DATABASE IF EXISTS {name} WITH (FORCE)", "-c", f"DROP ROLE IF EXISTS {name}"],
        check=False, capture_output=True,
    )  # fmt: skip


def fresh_central(backend: str, folder: Path, name: str) -> str:
    if backend == "sqlite":
        return f"sqlite:///{folder / (name + '.db')}"
    import psycopg

    base, _ = pg_base()
    schema = f"bench_{name}_{uuid.uuid4().hex[:8]}"
    with psycopg.connect(base, autocommit=True) as conn:
        conn.execute(f"CREATE SCHEMA {schema}")
    return f"{base}?options=-csearch_path%3D{schema}"


def drop_central(url: str) -> None:
    if url.startswith("postgresql"):
        import psycopg

        base, schema = url.split("?options=-csearch_path%3D")
        with psycopg.connect(base, autocommit=True) as conn:
            conn.execute(f"DROP SCHEMA {schema} CASCADE")


# --- 200 workstations' day into one central store -------------------------------------------

# The tables a day fills, with the columns central keeps (station first).
DAY_TABLES = {
    "call_starts": ("id", "agent", "started_at"),
    "calls": ("id", "agent", "started_at", "ended_at", "caller", "reason_code", "outcome",
              "mood", "satisfaction", "note"),
    "complaints": ("id", "call_id", "opened_at", "opened_by", "customer_name", "contact",
                   "reference", "class_code", "department", "what_happened",
                   "remedy_requested"),
    "complaint_events": ("id", "complaint_id", "seq", "kind", "actor", "at", "payload",
                         "prev_hash", "hash"),
    "breaks": ("id", "agent", "code", "trigger", "reminder_id", "started_at", "ended_at",
               "mood_before", "mood_after"),
}  # fmt: skip


def _day_rows(paths: list[Path]) -> dict[str, list[tuple[Any, ...]]]:
    rows: dict[str, list[tuple[Any, ...]]] = {table: [] for table in DAY_TABLES}
    for n, path in enumerate(paths):
        conn = sqlite3.connect(path)
        for table, columns in DAY_TABLES.items():
            station = () if table == "complaint_events" else (f"station-{n:03d}",)
            rows[table] += [
                (*station, *row)
                for row in conn.execute(f"SELECT {', '.join(columns)} FROM {table}")
            ]
        conn.close()
    return rows


def raw_load(url: str, rows: dict[str, list[tuple[Any, ...]]]) -> float:
    """The baseline: the same rows into the same tables, one transaction, with what each
    backend does fastest and nothing else: one binary COPY per table (PostgreSQL), one
    `executemany` per table (SQLite)."""
    from tui.central.migrations import migrate_central
    from tui.central.opener import open_central

    with open_central(url) as central:
        migrate_central(central)
    if url.startswith("sqlite"):
        conn = sqlite3.connect(url.removeprefix("sqlite:///"), isolation_level=None)
        started = time.perf_counter()
        conn.execute("BEGIN IMMEDIATE")
        for table, columns in DAY_TABLES.items():
            names = columns if table == "complaint_events" else ("station", *columns)
            marks = ", ".join("?" for _ in names)
            conn.executemany(
                f"INSERT INTO {table} ({', '.join(names)}) VALUES ({marks})", rows[table]
            )
        conn.execute("COMMIT")
        seconds = time.perf_counter() - started
        conn.close()
        return seconds
    import psycopg

    with psycopg.connect(url) as conn:
        started = time.perf_counter()
        with conn.transaction(), conn.cursor() as cur:
            for table, columns in DAY_TABLES.items():
                names = columns if table == "complaint_events" else ("station", *columns)
                types = dict(
                    cur.execute(
                        "SELECT attname, format_type(atttypid, atttypmod) FROM pg_attribute"
                        " WHERE attrelid = %s::regclass AND attnum > 0",
                        (table,),
                    ).fetchall()
                )
                with cur.copy(
                    f"COPY {table} ({', '.join(names)}) FROM STDIN (FORMAT BINARY)"
                ) as copy:
                    copy.set_types([types[c] for c in names])
                    for row in rows[table]:
                        copy.write_row(row)
        return time.perf_counter() - started


PARALLEL = 8


def _sync_one(job: tuple[str, str, str]) -> None:
    from tui.sync.run import run_sync

    run_sync(Path(job[0]), job[1], job[2])


def _station_rows(path: Path) -> int:
    conn = sqlite3.connect(path)
    try:
        return sum(conn.execute(f"SELECT COUNT(*) FROM {t}").fetchone()[0] for t in DAY_TABLES)
    finally:
        conn.close()


def bench_day(
    stations: int, folder: Path, tpl: Path, backends: tuple[str, ...] = ("sqlite", "postgresql")
) -> list[Result]:
    from tui.sync.run import run_sync

    paths = [folder / f"ws{n:03d}.sqlite3" for n in range(stations)]
    total = sum(workstation(tpl, path, n) for n, path in enumerate(paths))
    rows = _day_rows(paths)
    results = []
    for backend in backends:
        raw_url = fresh_central(backend, folder, "raw")
        raw_s = raw_load(raw_url, rows)
        drop_central(raw_url)
        url = fresh_central(backend, folder, "day")
        copies = [folder / f"{backend}-{p.name}" for p in paths]
        for path, copy in zip(paths, copies, strict=True):
            shutil.copyfile(path, copy)
        half = len(copies) // 2
        started = time.perf_counter()
        for n, copy in enumerate(copies[:half]):
            run_sync(copy, url, f"station-{n:03d}")
        one_by_one_s = time.perf_counter() - started
        # The other half as a real night runs them: each workstation its own process,
        # several at once (cron on every machine at 02:30, give or take a few minutes).
        started = time.perf_counter()
        with ProcessPoolExecutor(max_workers=PARALLEL) as pool:
            jobs = [(str(c), url, f"station-{n:03d}") for n, c in enumerate(copies[half:], half)]
            list(pool.map(_sync_one, jobs))
        parallel_s = time.perf_counter() - started
        rows_first = sum(_station_rows(c) for c in copies[:half])
        again = time.perf_counter()
        run_sync(copies[0], url, "station-000")
        idle_s = time.perf_counter() - again
        drop_central(url)
        baseline = (
            "one binary COPY per table"
            if backend == "postgresql"
            else "one executemany transaction"
        )
        raw_rate = total / raw_s
        one_rate = rows_first / one_by_one_s
        par_rate = (total - rows_first) / parallel_s
        results.append(
            {
                "name": f"sync: {stations} workstations' day into {backend}",
                "value": f"{total:,} rows: {one_rate:,.0f} rows/s one station after another,"
                f" {par_rate:,.0f} rows/s {PARALLEL} at once; {baseline} {raw_rate:,.0f} rows/s"
                f" ({raw_s:.2f} s); a run with nothing new {idle_s * 1000:.0f} ms",
                "ratio": round(raw_rate / par_rate, 2),
                "target": "ratio (raw rate / sync rate, 8 at once) <= 2",
                "ok": raw_rate / par_rate <= 2,
            }
        )
    return results


# --- a first sync of a big workstation: time and peak memory, in a child process ------------

_FIRST_SYNC = """
import json, sys, time
sys.path.insert(0, {root!r})
from tui.sync.run import run_sync
started = time.perf_counter()
report = run_sync(__import__("pathlib").Path({db!r}), {url!r}, "big")
seconds = time.perf_counter() - started
with open("/proc/self/status") as status:
    peak = next(int(line.split()[1]) for line in status if line.startswith("VmHWM:"))
print(json.dumps({{"seconds": seconds, "peak_kb": peak, "pushed": report.counts.pushed}}))
"""


def bench_first_sync(sizes: tuple[int, ...], folder: Path, tpl: Path) -> list[Result]:
    results = []
    for backend in ("sqlite", "postgresql"):
        figures = []
        for size in sizes:
            db = folder / f"big-{size}.sqlite3"
            if not db.exists():
                big_workstation(tpl, db, size)
            copy = folder / f"big-{backend}-{size}.sqlite3"
            shutil.copyfile(db, copy)
            url = fresh_central(backend, folder, f"big{size}")
            out = subprocess.run(
                [sys.executable, "-c", _FIRST_SYNC.format(root=str(ROOT), db=str(copy), url=url)],
                check=True, capture_output=True, text=True,
            ).stdout  # fmt: skip
            figures.append((size, json.loads(out)))
            drop_central(url)
            copy.unlink()
        peaks = [f["peak_kb"] / 1024 for _, f in figures]
        results.append(
            {
                "name": f"sync: first sync of a big workstation into {backend}",
                "value": "; ".join(
                    f"{size:,} calls {f['seconds']:.1f} s, peak {f['peak_kb'] / 1024:.1f} MB"
                    for size, f in figures
                ),
                "target": "peak < 150 MB, flat as the backlog grows",
                "ok": max(peaks) < 150 and peaks[-1] < peaks[0] * 1.25,
            }
        )
    return results


# --- a desk save's delay while syncs run --------------------------------------------------------

_DESK_SAVES = """
import asyncio, json, sys, time
sys.path.insert(0, {root!r})
import pendulum
from tui.domain.call_in_hand import HeldCall
from tui.domain.calls import Call
from tui.domain.ids import uuid7
from tui.store.call_in_hand import start_call
from tui.store.calls import save_call
from tui.store.db import Store

async def main():
    store = await Store.open({db!r})
    row = await store.fetchone("SELECT code FROM reasons WHERE parent_code IS NOT NULL")
    waits = []
    for _ in range({saves}):
        now = pendulum.now("UTC")
        call_id = uuid7(now)
        await start_call(store, "desk", HeldCall(call_id, now), now)
        call = Call(call_id, "desk", now, now, "", row["code"], "answered", "calm", None, "")
        started = time.perf_counter()
        await save_call(store, call)
        waits.append(time.perf_counter() - started)
        await asyncio.sleep(0.005)
    await store.close()
    print(json.dumps(waits))

asyncio.run(main())
"""


def _syncs_until(stop: Path, db: Path, url: str) -> int:
    from tui.sync.run import run_sync

    runs = 0
    while not stop.exists():
        run_sync(db, url, "desk")
        runs += 1
    return runs


def _count_syncs(runs: list[int], stop: Path, db: Path, url: str) -> None:
    runs.append(_syncs_until(stop, db, url))


def bench_save_during_sync(saves: int, folder: Path, tpl: Path) -> list[Result]:
    import threading

    results = []
    for backend in ("sqlite", "postgresql"):
        db = folder / f"desk-{backend}.sqlite3"
        workstation(tpl, db, 7, calls=20_000, complaints=500, events=3000, breaks=20)
        url = fresh_central(backend, folder, "desk")

        def desk(db: Path = db) -> list[float]:
            out = subprocess.run(
                [sys.executable, "-c", _DESK_SAVES.format(root=str(ROOT), db=str(db), saves=saves)],
                check=True, capture_output=True, text=True,
            ).stdout  # fmt: skip
            return list(json.loads(out))

        alone = desk()
        stop = folder / f"stop-{backend}"
        runs: list[int] = []
        syncing = threading.Thread(target=_count_syncs, args=(runs, stop, db, url))
        syncing.start()
        beside = desk()
        stop.touch()
        syncing.join()
        drop_central(url)
        a50, a99 = _percentiles(alone)
        b50, b99 = _percentiles(beside)
        results.append(
            {
                "name": f"sync: a desk save while syncs into {backend} run",
                "value": f"p50 {b50:.2f} ms, p99 {b99:.2f} ms, max {max(beside) * 1000:.1f} ms"
                f" ({runs[0]} syncs) vs no sync p50 {a50:.2f}, p99 {a99:.2f}",
                "ratio": round(b99 / a99, 2),
                "target": "no save waits more than 200 ms",
                "ok": max(beside) < 0.2,
            }
        )
    return results


def _percentiles(samples: list[float]) -> tuple[float, float]:
    ordered = sorted(samples)
    return (
        statistics.median(ordered) * 1000,
        ordered[min(len(ordered) - 1, round(0.99 * (len(ordered) - 1)))] * 1000,
    )


def bench_sync(quick: bool = False) -> list[Result]:
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        tpl = template(folder)
        results = bench_day(20 if quick else 200, folder, tpl)
        results += bench_first_sync(
            (10_000, 50_000) if quick else (100_000, 1_000_000), folder, tpl
        )
        results += bench_save_during_sync(100 if quick else 500, folder, tpl)
    return results


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="smaller sizes, for a smoke run")
    args = parser.parse_args()
    for result in bench_sync(args.quick):
        mark = "ok  " if result["ok"] else "MISS"
        ratio = f"  ratio {result['ratio']}" if "ratio" in result else ""
        print(f"{mark} {result['name']}  {result['value']}{ratio}  [{result['target']}]")


if __name__ == "__main__":
    main()
