from __future__ import annotations

import re

from hypothesis import assume, given
from hypothesis import strategies as st

from tui.domain.phone import digits, mask, mask_all, mask_digit_runs, normalise, validate


def test_accepts_digits_with_plus_spaces_and_dashes() -> None:
    assert validate("+86 138-1234-5678") is None
    assert validate("") is None


def test_refuses_letters_and_misplaced_plus() -> None:
    assert validate("138abc") == "phone.bad_chars"
    assert validate("13+8") == "phone.bad_chars"


def test_refuses_too_short_and_too_long() -> None:
    assert validate("12") == "phone.too_short"
    assert validate("1" * 21) == "phone.too_long"


def test_mask_keeps_the_last_four_and_never_half() -> None:
    assert mask("13812345678") == "1******5678"
    assert mask("+8613812345678") == "+86*******5678"
    # Issue #9: these showed 7 of 8 and 4 of 7 digits.
    assert mask("12345678") == "****5678"
    assert mask("1234567") == "****567"
    assert mask("110") == "**0"
    assert normalise(" +82 10-1234-5678 ") == "+821012345678"


@given(st.text(alphabet="0123456789", min_size=1, max_size=40))
def test_mask_never_shows_more_than_half_the_digits(number: str) -> None:
    masked = mask(number)
    assert len(masked) == len(number)
    assert len(digits(masked)) <= len(number) // 2
    # What does show is the number's own digits in their places.
    assert all(m in ("*", n) for m, n in zip(masked, number, strict=True))


@given(st.text(alphabet="0123456789", min_size=8, max_size=40))
def test_mask_shows_the_last_four_of_a_real_number(number: str) -> None:
    assert mask(number).endswith(number[-4:])


_NUMBER = st.lists(st.sampled_from("0123456789"), min_size=7, max_size=20).map("".join)
_SEPARATED = st.tuples(_NUMBER, st.lists(st.sampled_from(["", " ", "-"]), min_size=19)).map(
    lambda pair: "".join(d + sep for d, sep in zip(pair[0], pair[1], strict=False)).rstrip(" -")
)
_WORDS = st.text(alphabet="客户说请回电 abc,.:", max_size=12)


@given(_WORDS, _SEPARATED, _WORDS)
def test_numbers_in_free_text_never_show_more_than_half(
    before: str, number: str, after: str
) -> None:
    # A date (2026-03-08) is the one run kept as typed.
    assume(not re.search(r"\d{4}-\d{2}-\d{2}", number))
    note = f"{before} {number} {after}"
    masked = mask_digit_runs(note)
    assert len(masked) == len(note)
    shown = digits(masked[len(before) + 1 : len(before) + 1 + len(number)])
    assert len(shown) <= len(digits(number)) // 2
    # Words around the number are kept as typed.
    assert masked.startswith(before) and masked.endswith(after)


def test_free_text_keeps_short_numbers_and_dates() -> None:
    note = "请 2026-03-08 10:30 回电 138 1234 5678, 退款 1200 元, 订单 12345"
    assert mask_digit_runs(note) == (
        "请 2026-03-08 10:30 回电 1** **** 5678, 退款 1200 元, 订单 12345"
    )
    assert not re.search(r"\d{5}", mask_digit_runs("x 13812345678 y"))


@given(st.lists(st.one_of(st.text(alphabet="0123456789+- ", max_size=80), st.text(max_size=20))))
def test_masking_many_numbers_at_once_is_masking_each(numbers: list[str]) -> None:
    assert mask_all(numbers) == [mask(n) if n else n for n in numbers]


@given(
    st.lists(st.text(alphabet="0123456789", min_size=1, max_size=6), min_size=1, max_size=8),
    st.lists(st.sampled_from([" ", "-", ""]), min_size=8, max_size=8),
)
def test_a_run_is_masked_exactly_as_digit_by_digit(groups: list[str], gaps: list[str]) -> None:
    from tui.domain.phone import _mask_in_place

    run = "".join(group + gap for group, gap in zip(groups, gaps, strict=False)).strip(" -")
    assume(len(digits(run)) >= 7 and not re.fullmatch(r"\d{4}-\d{2}-\d{2}", run))
    assume("  " not in run and "--" not in run and " -" not in run and "- " not in run)
    assert mask_digit_runs(run) == _mask_in_place(run)
