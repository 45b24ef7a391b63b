"""A box-breathing guide: a square that grows as you breathe in, shrinks as you breathe
out, and says the phase in words with a count down from 4."""

from __future__ import annotations

from rich.text import Text
from textual.reactive import reactive
from textual.widget import Widget

from tui.domain.breathing import breath_at, shape_size
from tui.domain.i18n import Lang, t


class Breathing(Widget):
    """Draws the breath at `elapsed` seconds; None draws the resting shape and `idle_text`."""

    DEFAULT_CSS = """
    Breathing {
        height: 1fr;
        width: 1fr;
        min-height: 4;
    }
    Breathing > .breathing--shape {
        color: $accent;
    }
    Breathing > .breathing--fill {
        background: $accent 25%;
    }
    Breathing > .breathing--phase {
        color: $text;
        text-style: bold;
    }
    """

    COMPONENT_CLASSES = {"breathing--shape", "breathing--fill", "breathing--phase"}

    elapsed: reactive[float | None] = reactive(None)
    """Seconds since the exercise began, set by the screen from its clock."""

    idle_text: reactive[str] = reactive("")
    """The line under the shape while no exercise runs."""

    def __init__(self, lang: Lang, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.lang = lang

    def phase_line(self) -> str:
        if self.elapsed is None:
            return self.idle_text
        breath = breath_at(self.elapsed)
        return f"{t(self.lang, f'breaks.phase.{breath.phase}')} {breath.count}"

    def render(self) -> Text:
        width, height = self.size
        # The phase line and a blank row above it take two rows from the shape's room.
        room = height - 2
        fraction = 0.0 if self.elapsed is None else breath_at(self.elapsed).fraction
        box_w, box_h = shape_size(fraction, width, room)
        edge = self.get_component_rich_style("breathing--shape")
        fill = self.get_component_rich_style("breathing--fill")
        text = Text(no_wrap=True, overflow="crop", end="")
        top = max(0, (room - box_h) // 2)
        left = " " * ((width - box_w) // 2)
        for row in range(room):
            if top <= row < top + box_h and box_w:
                inner = box_w - 2
                if row == top:
                    text.append(left + "╭" + "─" * inner + "╮", edge)
                elif row == top + box_h - 1:
                    text.append(left + "╰" + "─" * inner + "╯", edge)
                else:
                    text.append(left)
                    text.append("│", edge)
                    text.append(" " * inner, fill)
                    text.append("│", edge)
            text.append("\n")
        phase = Text(self.phase_line(), style=self.get_component_rich_style("breathing--phase"))
        phase.align("center", width)
        text.append("\n")
        text.append_text(phase)
        return text
