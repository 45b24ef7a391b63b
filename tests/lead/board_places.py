"""A team for the board's tests, filled by the real sync: Kim on ws-a, Lin on ws-b (a
day of calls, a reset taken, a complaint), their states as their desks last pushed."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import pendulum
from pendulum import DateTime
from textual.pilot import Pilot

from tests.sync.conftest import make_workstation
from tests.sync.places import T0, Station, central_for, make_station, open_on
from tui.central.opener import open_central
from tui.domain.clock import FakeClock, to_iso
from tui.lead.app import LeadApp
from tui.sync.run import run_sync

NOW = T0.add(hours=21)
"""22:00 UTC, the board's clock at the start: complaint C is due in an hour."""


@dataclass
class Team:
    url: str
    ws_a: Station
    ws_b: Station
    a: str
    b: str
    c: str


def set_state(url: str, agent: str, station: str, state: str, since: DateTime,
              reported: DateTime, code: str | None = None) -> None:  # fmt: skip
    with central_for(url) as central, central.transaction():
        central.load(
            "agent_states",
            ("agent", "station", "state", "since", "break_code", "reported_at"),
            [(agent, station, state, to_iso(since), code, to_iso(reported))],
            key=("agent",),
            update=("station", "state", "since", "break_code", "reported_at"),
        )


def make_team(tmp_path: Path, url: str) -> Team:
    ws_a = make_station(tmp_path, "ws-a")
    b_path = make_workstation(tmp_path / "ws-b.sqlite3", "b")
    ws_b = Station("ws-b", b_path)
    a = open_on(ws_a, "Kim", T0, reference="PO-A1", customer_name="王小明", contact="13812345678")
    b = open_on(ws_a, "Kim", T0.add(hours=1), reference="PO-B2", department="billing")
    c = open_on(ws_b, "Lin", T0.subtract(hours=2), reference="PO-C3")
    for station in (ws_a, ws_b):
        run_sync(station.path, url, station.name, now=lambda: to_iso(NOW))
    set_state(url, "Kim", "ws-a", "on_break", NOW.subtract(minutes=20), NOW, "rest")
    set_state(url, "Lin", "ws-b", "on_call", NOW.subtract(minutes=3), NOW.subtract(minutes=1))
    return Team(url, ws_a, ws_b, a, b, c)


def make_board(team: Team, clock: FakeClock, lang: str = "en", **options: object) -> LeadApp:
    clock.set(NOW)
    options.setdefault("host", "lead-pc")
    central = open_central(team.url)
    central.read_only()  # as `agentdesk lead` opens it: its writes go another way
    return LeadApp(
        central, lead="zhou", lang=lang, zone="UTC", clock=clock,  # type: ignore[arg-type]
        **options,  # type: ignore[arg-type]
    )  # fmt: skip


async def board_ready(pilot: Pilot[int], reads: int = 1) -> LeadApp:
    app = pilot.app
    assert isinstance(app, LeadApp)
    for _ in range(500):
        await pilot.pause()
        if app.reads >= reads and all(w.is_finished for w in app.workers):
            await pilot.pause()
            return app
    raise AssertionError("the board never read central")


async def settle(pilot: Pilot[int]) -> None:
    app = pilot.app
    for _ in range(500):
        await pilot.pause()
        if all(w.is_finished for w in app.workers):
            await pilot.pause()
            return
    raise AssertionError("workers never settled")


__all__ = ["NOW", "T0", "pendulum"]
