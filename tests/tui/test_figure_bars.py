"""The bars of the lead's figures put a line's mark in the cell the line falls in, so a bar
short of the line is seen short of it."""

from __future__ import annotations

from fractions import Fraction

import pytest

from tui.widgets.figure_bars import EMPTY, FULL, MARK, hbar


def test_a_bar_below_the_94_line_ends_before_the_mark() -> None:
    bar = hbar(0.92, 30, 0.94)  # 27.6 cells of 30; the line at 28.2
    assert bar == FULL * 27 + "▋" + MARK + EMPTY
    assert bar.index(MARK) == 28


def test_a_bar_on_the_line_has_the_mark_over_its_end() -> None:
    assert hbar(0.94, 30, 0.94) == FULL * 28 + MARK + EMPTY
    assert hbar(0.8, 30, 0.8) == FULL * 23 + MARK + EMPTY * 6


def test_the_expected_15_percent_is_marked_in_its_own_cell() -> None:
    assert hbar(0.0, 30, 0.15).index(MARK) == 4  # 4.5 cells: the fifth cell, not the fourth


@pytest.mark.parametrize("width", [1, 7, 30])
def test_every_mark_falls_in_the_cell_that_holds_it(width: int) -> None:
    for percent in range(1, 101):
        cell = hbar(0.0, width, percent / 100).index(MARK)
        share = Fraction(percent, 100)
        assert Fraction(cell, width) < share <= Fraction(cell + 1, width), (percent, cell)
    assert hbar(0.0, width, 0.0).index(MARK) == 0
