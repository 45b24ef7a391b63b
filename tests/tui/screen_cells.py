"""The screen as the terminal shows it, cell by cell, for tests about what fits where."""

from __future__ import annotations

import io

from rich.cells import split_graphemes
from rich.console import Console
from textual.app import App
from textual.geometry import Region


def screen_lines(app: App[object]) -> list[str]:
    """Each row of the screen, as text."""
    update = app.screen._compositor.render_update(full=True)
    console = Console(
        file=io.StringIO(),
        width=app.size.width,
        record=True,
        color_system=None,
        legacy_windows=False,
    )
    console.print(update)
    return console.export_text().splitlines()[: app.size.height]


def cells(line: str, start: int, end: int) -> str:
    """The characters of `line` in cells start..end, by Rich's widths: a wide character
    counts two, and an emoji sequence (👨‍👩‍👧) is one grapheme of two."""
    out: list[str] = []
    x = 0
    spans, _ = split_graphemes(line)
    for first, last, width in spans:
        if x >= start and x + width <= end:
            out.append(line[first:last])
        x += width
        if x >= end:
            break
    return "".join(out)


def region_lines(app: App[object], region: Region) -> list[str]:
    lines = screen_lines(app)
    return [cells(line, region.x, region.right) for line in lines[region.y : region.bottom]]
