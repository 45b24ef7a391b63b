"""Benchmark the sync: workstations' records pushed into one central store.

    .venv/bin/python scripts/bench_sync.py [--stations 200] [--backend sqlite|postgresql]

Workstation databases are made the way the desk makes them (migrated and seeded by the
real store), then filled in bulk with a realistic day: calls with their starts,
complaints with sealed, valid chains, breaks. Nothing here is a test.
"""

from __future__ import annotations

import asyncio
import shutil
import sqlite3
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

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
        conn.execute(
            "INSERT INTO complaints (id, call_id, opened_at, opened_by, customer_name, contact,"
            " reference, class_code, department, what_happened, remedy_requested)"
            " VALUES (?, ?, ?, ?, ?, ?, '', ?, '', ?, '')",
            (cid, ids[c], to_iso(at), agent, f"客户{c}", f"139{n:03d}{c:05d}",
             CLASSES[c % 3], "快递未到"),
        )  # fmt: skip
        prev = GENESIS
        chain = []
        for seq in range(1, per + 1):
            kind = "opened" if seq == 1 else "note"
            payload: dict[str, object] = (
                {"class_code": CLASSES[c % 3], "promised_at": to_iso(at.add(hours=24))}
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
