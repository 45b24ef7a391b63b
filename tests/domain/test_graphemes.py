"""Cursor stops and typed joiners for emoji sequences (issue #10)."""

from __future__ import annotations

import pytest

from tui.domain.graphemes import is_joiner, snap

FAMILY = "👨\u200d👩\u200d👧"
TEXT = f"😡👍🏽 {FAMILY} ok"  # 😡 0-1, 👍🏽 1-3, space 3-4, family 4-9, " ok" 9-12


@pytest.mark.parametrize("index", [0, 1, 3, 4, 9, 10, 12])
def test_a_boundary_stays_put(index: int) -> None:
    assert snap(TEXT, index, forward=True) == index
    assert snap(TEXT, index, forward=False) == index


@pytest.mark.parametrize("index", [5, 6, 7, 8])
def test_inside_a_sequence_the_cursor_goes_the_way_it_was_moving(index: int) -> None:
    assert snap(TEXT, index, forward=True) == 9
    assert snap(TEXT, index, forward=False) == 4


def test_a_skin_tone_goes_with_its_thumb() -> None:
    assert snap(TEXT, 2, forward=True) == 3
    assert snap(TEXT, 2, forward=False) == 1


def test_right_after_a_joiner_the_next_emoji_can_be_typed() -> None:
    assert snap("👨\u200d ok", 2, forward=True) == 2


def test_joiners_are_emoji_parts_and_bidi_controls_are_not() -> None:
    assert is_joiner("\u200d")
    assert is_joiner("\U000e0067") and is_joiner("\U000e007f")  # a flag's tags
    for control in ("\u202e", "\u200f", "\u2066", "\x1b", "\u200b"):
        assert not is_joiner(control)
