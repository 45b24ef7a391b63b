"""Tamper-evident end to end: a workstation's register rewritten, cut short, re-sealed or
deleted is refused at its next push for that complaint alone, quarantined naming the
station, the complaint, the event and the problem, while the rest of the push goes
through. Tampering is done as in the `agentdesk verify` tests: a plain sqlite3
connection, every trigger dropped and put back."""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import CliRunner

from tests.sync.places import (
    T0,
    Station,
    behind_the_guards,
    central_for,
    central_rows,
    local_rows,
    make_station,
    note_on,
    open_on,
    quarantined,
    reseal,
    sync,
)
from tui.commands.verify import verify
from tui.store.complaints import verify_register
from tui.sync.central_verify import verify_central

EDIT = ("UPDATE complaint_events SET payload = ? WHERE id = ?", '{"text":"客户很满意"}')


def _register(station: Station) -> tuple[str, str, list[str]]:
    """Two complaints of lin's: the one to tamper with (opened and three notes, whose ids
    are returned) and another."""
    target = open_on(station, "lin")
    events = [note_on(station, target, "lin", T0.add(minutes=n), f"第{n}次联系") for n in (1, 2, 3)]
    bystander = open_on(station, "lin", T0.add(minutes=10))
    return target, bystander, events


def rewritten(station: Station, cid: str, events: list[str]) -> None:
    behind_the_guards(station, (EDIT[0], (EDIT[1], events[0])))


def truncated(station: Station, cid: str, events: list[str]) -> None:
    behind_the_guards(station, ("DELETE FROM complaint_events WHERE id = ?", (events[-1],)))


def resealed(station: Station, cid: str, events: list[str]) -> None:
    rewritten(station, cid, events)
    reseal(station, cid)


def deleted(station: Station, cid: str, events: list[str]) -> None:
    behind_the_guards(
        station,
        ("DELETE FROM complaint_events WHERE complaint_id = ?", (cid,)),
        ("DELETE FROM complaints WHERE id = ?", (cid,)),
    )


def full_attack(station: Station, cid: str, events: list[str]) -> None:
    """The attack that fools a single workstation's verify today: drop the triggers,
    edit an event, delete the last one, re-seal the chain."""
    behind_the_guards(
        station,
        (EDIT[0], (EDIT[1], events[0])),
        ("DELETE FROM complaint_events WHERE id = ?", (events[-1],)),
    )
    reseal(station, cid)


Tamper = Callable[[Station, str, list[str]], None]


@pytest.mark.parametrize(
    ("tamper", "expected"),
    [
        (rewritten, [(0, "altered")]),
        (truncated, [(2, "truncated")]),
        (resealed, [(0, "resealed")]),
        (deleted, [(2, "deleted")]),
        (full_attack, [(0, "resealed"), (2, "truncated")]),
    ],
    ids=["rewritten", "truncated", "resealed", "deleted", "full-attack"],
)
def test_a_tampered_chain_is_quarantined_and_the_rest_goes_through(
    tmp_path: Path, central_url: str, tamper: Tamper, expected: list[tuple[int, str]]
) -> None:
    a = make_station(tmp_path, "ws-a")
    target, bystander, events = _register(a)
    sync(a, central_url)
    held = central_rows(central_url)

    tamper(a, target, events)
    later = note_on(a, bystander, "lin", T0.add(hours=1))
    fresh = open_on(a, "lin", T0.add(hours=2))
    ctx = sync(a, central_url)

    found = quarantined(central_url)
    assert [(station, cid, problem) for station, cid, _, _, problem in found] == [
        ("ws-a", target, problem) for _, problem in expected
    ]
    named = {(event_id, problem) for _, _, event_id, _, problem in found}
    assert named == {(events[index], problem) for index, problem in expected}
    assert ctx.counts.quarantined == 1
    # Central still holds the chain as it was pushed, and everything else arrived.
    assert central_rows(central_url, {target}) == [r for r in held if r[1] == target]
    assert central_rows(central_url, {bystander, fresh}) == [
        r for r in local_rows(a) if r[1] in {bystander, fresh}
    ]
    assert later in {r[0] for r in central_rows(central_url)}
    with central_for(central_url) as central:
        assert verify_central(central).ok
    # Found again by the next sync, the same finding: nothing changes, nothing is pulled
    # back over the suspect copy.
    again = sync(a, central_url)
    assert quarantined(central_url) == found
    assert again.counts.pushed == {} and again.counts.pulled == {}


def test_the_full_attack_fools_the_workstation_alone_and_not_central(
    tmp_path: Path, central_url: str
) -> None:
    a = make_station(tmp_path, "ws-a")
    target, _, events = _register(a)
    sync(a, central_url)
    full_attack(a, target, events)

    # Alone, the workstation's register proves consistent: this is the attack.
    assert asyncio.run(verify_register(a.path)).ok
    alone = CliRunner().invoke(verify, ["--db", str(a.path)], catch_exceptions=False)
    assert alone.exit_code == 0, alone.output

    sync(a, central_url)
    found = {(cid, event_id, problem) for _, cid, event_id, _, problem in quarantined(central_url)}
    assert found == {(target, events[0], "resealed"), (target, events[-1], "truncated")}


def test_later_notes_on_a_quarantined_complaint_are_refused_too(
    tmp_path: Path, central_url: str
) -> None:
    a = make_station(tmp_path, "ws-a")
    target, _, events = _register(a)
    sync(a, central_url)
    resealed(a, target, events)
    sync(a, central_url)
    note = note_on(a, target, "lin", T0.add(hours=3))
    sync(a, central_url)
    assert note not in {row[0] for row in central_rows(central_url)}
    assert len(quarantined(central_url)) == 1
