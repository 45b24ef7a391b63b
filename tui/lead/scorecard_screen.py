"""The monthly scorecard of every agent: the five points of the rubric, 2 each, as marks and
numbers. Enter on a point lists the records that earned or lost it (ids, times, masked
numbers, references), so the lead can check the judgement before talking to the agent.

Given its data as a loader (`load(months_back) -> (Period, scorecards)`, 0 for this
month), run on a worker thread like the figures.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from textual import work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.coordinate import Coordinate
from textual.screen import ModalScreen, Screen
from textual.widgets import DataTable, Static
from textual.worker import get_current_worker

from tui.domain.i18n import Lang, t
from tui.domain.scorecard import POINT_VALUE, POINTS, Point, Scorecard
from tui.domain.shift_figures import Period
from tui.widgets.key_footer import KeyFooter
from tui.widgets.plain import plain
from tui.widgets.translated_bindings import translate_bindings

ScorecardLoader = Callable[[int], tuple[Period, Sequence[Scorecard]]]


def marks(score: int) -> str:
    """●● for 2, ●○ for 1, ○○ for 0: the score by shape as well as by number."""
    return "●" * score + "○" * (POINT_VALUE - score)


def point_cell(point: Point, lang: Lang) -> str:
    if point.score is None:
        return t(lang, "scorecard.cell.not_judged")
    return t(lang, "scorecard.cell.scored", marks=marks(point.score), score=point.score)


class ScorecardScreen(Screen[None]):
    """`ScorecardScreen(load, lang)`: a row per agent, a column per point; Enter on a point
    opens its records; `[` and `]` go a month back and forward; Esc closes."""

    CSS_PATH = "scorecard_screen.tcss"
    BINDINGS = [
        # Ahead of the table's own Enter (a hidden binding), or the footer leaves it out.
        Binding("enter", "open_point", "Enter", id="scorecard.open", priority=True),
        # Textual names these keys in words; the footer shows what the keyboard says.
        Binding("left_square_bracket", "month(1)", "[", key_display="[", id="scorecard.earlier"),
        Binding("right_square_bracket", "month(-1)", "]", key_display="]", id="scorecard.later"),
        Binding("escape", "close", "Esc", id="scorecard.close"),
    ]

    def __init__(self, load: ScorecardLoader, lang: Lang) -> None:
        super().__init__()
        translate_bindings(self, lang)
        self._load = load
        self._lang = lang
        self.months_back = 0
        self.period: Period | None = None
        self.cards: tuple[Scorecard, ...] = ()

    def compose(self) -> ComposeResult:
        lang = self._lang
        yield Static(plain(t(lang, "figures.loading")), id="scorecard-title")
        yield Static(plain(t(lang, "scorecard.hint")), id="scorecard-hint")
        table: DataTable[str] = DataTable(id="scorecard-table", cursor_type="cell")
        table.add_column(t(lang, "scorecard.col.agent"), key="agent")
        for name in POINTS:
            table.add_column(t(lang, f"scorecard.point.{name}"), key=name)
        table.add_column(t(lang, "scorecard.col.total"), key="total")
        yield table
        yield KeyFooter()

    def on_mount(self) -> None:
        self.read()

    @work(thread=True, exclusive=True, group="scorecards")
    def read(self) -> None:
        back = self.months_back
        try:
            period, cards = self._load(back)
        except Exception as error:  # the store is another machine: say so, never crash
            if not get_current_worker().is_cancelled:
                self.app.call_from_thread(self._failed, str(error))
            return
        if not get_current_worker().is_cancelled:
            self.app.call_from_thread(self.show, period, tuple(cards))

    def _failed(self, reason: str) -> None:
        self.query_one("#scorecard-title", Static).update(
            plain(t(self._lang, "figures.failed", reason=reason), style="bold")
        )

    def show(self, period: Period, cards: tuple[Scorecard, ...]) -> None:
        lang = self._lang
        self.period, self.cards = period, cards
        month = period.start.in_timezone(period.zone).format("YYYY-MM")
        self.query_one("#scorecard-title", Static).update(
            plain(t(lang, "scorecard.title", month=month, zone=period.zone), style="bold")
        )
        table: DataTable[str] = self.query_one("#scorecard-table", DataTable)
        table.clear()
        for card in cards:
            cells = [point_cell(card.point(name), lang) for name in POINTS]
            total = t(lang, "scorecard.total", total=card.total, out_of=card.out_of)
            table.add_row(plain(card.agent), *cells, total, key=card.agent)  # type: ignore[arg-type]
        if not cards:
            self.query_one("#scorecard-hint", Static).update(plain(t(lang, "scorecard.empty")))
        else:
            self.query_one("#scorecard-hint", Static).update(plain(t(lang, "scorecard.hint")))
            table.cursor_coordinate = Coordinate(0, 1)
        table.focus()

    def selected(self) -> tuple[Scorecard, Point] | None:
        """The agent and point under the cursor; None off the point columns."""
        table: DataTable[str] = self.query_one("#scorecard-table", DataTable)
        row, column = table.cursor_coordinate
        if not self.cards or not 1 <= column <= len(POINTS) or row >= len(self.cards):
            return None
        card = self.cards[row]
        return card, card.point(POINTS[column - 1])

    def action_open_point(self) -> None:
        chosen = self.selected()
        if chosen is not None and self.period is not None:
            card, point = chosen
            self.app.push_screen(
                PointRecordsScreen(card.agent, point, self._lang, self.period.zone)
            )

    def on_data_table_cell_selected(self, event: DataTable.CellSelected) -> None:
        # A click (or Enter, which DataTable takes first) on a cell opens it too.
        event.stop()
        self.action_open_point()

    def action_month(self, step: int) -> None:
        self.months_back = max(0, self.months_back + step)
        self.read()

    def action_close(self) -> None:
        if len(self.app.screen_stack) > 1:
            self.dismiss(None)
        else:
            self.app.exit()


class PointRecordsScreen(ModalScreen[None]):
    """The records behind one point of one agent: lost first, then earned."""

    CSS_PATH = "scorecard_screen.tcss"
    BINDINGS = [Binding("escape", "dismiss(None)", "Esc", id="scorecard.records_close")]

    def __init__(self, agent: str, point: Point, lang: Lang, zone: str) -> None:
        super().__init__()
        translate_bindings(self, lang)
        self.agent, self.point, self._lang, self._zone = agent, point, lang, zone

    def compose(self) -> ComposeResult:
        lang, point = self._lang, self.point
        with Vertical(id="records-dialog"):
            yield Static(
                plain(
                    t(
                        lang,
                        "scorecard.records.title",
                        agent=self.agent,
                        point=t(lang, f"scorecard.point.{point.name}"),
                        score=point_cell(point, lang),
                    ),  # fmt: skip
                    style="bold",
                ),
                id="records-title",
            )
            yield Static(plain(t(lang, f"scorecard.rule.{point.name}")), id="records-rule")
            if not point.judged:
                yield Static(plain(t(lang, "scorecard.records.none")), id="records-summary")
            else:
                yield Static(
                    plain(
                        t(
                            lang,
                            "scorecard.records.judged",
                            count=point.judged,
                            lost=len(point.lost),
                            earned=len(point.earned),
                        )  # fmt: skip
                    ),
                    id="records-summary",
                )
            table: DataTable[str] = DataTable(id="records-table", cursor_type="row")
            for column in ("result", "kind", "when", "reference", "why", "number", "id"):
                table.add_column(t(lang, f"scorecard.records.col.{column}"), key=column)
            for result, refs in (("lost", point.lost), ("earned", point.earned)):
                for ref in refs:
                    table.add_row(
                        t(lang, f"scorecard.records.{result}"),
                        t(lang, f"scorecard.records.kind.{ref.kind}"),
                        ref.at.in_timezone(self._zone).format("YYYY-MM-DD HH:mm"),
                        plain(ref.reference),  # type: ignore[arg-type]
                        t(lang, ref.why),
                        ref.number,
                        plain(ref.id),  # type: ignore[arg-type]
                    )
            yield table
        yield KeyFooter()
