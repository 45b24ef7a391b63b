from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from tui.domain.phone import digits, mask, normalise, validate


def test_accepts_digits_with_plus_spaces_and_dashes() -> None:
    assert validate("+86 138-1234-5678") is None
    assert validate("") is None


def test_refuses_letters_and_misplaced_plus() -> None:
    assert validate("138abc") == "phone.bad_chars"
    assert validate("13+8") == "phone.bad_chars"


def test_refuses_too_short_and_too_long() -> None:
    assert validate("12") == "phone.too_short"
    assert validate("1" * 21) == "phone.too_long"


def test_mask_keeps_prefix_and_last_four() -> None:
    assert mask("13812345678") == "138****5678"
    assert normalise(" +82 10-1234-5678 ") == "+821012345678"


@given(st.text(alphabet="0123456789", min_size=5, max_size=20))
def test_mask_never_shows_more_than_seven_digits(number: str) -> None:
    masked = mask(number)
    assert len(masked) == len(number)
    assert len(digits(masked)) <= min(7, len(number) - 1)
    assert masked.endswith(number[-4:])
