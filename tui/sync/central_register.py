"""The complaint register as central holds it: the one chain per complaint, its head, its
owner, and what each station was last known to hold. Shared by the push, the pull and
the lead's actions, so every writer appends the same way.

Every writer of the register runs inside `central.transaction()` after `lock_register`:
reading a head and appending after it must not interleave with another writer doing the
same, or two events would claim the same place. SQLite's `BEGIN IMMEDIATE` already holds
the store's one write lock; PostgreSQL takes transaction-scoped advisory locks: one per
complaint a writer may append to when they are few (so stations whose complaints differ
push side by side), the whole register when they are many.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from typing import Any, TypeVar

from tui.central.board_model import Derived, keep_board
from tui.central.connection import Central
from tui.domain.complaints import FACT_COLUMNS
from tui.domain.register import Event

EVENT_COLUMNS: tuple[str, ...] = (
    "id",
    "complaint_id",
    "seq",
    "kind",
    "actor",
    "at",
    "payload",
    "prev_hash",
    "hash",
)
COMPLAINT_COLUMNS: tuple[str, ...] = ("station", *FACT_COLUMNS)
# Any 64-bit number of our own: the register's writers queue behind it, nobody else.
REGISTER_LOCK = 0x61_6764_6B72_6567  # "agdkreg"
# The first half of each complaint's own advisory lock key (the two-int key space,
# apart from the one-bigint space `REGISTER_LOCK` is in); the second is its id's hash.
COMPLAINT_LOCKS = 0x6167_6463  # "agdc"
LOCK_EACH_MAX = 64
"""Up to this many complaints a writer locks one by one; more, it takes the whole
register. A server's lock table holds about 64 locks per connection: a nightly batch
of 500 complaints, one lock each, from eight stations at once could fill it."""
# Ids per `IN (...)`: well under both backends' parameter limits.
CHUNK = 500

T = TypeVar("T")


def chunks(items: Sequence[T], size: int = CHUNK) -> Iterator[Sequence[T]]:
    for start in range(0, len(items), size):
        yield items[start : start + size]


def marks(n: int) -> str:
    return ", ".join("?" for _ in range(n))


def lock_register(central: Central, ids: Sequence[str] | None = None) -> None:
    """Call first inside the transaction that reads heads and appends after them; `ids`
    are every complaint it may append to (None: any). A writer of a few complaints holds
    the register shared and each of its complaints alone, taken in one order by every
    writer so two never wait for each other; a writer of many holds the register alone."""
    if central.backend != "postgresql":
        return
    if ids is None or len(set(ids)) > LOCK_EACH_MAX:
        central.fetchall("SELECT pg_advisory_xact_lock(?)", (REGISTER_LOCK,))
        return
    central.fetchall("SELECT pg_advisory_xact_lock_shared(?)", (REGISTER_LOCK,))
    if ids:
        central.fetchall(
            "SELECT COUNT(pg_advisory_xact_lock(CAST(? AS integer), k)) FROM"
            " (SELECT DISTINCT hashtext(id) AS k FROM unnest(?::text[]) AS u(id) ORDER BY k) s",
            (COMPLAINT_LOCKS, sorted(set(ids))),
        )


@dataclass(frozen=True)
class Head:
    """The last event of a chain: central's, or the one a station was known to hold."""

    seq: int
    hash: str
    event_id: str

    @classmethod
    def of(cls, event: Event) -> Head:
        return cls(event.seq, event.hash, event.id)


@dataclass(frozen=True)
class Owner:
    """Who a complaint belongs to and where it stands, as `register.apply` reads it."""

    owner: str
    status: str

    def after(self, event: Event) -> Owner:
        kind = event.kind
        if kind == "opened":
            return Owner(event.actor, "open")
        status = {
            "paused": "paused",
            "resumed": "open",
            "replied": "replied",
            "closed": "closed",
        }.get(kind, self.status)
        owner = self.owner
        if kind == "reassigned":
            to = json.loads(event.payload).get("to")
            owner = str(to) if to is not None else owner
        return Owner(owner, status)


def event_row(event: Event) -> tuple[Any, ...]:
    return (
        event.id,
        event.complaint_id,
        event.seq,
        event.kind,
        event.actor,
        event.at,
        event.payload,
        event.prev_hash,
        event.hash,
    )


