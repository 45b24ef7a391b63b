"""The shift and the month as pictures: calls per hour (or day), the reason mix against
the expected 80 / 15 / 5, satisfaction against the 94% line with its sample, promises
kept on time. Every picture has its numbers and words beside it.

The screen is given its data as a loader (`load("shift" | "month") -> Figures`), so the
board app and `agentdesk figures` push the same screen, and tests give it what they like.
The loader runs on a worker thread: it reads the central store, which may be a server
across the network, and the screen keeps answering keys meanwhile.
"""

from __future__ import annotations

from collections.abc import Callable

from rich.cells import cell_len
from rich.text import Text
from textual import work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.screen import Screen
from textual.widgets import Static
from textual.worker import get_current_worker

from tui.domain.i18n import Lang, t
from tui.domain.shift_figures import Figures, PeriodKind
from tui.widgets.figure_bars import ColumnChart, hbar
from tui.widgets.key_footer import KeyFooter
from tui.widgets.plain import plain
from tui.widgets.translated_bindings import translate_bindings

FiguresLoader = Callable[[PeriodKind], Figures]
BAR = 30


def percent(share: float | None) -> str:
    return "—" if share is None else f"{share * 100:.1f}%".replace(".0%", "%")


class ShiftScreen(Screen[None]):
    """`ShiftScreen(load, lang, kind="shift")`: `m` switches between the shift and the
    month, `r` reads again, Esc closes."""

    CSS_PATH = "shift_screen.tcss"
    BINDINGS = [
        Binding("m", "switch_period", "M", id="figures.toggle"),
        Binding("r", "refresh_figures", "R", id="figures.refresh"),
        Binding("escape", "close", "Esc", id="figures.close"),
    ]

    def __init__(self, load: FiguresLoader, lang: Lang, kind: PeriodKind = "shift") -> None:
        super().__init__()
        translate_bindings(self, lang)
        self._load = load
        self._lang = lang
        self.kind: PeriodKind = kind
        self.figures: Figures | None = None

    def compose(self) -> ComposeResult:
        lang = self._lang
        with VerticalScroll(id="figures-body"):
            yield Static(plain(t(lang, "figures.loading")), id="figures-title")
            yield Static(id="calls-title", classes="section")
            yield ColumnChart(id="calls-chart")
            yield Static(id="calls-summary")
            yield Static(plain(t(lang, "figures.mix.title")), id="mix-title", classes="section")
            yield Static(id="mix-rows")
            yield Static(plain(t(lang, "figures.sat.title")), id="sat-title", classes="section")
            yield Static(id="sat-row")
            yield Static(
                plain(t(lang, "figures.promises.title")), id="promises-title", classes="section"
            )
            yield Static(id="promises-row")
            yield Static(plain(t(lang, "figures.legend")), id="figures-legend")
        yield KeyFooter()

    def on_mount(self) -> None:
        self.read()

    @work(thread=True, exclusive=True, group="figures")
    def read(self) -> None:
        kind = self.kind
        try:
            figures = self._load(kind)
        except Exception as error:  # the store is another machine: say so, never crash
            if not get_current_worker().is_cancelled:
                self.app.call_from_thread(self._failed, str(error))
            return
        if not get_current_worker().is_cancelled:
            self.app.call_from_thread(self.show, figures)

    def _failed(self, reason: str) -> None:
        self.query_one("#figures-title", Static).update(
            plain(t(self._lang, "figures.failed", reason=reason), style="bold")
        )

    def action_switch_period(self) -> None:
        self.kind = "month" if self.kind == "shift" else "shift"
        self.query_one("#figures-title", Static).update(plain(t(self._lang, "figures.loading")))
        self.read()

    def action_refresh_figures(self) -> None:
        self.read()

    def action_close(self) -> None:
        if len(self.app.screen_stack) > 1:
            self.dismiss(None)
        else:
            self.app.exit()

    # ------------------------------------------------------------ drawing

    def show(self, figures: Figures) -> None:
        self.figures = figures
        lang = self._lang
        end = figures.end.in_timezone(figures.zone)
        if figures.kind == "shift":
            title = t(
                lang, "figures.title.shift", date=end.format("YYYY-MM-DD"),
                zone=figures.zone, time=end.format("HH:mm"),
            )  # fmt: skip
        else:
            title = t(
                lang, "figures.title.month", month=end.format("YYYY-MM"),
                zone=figures.zone, date=end.format("YYYY-MM-DD HH:mm"),
            )  # fmt: skip
        self.query_one("#figures-title", Static).update(plain(title, style="bold"))
        self._calls(figures)
        self.query_one("#mix-rows", Static).update(self._mix(figures))
        self.query_one("#sat-row", Static).update(self._satisfaction(figures))
        self.query_one("#promises-row", Static).update(self._promises(figures))

    def _calls(self, figures: Figures) -> None:
        lang = self._lang
        by_hour = figures.kind == "shift"
        slots = figures.hours if by_hour else figures.days
        self.query_one("#calls-title", Static).update(
            plain(t(lang, "figures.hours.title" if by_hour else "figures.days.title"))
        )
        fmt = "HH" if by_hour else "DD"
        self.query_one("#calls-chart", ColumnChart).show(
            [s.calls for s in slots], [s.start.format(fmt) for s in slots]
        )
        total = sum(s.calls for s in slots)
        if not total:
            summary = t(lang, "figures.calls.none")
        else:
            busiest = max(slots, key=lambda s: s.calls)
            slot = (
                f"{busiest.start.format('HH:mm')}–{busiest.start.add(hours=1).format('HH:mm')}"
                if by_hour
                else busiest.start.format("MM-DD")
            )
            summary = t(
                lang, "figures.calls.summary", count=total, slot=slot, busiest=busiest.calls
            )
        self.query_one("#calls-summary", Static).update(plain(summary))

    def _mix(self, figures: Figures) -> Text:
        lang = self._lang
        mix = figures.mix
        labels = [t(lang, f"figures.mix.group.{row.group}") for row in mix.rows]
        width = max(cell_len(label) for label in labels)
        out = Text()
        for row, label in zip(mix.rows, labels, strict=True):
            out.append_text(_label(label, width))
            out.append(hbar(row.share or 0.0, BAR, row.expected))
            out.append("  ")
            if row.share is None:
                words = t(lang, "figures.mix.no_share", expected=percent(row.expected))
            else:
                diff = round((row.share - row.expected) * 100)
                if diff > 0:
                    said = t(lang, "figures.mix.diff_over", points=diff)
                elif diff < 0:
                    said = t(lang, "figures.mix.diff_under", points=-diff)
                else:
                    said = t(lang, "figures.mix.diff_even")
                words = t(
                    lang, "figures.mix.row", share=percent(row.share), count=row.calls,
                    expected=percent(row.expected), diff=said,
                )  # fmt: skip
            out.append_text(plain(words))
            out.append("\n")
        out.append_text(
            plain(t(lang, "figures.mix.outside", complaints=mix.complaints, other=mix.other))
        )
        return out

    def _satisfaction(self, figures: Figures) -> Text:
        lang = self._lang
        sat = figures.satisfaction
        if sat.rate is None:
            return plain(t(lang, "figures.sat.none"))
        verdict = t(lang, "figures.sat.below" if sat.below_line else "figures.sat.above")
        out = Text(hbar(sat.rate, BAR, sat.line) + "  ")
        out.append_text(
            plain(
                t(
                    lang,
                    "figures.sat.row",
                    rate=percent(sat.rate),
                    rated=sat.rated,
                    line=percent(sat.line),
                    verdict=verdict,
                ),  # fmt: skip
                style="bold" if sat.below_line else "",
            )
        )
        return out

    def _promises(self, figures: Figures) -> Text:
        lang = self._lang
        tally = figures.promises
        if not tally.settled:
            return plain(t(lang, "figures.promises.none"))
        out = Text(hbar(tally.rate or 0.0, BAR) + "  ")
        out.append_text(
            plain(
                t(
                    lang,
                    "figures.promises.row",
                    kept=tally.kept,
                    broken=tally.broken,
                    rate=percent(tally.rate),
                )  # fmt: skip
            )
        )
        return out


def _label(text: str, width: int) -> Text:
    """`text` padded to `width` cells (wide characters count two), then a space."""
    return plain(text + " " * (width - cell_len(text) + 1))
