"""Workstations, a central store and a lead, for the register's sync tests: the desk's
own store writes each workstation's register (as the desk does), a plain sqlite3
connection hands it to the sync phases (as the sync engine does)."""

from __future__ import annotations

import asyncio
import sqlite3
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pendulum
from pendulum import DateTime

from tui.central.connection import Central
from tui.central.migrations import migrate_central
from tui.central.opener import open_central
from tui.domain.register import GENESIS, chain_hash
from tui.store.complaints import append_event, open_complaint
from tui.store.db import Store
from tui.sync.chains import push_register
from tui.sync.context import StepHook, SyncContext
from tui.sync.pull_work import pull_work

T0 = pendulum.datetime(2026, 11, 24, 1, 0, tz="UTC")
FORM = {
    "customer_name": "王芳",
    "contact": "138 0013 8000",
    "class_code": "easy",
    "what_happened": "照片冲印错了尺寸",
}
EVENT_COLUMNS = "id, complaint_id, seq, kind, actor, at, payload, prev_hash, hash"


@dataclass
class Station:
    name: str
    path: Path

    def connect(self) -> sqlite3.Connection:
        conn = sqlite3.connect(self.path, isolation_level=None)
        conn.execute("PRAGMA busy_timeout = 5000")
        return conn


def make_station(tmp_path: Path, name: str) -> Station:
    path = tmp_path / f"{name}.sqlite3"

    async def create() -> None:
        store = await Store.open(path, seed=False)
        await store.close()

    asyncio.run(create())
    return Station(name, path)


def central_for(url: str) -> Central:
    central = open_central(url)
    migrate_central(central)
    return central


def sync(
    station: Station,
    url: str,
    step: StepHook | None = None,
    pull: bool = True,
    whole_register: bool = True,
) -> SyncContext:
    """The register's part of a sync: push, then pull, as run_sync orders them."""
    central = central_for(url)
    conn = station.connect()
    try:
        ctx = SyncContext(
            local=conn,
            local_path=station.path,
            central=central,
            station=station.name,
            install_id=f"install-{station.name}",
            now=lambda: "2026-11-24T12:00:00Z",
            whole_register=whole_register,
        )
        if step is not None:
            ctx.step = step
        push_register(ctx)
        if pull:
            pull_work(ctx)
        return ctx
    finally:
        conn.close()
        central.close()


def works_at(url: str, agent: str, station: str) -> None:
    """What the agent's desk pushes (the records push's `agent_states`): where they are."""
    with central_for(url) as central, central.transaction():
        central.load(
            "agent_states",
            ("agent", "station", "state", "since", "break_code", "reported_at"),
            [(agent, station, "ready", "2026-11-24T01:00:00Z", None, "2026-11-24T01:00:00Z")],
            key=("agent",),
            update=("station", "state", "since", "reported_at"),
        )


def open_on(station: Station, agent: str, at: DateTime = T0, **form: str) -> str:
    async def go() -> str:
        store = await Store.open(station.path, seed=False)
        try:
            return await open_complaint(store, {**FORM, **form}, at.add(hours=24), 1, agent, at)
        finally:
            await store.close()

    return asyncio.run(go())


def add_on(station: Station, cid: str, kind: str, actor: str, at: DateTime, **payload: Any) -> str:
    async def go() -> str:
        store = await Store.open(station.path, seed=False)
        try:
            return (await append_event(store, cid, kind, actor, at, payload)).id
        finally:
            await store.close()

    return asyncio.run(go())


def note_on(station: Station, cid: str, actor: str, at: DateTime, text: str = "已联系") -> str:
    return add_on(station, cid, "note", actor, at, text=text)


def local_rows(station: Station) -> list[tuple[Any, ...]]:
    conn = station.connect()
    try:
        return conn.execute(
            f"SELECT {EVENT_COLUMNS} FROM complaint_events ORDER BY complaint_id, seq"
        ).fetchall()
    finally:
        conn.close()


def central_rows(url: str, complaint_ids: set[str] | None = None) -> list[tuple[Any, ...]]:
    with central_for(url) as central:
        rows = central.fetchall(
            f"SELECT {EVENT_COLUMNS} FROM complaint_events ORDER BY complaint_id, seq"
        )
    rows = [tuple(int(v) if i == 2 else v for i, v in enumerate(row)) for row in rows]
    if complaint_ids is not None:
        rows = [row for row in rows if row[1] in complaint_ids]
    return rows


def quarantined(url: str) -> list[tuple[str, str, str, int, str]]:
    with central_for(url) as central:
        rows = central.fetchall(
            "SELECT station, complaint_id, event_id, seq, problem FROM quarantine"
            " ORDER BY station, complaint_id, seq, problem"
        )
    return [(r[0], r[1], r[2], int(r[3]), r[4]) for r in rows]


def behind_the_guards(station: Station, *statements: tuple[str, tuple[object, ...]]) -> None:
    """Drop every trigger, change the register, put every trigger back as it was: what
    someone with write access to the workstation's file can do."""
    raw = sqlite3.connect(station.path)
    try:
        saved = list(raw.execute("SELECT name, sql FROM sqlite_master WHERE type = 'trigger'"))
        for name, _ in saved:
            raw.execute(f"DROP TRIGGER {name}")
        for sql, params in statements:
            raw.execute(sql, params)
        for _, sql in saved:
            raw.execute(sql)
        raw.commit()
    finally:
        raw.close()


def reseal(station: Station, cid: str) -> None:
    """Recompute every hash of a complaint's chain, as a forger would after an edit."""
    raw = sqlite3.connect(station.path)
    try:
        saved = list(raw.execute("SELECT name, sql FROM sqlite_master WHERE type = 'trigger'"))
        for name, _ in saved:
            raw.execute(f"DROP TRIGGER {name}")
        rows = raw.execute(
            "SELECT id, seq, kind, actor, at, payload FROM complaint_events"
            " WHERE complaint_id = ? ORDER BY seq",
            (cid,),
        ).fetchall()
        prev = GENESIS
        for event_id, seq, kind, actor, at, payload in rows:
            digest = chain_hash(
                event_id=event_id, complaint_id=cid, seq=seq, kind=kind, actor=actor, at=at,
                payload=payload, prev_hash=prev,
            )  # fmt: skip
            raw.execute(
                "UPDATE complaint_events SET prev_hash = ?, hash = ? WHERE id = ?",
                (prev, digest, event_id),
            )
            prev = digest
        for _, sql in saved:
            raw.execute(sql)
        raw.commit()
    finally:
        raw.close()
