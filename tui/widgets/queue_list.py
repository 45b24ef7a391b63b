"""The complaint queue as a line-API list: thousands of rows, a countdown on each, and a
tick that repaints only the rows on screen.

Each row shows its state as a symbol and a word as well as a colour (never colour
alone), the time left to the second, the class, and the customer and number masked,
since the queue is a shared screen. Everything but the state and the countdown is
rendered once per row and width and cached; `tick` stores the time and asks for a
repaint, and Textual calls `render_line` for the visible lines only.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from rich.cells import cell_len, set_cell_size
from rich.segment import Segment
from rich.style import Style
from textual import events
from textual.binding import Binding
from textual.geometry import Size
from textual.message import Message
from textual.reactive import reactive
from textual.scroll_view import ScrollView
from textual.strip import Strip

from tui.domain.complaint_queue import ROW_STATES, QueueItem, RowState, countdown
from tui.domain.i18n import Lang, t
from tui.domain.plain_text import shown

SYMBOLS: dict[RowState, str] = {
    "on-track": "✓",
    "due-soon": "!",
    "overdue": "✗",
    "paused": "‖",
    "replied": "↩",
    "followup": "↻",
    "followup-due": "↻",
}
STATE_WIDTH = 12
COUNTDOWN_WIDTH = 10
CLASS_WIDTH = 14
CUSTOMER_WIDTH = 8
CONTACT_WIDTH = 12
# State and countdown, each followed by a space.
_LEAD = STATE_WIDTH + 1 + COUNTDOWN_WIDTH + 1
# A wide terminal grows the class and customer columns to what they hold, once the
# summary has WHAT_ROOM; below WHAT_MIN the summary is left to the detail pane rather
# than shown as a stub.
WHAT_ROOM = 30
WHAT_MIN = 6
CLASS_MAX = 30
CUSTOMER_MAX = 16


@dataclass(frozen=True)
class Columns:
    klass: int
    customer: int
    contact: int
    what: int


def column_widths(width: int, class_need: int, customer_need: int) -> Columns:
    """Widths after the state and countdown for `width` cells of row, the class and
    customer columns grown toward `class_need` and `customer_need` when there is room."""
    klass, customer = CLASS_WIDTH, CUSTOMER_WIDTH
    spare = width - klass - customer - CONTACT_WIDTH - 3 - WHAT_ROOM
    for need, cap in ((class_need, CLASS_MAX), (customer_need, CUSTOMER_MAX)):
        if spare <= 0:
            break
        grow = max(0, min(need, cap) - (klass if cap == CLASS_MAX else customer))
        grow = min(grow, spare)
        spare -= grow
        if cap == CLASS_MAX:
            klass += grow
        else:
            customer += grow
    what = width - klass - customer - CONTACT_WIDTH - 3
    return Columns(klass, customer, CONTACT_WIDTH, what if what >= WHAT_MIN else 0)


def fit(text: str, width: int, *, right: bool = False) -> str:
    """`text` in exactly `width` cells: padded, or cut with an ellipsis (CJK-aware)."""
    if width <= 0:
        return ""
    length = cell_len(text)
    if length <= width:
        padding = " " * (width - length)
        return padding + text if right else text + padding
    return set_cell_size(text, width - 1) + "…"


class QueueList(ScrollView, can_focus=True):
    """Rows of `QueueItem`s under a fixed header line, with a row cursor."""

    DEFAULT_CSS = """
    QueueList {
        height: 1fr;
        overflow-x: hidden;
        background: $surface;
    }
    QueueList > .queue-list--header { text-style: bold; color: $text-muted; }
    QueueList > .queue-list--on-track { color: $text-success; }
    QueueList > .queue-list--due-soon { color: $text-warning; text-style: bold; }
    QueueList > .queue-list--overdue { color: $text-error; text-style: bold; }
    QueueList > .queue-list--paused { color: $text-muted; }
    QueueList > .queue-list--replied { color: $text-accent; }
    QueueList > .queue-list--followup { color: $text-secondary; }
    QueueList > .queue-list--followup-due { color: $text-warning; text-style: bold; }
    QueueList > .queue-list--cursor {
        background: $block-cursor-blurred-background;
    }
    QueueList:focus > .queue-list--cursor {
        background: $block-cursor-background;
        color: $block-cursor-foreground;
    }
    """

    COMPONENT_CLASSES = {
        "queue-list--header",
        "queue-list--cursor",
        *(f"queue-list--{state}" for state in ROW_STATES),
    }

    BINDINGS = [
        Binding("down", "move(1)", show=False, id="queue.down"),
        Binding("up", "move(-1)", show=False, id="queue.up"),
        Binding("pagedown", "page(1)", show=False, id="queue.pagedown"),
        Binding("pageup", "page(-1)", show=False, id="queue.pageup"),
        Binding("home", "jump(0)", show=False, id="queue.home"),
        Binding("end", "jump(-1)", show=False, id="queue.end"),
    ]

    cursor: reactive[int] = reactive(0, repaint=False)
    """Index of the highlighted row."""

    @dataclass
    class Highlighted(Message):
        """The cursor moved to another row (or the rows changed under it)."""

        queue_list: QueueList
        item: QueueItem | None

    def __init__(self, lang: Lang, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self._lang = lang
        self._items: list[QueueItem] = []
        self._now_ts = 0.0
        self._static: dict[tuple[str, int], str] = {}
        self._needs = (0, 0)
        """The widest class label and customer of the rows, in cells."""
        self._styles: dict[str, Style] = {}
        self._states = {
            state: fit(f"{SYMBOLS[state]} {t(lang, f'queue.state.{state}')}", STATE_WIDTH)
            for state in ROW_STATES
        }

    # Data in ----------------------------------------------------------------------

    @property
    def items(self) -> Sequence[QueueItem]:
        return self._items

    @property
    def current(self) -> QueueItem | None:
        if 0 <= self.cursor < len(self._items):
            return self._items[self.cursor]
        return None

    def set_items(self, items: Sequence[QueueItem]) -> None:
        """Show `items`, keeping the cursor on the same row when it is still there."""
        held = self.current
        self._items = list(items)
        self._static.clear()
        self._needs = (
            max((cell_len(shown(item.label(self._lang))) for item in self._items), default=0),
            max((cell_len(shown(item.customer)) for item in self._items), default=0),
        )
        index = 0
        if held is not None:
            index = next(
                (i for i, item in enumerate(self._items) if item.key == held.key),
                min(self.cursor, max(len(self._items) - 1, 0)),
            )
        self.virtual_size = Size(self.size.width, len(self._items) + 1)
        if index == self.cursor:
            self._cursor_moved()
        self.cursor = index
        self.refresh()

    def tick(self, now_ts: float) -> None:
        """Move the countdowns to `now_ts`; only the rows on screen will be repainted."""
        self._now_ts = now_ts
        self.refresh()

    # Cursor -------------------------------------------------------------------------

    def watch_cursor(self, old: int, new: int) -> None:
        self._cursor_moved()

    def _cursor_moved(self) -> None:
        self._scroll_to_cursor()
        self.refresh()
        self.post_message(self.Highlighted(self, self.current))

    def _scroll_to_cursor(self) -> None:
        rows = max(self.scrollable_content_region.height - 1, 1)
        top = round(self.scroll_y)
        if self.cursor < top:
            self.scroll_to(y=self.cursor, animate=False, immediate=True)
        elif self.cursor >= top + rows:
            self.scroll_to(y=self.cursor - rows + 1, animate=False, immediate=True)

    def action_move(self, step: int) -> None:
        if self._items:
            self.cursor = max(0, min(len(self._items) - 1, self.cursor + step))

    def action_page(self, direction: int) -> None:
        rows = max(self.scrollable_content_region.height - 1, 1)
        self.action_move(direction * rows)

    def action_jump(self, index: int) -> None:
        if self._items:
            self.cursor = index % len(self._items)

    def on_click(self, event: events.Click) -> None:
        row = round(self.scroll_y) + event.y - 1
        if event.y >= 1 and 0 <= row < len(self._items):
            self.cursor = row

    def on_resize(self) -> None:
        self._static.clear()
        self.virtual_size = Size(self.size.width, len(self._items) + 1)

    # Painting -----------------------------------------------------------------------

    def notify_style_update(self) -> None:
        super().notify_style_update()
        self._styles.clear()

    def on_focus(self) -> None:
        self._styles.clear()
        self.refresh()

    def on_blur(self) -> None:
        self._styles.clear()
        self.refresh()

    def _style(self, name: str) -> Style:
        style = self._styles.get(name)
        if style is None:
            partial = self.get_component_rich_style(f"queue-list--{name}", partial=True)
            # The cursor is laid over a row's own styles; the others sit on the background.
            style = partial if name == "cursor" else self.rich_style + partial
            self._styles[name] = style
        return style

    def header_text(self, width: int) -> str:
        lang = self._lang
        lead = fit(t(lang, "queue.col.state"), STATE_WIDTH) + " "
        lead += fit(t(lang, "queue.col.left"), COUNTDOWN_WIDTH, right=True) + " "
        return lead + self._columns(
            t(lang, "queue.col.class"),
            t(lang, "queue.col.customer"),
            t(lang, "queue.col.contact"),
            t(lang, "queue.col.what"),
            width - _LEAD,
        )

    def _columns(self, label: str, customer: str, contact: str, what: str, width: int) -> str:
        cols = column_widths(width, *self._needs)
        text = f"{fit(label, cols.klass)} {fit(customer, cols.customer)} "
        text += fit(contact, cols.contact)
        if cols.what:
            text += f" {fit(what, cols.what)}"
        return fit(text, width)

    def _static_text(self, item: QueueItem, width: int) -> str:
        key = (item.key, width)
        text = self._static.get(key)
        if text is None:
            what = item.note or item.summary if item.kind == "followup" else item.summary
            if item.escalated:
                what = "▲" + what
            text = self._static[key] = self._columns(
                shown(item.label(self._lang)),
                shown(item.customer),
                shown(item.contact),
                shown(what).replace("\n", " "),
                width - _LEAD,
            )
        return text

    def _left_text(self, item: QueueItem, state: RowState) -> str:
        if state == "replied":
            return fit("—", COUNTDOWN_WIDTH, right=True)
        seconds = item.seconds_left(self._now_ts)
        if seconds is None:
            return fit("—", COUNTDOWN_WIDTH, right=True)
        if state == "paused":
            return fit(f"({countdown(seconds)})", COUNTDOWN_WIDTH, right=True)
        return fit(countdown(seconds), COUNTDOWN_WIDTH, right=True)

    def render_line(self, y: int) -> Strip:
        width = self.scrollable_content_region.width
        base = self.rich_style
        if y == 0:
            return Strip([Segment(fit(self.header_text(width), width), self._style("header"))])
        index = round(self.scroll_y) + y - 1
        if index >= len(self._items):
            if index == 0:
                return Strip([Segment(fit(" " + t(self._lang, "queue.empty"), width), base)])
            return Strip.blank(width, base)
        item = self._items[index]
        state = item.state(self._now_ts)
        state_style = self._style(state)
        rest_style = base
        if index == self.cursor:
            cursor = self._style("cursor")
            state_style, rest_style = state_style + cursor, base + cursor
        segments = [
            Segment(self._states[state] + " ", state_style),
            Segment(self._left_text(item, state) + " ", state_style),
            Segment(self._static_text(item, width), rest_style),
        ]
        return Strip(segments).crop_extend(0, width, rest_style)
