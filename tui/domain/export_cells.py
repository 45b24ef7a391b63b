"""What an export may put in a cell: nothing a spreadsheet runs, nothing a terminal obeys.

CSV cells that begin with `=`, `+`, `-`, `@`, a tab or a carriage return are read as
formulas by Excel, LibreOffice and Google Sheets (`=HYPERLINK(...)`); OWASP's advice is
to prefix them with a single quote, which the spreadsheet shows as text and hides.

Control characters are written as visible `\\xNN` escapes: ESC starts terminal commands
(`\\x1b]52;` sets the clipboard, `\\x1b[2J` clears the screen), NUL cuts files short in
some tools, and the C1 range (U+0080-U+009F) holds 8-bit forms of the same commands.
Two are kept as typed: the line feed, which CSV carries inside a quoted cell and a
multi-line note needs, and the tab, which no terminal obeys as a command. A carriage
return is escaped: alone it lets the rest of a line overwrite what the reader sees.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence

FORMULA_START = frozenset("=+-@\t\r")
# What a column's cells are joined with to check them at once: printable, so the joined
# text is printable exactly when every cell is, and ASCII, so an ASCII column stays one
# byte a character. A tab or carriage return at the start of a cell is not printable.
COLUMN_JOIN = "~"
_FORMULA_AFTER_JOIN = re.compile("~[=+\\-@]")
_PRINTABLE_ASCII = bytes(range(0x20, 0x7F))
_CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f]")
# JSON escapes C0 itself; DEL and C1 it leaves raw when it writes UTF-8.
_JSON_RAW = re.compile("[\x7f-\x9f]")


def plain_record(record: Sequence[object]) -> bool:
    """Whether a CSV writer may take `record` as it is: no boolean and no text `csv_text`
    could change. It may say no to a safe record (`isprintable` is also false for a line
    feed or an ideographic space), which then only costs the careful path."""
    for value in record:
        kind = value.__class__
        if kind is str:
            text: str = value  # type: ignore[assignment]
            if text[:1] in FORMULA_START or not text.isprintable():
                return False
        elif kind is bool:
            return False
    return True


def plain_chunk(records: Sequence[Sequence[object]]) -> bool:
    """`plain_record` for many records at once: `plain_columns` of their columns."""
    return plain_columns(tuple(zip(*records, strict=True)))


def plain_columns(columns: Iterable[Sequence[object]]) -> bool:
    """Whether records made of these columns may all go to a CSV writer as they are (see
    `plain_record`; it may also say no to a safe cell holding `~=`, `~+`, `~-` or `~@`).

    An export runs it on every chunk and nearly every chunk is plain, so each column is
    checked in a few calls that run at C speed over all its cells joined."""
    for column in columns:
        try:
            joined = COLUMN_JOIN.join(column)  # type: ignore[arg-type]
        except TypeError:  # numbers or nothing in this column, or a damaged file's bytes
            kinds = set(map(type, column))
            if bool in kinds:
                return False
            if str not in kinds:
                continue
            joined = COLUMN_JOIN.join([v for v in column if isinstance(v, str)])
        if not plain_joined(joined):
            return False
    return True


def plain_joined(joined: str) -> bool:
    """Whether every cell of text joined by `COLUMN_JOIN` is plain: every character
    printable, and no cell starting with a formula character, which in the joined text is
    one at the start or right after the join."""
    if joined.isascii():
        # isprintable reads every character through Unicode's tables; in ASCII the
        # printable ones are a range, removed in one byte-table pass.
        if joined.encode("ascii").translate(None, _PRINTABLE_ASCII):
            return False
    elif not joined.isprintable():
        return False
    return joined[:1] not in FORMULA_START and _FORMULA_AFTER_JOIN.search(joined) is None


def _escape(match: re.Match[str]) -> str:
    return f"\\x{ord(match.group(0)):02x}"


def escape_controls(text: str) -> str:
    """`text` with every control character but line feed and tab as a visible `\\xNN`."""
    if text.isprintable():
        return text
    return _CONTROL.sub(_escape, text)


def csv_text(text: str) -> str:
    """A text cell safe to open in a spreadsheet and to print on a terminal."""
    if not text.isprintable():
        text = _CONTROL.sub(_escape, text)
    if text and text[0] in FORMULA_START:
        return "'" + text
    return text


def csv_cell(value: object) -> object:
    """One CSV cell: booleans as true/false, nothing as empty, numbers as numbers (a
    number cannot hold a formula, so `-5` stays a negative number), text made safe."""
    if value is None:
        return ""
    if value is True:
        return "true"
    if value is False:
        return "false"
    if isinstance(value, int | float):
        return value
    return csv_text(str(value))


def json_line(serialised: str) -> str:
    """JSON text with DEL and C1 written as \\u escapes: the same value, nothing raw."""
    if serialised.isascii():
        return serialised
    return _JSON_RAW.sub(lambda m: f"\\u{ord(m.group(0)):04x}", serialised)
