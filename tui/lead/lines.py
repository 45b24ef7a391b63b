"""The board's two lists (the queue and the floor) as line-API views: thousands of rows,
a header line, a row cursor, and a repaint of only the rows on screen at each tick.

Every row says its state with a symbol and a word as well as a colour, never colour
alone; user text goes through `shown` and is never read as markup.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Generic, TypeVar

from rich.segment import Segment
from rich.style import Style
from textual.binding import Binding
from textual.geometry import Region, Size
from textual.reactive import reactive
from textual.scroll_view import ScrollView
from textual.strip import Strip

from tui.domain.board import (
    FLOOR_STATES,
    AgentRow,
    BoardItem,
    BreakLevel,
    FloorState,
    elapsed,
)
from tui.domain.complaint_queue import ROW_STATES, RowState, countdown
from tui.domain.i18n import Lang, t
from tui.domain.plain_text import shown
from tui.widgets.queue_list import SYMBOLS, fit

T = TypeVar("T")

FLOOR_SYMBOLS: dict[FloorState, str] = {
    "ready": "●",
    "on_call": "☎",
    "after_call": "✎",
    "on_break": "‖",
    "signed_out": "○",
    "not_synced": "?",
}
BREAK_SYMBOLS: dict[BreakLevel, str] = {"ok": "", "amber": "!", "red": "‼"}
CROSSED = "⚑"


class BoardLines(ScrollView, Generic[T], can_focus=True):
    """Rows under a header line, with a cursor; subclasses say how a row reads."""

    DEFAULT_CSS = """
    BoardLines {
        height: 1fr;
        overflow-x: hidden;
        background: $surface;
    }
    BoardLines > .lines--header { text-style: bold; color: $text-muted; }
    BoardLines > .lines--ok { color: $text-success; }
    BoardLines > .lines--warn { color: $text-warning; text-style: bold; }
    BoardLines > .lines--bad { color: $text-error; text-style: bold; }
    BoardLines > .lines--quiet { color: $text-muted; }
    BoardLines > .lines--plain { }
    BoardLines > .lines--cursor { background: $block-cursor-blurred-background; }
    BoardLines:focus > .lines--cursor {
        background: $block-cursor-background;
        color: $block-cursor-foreground;
    }
    """
    COMPONENT_CLASSES = {
        "lines--header",
        "lines--ok",
        "lines--warn",
        "lines--bad",
        "lines--quiet",
        "lines--plain",
        "lines--cursor",
    }
    BINDINGS = [
        Binding("down", "move(1)", show=False),
        Binding("up", "move(-1)", show=False),
        Binding("pagedown", "page(1)", show=False),
        Binding("pageup", "page(-1)", show=False),
        Binding("home", "jump(0)", show=False),
        Binding("end", "jump(-1)", show=False),
    ]

    cursor: reactive[int] = reactive(0, repaint=False)

    def __init__(self, lang: Lang, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.lang = lang
        self.rows: Sequence[T] = []
        self.now_ts = 0.0
        self._styles: dict[str, Style] = {}
        self._cursor_key: str | None = None
        """The row under the cursor, by key: `rows` may be a list the caller changes in
        place, so the row is found again by its key, not its old index."""
        self._width = 0

    @property
    def current(self) -> T | None:
        return self.rows[self.cursor] if 0 <= self.cursor < len(self.rows) else None

    def key_of(self, row: T) -> str:
        raise NotImplementedError

    def set_rows(
        self, rows: Sequence[T], *, index_of: Callable[[str], int | None] | None = None
    ) -> None:
        """Show `rows` (kept as given, not copied), the cursor on the same row as before
        when it is still there; `index_of` finds a row by key faster than a walk."""
        key = self._cursor_key
        self.rows = rows
        index = None
        if key is not None:
            if index_of is not None:
                index = index_of(key)
            else:
                index = next((i for i, row in enumerate(rows) if self.key_of(row) == key), None)
        if index is None:
            index = min(self.cursor, max(len(rows) - 1, 0)) if key is not None else 0
        self.virtual_size = Size(self.size.width, len(rows) + 1)
        self.cursor = index
        self._cursor_key = self.key_of(rows[index]) if index < len(rows) else None
        self._scroll_to_cursor()
        self.refresh()

    def tick(self, now_ts: float) -> None:
        self.now_ts = now_ts
        self.refresh(*self.ticking())

    def ticking(self) -> tuple[Region, ...]:
        """What moves with the clock, on screen: every line unless a subclass knows."""
        return ()

    def watch_cursor(self) -> None:
        row = self.current
        self._cursor_key = self.key_of(row) if row is not None else None
        self._scroll_to_cursor()
        self.refresh()

    def _scroll_to_cursor(self) -> None:
        rows = max(self.scrollable_content_region.height - 1, 1)
        top = round(self.scroll_y)
        if self.cursor < top:
            self.scroll_to(y=self.cursor, animate=False, immediate=True)
        elif self.cursor >= top + rows:
            self.scroll_to(y=self.cursor - rows + 1, animate=False, immediate=True)

    def action_move(self, step: int) -> None:
        if self.rows:
            self.cursor = max(0, min(len(self.rows) - 1, self.cursor + step))

    def action_page(self, direction: int) -> None:
        self.action_move(direction * max(self.scrollable_content_region.height - 1, 1))

    def action_jump(self, index: int) -> None:
        if self.rows:
            self.cursor = index % len(self.rows)

    def on_resize(self) -> None:
        self.virtual_size = Size(self.size.width, len(self.rows) + 1)

    def notify_style_update(self) -> None:
        super().notify_style_update()
        self._styles.clear()

    def on_focus(self) -> None:
        self._styles.clear()
        self.refresh()

    def on_blur(self) -> None:
        self._styles.clear()
        self.refresh()

    def style(self, name: str) -> Style:
        style = self._styles.get(name)
        if style is None:
            partial = self.get_component_rich_style(f"lines--{name}", partial=True)
            style = partial if name == "cursor" else self.rich_style + partial
            self._styles[name] = style
        return style

    def header(self, width: int) -> str:
        raise NotImplementedError

    def cells(self, row: T, width: int) -> list[tuple[str, str]]:
        """The row as (text, style name) pieces."""
        raise NotImplementedError

    def empty_text(self) -> str:
        raise NotImplementedError

    def render_lines(self, crop: Region) -> list[Strip]:
        # Worked out once per repaint, not once per line.
        self._width = self.scrollable_content_region.width
        return super().render_lines(crop)

    def render_line(self, y: int) -> Strip:
        width = self._width or self.scrollable_content_region.width
        base = self.style("plain")
        if y == 0:
            return Strip([Segment(fit(self.header(width), width), self.style("header"))])
        index = round(self.scroll_y) + y - 1
        if index >= len(self.rows):
            if index == 0:
                return Strip([Segment(fit(" " + self.empty_text(), width), base)])
            return Strip.blank(width, base)
        on_cursor = index == self.cursor
        cursor = self.style("cursor")
        segments = []
        for text, name in self.cells(self.rows[index], width):
            style = self.style(name)
            segments.append(Segment(text, style + cursor if on_cursor else style))
        rest = base + cursor if on_cursor else base
        return Strip(segments).crop_extend(0, width, rest)

    def visible_lines(self) -> list[Strip]:
        """Every line on screen, as a repaint would draw them (the benchmark's tick)."""
        region = self.scrollable_content_region
        self._width = region.width
        return [self.render_line(y) for y in range(region.height)]


# ---------------------------------------------------------------- the queue

STATE_STYLE: dict[RowState, str] = {
    "on-track": "ok",
    "due-soon": "warn",
    "overdue": "bad",
    "paused": "quiet",
    "replied": "quiet",
    "followup": "plain",
    "followup-due": "warn",
}
Q_STATE, Q_LEFT, Q_AGENT, Q_REF, Q_CLASS, Q_CUSTOMER, Q_CONTACT = 12, 10, 8, 12, 10, 6, 12


class QueueLines(BoardLines[BoardItem]):
    """The team's open complaints and follow-up calls."""

    def __init__(self, lang: Lang, *, id: str | None = None) -> None:
        super().__init__(lang, id=id)
        self.crossed: dict[str, str] = {}
        """Rows that crossed a warning level while the board watched: key → level."""
        self._states = {
            state: fit(f"{SYMBOLS[state]} {t(lang, f'queue.state.{state}')}", Q_STATE)
            for state in ROW_STATES
        }
        self._static: dict[tuple[str, int], str] = {}

    def key_of(self, row: BoardItem) -> str:
        return row.key

    def set_rows(
        self,
        rows: Sequence[BoardItem],
        *,
        index_of: Callable[[str], int | None] | None = None,
    ) -> None:
        self._static.clear()
        super().set_rows(rows, index_of=index_of)

    def ticking(self) -> tuple[Region, ...]:
        # A tick changes the flag, the state and the countdown: the rest of each row only
        # changes with the rows themselves (`set_rows` repaints all of it).
        height = self.scrollable_content_region.height
        return (Region(0, 1, 2 + Q_STATE + 1 + Q_LEFT + 1, max(height - 1, 0)),)

    def on_resize(self) -> None:
        self._static.clear()
        super().on_resize()

    def empty_text(self) -> str:
        return t(self.lang, "lead.queue.empty")

    def _rest(self, width: int, cells: Sequence[str]) -> str:
        agent, ref, klass, customer, contact, what = cells
        text = f"{fit(agent, Q_AGENT)} {fit(ref, Q_REF)} {fit(klass, Q_CLASS)} "
        text += f"{fit(customer, Q_CUSTOMER)} {fit(contact, Q_CONTACT)}"
        room = width - 2 - Q_STATE - 1 - Q_LEFT - 1 - len(text) - 1
        if room >= 6:
            text += " " + fit(what, room)
        return text

    def header(self, width: int) -> str:
        lang = self.lang
        lead = "  " + fit(t(lang, "queue.col.state"), Q_STATE) + " "
        lead += fit(t(lang, "queue.col.left"), Q_LEFT, right=True) + " "
        return lead + self._rest(
            width,
            [
                t(lang, "lead.col.agent"),
                t(lang, "lead.col.reference"),
                t(lang, "queue.col.class"),
                t(lang, "queue.col.customer"),
                t(lang, "queue.col.contact"),
                t(lang, "queue.col.what"),
            ],
        )

    def static_text(self, item: BoardItem, width: int) -> str:
        key = (item.key, width)
        text = self._static.get(key)
        if text is None:
            row = item.row
            what = row.note or row.summary if row.kind == "followup" else row.summary
            ref = ("▲" if row.escalated else "") + item.reference
            text = self._static[key] = self._rest(
                width,
                [
                    shown(item.owner),
                    shown(ref),
                    shown(row.label(self.lang)),
                    shown(item.customer),
                    shown(item.contact),
                    shown(what).replace("\n", " "),
                ],
            )
        return text

    def left_text(self, item: BoardItem, state: RowState) -> str:
        seconds = item.row.seconds_left(self.now_ts)
        if state == "replied" or seconds is None:
            return fit("—", Q_LEFT, right=True)
        if state == "paused":
            return fit(f"({countdown(seconds)})", Q_LEFT, right=True)
        return fit(countdown(seconds), Q_LEFT, right=True)

    def cells(self, row: BoardItem, width: int) -> list[tuple[str, str]]:
        state = row.row.state(self.now_ts)
        name = STATE_STYLE[state]
        flag = CROSSED + " " if row.key in self.crossed else "  "
        return [
            (flag, name),
            (self._states[state] + " ", name),
            (self.left_text(row, state) + " ", name),
            (self.static_text(row, width), "plain"),
        ]


# ---------------------------------------------------------------- the floor

FLOOR_STYLE: dict[FloorState, str] = {
    "ready": "ok",
    "on_call": "plain",
    "after_call": "plain",
    "on_break": "quiet",
    "signed_out": "quiet",
    "not_synced": "warn",
}
F_STATE, F_TIME, F_AGENT, F_STATION, F_BREAK, F_NUM = 14, 8, 10, 8, 26, 6


class FloorLines(BoardLines[AgentRow]):
    """Each agent: the state, how long in it, the break against its limit, today's calls."""

    def __init__(self, lang: Lang, *, id: str | None = None) -> None:
        super().__init__(lang, id=id)
        self.limits: dict[str, float] = {}
        self._states = {
            state: fit(f"{FLOOR_SYMBOLS[state]} {t(lang, f'lead.floor.state.{state}')}", F_STATE)
            for state in FLOOR_STATES
        }

    def key_of(self, row: AgentRow) -> str:
        return row.agent

    def empty_text(self) -> str:
        return t(self.lang, "lead.floor.empty")

    def header(self, width: int) -> str:
        lang = self.lang
        return " ".join(
            [
                fit(t(lang, "lead.floor.col.state"), F_STATE),
                fit(t(lang, "lead.floor.col.time"), F_TIME, right=True),
                fit(t(lang, "lead.col.agent"), F_AGENT),
                fit(t(lang, "lead.floor.col.station"), F_STATION),
                fit(t(lang, "lead.floor.col.break"), F_BREAK),
                fit(t(lang, "lead.floor.col.calls"), F_NUM, right=True),
                fit(t(lang, "lead.floor.col.abusive"), F_NUM, right=True),
                fit(t(lang, "lead.floor.col.upset"), F_NUM, right=True),
                fit(t(lang, "lead.floor.col.resets"), F_NUM + 2, right=True),
            ]
        )

    def break_text(self, row: AgentRow, level: BreakLevel) -> str:
        if row.state != "on_break" or row.break_code is None:
            return ""
        code = row.break_code
        label = t(self.lang, f"breaks.code.{code}") if code in self.limits else shown(code)
        limit = self.limits.get(code)
        if limit is None:
            return label
        text = f"{label} ≤{limit:g}m"
        if level != "ok":
            text = f"{BREAK_SYMBOLS[level]}{t(self.lang, f'lead.floor.break.{level}')} " + text
        return text

    def cells(self, row: AgentRow, width: int) -> list[tuple[str, str]]:
        now = self.now_ts
        state = row.floor_state(now)
        level = row.break_level(now, self.limits)
        name = FLOOR_STYLE[state]
        break_style = {"ok": name, "amber": "warn", "red": "bad"}[level]
        return [
            (self._states[state] + " ", name),
            (fit(elapsed(row.in_state_s(now)), F_TIME, right=True) + " ", name),
            (
                fit(shown(row.agent), F_AGENT) + " " + fit(shown(row.station), F_STATION) + " ",
                "plain",
            ),
            (fit(self.break_text(row, level), F_BREAK) + " ", break_style),
            (
                " ".join(
                    [
                        fit(str(row.calls), F_NUM, right=True),
                        fit(str(row.abusive), F_NUM, right=True),
                        fit(str(row.upset), F_NUM, right=True),
                        fit(f"{row.resets_offered}/{row.resets_taken}", F_NUM + 2, right=True),
                    ]
                ),
                "plain",
            ),
        ]
