"""CSV lines for records held a column at a time: byte for byte what `csv.writer` (its
default dialect, lines ended by a line feed) writes for them, made in far fewer steps.

csv.writer reads every character of every cell twice, with a function call for each;
with a million calls that was most of an export's time. Here each column is checked for
the characters that need quoting in a few C calls over all its cells joined; only a
column that holds one is quoted cell by cell, and each line is one `str.join`.

Only for records the careful path would leave alone (`tui.domain.export_cells`): for
anything else this says no, and csv.writer writes the careful cells.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Sequence
from typing import cast

from tui.domain.export_cells import COLUMN_JOIN, plain_joined


def _writer_quotes(ch: str) -> bool:
    buffer = io.StringIO()
    csv.writer(buffer, lineterminator="\n").writerow([f"a{ch}b", "c"])
    return buffer.getvalue().startswith('"')


# The characters that make csv.writer quote a cell, asked of csv.writer itself, so that
# the two cannot drift apart between Python versions (a carriage return is one in some).
QUOTE_WHEN = "".join(ch for ch in ',"\n\r\t ;' if _writer_quotes(ch))


def _field(value: object) -> str:
    """What csv.writer writes for a value that is not text, before any quoting."""
    if value is None:
        return ""
    return repr(value) if isinstance(value, float) else str(value)


def _quoted(text: str) -> str:
    for ch in QUOTE_WHEN:
        if ch in text:
            return '"' + text.replace('"', '""') + '"'
    return text


def plain_csv(columns: Sequence[Sequence[object]]) -> str | None:
    """The CSV lines, each ended by a line feed, for the records made of `columns`, when
    none of them holds a value the careful path would change (`plain_record`); None when
    one might, and for fewer than two columns (csv.writer quotes a record's only cell when
    it is empty: left to it)."""
    if len(columns) < 2:
        return None
    fields: list[Sequence[str]] = []
    for column in columns:
        try:
            joined = COLUMN_JOIN.join(column)  # type: ignore[arg-type]
        except TypeError:  # numbers or nothing in this column, or a damaged file's bytes
            kinds = set(map(type, column))
            if bool in kinds:
                return None
            if str in kinds and not plain_joined(
                COLUMN_JOIN.join([v for v in column if isinstance(v, str)])
            ):
                return None
            texts: Sequence[str] = [v if isinstance(v, str) else _field(v) for v in column]
            joined = "".join(texts)
        else:
            if not plain_joined(joined):
                return None
            texts = cast(Sequence[str], column)
        if any(ch in joined for ch in QUOTE_WHEN):
            texts = list(map(_quoted, texts))
        fields.append(texts)
    lines = list(map(",".join, zip(*fields, strict=True)))
    lines.append("")
    return "\n".join(lines)
