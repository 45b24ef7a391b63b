"""The one line a desk leaves on the terminal when it has to stop."""

from __future__ import annotations

from rich.console import Console, ConsoleOptions, RenderResult
from rich.segment import Segment

from tui.domain.plain_text import shown


class OneLine:
    """Plain text as a single line: no markup read in it (a path may hold `[`), and not
    wrapped at the terminal's width, so it stays one line to copy, grep or log."""

    def __init__(self, text: str) -> None:
        self.text = " ".join(shown(text).split())

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        yield Segment(self.text)
        yield Segment.line()

    def __str__(self) -> str:
        return self.text
