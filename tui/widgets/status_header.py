"""The one-line header: agent, shift clock, calls today, satisfaction against 94%, timer."""

from __future__ import annotations

from dataclasses import dataclass

from pendulum import DateTime
from rich.cells import cell_len, set_cell_size
from rich.text import Text
from textual.reactive import reactive
from textual.widget import Widget

from tui.domain.calls import SATISFACTION_LINE, DayStats
from tui.domain.clock import wall_time
from tui.domain.durations import clock_face
from tui.domain.i18n import Lang, t
from tui.domain.plain_text import shown
from tui.services.background_sync import SyncMarker


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
    sync: SyncMarker | None = None
    """The desk's background push to central, when `central` is set; None: no marker."""


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
        return header_line(state, self.size.width)


# What gives way first when the line is too narrow; the running timer never does. It was
# last on the line and was the first thing an ellipsis ate, though it matters most.
SYNC, SHIFT, CLOCK, CALLS, SATISFACTION, TIMER = range(6)
SEP = " │ "


def header_line(state: HeaderState, width: int) -> Text:
    """The header in `width` cells: parts dropped whole, least needed first, then the
    agent's name cut; never a part cut in the middle."""
    lang = state.lang
    shift = clock_face((state.now_local - state.shift_started).total_seconds())
    groups: list[list[tuple[int, Text]]] = [
        [
            (CLOCK, Text(wall_time(state.now_local))),
            (SHIFT, Text(t(lang, "header.shift", time=shift), style="dim")),
        ],
        [(CALLS, Text(t(lang, "header.calls", count=state.stats.calls)))],
        [(SATISFACTION, _satisfaction(state))],
    ]
    if state.sync is not None:
        # Beside the figures, away from the clock: two times side by side read as one.
        groups.append([(SYNC, _sync(state))])
    if state.timer_label:
        style = "bold yellow" if state.on_break else "bold"
        timer = t(lang, state.timer_label, time=clock_face(state.timer_seconds))
        groups.append([(TIMER, Text(timer, style=style))])

    def body(dropped: set[int]) -> Text:
        kept = [[text for rank, text in group if rank not in dropped] for group in groups]
        return Text(SEP).join(Text(" ").join(parts) for parts in kept if parts)

    dropped: set[int] = set()
    line = body(dropped)
    agent = shown(state.agent)
    for rank in (SYNC, SHIFT, CLOCK, CALLS, SATISFACTION):
        if cell_len(f" {agent}  ") + line.cell_len <= width:
            break
        dropped.add(rank)
        line = body(dropped)
    room = width - line.cell_len - 3
    if cell_len(agent) > room:
        agent = set_cell_size(agent, max(room - 1, 0)) + "…" if room > 1 else ""
    text = Text(no_wrap=True, overflow="ellipsis")
    if agent:
        text.append(f" {agent} ", style="bold reverse")
    text.append(" ")
    text.append_text(line)
    return text


def _sync(state: HeaderState) -> Text:
    """The last push that worked, in the desk's zone; a cross (not a colour alone) while
    pushes fail."""
    marker = state.sync
    assert marker is not None
    if marker.last_ok_at is None:
        key = "header.sync_never" if marker.failing else ""
        return Text(t(state.lang, key), style="bold red") if key else Text("⇅…", style="dim")
    at = marker.last_ok_at.in_timezone(state.now_local.timezone or "UTC").format("HH:mm")
    if marker.failing:
        return Text(t(state.lang, "header.sync_failing", time=at), style="bold red")
    return Text(t(state.lang, "header.synced", time=at), style="dim")


def _satisfaction(state: HeaderState) -> Text:
    lang = state.lang
    rate = state.stats.satisfaction
    line = f"{SATISFACTION_LINE:.0%}"
    if rate is None:
        return Text(t(lang, "header.satisfaction_none", line=line), style="dim")
    below = rate < SATISFACTION_LINE
    mark = "▼" if below else "▲"
    return Text(
        t(lang, "header.satisfaction", rate=f"{rate:.0%}", mark=mark, line=line),
        style="bold red" if below else "green",
    )
