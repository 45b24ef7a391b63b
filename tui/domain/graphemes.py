"""What a terminal draws as one character, by Rich's rules (the ones the screen is
measured by).

`👨‍👩‍👧` is five code points, three people joined by zero-width joiners, and one
two-cell character on screen; `👍🏽` is a thumb and a skin tone. A cursor that stops
between the code points of such a sequence splits it in two when it is drawn, and the
two halves are measured wider than the whole, which pushed a field's right border out.
So cursors stop only between graphemes.

A zero-width joiner and the tag characters of a flag like 🏴󠁧󠁢󠁳󠁣󠁴󠁿 are format
characters (Unicode Cf) that Python does not count as printable; a terminal sends them
as keys like any other part of the emoji, and an input that dropped them saved
`👨👩👧`, three people, instead of a family. Fields take them (`is_joiner`) as text.
"""

from __future__ import annotations

from rich.cells import get_character_cell_size, split_graphemes

ZWJ = "\u200d"
_TAGS = range(0xE0020, 0xE0080)  # tag letters and the cancel tag that ends a flag


def is_joiner(character: str) -> bool:
    """A format character that is part of an emoji sequence, never a control."""
    return character == ZWJ or (len(character) == 1 and ord(character) in _TAGS)


def snap(text: str, index: int, *, forward: bool) -> int:
    """`index` if it lies between graphemes of `text`; else the nearest boundary in
    the direction the cursor was moving, so → and ← step over a sequence whole."""
    if index <= 0 or index >= len(text) or text.isascii():
        return index
    if text[index - 1] == ZWJ and get_character_cell_size(text[index]) < 2:
        # A joiner just typed before plain text: the emoji that completes the
        # sequence goes right here, not past the letter Rich counts as joined.
        return index
    spans, _ = split_graphemes(text)
    for start, end, _cells in spans:
        if start < index < end:
            return end if forward else start
        if start >= index:
            break
    return index