def as_event(row: Sequence[Any]) -> Event:
    return Event(
        id=row[0],
        complaint_id=row[1],
        seq=int(row[2]),
        kind=row[3],
        actor=row[4],
        at=row[5],
        payload=row[6],
        prev_hash=row[7],
        hash=row[8],
    )


def complaint_heads(central: Central, ids: Sequence[str]) -> dict[str, Head]:
    found: dict[str, Head] = {}
    for part in chunks(ids):
        for cid, seq, digest, event_id in central.fetchall(
            f"SELECT complaint_id, seq, hash, event_id FROM complaint_heads"
            f" WHERE complaint_id IN ({marks(len(part))})",
            part,
        ):
            found[cid] = Head(int(seq), digest, event_id)
    return found


def station_heads(central: Central, station: str, ids: Sequence[str]) -> dict[str, Head]:
    found: dict[str, Head] = {}
    for part in chunks(ids):
        for cid, seq, digest, event_id in central.fetchall(
            f"SELECT complaint_id, seq, hash, event_id FROM station_heads"
            f" WHERE station = ? AND complaint_id IN ({marks(len(part))})",
            (station, *part),
        ):
            found[cid] = Head(int(seq), digest, event_id)
    return found


def owners(central: Central, ids: Sequence[str]) -> dict[str, Owner]:
    found: dict[str, Owner] = {}
    for part in chunks(ids):
        for cid, owner, status in central.fetchall(
            f"SELECT complaint_id, owner, status FROM complaint_owners"
            f" WHERE complaint_id IN ({marks(len(part))})",
            part,
        ):
            found[cid] = Owner(owner, status)
    return found


def chains(central: Central, ids: Sequence[str]) -> dict[str, list[Event]]:
    """Central's whole chain of each complaint, oldest first."""
    found: dict[str, list[Event]] = {cid: [] for cid in ids}
    for part in chunks(ids):
        for row in central.fetchall(
            f"SELECT {', '.join(EVENT_COLUMNS)} FROM complaint_events"
            f" WHERE complaint_id IN ({marks(len(part))}) ORDER BY complaint_id, seq",
            part,
        ):
            found[row[1]].append(as_event(row))
    return found


def append(
    central: Central,
    events: Sequence[Event],
    known: dict[str, Owner],
    chains_before: Mapping[str, Sequence[Event]] | None = None,
    derived: Derived | None = None,
) -> int:
    """Add events already placed at their chains' heads (in seq order per complaint),
    moving each complaint's head and owner with them. `known` holds the owners before
    these events (missing for a complaint new to central) and is updated. `chains_before`, when
    given, holds every touched complaint's whole chain at central before these events
    (empty for one new to central), read in this transaction: the board is then derived
    from it without reading the chains back; `derived` as `keep_board` takes it."""
    if not events:
        return 0
    added = central.load(
        "complaint_events", EVENT_COLUMNS, (event_row(e) for e in events), key=("id",)
    )
    heads: dict[str, Event] = {}
    for event in events:
        heads[event.complaint_id] = event
        before = known.get(event.complaint_id, Owner(event.actor, "open"))
        known[event.complaint_id] = before.after(event)
    central.load(
        "complaint_heads",
        ("complaint_id", "seq", "hash", "event_id"),
        ((cid, e.seq, e.hash, e.id) for cid, e in heads.items()),
        key=("complaint_id",),
        update=("seq", "hash", "event_id"),
    )
    central.load(
        "complaint_owners",
        ("complaint_id", "owner", "status"),
        ((cid, known[cid].owner, known[cid].status) for cid in heads),
        key=("complaint_id",),
        update=("owner", "status"),
    )
    # The lead board's row of each touched complaint, derived again from its chain.
    whole: dict[str, list[Event]] | None = None
    if chains_before is not None:
        whole = {cid: list(chains_before.get(cid, ())) for cid in heads}
        for event in events:
            whole[event.complaint_id].append(event)
    keep_board(central, list(heads), whole, derived)
    return added


def record_station_heads(central: Central, station: str, heads: Iterable[tuple[str, Head]]) -> None:
    central.load(
        "station_heads",
        ("station", "complaint_id", "seq", "hash", "event_id"),
        ((station, cid, h.seq, h.hash, h.event_id) for cid, h in heads),
        key=("station", "complaint_id"),
        update=("seq", "hash", "event_id"),
    )
