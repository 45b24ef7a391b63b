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

FORMULA_START = frozenset("=+-@\t\r")
_CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f]")
# JSON escapes C0 itself; DEL and C1 it leaves raw when it writes UTF-8.
_JSON_RAW = re.compile("[\x7f-\x9f]")


# In CSV text, a cell that might start like a formula: after a comma or a line feed,
# perhaps behind an opening quote. A line feed inside a quoted cell, or a negative
# number, gives a false alarm, which costs only time.
_FORMULA_AFTER = re.compile('[,\n]"?[-=+@\t]')


def needs_care(csv_text: str) -> bool:
    """Whether CSV text written plainly might hold a text cell `csv_cell` would change: a
    control character (line feed and tab aside) or a formula's first character. Two
    searches over a whole chunk, at C speed; a miss means every cell is already safe.
    (Booleans are not looked for: an export that has them takes the careful path.)"""
    if csv_text[:1] in FORMULA_START or csv_text[1:2] in FORMULA_START:
        return True
    return bool(_CONTROL.search(csv_text) or _FORMULA_AFTER.search(csv_text))


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
