"""The complaint register on disk: opening, appending, the open queue, verification and
export. Every rule about what may be appended lives in `tui.domain.register`; this module
only loads, chains and writes, each write in one `BEGIN IMMEDIATE` transaction."""

from __future__ import annotations

import math
import sqlite3
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any

import aiosqlite
from pendulum import DateTime

from tui.domain.clock import to_iso
from tui.domain.complaints import (
    FACT_COLUMNS,
    ComplaintFacts,
    ComplaintForm,
    parse_form,
)
from tui.domain.guards import check_guards
from tui.domain.ids import uuid7
from tui.domain.register import (
    GENESIS,
    ComplaintState,
    Event,
    RegisterRefused,
    VerifyResult,
    check_event,
    derive,
    opening_payload,
    seal,
    verify_chain,
)
from tui.store.db import Store
from tui.store.migrations import (
    DatabaseTooNew,
    applied_version,
    defined_triggers,
    known_migrations,
)

# The register's own guards. `verify` checks these and every other trigger the migrations
# define, by their definitions, not only their names.
GUARDS: tuple[str, ...] = (
    "complaints_no_update",
    "complaints_no_delete",
    "complaints_no_replace",
    "complaint_events_no_update",
    "complaint_events_no_delete",
    "complaint_events_no_replace",
)
_EVENT_COLUMNS = "id, complaint_id, seq, kind, actor, at, payload, prev_hash, hash"
_NOT_CLOSED = (
    "NOT EXISTS (SELECT 1 FROM complaint_events x WHERE x.complaint_id = {col}"
    " AND x.kind = 'closed')"
)
# Queue order: running clocks by promise, then paused ones, then those awaiting close.
_STATUS_ORDER = {"open": 0, "paused": 1, "replied": 2, "closed": 3}


def _event(row: Mapping[str, Any] | sqlite3.Row) -> Event:
    return Event(
        id=row["id"],
        complaint_id=row["complaint_id"],
        seq=row["seq"],
        kind=row["kind"],
        actor=row["actor"],
        at=row["at"],
        payload=row["payload"],
        prev_hash=row["prev_hash"],
        hash=row["hash"],
    )


async def _insert_event(conn: aiosqlite.Connection, event: Event) -> None:
    await conn.execute(
        f"INSERT INTO complaint_events ({_EVENT_COLUMNS}) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
        (
            event.id,
            event.complaint_id,
            event.seq,
            event.kind,
            event.actor,
            event.at,
            event.payload,
            event.prev_hash,
            event.hash,
        ),
    )


async def open_complaint(
    store: Store,
    facts: ComplaintForm | Mapping[str, str],
    promised_at: DateTime,
    revision: int | str,
    actor: str,
    at: DateTime,
    *,
    call_id: str | None = None,
    reason_code: str | None = None,
    discard_draft: bool = True,
) -> str:
    """Record a new complaint and its `opened` event in one transaction; return its id.

    `facts` is the form (raw fields are validated, raising FormInvalid); `promised_at` was
    computed by the caller under rule `revision`. `reason_code` is the reason of the call
    the complaint was taken on, kept in the `opened` event. The actor's complaint draft is discarded
    in the same transaction, so a crash can neither lose the complaint nor leave a draft
    that would open it twice.
    """
    form = facts if isinstance(facts, ComplaintForm) else parse_form(facts)
    record = ComplaintFacts.from_form(
        form, id=uuid7(at), call_id=call_id, opened_at=to_iso(at), opened_by=actor
    )
    payload = opening_payload(
        record, promised_at=promised_at, rule_revision=revision, reason_code=reason_code
    )
    event = seal(
        event_id=uuid7(at),
        complaint_id=record.id,
        seq=1,
        kind="opened",
        actor=actor,
        at=at,
        payload=payload,
        prev_hash=GENESIS,
    )
    values = record.as_record()
    async with store.transaction() as conn:
        await conn.execute(
            f"INSERT INTO complaints ({', '.join(FACT_COLUMNS)})"
            f" VALUES ({', '.join('?' for _ in FACT_COLUMNS)})",
            [values[name] for name in FACT_COLUMNS],
        )
        await _insert_event(conn, event)
        if discard_draft:
            await conn.execute("DELETE FROM complaint_drafts WHERE agent = ?", (actor,))
    return record.id


