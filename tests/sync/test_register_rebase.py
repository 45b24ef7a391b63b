"""One history per complaint, everywhere: central sequences the register, a lead's
reassignment and the owner's offline notes end in one linear, verifiable chain, and a
station clock hours off reorders nothing."""

from __future__ import annotations

import asyncio
from pathlib import Path

import pendulum

from tests.sync.places import (
    T0,
    central_for,
    central_rows,
    local_rows,
    make_station,
    note_on,
    open_on,
    sync,
    works_at,
)
from tui.domain.register import Event, derive
from tui.store.complaints import load_open_queue, verify_register
from tui.store.db import Store
from tui.sync.central_verify import verify_central
from tui.sync.lead_actions import reassign


def _chain(rows: list[tuple[object, ...]]) -> list[Event]:
    return [Event(*row) for row in rows]  # type: ignore[arg-type]


def test_a_push_puts_each_chain_in_central_once(tmp_path: Path, central_url: str) -> None:
    a = make_station(tmp_path, "ws-a")
    cid = open_on(a, "lin")
    note_on(a, cid, "lin", T0.add(minutes=5))
    first = sync(a, central_url)
    assert first.counts.pushed == {"complaints": 1, "complaint_events": 2}
    assert central_rows(central_url) == local_rows(a)
    again = sync(a, central_url)
    assert again.counts.pushed == {} and again.counts.pulled == {}
    assert central_rows(central_url) == local_rows(a)


def test_a_reassignment_while_the_owner_adds_notes_offline_keeps_every_event(
    tmp_path: Path, central_url: str
) -> None:
    a = make_station(tmp_path, "ws-a")
    works_at(central_url, "lin", "ws-a")
    cid = open_on(a, "lin")
    sync(a, central_url)
    # The lead gives the complaint to wang while lin, offline, writes two notes.
    with central_for(central_url) as central:
        lead_event = reassign(central, cid, "wang", "lead-zhou", "lin is on leave", T0.add(hours=1))
    first = note_on(a, cid, "lin", T0.add(minutes=30), "客户来电")
    second = note_on(a, cid, "lin", T0.add(hours=2), "已回电")

    sync(a, central_url)

    rows = central_rows(central_url)
    chain = _chain(rows)
    assert [e.id for e in chain][1:] == [lead_event.id, first, second]
    assert [e.seq for e in chain] == [1, 2, 3, 4]
    assert all(e.prev_hash == p.hash for p, e in zip(chain, chain[1:], strict=False))
    assert all(e.hash == e.expected_hash() for e in chain)
    assert derive(chain).owner == "wang"
    # The station took central's copies in place of its own: the same bytes everywhere.
    assert local_rows(a) == rows
    assert asyncio.run(verify_register(a.path)).ok
    with central_for(central_url) as central:
        result = verify_central(central)
        rebases = central.fetchall(
            "SELECT event_id, old_seq, new_seq FROM event_rebases ORDER BY new_seq"
        )
    assert result.ok
    assert [(r[0], int(r[1]), int(r[2])) for r in rebases] == [(first, 2, 3), (second, 3, 4)]
    # And a sync after that has nothing left to do.
    again = sync(a, central_url)
    assert again.counts.pushed == {} and again.counts.pulled == {}


def test_a_station_clock_hours_off_does_not_reorder_history(
    tmp_path: Path, central_url: str
) -> None:
    a, b = make_station(tmp_path, "ws-a"), make_station(tmp_path, "ws-b")
    works_at(central_url, "lin", "ws-a")
    works_at(central_url, "wang", "ws-b")
    cid = open_on(a, "lin")
    sync(a, central_url)
    with central_for(central_url) as central:
        reassign(central, cid, "wang", "lead-zhou", "", T0.add(hours=1))
    # ws-a's clock runs five hours slow: its note claims a time before the reassignment.
    slow = note_on(a, cid, "lin", T0.add(minutes=10))
    sync(b, central_url)
    fast = note_on(b, cid, "wang", T0.add(hours=9))  # ws-b's clock runs hours fast
    sync(b, central_url)
    sync(a, central_url)
    sync(b, central_url)

    chain = _chain(central_rows(central_url))
    assert [e.kind for e in chain] == ["opened", "reassigned", "note", "note"]
    # Central's order is the order it took them in, whatever `at` says.
    assert [e.id for e in chain[2:]] == [fast, slow]
    assert chain[3].at < chain[1].at
    assert local_rows(a) == local_rows(b) == central_rows(central_url)
    assert asyncio.run(verify_register(a.path)).ok


def test_a_reassigned_complaint_reaches_its_new_owners_station(
    tmp_path: Path, central_url: str
) -> None:
    a, b = make_station(tmp_path, "ws-a"), make_station(tmp_path, "ws-b")
    works_at(central_url, "lin", "ws-a")
    works_at(central_url, "wang", "ws-b")
    cid = open_on(a, "lin")
    other = open_on(a, "lin", T0.add(minutes=1))
    sync(a, central_url)
    with central_for(central_url) as central:
        reassign(central, cid, "wang", "lead-zhou", "", T0.add(hours=1))
    ctx = sync(b, central_url)
    assert ctx.counts.pulled == {"complaints": 1, "complaint_events": 2}
    assert {row[1] for row in local_rows(b)} == {cid}
    assert asyncio.run(verify_register(b.path)).ok

    async def queue() -> list[str]:
        store = await Store.open(b.path, seed=False)
        try:
            return [facts.id for facts, _ in await load_open_queue(store, "wang")]
        finally:
            await store.close()

    assert asyncio.run(queue()) == [cid]
    assert other not in {row[1] for row in local_rows(b)}


def test_an_agent_who_moved_finds_their_open_complaints(tmp_path: Path, central_url: str) -> None:
    a, b = make_station(tmp_path, "ws-a"), make_station(tmp_path, "ws-b")
    works_at(central_url, "lin", "ws-a")
    cid = open_on(a, "lin")
    sync(a, central_url)
    works_at(central_url, "lin", "ws-b")
    sync(b, central_url)
    assert local_rows(b) == local_rows(a) == central_rows(central_url)
    # Both now hold it: a note on the new station reaches the old one too.
    note_on(b, cid, "lin", pendulum.datetime(2026, 11, 24, 3, 0, tz="UTC"))
    sync(b, central_url)
    sync(a, central_url)
    assert local_rows(a) == local_rows(b) == central_rows(central_url)
