"""CSV lines made a column at a time are byte for byte csv.writer's (issue #9, item 13),
and are only made for records the careful path would leave alone (item 11)."""

from __future__ import annotations

import csv
import io

from hypothesis import given
from hypothesis import strategies as st

from tui.domain.csv_columns import QUOTE_WHEN, plain_csv
from tui.domain.export_cells import COLUMN_JOIN, plain_record

_TEXT = st.text(
    alphabet=st.one_of(
        st.sampled_from(',"\n\r\t ;~=+-@\x00\x1b\x7f\x85\x9b\u3000\u2028a客›'),
        st.characters(),
    ),
    max_size=8,
)
_VALUE = st.one_of(
    _TEXT,
    st.integers(-(10**20), 10**20),
    st.none(),
    st.booleans(),
    st.floats(allow_nan=True, allow_infinity=True),
    st.binary(max_size=4),
)
_RECORDS = st.integers(1, 5).flatmap(
    lambda width: st.lists(st.lists(_VALUE, min_size=width, max_size=width).map(tuple), max_size=6)
)


def _written(records: list[tuple[object, ...]]) -> str:
    buffer = io.StringIO()
    csv.writer(buffer, lineterminator="\n").writerows(records)
    return buffer.getvalue()


@given(_RECORDS)
def test_lines_made_by_columns_are_csv_writers_and_only_for_plain_records(
    records: list[tuple[object, ...]],
) -> None:
    columns = tuple(zip(*records, strict=True))
    text = plain_csv(columns)
    if text is not None:
        assert text == _written(records)
        assert all(map(plain_record, records))
    elif len(columns) >= 2 and not any(
        isinstance(v, str) and COLUMN_JOIN in v for r in records for v in r
    ):
        # Said no only for a record the careful path would look at.
        assert not all(map(plain_record, records))


_PLAIN_TEXT = st.text(alphabet=st.sampled_from(",\"; '.a1客›"), max_size=8)
_PLAIN_VALUE = st.one_of(_PLAIN_TEXT, st.integers(-5, 5), st.none(), st.floats(-1, 1))


@given(st.lists(st.tuples(_PLAIN_TEXT, _PLAIN_VALUE, _PLAIN_TEXT), max_size=8))
def test_plain_text_with_commas_and_quotes_is_written_as_csv_writer_writes_it(
    records: list[tuple[object, ...]],
) -> None:
    text = plain_csv(tuple(zip(*records, strict=True)) or ((), (), ()))
    assert text == _written(records)
    read = list(csv.reader(io.StringIO(text)))
    assert [row[0] for row in read] == [r[0] for r in records]


def test_by_example() -> None:
    columns = (("a", 'say "hi", then go', "客户 › 余额"), (5, None, 2.5), ("x", "", "y"))
    assert plain_csv(columns) == 'a,5,x\n"say ""hi"", then go",,\n客户 › 余额,2.5,y\n'
    assert plain_csv((("a",), ("=1",))) is None
    assert plain_csv((("a",), (True,))) is None
    assert plain_csv((("a",), ("x\x1b[2J",))) is None
    assert plain_csv((("a", "b"),)) is None  # one column: left to csv.writer
    assert plain_csv(((), ())) == ""
    assert set(QUOTE_WHEN) >= {",", '"', "\n"}
