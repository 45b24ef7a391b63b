"""Every place ends byte-identical whatever order the syncs run in: three workstations
that each added a note offline to the same complaint, and a lead reassigning it at
central, in every order, then rounds of syncs until every push has been pulled."""

from __future__ import annotations

import asyncio
import itertools
from collections.abc import Callable
from functools import partial
from pathlib import Path

import pytest

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
from tui.store.complaints import verify_register
from tui.sync.central_verify import verify_central
from tui.sync.lead_actions import reassign

ACTORS = ("ws-a", "ws-b", "ws-c", "lead")
ORDERS = list(itertools.permutations(ACTORS))


@pytest.mark.parametrize("order", ORDERS, ids=["-".join(a[-1] for a in o) for o in ORDERS])
def test_every_order_ends_with_one_history_everywhere(
    tmp_path: Path, central_url: str, order: tuple[str, ...]
) -> None:
    stations = {name: make_station(tmp_path, name) for name in ACTORS[:3]}
    a, b, c = stations.values()
    cid = open_on(a, "lin")
    # The complaint reaches every station the way it does on the floor: lin moves.
    for station in (a, b, c):
        works_at(central_url, "lin", station.name)
        sync(station, central_url)
    # Offline, each station adds a note at the same place in the chain; their clocks
    # disagree by hours.
    notes = {
        s.name: note_on(s, cid, "lin", T0.add(hours=offset), f"{s.name} 的备注")
        for s, offset in ((a, 3), (b, 0), (c, 7))
    }
    lead: list[str] = []

    def lead_acts() -> None:
        with central_for(central_url) as central:
            lead.append(reassign(central, cid, "wang", "zhou", "", T0.add(hours=1)).id)

    steps: dict[str, Callable[[], object]] = {
        name: partial(sync, station, central_url) for name, station in stations.items()
    }
    steps["lead"] = lead_acts
    for actor in order:
        steps[actor]()
    for _ in range(2):
        for station in (a, b, c):
            sync(station, central_url)

    everywhere = central_rows(central_url)
    chain = [Event(*row) for row in everywhere]
    assert {e.id for e in chain[1:]} == {*notes.values(), *lead}
    assert [e.seq for e in chain] == [1, 2, 3, 4, 5]
    assert derive(chain).owner == "wang"
    for station in (a, b, c):
        assert local_rows(station) == everywhere, station.name
        assert asyncio.run(verify_register(station.path)).ok
    with central_for(central_url) as central:
        assert verify_central(central).ok
