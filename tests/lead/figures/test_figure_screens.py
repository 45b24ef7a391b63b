"""The shift/month pictures and the scorecards, pushed onto a tiny host app as the board
pushes them, reading a central store filled by the real sync from two workstations."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from rich.text import Text
from textual.app import App, ComposeResult
from textual.pilot import Pilot
from textual.screen import Screen
from textual.widgets import DataTable, Static

from tests.lead.figures.team_month import NOW, REF_BROKEN, ZONE, team_synced
from tui.central.opener import open_central
from tui.domain.i18n import Lang
from tui.domain.shift_figures import PeriodKind
from tui.lead.figures_read import FigureReads
from tui.lead.scorecard_screen import PointRecordsScreen, ScorecardScreen
from tui.lead.shift_screen import ShiftScreen
from tui.widgets.key_footer import KeyFooter, shown_keys


class Host(App[None]):
    """What the board app is to these screens: something that pushes them."""

    def __init__(self, make: Callable[[], Screen[None]]) -> None:
        super().__init__()
        self.make = make

    def compose(self) -> ComposeResult:
        yield Static("host", id="host")

    def on_mount(self) -> None:
        self.push_screen(self.make())


async def drawn(pilot: Pilot[None]) -> None:
    await pilot.app.workers.wait_for_complete()
    await pilot.pause()
    await pilot.pause()


def text_of(screen: Screen[Any], selector: str) -> str:
    content = screen.query_one(selector, Static).content
    return content.plain if isinstance(content, Text) else str(content)


async def test_the_shift_and_month_pictures_say_their_numbers(
    tmp_path: Path, central_url: str
) -> None:
    await team_synced(tmp_path, central_url)
    with open_central(central_url) as central:
        reads = FigureReads(central, ZONE, lambda: NOW)
        app = Host(lambda: ShiftScreen(reads.figures, "en"))
        async with app.run_test(size=(120, 40)) as pilot:
            await drawn(pilot)
            screen = app.screen
            assert isinstance(screen, ShiftScreen)
            assert text_of(screen, "#figures-title") == (
                "Shift 2026-11-24 · Asia/Shanghai · as of 10:00"
            )
            assert text_of(screen, "#calls-summary") == "8 calls; busiest 08:00–09:00: 4"
            mix = text_of(screen, "#mix-rows").splitlines()
            assert mix[0].startswith("Inquiry ") and mix[0].endswith(
                "50% · 3 calls · expected 80% · 30 points under"
            )
            assert mix[1].endswith("33.3% · 2 calls · expected 15% · 18 points over")
            assert mix[3] == "Outside the mix: 2 complaints, 0 other"
            assert text_of(screen, "#sat-row").endswith(
                "85.7% satisfied of 7 rated · line 94% · ✗ below the line"
            )
            assert text_of(screen, "#promises-row").endswith("1 kept · 1 broken · 50% on time")
            chart = screen.query_one("#calls-chart").render()
            assert isinstance(chart, Text)
            assert chart.plain.splitlines()[-2].startswith("00  01  02")  # hour labels

            await pilot.press("m")
            await drawn(pilot)
            assert text_of(screen, "#figures-title").startswith("Month 2026-11 · Asia/Shanghai")
            assert text_of(screen, "#calls-summary") == "9 calls; busiest 11-24: 8"
            assert text_of(screen, "#promises-row").endswith("1 kept · 2 broken · 33.3% on time")

            await pilot.press("escape")
            await pilot.pause()
            assert not isinstance(app.screen, ShiftScreen)  # back to the board


async def test_the_scorecard_opens_the_records_behind_a_point(
    tmp_path: Path, central_url: str
) -> None:
    ids = await team_synced(tmp_path, central_url)
    with open_central(central_url) as central:
        reads = FigureReads(central, ZONE, lambda: NOW)
        app = Host(lambda: ScorecardScreen(reads.scorecards, "en"))
        async with app.run_test(size=(120, 40)) as pilot:
            await drawn(pilot)
            screen = app.screen
            assert isinstance(screen, ScorecardScreen)
            table: DataTable[str] = screen.query_one("#scorecard-table", DataTable)
            assert [str(c) for c in table.get_row_at(0)] == [
                "Lin", "●○ 1/2", "●○ 1/2", "○○ 0/2", "●○ 1/2", "○○ 0/2", "3/10",
            ]  # fmt: skip
            assert [str(c) for c in table.get_row_at(1)] == [
                "Park", "— not judged", "●○ 1/2", "— not judged", "●○ 1/2", "○○ 0/2", "2/6",
            ]  # fmt: skip

            await pilot.press("right", "right")  # Lin's records
            await pilot.press("enter")
            await pilot.pause()
            records = app.screen
            assert isinstance(records, PointRecordsScreen)
            assert text_of(records, "#records-title") == "Lin · Records: ○○ 0/2"
            rows = records.query_one("#records-table", DataTable)
            listed = [[str(c) for c in rows.get_row_at(i)] for i in range(rows.row_count)]
            assert listed == [
                ["✗ lost", "Call", "2026-11-24 08:20", "",
                 "reason tag corrected by someone else", "1******5678", "call-l2"],
                ["✗ lost", "Call", "2026-11-24 09:45", "",
                 "complaint call with no complaint registered", "1******5678", "call-l6"],
                ["✓ earned", "Call", "2026-11-24 09:30", "", "complaint registered",
                 "1******5678", "call-l5"],
            ]  # fmt: skip
            await pilot.press("escape")
            await pilot.pause()

            await pilot.press("down", "right")  # Park: on time
            await pilot.press("enter")
            await pilot.pause()
            records = app.screen
            assert isinstance(records, PointRecordsScreen)
            row = records.query_one("#records-table", DataTable).get_row_at(0)
            assert [str(c) for c in row] == [
                "✗ lost", "Complaint", "2026-11-24 03:00", REF_BROKEN, "fell due with no reply",
                "1******8000", ids["C"],
            ]  # fmt: skip


async def test_a_store_that_cannot_be_read_is_said_on_the_screen() -> None:
    def broken(kind: PeriodKind) -> object:
        raise OSError("connection refused")

    app = Host(lambda: ShiftScreen(broken, "ko"))  # type: ignore[arg-type]
    async with app.run_test(size=(80, 24)) as pilot:
        await drawn(pilot)
        assert text_of(app.screen, "#figures-title") == (
            "중앙 저장소를 읽지 못했습니다: connection refused"
        )


async def test_every_language_draws_the_figures(tmp_path: Path, central_url: str) -> None:
    await team_synced(tmp_path, central_url)
    with open_central(central_url) as central:
        reads = FigureReads(central, ZONE, lambda: NOW)
        wants: dict[Lang, str] = {"zh": "共8通", "ko": "총 8통", "en": "8 calls"}
        for lang, want in wants.items():
            app = Host(lambda lang=lang: ShiftScreen(reads.figures, lang))  # type: ignore[misc]
            async with app.run_test(size=(80, 24)) as pilot:
                await drawn(pilot)
                assert text_of(app.screen, "#calls-summary").startswith(want)


async def test_the_scorecard_footer_shows_the_month_keys_as_the_keyboard_has_them(
    tmp_path: Path, central_url: str
) -> None:
    await team_synced(tmp_path, central_url)
    with open_central(central_url) as central:
        reads = FigureReads(central, ZONE, lambda: NOW)
        app = Host(lambda: ScorecardScreen(reads.scorecards, "zh"))
        async with app.run_test(size=(120, 40)) as pilot:
            await drawn(pilot)
            keys = {k.binding_id: k.label for k in shown_keys(app.screen)}
            assert keys["scorecard.earlier"] == "["  # not Textual's "left_square_bracket"
            assert keys["scorecard.later"] == "]"
            assert keys["scorecard.open"] == "Enter"  # the table's own Enter hid it
            footer = app.screen.query_one(KeyFooter).render()
            assert isinstance(footer, Text)
            assert "Enter 查看记录" in footer.plain
            assert "[ 上个月" in footer.plain and "] 下个月" in footer.plain
            assert "square_bracket" not in footer.plain
            await pilot.press("enter")  # the screen's Enter, and the table's not as well
            await pilot.pause()
            opened = [s for s in app.screen_stack if isinstance(s, PointRecordsScreen)]
            assert len(opened) == 1
