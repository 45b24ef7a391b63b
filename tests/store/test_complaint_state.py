"""The cached complaint state (migration 0006) is `derive` over the events, whatever they
are: kept by the triggers as events are appended, and rebuilt by the backfill from a
register written before the cache existed."""

from __future__ import annotations

import sqlite3
from typing import Any

import pendulum
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tui.domain.clock import to_iso
from tui.domain.complaints import ComplaintFacts
from tui.domain.register import GENESIS, Event, derive, opening_payload, seal
from tui.store.migrations import known_migrations, split_statements

T0 = pendulum.datetime(2026, 11, 24, 1, 0, tz="UTC")
STATE_COLUMNS = (
    "complaint_id, status, owner, opened_at, class_code, escalated,"
    " original_promised_at, promised_at, promise_made_at, remaining_s, extensions,"
    " last_event_at, events"
)
PEOPLE = ("li", "kim", "lin")


def _migrate(conn: sqlite3.Connection, upto: int, since: int = 0) -> None:
    for migration in known_migrations():
        if since < migration.version <= upto:
            for statement in split_statements(migration.sql):
                conn.execute(statement)


_TEMPLATE = sqlite3.connect(":memory:", isolation_level=None)
_migrate(_TEMPLATE, 5)


def _register_at_version_5() -> sqlite3.Connection:
    conn = sqlite3.connect(":memory:", isolation_level=None)
    _TEMPLATE.backup(conn)
    return conn


# Instants with and without microseconds: the stored text must still sort in time order.
instants = st.builds(
    lambda minutes, micro: to_iso(T0.add(minutes=minutes, microseconds=micro)),
    st.integers(0, 60 * 24 * 20),
    st.sampled_from([0, 0, 1, 500_000, 999_999]),
)
words = st.text(st.characters(codec="utf-8", exclude_categories=["Cs"]), max_size=8)


@st.composite
def histories(draw: Any) -> list[tuple[str, dict[str, Any]]]:
    """A complaint's later events as (kind, payload), in any order: `derive` replays
    whatever was recorded, so the cache must too."""
    steps: list[tuple[str, dict[str, Any]]] = []
    scheduled: list[int] = []
    for _ in range(draw(st.integers(0, 12))):
        kind = draw(
            st.sampled_from(
                [
                    "note",
                    "forwarded",
                    "contacted",
                    "extended",
                    "paused",
                    "resumed",
                    "escalated",
                    "replied",
                    "followup_scheduled",
                    "followup_done",
                    "closed",
                    "reassigned",
                ]
            )
        )
        payload: dict[str, Any]
        if kind == "forwarded":
            payload = {"department": draw(words), "note": ""}
        elif kind == "extended":
            payload = {"reason": "r", "promised_at": draw(instants)}
            if draw(st.booleans()):
                payload["contact"] = {"note": "told"}
        elif kind == "paused":
            payload = {"reason": "r", "remaining_s": draw(st.integers(0, 10**6))}
        elif kind == "resumed":
            payload = {"promised_at": draw(instants)}
        elif kind == "followup_scheduled":
            payload = {"due_at": draw(instants), "note": draw(words)}
            scheduled.append(len(steps))
        elif kind == "followup_done":
            # Refers to a follow-up scheduled earlier (by step number), or to none at all.
            payload = {"followup": draw(st.sampled_from([*scheduled, -1])), "satisfied": True}
        elif kind == "reassigned":
            payload = {"to": draw(st.sampled_from(PEOPLE))}
        else:
            payload = {"note": "x", "text": "x", "summary": "s", "resolution": "done"}
        steps.append((kind, payload))
    return steps


