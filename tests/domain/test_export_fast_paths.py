"""The quick paths an export of a million calls takes hold exactly to the careful rules
they stand in for (issue #9, item 13): the column check to `plain_record`, digit runs in
notes to the digit-by-digit rule."""

from __future__ import annotations

import re

from hypothesis import given
from hypothesis import strategies as st

from tests.domain.test_export_cells import _RECORDS, _written
from tui.domain import phone
from tui.domain.export_cells import csv_cell, plain_columns, plain_record
from tui.domain.phone import _mask_in_place, mask, mask_all, mask_digit_runs


@given(_RECORDS)
def test_plain_columns_let_through_only_what_the_careful_path_leaves_alone(
    records: list[tuple[object, ...]],
) -> None:
    columns = tuple(zip(*records, strict=True))
    if plain_columns(columns):
        assert _written(records) == _written([[csv_cell(v) for v in r] for r in records])
        assert all(map(plain_record, records))
    elif not any(isinstance(v, str) and "~" in v for r in records for v in r):
        # Only a `~` (what cells are joined with) may make it refuse a plain record.
        assert not all(map(plain_record, records))


def test_plain_columns_by_example() -> None:
    assert plain_columns([("abc", "客户"), (1, None), (b"\x1b", 2.5)])
    assert plain_columns([])
    assert not plain_columns([("abc", "=1")])
    assert not plain_columns([("=1", "abc")])
    assert not plain_columns([("a", "b\x1b[2J")])
    assert not plain_columns([("客", "\x9b")])
    assert not plain_columns([("a", "\tb")])
    assert not plain_columns([(1, True)])
    assert not plain_columns([("", "-2")])
    # A `~` before a formula sign inside a cell only costs the careful path.
    assert not plain_columns([("a~=b",)])


_RULE = re.compile(r"(?<!\d)(\d{4}-\d{2}-\d{2})(?!\d)|\d(?:[ \-]?\d){6,}")


def _by_the_rule(text: str) -> str:
    """The rule as first written: a date kept, any other run of seven or more digits
    (single spaces or dashes between them) masked digit by digit."""
    return _RULE.sub(lambda m: m.group(1) or _mask_in_place(m.group(0)), text)


_NOTE = st.text(
    alphabet=st.one_of(
        st.sampled_from("0123456789" * 4 + "  --:,x客\n"),
        st.sampled_from("٣٤０１２"),
        st.characters(),
    ),
    max_size=60,
)


@given(_NOTE)
def test_digit_runs_are_masked_exactly_by_the_rule(note: str) -> None:
    assert mask_digit_runs(note) == _by_the_rule(note)
    # A second time the run's shape is known: the same answer.
    assert mask_digit_runs(note) == _by_the_rule(note)


@given(st.lists(st.sampled_from(["2026-03-08", "139 1234 5678", "12345678", "-", " ", "a"])))
def test_dates_and_numbers_side_by_side(parts: list[str]) -> None:
    note = "".join(parts)
    assert mask_digit_runs(note) == _by_the_rule(note)


def test_the_shapes_remembered_stay_few() -> None:
    for n in range(3 * phone._SHAPES_KEPT):
        note = "1234567" + "-" * (n % 2) + "8" * (n // 2 % 40) + " " + "9" * (n % 90)
        assert mask_digit_runs(note) == _by_the_rule(note)
        assert len(phone._CUT_OF_SHAPE) <= phone._SHAPES_KEPT
    long_run = "1 " * 200 + "1"
    assert mask_digit_runs(long_run) == _by_the_rule(long_run)
    assert all(len(shape) <= phone._SHAPE_LENGTH_KEPT for shape in phone._CUT_OF_SHAPE)


@given(
    st.integers(0, 70).flatmap(lambda n: st.lists(st.text("0123456789", min_size=n, max_size=n)))
)
def test_numbers_of_one_length_are_masked_each_by_the_rule(numbers: list[str]) -> None:
    assert mask_all(numbers) == [mask(n) if n else n for n in numbers]