async def append_event(
    store: Store,
    complaint_id: str,
    kind: str,
    actor: str,
    at: DateTime,
    payload: Mapping[str, object],
) -> Event:
    """Validate against the complaint's derived state and chain the event on, all inside
    one write transaction so two appends can never take the same seq or prev_hash.

    Raises RegisterRefused (with an i18n key) when the register will not take it.
    """
    async with store.transaction() as conn:
        async with conn.execute(
            f"SELECT {_EVENT_COLUMNS} FROM complaint_events WHERE complaint_id = ? ORDER BY seq",
            (complaint_id,),
        ) as cur:
            events = [_event(row) for row in await cur.fetchall()]
        if not events:
            raise RegisterRefused("complaint.unknown")
        clean = check_event(derive(events), kind, payload, actor, at)
        last = events[-1]
        event = seal(
            event_id=uuid7(at),
            complaint_id=complaint_id,
            seq=last.seq + 1,
            kind=kind,
            actor=actor,
            at=at,
            payload=clean,
            prev_hash=last.hash,
        )
        await _insert_event(conn, event)
    return event


async def events_for(store: Store, complaint_id: str) -> list[Event]:
    rows = await store.fetchall(
        f"SELECT {_EVENT_COLUMNS} FROM complaint_events WHERE complaint_id = ? ORDER BY seq",
        (complaint_id,),
    )
    return [_event(row) for row in rows]


async def load_complaint(
    store: Store, complaint_id: str
) -> tuple[ComplaintFacts, ComplaintState] | None:
    row = await store.fetchone(
        f"SELECT {', '.join(FACT_COLUMNS)} FROM complaints WHERE id = ?", (complaint_id,)
    )
    if row is None:
        return None
    return ComplaintFacts.from_record(dict(row)), derive(await events_for(store, complaint_id))


def _grouped(
    complaint_rows: Iterable[sqlite3.Row], event_rows: Iterable[sqlite3.Row]
) -> list[tuple[ComplaintFacts, ComplaintState]]:
    chains: dict[str, list[Event]] = {}
    for row in event_rows:
        chains.setdefault(row["complaint_id"], []).append(_event(row))
    return [
        (ComplaintFacts.from_record(dict(row)), derive(chains.get(row["id"], [])))
        for row in complaint_rows
    ]


def _queue_key(item: tuple[ComplaintFacts, ComplaintState]) -> tuple[int, float, float]:
    facts, state = item
    promised = state.promised_at.timestamp() if state.promised_at is not None else math.inf
    return (_STATUS_ORDER[state.status], promised, state.opened_at.timestamp())


async def load_open_queue(
    store: Store, owner: str | None = None
) -> list[tuple[ComplaintFacts, ComplaintState]]:
    """Every complaint not closed, with its derived state, the most urgent promise first.

    Two queries whatever the queue's size (complaints, then all their events), grouped
    here; `owner` filters on the derived owner, which a reassignment may have changed.
    """
    complaints = await store.fetchall(
        f"SELECT {', '.join(FACT_COLUMNS)} FROM complaints c WHERE {_NOT_CLOSED.format(col='c.id')}"
    )
    events = await store.fetchall(
        f"SELECT {_EVENT_COLUMNS} FROM complaint_events e"
        f" WHERE {_NOT_CLOSED.format(col='e.complaint_id')} ORDER BY e.complaint_id, e.seq"
    )
    queue = [item for item in _grouped(complaints, events) if item[1].status != "closed"]
    if owner is not None:
        queue = [item for item in queue if item[1].owner == owner]
    queue.sort(key=_queue_key)
    return queue


