"""One way onto the screen for text: plain, never markup, never a terminal command.

Every string a widget or a notification shows goes through `plain`: a `rich.text.Text`
of the string with its control characters made visible (`tui.domain.plain_text.shown`).
A Textual widget given a `str` reads it as markup, so an agent named `Li [/b]` crashed
the history and `Li [b]` vanished; a `Text` is only ever its characters.

`TerminalGuard` is the net under that rule: a line filter on every line the app draws
that drops any control character still in it (an Input's value restored from an older
draft, a renderable from a library) before it reaches the terminal. Such characters take
no cells, so dropping them never moves the layout.
"""

from __future__ import annotations

from rich.segment import Segment
from rich.text import Text
from textual.color import Color
from textual.filter import LineFilter

from tui.domain.plain_text import UNSAFE, shown


def plain(text: str, style: str = "", **options: object) -> Text:
    """`text` for a widget: literal characters, visible stand-ins for control ones."""
    return Text(shown(text), style=style, **options)  # type: ignore[arg-type]


class TerminalGuard(LineFilter):
    """Keeps control characters in drawn text from reaching the terminal."""

    def apply(self, segments: list[Segment], background: Color) -> list[Segment]:
        if not any(not s.control and UNSAFE.search(s.text) for s in segments):
            return segments
        return [
            s if s.control else Segment(_drop_controls(s.text), s.style, s.control)
            for s in segments
        ]


def _drop_controls(text: str) -> str:
    # A lone surrogate takes a cell and cannot be encoded: it becomes the stand-in.
    return UNSAFE.sub(lambda m: "\ufffd" if "\ud800" <= m.group() <= "\udfff" else "", text)
