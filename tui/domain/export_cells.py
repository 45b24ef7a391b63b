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
from collections.abc import Sequence
from operator import itemgetter

FORMULA_START = frozenset("=+-@\t\r")
_FIRST = itemgetter(slice(0, 1))
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
    """`plain_record` for many records at once, a column at a time in calls that run at C
    speed: an export runs it on every chunk, and nearly every chunk is plain."""
    for column in zip(*records, strict=True):
        try:
            joined = "".join(column)
            texts: Sequence[str] = column
        except TypeError:  # numbers or nothing in this column
            kinds = set(map(type, column))
            if bool in kinds:
                return False
            if str not in kinds:
                continue
            texts = [v for v in column if isinstance(v, str)]
            joined = "".join(texts)
        if not joined.isprintable() or not FORMULA_START.isdisjoint(map(_FIRST, texts)):
            return False
    return True


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
