"""Pictures of numbers in the terminal, drawn with block characters: a column chart (calls
per hour or per day) and one-line bars with a marker (a share against its expected value,
satisfaction against its line).

Block characters, not a plotting library: eighth blocks give a column eight steps per
row, they draw the same in every terminal and in the browser's xterm.js, and a bar is
text, so the numbers and words printed beside it sit in the same line. Shape carries the
meaning (a full block is the value, `│` the mark), never colour alone.
"""

from __future__ import annotations

import math
from collections.abc import Sequence

from rich.cells import cell_len
from rich.text import Text
from textual.widget import Widget

from tui.widgets.plain import plain

EIGHTHS = " ▁▂▃▄▅▆▇█"
LEFT_EIGHTHS = " ▏▎▍▌▋▊▉█"
FULL = "█"
EMPTY = "░"
MARK = "│"


def hbar(share: float, width: int, mark: float | None = None) -> str:
    """`share` (0 to 1) of `width` cells filled, eighths at the edge, the rest shaded; a
    `│` at `mark` (0 to 1) where it falls on the empty part, or over the bar's end."""
    share = min(max(share, 0.0), 1.0)
    eighths = round(share * width * 8)
    full, part = divmod(eighths, 8)
    cells = [FULL] * full
    if part and full < width:
        cells.append(LEFT_EIGHTHS[part])
    cells += [EMPTY] * (width - len(cells))
    if mark is not None and width:
        cells[mark_cell(mark, width)] = MARK
    return "".join(cells)


def mark_cell(mark: float, width: int) -> int:
    """The cell `mark` (0 to 1) falls in, cell i holding (i/width, (i+1)/width], so a bar
    ends before the mark exactly when it stops in an earlier cell. Rounding instead put
    94% of 30 cells (28.2) in cell 27, over the end of a bar at 92%: it looked as if it
    reached the line. Rounded to 9 places first, so 0.8 * 30 stays 24."""
    edge = math.ceil(round(mark * width, 9))
    return min(width - 1, max(0, edge - 1))


def columns(values: Sequence[int], height: int, slot: int) -> list[str]:
    """Rows, top first, of a column per value, `slot` cells wide (one of them a gap when
    there is room); the tallest value fills `height` rows."""
    top = max(values, default=0)
    bar = max(1, slot - 1) if slot > 1 else 1
    rows: list[str] = []
    for level in range(height, 0, -1):
        line = []
        for value in values:
            eighths = round(value / top * height * 8) if top else 0
            if value and not eighths:
                eighths = 1  # a call is never drawn as none
            filled = eighths - (level - 1) * 8
            glyph = EIGHTHS[min(8, max(0, filled))]
            line.append(glyph * bar + " " * (slot - bar))
        rows.append("".join(line))
    return rows


class ColumnChart(Widget):
    """Columns with a label and, where it fits, the number under each."""

    DEFAULT_CSS = """
    ColumnChart { height: auto; }
    """

    def __init__(self, *, id: str | None = None, rows: int = 6) -> None:
        super().__init__(id=id)
        self._values: list[int] = []
        self._labels: list[str] = []
        self._rows = rows

    def show(self, values: Sequence[int], labels: Sequence[str]) -> None:
        self._values, self._labels = list(values), list(labels)
        self.refresh(layout=True)

    def get_content_height(self, container: object, viewport: object, width: int) -> int:
        return self._rows + 2 if self._values else 0

    def render(self) -> Text:
        if not self._values:
            return Text()
        width = max(1, self.size.width)
        slot = max(1, min(4, width // len(self._values)))
        lines = columns(self._values, self._rows, slot)
        labels = spaced(self._labels, slot)
        counts = spaced([str(v) if v else "·" for v in self._values], slot)
        return plain("\n".join([*lines, labels, counts]))


def spaced(texts: Sequence[str], slot: int) -> str:
    """One text under each column, each starting at its column; where they would run
    together, every second (or third...) one, so what shows is always readable."""
    widest = max((cell_len(text) for text in texts), default=0)
    step = 1
    while step * slot <= widest:
        step += 1
    out = ""
    for i, text in enumerate(texts):
        start = i * slot
        if i % step or cell_len(out) > start:
            continue
        out += " " * (start - cell_len(out)) + text
    return out