def _events(complaint: int, opened_at: str, steps: list[tuple[str, dict[str, Any]]]) -> list[Event]:
    cid = f"k{complaint}"
    at = pendulum.parse(opened_at)
    assert isinstance(at, pendulum.DateTime), opened_at
    facts = ComplaintFacts(
        id=cid,
        call_id=None,
        opened_at=opened_at,
        opened_by="li",
        customer_name="王",
        contact="138",
        reference="",
        class_code="complex",
        department="制作部" if complaint % 2 else "",
        what_happened="坏了",
        remedy_requested="",
    )
    event_ids = [f"{cid}-e{n}" for n in range(len(steps) + 1)]
    chain = [
        seal(
            event_id=event_ids[0],
            complaint_id=cid,
            seq=1,
            kind="opened",
            actor="li",
            at=at,
            payload=opening_payload(facts, promised_at=at.add(hours=24), rule_revision=1),
            prev_hash=GENESIS,
        )
    ]
    for n, (kind, payload) in enumerate(steps, start=1):
        if kind == "followup_done":
            target = payload["followup"]
            payload = {**payload, "followup": event_ids[target + 1] if target >= 0 else "none"}
        chain.append(
            seal(
                event_id=event_ids[n],
                complaint_id=cid,
                seq=n + 1,
                kind=kind,
                actor=PEOPLE[n % 3],
                at=at.add(minutes=n),
                payload=payload,
                prev_hash=chain[-1].hash,
            )
        )
    return chain


def _insert(conn: sqlite3.Connection, events: list[Event]) -> None:
    for e in events:
        if e.seq == 1:
            data = e.data["facts"]
            conn.execute(
                f"INSERT INTO complaints ({', '.join(data)}) VALUES"
                f" ({', '.join('?' for _ in data)})",
                list(data.values()),
            )
        conn.execute(
            "INSERT INTO complaint_events VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (e.id, e.complaint_id, e.seq, e.kind, e.actor, e.at, e.payload, e.prev_hash, e.hash),
        )


def _iso(value: Any) -> str | None:
    return to_iso(value) if value is not None else None


def _rebuilt(chains: list[list[Event]]) -> tuple[set[tuple[Any, ...]], set[tuple[str, str]]]:
    """What the cache must hold: `derive` over each complaint's events."""
    states, followups = set(), set()
    for chain in chains:
        s = derive(chain)
        states.add(
            (
                s.complaint_id,
                s.status,
                s.owner,
                to_iso(s.opened_at),
                s.class_code,
                int(s.escalated),
                to_iso(s.original_promised_at),
                _iso(s.promised_at),
                to_iso(s.promise_made_at),
                s.remaining_s,
                s.extensions,
                to_iso(s.last_event_at),
                s.events,
            )
        )
        followups |= {(f.event_id, to_iso(f.due_at)) for f in s.followups_due}
    return states, followups


def _cached(conn: sqlite3.Connection) -> tuple[set[tuple[Any, ...]], set[tuple[str, str]]]:
    states = {tuple(row) for row in conn.execute(f"SELECT {STATE_COLUMNS} FROM complaint_state")}
    followups = {
        tuple(row) for row in conn.execute("SELECT event_id, due_at FROM complaint_followups_due")
    }
    return states, followups


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.tuples(instants, histories()), min_size=1, max_size=4))
def test_the_cached_state_is_derive_over_the_events(
    complaints: list[tuple[str, list[tuple[str, dict[str, Any]]]]],
) -> None:
    chains = [_events(n, opened_at, steps) for n, (opened_at, steps) in enumerate(complaints)]
    expected = _rebuilt(chains)

    # Kept by the triggers, event by event, interleaving the complaints.
    live = _register_at_version_5()
    _migrate(live, 6, since=5)
    longest = max(len(chain) for chain in chains)
    for seq in range(longest):
        _insert(live, [chain[seq] for chain in chains if seq < len(chain)])
    assert _cached(live) == expected

    # Rebuilt from the events by the migration, for a register written before it.
    old = _register_at_version_5()
    for chain in chains:
        _insert(old, chain)
    _migrate(old, 6, since=5)
    assert _cached(old) == expected
