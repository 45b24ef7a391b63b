"""The complaint register on disk: opening, appending, the open queue, verification and
export. Every rule about what may be appended lives in `tui.domain.register`; this module
only loads, chains and writes, each write in one `BEGIN IMMEDIATE` transaction."""

from __future__ import annotations

import math
import sqlite3
from collections.abc import Iterable, Iterator, Mapping
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


def _queue_key(item: tuple[ComplaintFacts, ComplaintState]) -> tuple[int, float, float]:
    facts, state = item
    promised = state.promised_at.timestamp() if state.promised_at is not None else math.inf
    return (_STATUS_ORDER[state.status], promised, state.opened_at.timestamp())


_OPEN_STATE = "s.status != 'closed'"
_OWNER = " AND s.owner = ?"


async def fetch_open_rows(
    store: Store, owner: str | None = None
) -> tuple[list[sqlite3.Row], list[sqlite3.Row]]:
    """The facts and every event of each complaint not closed (of `owner`, if given).

    The cached `complaint_state` (migration 0006) only picks which complaints to read; the
    state itself is derived from these events by `group_open`.
    """
    where = _OPEN_STATE + (_OWNER if owner is not None else "")
    params = (owner,) if owner is not None else ()
    columns = ", ".join(f"c.{name}" for name in FACT_COLUMNS)
    complaints = await store.fetchall(
        f"SELECT {columns} FROM complaints c"
        f" JOIN complaint_state s ON s.complaint_id = c.id WHERE {where} ORDER BY c.id",
        params,
    )
    events = await store.fetchall(
        f"SELECT {', '.join(f'e.{name}' for name in _EVENT_COLUMNS.split(', '))}"
        " FROM complaint_events e JOIN complaint_state s ON s.complaint_id = e.complaint_id"
        f" WHERE {where} ORDER BY e.complaint_id, e.seq",
        params,
    )
    return complaints, events


def iter_open(
    complaint_rows: Iterable[sqlite3.Row],
    event_rows: Iterable[sqlite3.Row],
    owner: str | None = None,
) -> Iterator[tuple[ComplaintFacts, ComplaintState]]:
    """`fetch_open_rows`' rows as (facts, state derived from the events), one complaint
    at a time, so a long queue can be worked through in slices between keystrokes."""
    # Both come ordered by complaint id, so each chain is read as its complaint comes up
    # rather than all of them first.
    events = iter(event_rows)
    pending = next(events, None)
    for row in complaint_rows:
        chain = []
        while pending is not None and pending["complaint_id"] <= row["id"]:
            if pending["complaint_id"] == row["id"]:
                chain.append(_event(pending))
            pending = next(events, None)
        state = derive(chain)
        if state.status != "closed" and (owner is None or state.owner == owner):
            yield ComplaintFacts.from_record(dict(row)), state


def group_open(
    complaint_rows: Iterable[sqlite3.Row],
    event_rows: Iterable[sqlite3.Row],
    owner: str | None = None,
) -> list[tuple[ComplaintFacts, ComplaintState]]:
    """`iter_open` as a list, the most urgent promise first."""
    queue = list(iter_open(complaint_rows, event_rows, owner))
    queue.sort(key=_queue_key)
    return queue


async def load_open_queue(
    store: Store, owner: str | None = None
) -> list[tuple[ComplaintFacts, ComplaintState]]:
    """Every complaint not closed, with its derived state, the most urgent promise first.

    Two queries whatever the queue's size (complaints, then all their events), grouped
    here; `owner` filters on the derived owner, which a reassignment may have changed.
    """
    complaints, events = await fetch_open_rows(store, owner)
    return group_open(complaints, events, owner)


# The queue's rows in queue order (`complaint_queue.queue_order`), read from the cached
# state: a complaint's own row, and a row per follow-up call due on it. Running clocks
# and follow-up calls by due instant; then paused, then replied complaints, by opening.
_QUEUE_ROWS = """
WITH queue_rows (bucket, due, opened, key, complaint_id) AS (
    SELECT CASE s.status WHEN 'open' THEN 0 WHEN 'paused' THEN 1 ELSE 2 END,
           CASE s.status WHEN 'open' THEN s.promised_at END,
           s.opened_at, s.complaint_id, s.complaint_id
    FROM complaint_state s WHERE s.owner = ? AND s.status != 'closed'
    UNION ALL
    SELECT 0, f.due_at, s.opened_at, f.event_id, f.complaint_id
    FROM complaint_followups_due f JOIN complaint_state s ON s.complaint_id = f.complaint_id
    WHERE s.owner = ? AND s.status != 'closed'
)
SELECT complaint_id FROM queue_rows
ORDER BY bucket, due IS NULL, due, opened, key
LIMIT ?
"""


async def load_queue_page(
    store: Store, owner: str, rows: int
) -> list[tuple[ComplaintFacts, ComplaintState]]:
    """The complaints behind the first `rows` rows of `owner`'s queue, state derived from
    their events: what the first screenful needs, read without the rest of the queue.

    Every one of those rows belongs to a complaint returned here, so the first `rows` rows
    built from these are exactly the first `rows` rows of the whole queue.
    """
    found = await store.fetchall(_QUEUE_ROWS, (owner, owner, rows))
    ids = list(dict.fromkeys(row["complaint_id"] for row in found))
    if not ids:
        return []
    marks = ", ".join("?" for _ in ids)
    complaints = await store.fetchall(
        f"SELECT {', '.join(FACT_COLUMNS)} FROM complaints WHERE id IN ({marks}) ORDER BY id",
        ids,
    )
    events = await store.fetchall(
        f"SELECT {_EVENT_COLUMNS} FROM complaint_events WHERE complaint_id IN ({marks})"
        " ORDER BY complaint_id, seq",
        ids,
    )
    return group_open(complaints, events, owner)


async def queue_counts(store: Store, owner: str) -> tuple[int, int]:
    """(complaints not closed, follow-up calls due on them) in `owner`'s queue."""
    row = await store.fetchone(
        "SELECT (SELECT COUNT(*) FROM complaint_state s"
        f"         WHERE s.owner = ? AND {_OPEN_STATE}),"
        "       (SELECT COUNT(*) FROM complaint_followups_due f"
        "         JOIN complaint_state s ON s.complaint_id = f.complaint_id"
        f"         WHERE s.owner = ? AND {_OPEN_STATE})",
        (owner, owner),
    )
    assert row is not None
    return int(row[0]), int(row[1])


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
