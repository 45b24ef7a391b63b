"""A row of a few options where the one shown chosen is the one chosen.

A RadioSet keeps two states, a highlight the arrows move and a selection only Space
changes, so an agent who arrowed to an option and pressed Enter saved the other one.
Here there is only the selection: ←/→ and ↑/↓ move it, 1-9 pick it outright, and it
reads without colour: ● chosen, ○ not, the chosen one bold; while the row has focus a
▸ stands before it and the chosen one is reversed, so focus shows even before a choice.
"""

from __future__ import annotations

from collections.abc import Sequence

from rich.style import Style
from rich.text import Text
from textual import events
from textual.binding import Binding
from textual.message import Message
from textual.reactive import reactive
from textual.widget import Widget

from tui.domain.plain_text import shown

CHOSEN = "●"
NOT_CHOSEN = "○"
FOCUSED = "▸ "
UNFOCUSED = "  "
GAP = "  "


class ChoiceRow(Widget, can_focus=True):
    """`options` are (value, label) pairs; `value` is the chosen value, or None for none yet."""

    DEFAULT_CSS = """
    ChoiceRow { height: auto; width: 100%; }
    ChoiceRow:focus { background-tint: $foreground 5%; }
    """
    BINDINGS = [
        Binding("left,up", "move(-1)", show=False, id="choices.prev"),
        Binding("right,down", "move(1)", show=False, id="choices.next"),
        *(
            Binding(str(n), f"pick({n - 1})", show=False, id=f"choices.pick_{n}")
            for n in range(1, 10)
        ),
    ]

    value: reactive[str | None] = reactive(None)

    class Changed(Message):
        """The chosen option changed (by key, digit or click)."""

        def __init__(self, choice_row: ChoiceRow, value: str) -> None:
            super().__init__()
            self.choice_row = choice_row
            self.value = value

        @property
        def control(self) -> ChoiceRow:
            return self.choice_row

    def __init__(
        self,
        options: Sequence[tuple[str, str]],
        value: str | None = None,
        *,
        name: str | None = None,
        id: str | None = None,
        classes: str | None = None,
    ) -> None:
        super().__init__(name=name, id=id, classes=classes)
        if not options:
            raise ValueError("a choice row needs at least one option")
        self.options = tuple(options)
        self._values = [v for v, _ in self.options]
        self.set_reactive(ChoiceRow.value, self.validate_value(value))

    @property
    def index(self) -> int | None:
        return self._values.index(self.value) if self.value is not None else None

    def render(self) -> Text:
        focused = self.has_focus
        text = Text(FOCUSED if focused else UNFOCUSED, no_wrap=False, overflow="fold")
        for i, (value, label) in enumerate(self.options):
            if i:
                text.append(GAP)
            chosen = value == self.value
            style = Style(bold=True, reverse=focused) if chosen else Style()
            # The digit shown is the key that picks the option; the meta lets a click pick it.
            digit = f"{i + 1} " if i < 9 else ""
            piece = f"{CHOSEN if chosen else NOT_CHOSEN} {digit}{shown(label)}"
            text.append(piece, style + Style.from_meta({"choice": i}))
        return text

    def validate_value(self, value: str | None) -> str | None:
        if value is not None and value not in self._values:
            raise ValueError(f"{value!r} is not one of {self._values}")
        return value

    def watch_value(self, old: str | None, new: str | None) -> None:
        if new is not None and new != old:
            self.post_message(self.Changed(self, new))

    def action_move(self, step: int) -> None:
        index = self.index
        if index is None:
            # Nothing chosen yet: the first press chooses an end, as a press on a row would.
            index = 0 if step > 0 else len(self._values) - 1
        else:
            # Stops at the ends rather than wrapping: holding → must not cycle past the last.
            index = max(0, min(len(self._values) - 1, index + step))
        self.value = self._values[index]

    def action_pick(self, index: int) -> None:
        if index < len(self._values):
            self.value = self._values[index]

    async def _on_click(self, event: events.Click) -> None:
        # Widget's own click handling runs too: Textual calls the handler of every class.
        index = event.style.meta.get("choice")
        if isinstance(index, int):
            self.focus()
            self.action_pick(index)