# ---------------------------------------------------------------- verification


class NothingToVerify(Exception):
    """The file holds no complaint register to prove: `why` is `empty` (0 bytes),
    `unreadable` (not SQLite, or damaged), `no_schema` (SQLite, but not agentdesk's) or
    `no_register` (agentdesk's, from before the register existed). Never a clean bill."""

    def __init__(self, why: str, path: str, detail: str = "", version: int = 0) -> None:
        super().__init__(f"{path}: {why} {detail}".strip())
        self.why = why
        self.path = path
        self.detail = detail
        self.version = version


_REGISTER_TABLES = frozenset({"complaints", "complaint_events"})
# The register's first migration: a database recording a lower version never had one.
_REGISTER_VERSION = 2


async def _expected_guards(version: int, where: str) -> dict[str, str]:
    """The triggers the migrations up to `version` define; all of them when the database
    records no version though it holds a register (its record was removed, or never was)."""
    known = known_migrations()
    newest = known[-1].version if known else 0
    if version > newest:
        raise DatabaseTooNew(where, version, newest)
    upto = version if version >= _REGISTER_VERSION else newest
    return await defined_triggers([m for m in known if m.version <= upto])


async def _verify_on(conn: aiosqlite.Connection, where: str) -> VerifyResult:
    async with conn.execute("SELECT type, name, sql FROM sqlite_master") as cur:
        schema = [tuple(row) for row in await cur.fetchall()]
    tables = {name for kind, name, _ in schema if kind == "table"}
    triggers = {name: sql or "" for kind, name, sql in schema if kind == "trigger"}
    has_register = _REGISTER_TABLES <= tables
    version = await applied_version(conn)
    if not _REGISTER_TABLES & tables:
        if version == 0:
            raise NothingToVerify("no_schema", where)
        if version < _REGISTER_VERSION:
            raise NothingToVerify("no_register", where, version=version)
    missing, altered = check_guards(await _expected_guards(version, where), triggers)
    if not has_register:
        # A register once migrated in and now gone: its dropped guards are the finding.
        return VerifyResult(0, 0, (), missing, altered)
    async with conn.execute(f"SELECT {', '.join(FACT_COLUMNS)} FROM complaints") as cur:
        complaints = {row["id"]: dict(row) for row in await cur.fetchall()}
    async with conn.execute(
        f"SELECT {_EVENT_COLUMNS} FROM complaint_events ORDER BY complaint_id, seq"
    ) as cur:
        events = [_event(row) for row in await cur.fetchall()]
    chains: dict[str, list[str]] = {}
    for event in events:
        chains.setdefault(event.complaint_id, []).append(event.hash)
    return VerifyResult(
        complaints=len(complaints),
        events=len(events),
        problems=verify_chain(complaints, events),
        missing_guards=missing,
        altered_guards=altered,
        chains={complaint_id: tuple(hashes) for complaint_id, hashes in chains.items()},
    )


async def verify_register(target: Store | Path | str) -> VerifyResult:
    """Prove the register untouched, or list where it was altered (`result.first`).

    Given a path, the database is opened read-only and nothing (not even a migration) is
    written to it: a proof must not change what it proves. Raises FileNotFoundError when
    there is no file there, NothingToVerify when the file holds no register, and
    DatabaseTooNew when a newer agentdesk wrote it (its guards are not ours to judge).
    """
    if isinstance(target, Store):
        return await _verify_on(target.conn, "the database")
    path = Path(target)
    if not path.is_file():
        raise FileNotFoundError(str(path))
    if path.stat().st_size == 0:
        raise NothingToVerify("empty", str(path))
    conn = await aiosqlite.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True)
    try:
        conn.row_factory = aiosqlite.Row
        return await _verify_on(conn, str(path))
    except sqlite3.DatabaseError as error:
        raise NothingToVerify("unreadable", str(path), str(error)) from None
    finally:
        await conn.close()
