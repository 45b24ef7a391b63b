"""Real broken database files, made the way they break: cut short, overwritten, edited
by another program, or put where they cannot be written."""

from __future__ import annotations

import asyncio
import random
import sqlite3
import subprocess
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pendulum

from tui.domain.calls import Call
from tui.store.calls import save_call
from tui.store.complaints import append_event, open_complaint
from tui.store.db import Store

T0 = pendulum.datetime(2026, 11, 24, 1, 0, tz="UTC")  # 09:00 in Shanghai
NUMBER = "13812345678"
NOT_UTF8 = "X'C328FFFE'"
FORM = {
    "customer_name": "김민수",
    "contact": "010-1234-5678",
    "class_code": "easy",
    "what_happened": "사진이 늦게 도착했습니다",
}


def make_database(path: Path, calls: int = 120) -> tuple[list[str], list[str]]:
    """A desk's database with calls on 24 Nov 2026 and one complaint: (call ids, event ids)."""
    return asyncio.run(fill_database(path, calls))


async def fill_database(path: Path, calls: int = 120) -> tuple[list[str], list[str]]:
    """`make_database` from a test already in an event loop."""
    store = await Store.open(path)
    try:
        row = await store.fetchone(
            "SELECT code FROM reasons WHERE parent_code IS NOT NULL ORDER BY sort"
        )
        assert row is not None
        ids = []
        for i in range(calls):
            started = T0.add(minutes=2 * i)
            call = Call(
                id=f"call-{i:04d}",
                agent="Lin",
                started_at=started,
                ended_at=started.add(seconds=90),
                caller=NUMBER,
                reason_code=row["code"],
                outcome="handled",
                mood="calm",
                satisfaction=5,
                note=f"call {i}: " + "details " * 20,
            )
            await save_call(store, call)
            ids.append(call.id)
        cid = await open_complaint(store, FORM, T0.add(hours=2), 1, "Lin", T0)
        await append_event(store, cid, "note", "Lin", T0.add(minutes=5), {"text": "확인 중"})
        events = await store.fetchall(
            "SELECT id FROM complaint_events WHERE complaint_id = ? ORDER BY seq", (cid,)
        )
        await store.conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        return ids, [str(e["id"]) for e in events]
    finally:
        await store.close()


def edit(path: Path, *statements: str) -> None:
    """Another program edits the file, going around the append-only guards."""
    conn = sqlite3.connect(path)
    try:
        triggers = conn.execute(
            "SELECT name FROM sqlite_master WHERE type = 'trigger' AND name LIKE '%no_update'"
        ).fetchall()
        for (name,) in triggers:
            conn.execute(f"DROP TRIGGER {name}")
        for statement in statements:
            conn.execute(statement)
        conn.commit()
    finally:
        conn.close()


def truncate(path: Path) -> None:
    with path.open("r+b") as fh:
        fh.truncate(path.stat().st_size // 3)


def not_sqlite(path: Path) -> None:
    path.write_text("Name,Phone\nKim,010-1234-5678\n" * 100, encoding="utf-8")


def scramble_a_page(path: Path, table: str = "reasons") -> None:
    """Random bytes over one page in the middle of the file: the one holding `table`,
    which the desk reads as it starts."""
    conn = sqlite3.connect(path)
    page_size = conn.execute("PRAGMA page_size").fetchone()[0]
    (root,) = conn.execute("SELECT rootpage FROM sqlite_master WHERE name = ?", (table,)).fetchone()
    conn.close()
    rng = random.Random(9)
    with path.open("r+b") as fh:
        fh.seek((root - 1) * page_size)
        fh.write(bytes(rng.randrange(256) for _ in range(page_size)))


@contextmanager
def read_only_folder(folder: Path) -> Iterator[Path]:
    """`folder`, seen through a read-only bind mount (root ignores file modes, so a
    mount is the only real read-only here). Yields the read-only view."""
    view = folder.parent / (folder.name + "-ro")
    view.mkdir()
    mounted = subprocess.run(["mount", "--bind", str(folder), str(view)], capture_output=True)
    if mounted.returncode != 0:
        raise MountImpossible(mounted.stderr.decode(errors="replace").strip())
    try:
        done = subprocess.run(
            ["mount", "-o", "remount,bind,ro", str(view)], capture_output=True, text=True
        )
        if done.returncode != 0:
            raise MountImpossible(done.stderr.strip())
        yield view
    finally:
        subprocess.run(["umount", "-l", str(view)], check=False)


class MountImpossible(Exception):
    pass
