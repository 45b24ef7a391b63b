"""The screen as the terminal shows it, cell by cell, for tests about what fits where.

Read from Textual's public screenshot (`App.export_screenshot`): Rich's SVG puts each run
of text at its cell column, so the rows come back with wide characters where they stand.
"""

from __future__ import annotations

import html
import re

from rich.cells import cell_len, split_graphemes
from textual.app import App
from textual.geometry import Region

# Rich's SVG geometry (rich.console.Console.export_svg): a cell is 20 * 0.61 wide, a row
# 20 * 1.22 high, and a run of text sits on its row's baseline, 20 down.
_CELL_WIDTH = 20 * 0.61
_ROW_HEIGHT = 20 * 1.22
_BASELINE = 20
_RUN = re.compile(r'<text class="[^"]*" x="([0-9.e+-]+)" y="([0-9.e+-]+)"[^>]*>(.*?)</text>', re.S)


def screen_lines(app: App[int]) -> list[str]:
    """Each row of the screen, as text, as wide as the screen: the top screen and what
    shows of the screens under it."""
    width, height = app.size
    runs: list[tuple[int, int, str]] = []
    for x, y, text in _RUN.findall(app.export_screenshot()):
        row = round((float(y) - _BASELINE) / _ROW_HEIGHT)
        column = round(float(x) / _CELL_WIDTH)
        # Rich writes a space as &#160; and leaves a character that is one alone.
        runs.append((row, column, html.unescape(text.replace("&#160;", " "))))
    lines = [""] * height
    for row, column, text in sorted(runs):
        if 0 <= row < height:
            lines[row] += " " * (column - cell_len(lines[row])) + text
    return [line + " " * (width - cell_len(line)) for line in lines]


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


def region_lines(app: App[int], region: Region) -> list[str]:
    lines = screen_lines(app)
    return [cells(line, region.x, region.right) for line in lines[region.y : region.bottom]]
