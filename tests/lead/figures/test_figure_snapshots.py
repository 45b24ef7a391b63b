"""What the lead sees behind F6 and F7 of the board: the shift and the month as pictures,
the scorecards, and the records behind one point, at 120x40 in zh, en and ko, on the
team month (`team_month.py`) brought to a central store by the real sync."""

from __future__ import annotations

from pathlib import Path

import pytest
from textual.pilot import Pilot

from tests.lead.board_places import board_ready, settle
from tests.lead.figures.team_month import NOW, ZONE, fill_team
from tests.tui.conftest import SnapCompare
from tui.central.opener import open_central
from tui.domain.clock import FakeClock
from tui.domain.i18n import Lang
from tui.lead.app import LeadApp
from tui.lead.scorecard_screen import PointRecordsScreen, ScorecardScreen
from tui.lead.shift_screen import ShiftScreen

SIZE = (120, 40)
LANGS = ["zh", "en", "ko"]


@pytest.fixture
def central_url(tmp_path: Path) -> str:
    # One backend is enough for a picture: the same rows come from both.
    url = f"sqlite:///{tmp_path}/central.db"
    fill_team(tmp_path, url)
    return url


def lead_board(url: str, clock: FakeClock, lang: Lang) -> LeadApp:
    """The board as `agentdesk lead` opens it, reading in the team's zone at NOW."""
    clock.set(NOW)
    central = open_central(url)
    central.read_only()
    return LeadApp(
        central, lead="zhou", lang=lang, zone=ZONE, clock=clock, host="lead-pc"
    )  # fmt: skip


async def figures_drawn(pilot: Pilot[int]) -> None:
    await settle(pilot)
    screen = pilot.app.screen
    assert isinstance(screen, ShiftScreen) and screen.figures is not None


@pytest.mark.parametrize("lang", LANGS)
def test_shift_figures(snap_compare: SnapCompare, central_url: str, clock: FakeClock,
                       lang: Lang) -> None:  # fmt: skip
    async def shift(pilot: Pilot[int]) -> None:
        await board_ready(pilot)
        await pilot.press("f6")
        await figures_drawn(pilot)

    assert snap_compare(lead_board(central_url, clock, lang), terminal_size=SIZE, run_before=shift)


@pytest.mark.parametrize("lang", LANGS)
def test_month_figures(snap_compare: SnapCompare, central_url: str, clock: FakeClock,
                       lang: Lang) -> None:  # fmt: skip
    async def month(pilot: Pilot[int]) -> None:
        await board_ready(pilot)
        await pilot.press("f6")
        await figures_drawn(pilot)
        await pilot.press("m")
        await figures_drawn(pilot)
        screen = pilot.app.screen
        assert isinstance(screen, ShiftScreen) and screen.kind == "month"

    assert snap_compare(lead_board(central_url, clock, lang), terminal_size=SIZE, run_before=month)


async def scorecards_drawn(pilot: Pilot[int]) -> ScorecardScreen:
    await board_ready(pilot)
    await pilot.press("f7")
    await settle(pilot)
    screen = pilot.app.screen
    assert isinstance(screen, ScorecardScreen) and screen.cards
    return screen


@pytest.mark.parametrize("lang", LANGS)
def test_scorecards(snap_compare: SnapCompare, central_url: str, clock: FakeClock,
                    lang: Lang) -> None:  # fmt: skip
    async def scorecards(pilot: Pilot[int]) -> None:
        await scorecards_drawn(pilot)

    assert snap_compare(
        lead_board(central_url, clock, lang), terminal_size=SIZE, run_before=scorecards
    )


@pytest.mark.parametrize("lang", LANGS)
def test_point_records(snap_compare: SnapCompare, central_url: str, clock: FakeClock,
                       lang: Lang) -> None:  # fmt: skip
    async def records(pilot: Pilot[int]) -> None:
        await scorecards_drawn(pilot)
        await pilot.press("right", "right", "enter")  # Lin's records: lost and earned
        await pilot.pause()
        screen = pilot.app.screen
        assert isinstance(screen, PointRecordsScreen) and screen.point.name == "records"

    assert snap_compare(
        lead_board(central_url, clock, lang), terminal_size=SIZE, run_before=records
    )
