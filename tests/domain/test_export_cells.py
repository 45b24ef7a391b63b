"""Export cells: the quick test that lets most records through untouched never lets
through one the careful path would change (issue #9, item 11)."""

from __future__ import annotations

import csv
import io

from hypothesis import given
from hypothesis import strategies as st

from tui.domain.export_cells import csv_cell, csv_text, json_line, plain_chunk, plain_record

_TEXT = st.text(
    alphabet=st.one_of(
        st.sampled_from("=+-@~\t\r\n\x00\x1b\x07\x7f\x85\x9b\u3000\u2028 ,\"'abc客户"),
        st.characters(),
    ),
    max_size=12,
)
_VALUE = st.one_of(_TEXT, st.integers(-5, 5), st.none(), st.booleans(), st.floats(-1, 1))
_RECORDS = st.lists(st.lists(_VALUE, min_size=3, max_size=3).map(tuple), min_size=1, max_size=6)


def _written(rows: object) -> str:
    buffer = io.StringIO()
    csv.writer(buffer, lineterminator="\n").writerows(rows)  # type: ignore[arg-type]
    return buffer.getvalue()


@given(_RECORDS)
def test_a_plain_chunk_writes_exactly_as_the_careful_path(
    records: list[tuple[object, ...]],
) -> None:
    careful = [[csv_cell(v) for v in record] for record in records]
    if plain_chunk(records):
        assert _written(records) == _written(careful)
    for record in records:
        if plain_record(record):
            assert _written([record]) == _written([[csv_cell(v) for v in record]])


@given(_TEXT)
def test_a_cell_never_starts_a_formula_nor_holds_a_control(text: str) -> None:
    cell = csv_text(text)
    assert cell[:1] not in set("=+-@\t\r")
    assert all(ch in "\n\t" or (ord(ch) >= 0x20 and not 0x7F <= ord(ch) <= 0x9F) for ch in cell)


def test_known_cells() -> None:
    assert csv_cell("=1+2") == "'=1+2"
    assert csv_cell("-2") == "'-2" and csv_cell(-2) == -2
    assert csv_cell("a\x1b[2Jb") == "a\\x1b[2Jb"
    assert csv_cell("line\nnext\tcol") == "line\nnext\tcol"
    assert csv_cell("\r=x") == "\\x0d=x"
    assert (csv_cell(True), csv_cell(False), csv_cell(None)) == ("true", "false", "")
    assert json_line('{"a":"\x9b\x7f"}') == '{"a":"\\u009b\\u007f"}'
