"""The one-line header: agent, shift clock, calls today, satisfaction against 94%, timer."""

from __future__ import annotations

from dataclasses import dataclass

from pendulum import DateTime
from rich.text import Text
from textual.reactive import reactive
from textual.widget import Widget

from tui.domain.calls import SATISFACTION_LINE, DayStats
from tui.domain.durations import clock_face
from tui.domain.i18n import Lang, t
from tui.domain.plain_text import shown


@dataclass(frozen=True)
class HeaderState:
    lang: Lang
    agent: str
    now_local: DateTime
    shift_started: DateTime
    stats: DayStats
    timer_label: str
    """Which timer runs: i18n key such as `header.talk`, or empty when none."""
    timer_seconds: float
    on_break: bool = False


class StatusHeader(Widget):
    """Everything an agent glances at between calls, in one line that fits 80 columns."""

    DEFAULT_CSS = """
    StatusHeader {
        dock: top;
        height: 1;
        background: $panel;
        color: $foreground;
    }
    """

    state: reactive[HeaderState | None] = reactive(None, layout=False)
    """Set by the desk on every tick; rendering is a pure function of it."""

    def render(self) -> Text:
        state = self.state
        if state is None:
            return Text("")
        lang = state.lang
        text = Text(no_wrap=True, overflow="ellipsis")
        text.append(f" {shown(state.agent)} ", style="bold reverse")
        shift = clock_face((state.now_local - state.shift_started).total_seconds())
        text.append(f" {state.now_local.format('HH:mm')} ")
        text.append(t(lang, "header.shift", time=shift), style="dim")
        text.append(" │ ")
        text.append(t(lang, "header.calls", count=state.stats.calls))
        text.append(" │ ")
        rate = state.stats.satisfaction
        line = f"{SATISFACTION_LINE:.0%}"
        if rate is None:
            text.append(t(lang, "header.satisfaction_none", line=line), style="dim")
        else:
            below = rate < SATISFACTION_LINE
            mark = "▼" if below else "▲"
            text.append(
                t(lang, "header.satisfaction", rate=f"{rate:.0%}", mark=mark, line=line),
                style="bold red" if below else "green",
            )
        if state.timer_label:
            text.append(" │ ")
            style = "bold yellow" if state.on_break else "bold"
            text.append(
                f"{t(lang, state.timer_label)} {clock_face(state.timer_seconds)}", style=style
            )
        return text
