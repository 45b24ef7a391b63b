"""Hostile text made safe to show, and pastes taken in up to a field's room."""

from __future__ import annotations

import pytest

from tui.domain.plain_text import UNSAFE, shown, take_paste


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("[/] [b]Li [@click=app.quit]", "[/] [b]Li [@click=app.quit]"),
        ("a\x1b[2Jb", "a␛[2Jb"),
        ("\x1b]52;c;SGk=\x07", "␛]52;c;SGk=␇"),
        ("nul\x00", "nul␀"),
        ("del\x7f", "del␡"),
        ("csi\x9b2J nel\x85", "csi\ufffd2J nel\ufffd"),
        ("\u202eevil\u200f \u2066x\u2069", "\ufffdevil\ufffd \ufffdx\ufffd"),
        ("lone \ud800", "lone \ufffd"),
        ("tab\there", "tab here"),
        ("two\nlines", "two\nlines"),
        ("王小明 김민지 😡👨‍👩‍👧 =HYPERLINK(1)", "王小明 김민지 😡👨‍👩‍👧 =HYPERLINK(1)"),
    ],
)
def test_shown_keeps_the_text_and_its_length_and_makes_controls_visible(
    text: str, expected: str
) -> None:
    assert shown(text) == expected
    assert len(shown(text)) == len(text), "one for one: positions and limits still hold"
    assert UNSAFE.search(shown(text)) is None


def test_a_paste_that_fits_goes_in_whole() -> None:
    assert take_paste("Ms Wang", 100, one_line=True) == ("Ms Wang", 0)
    assert take_paste("a\x1b[2J", 100, one_line=True) == ("a␛[2J", 0)


def test_a_paste_beyond_the_room_is_cut_and_says_how_much() -> None:
    assert take_paste("x" * 10_000_000, 2000, one_line=True) == ("x" * 2000, 9_998_000)
    assert take_paste("abc", 0, one_line=True) == ("", 3)


def test_line_breaks_become_spaces_in_one_line_fields_and_stay_in_text_areas() -> None:
    assert take_paste("one\r\ntwo\nthree\n", 100, one_line=True) == ("one two three", 0)
    assert take_paste("one\r\ntwo\rthree", 100, one_line=False) == ("one\ntwo\nthree", 0)
    # A CR LF pair is one break: cut right after it, nothing of it is counted as lost.
    assert take_paste("ab\r\ncd", 3, one_line=True) == ("ab ", 2)
    assert take_paste(("y" * 9 + "\n") * 1_000_000, 25, one_line=False) == (
        "y" * 9 + "\n" + "y" * 9 + "\n" + "y" * 5,
        10_000_000 - 25,
    )
