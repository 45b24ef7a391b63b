"""Text that an agent typed or a file holds, made safe to show and to take in.

Names, notes, phrase blanks, payloads and settings keys reach the screen. None of it is
ever markup, and none of it may drive the terminal: an escape sequence in a note could
clear the screen or set the clipboard (OSC 52), a NUL or a lone surrogate could break
the output, and a right-to-left override could make `12:00` read as `00:21`. `shown`
swaps each such character for a visible stand-in of the same length, so what is odd in
the text is seen rather than obeyed, and the stored text itself is never changed.

`take_paste` decides what of a paste goes into a field with `room` characters left. It
looks only at what can fit, so a 10 MB paste costs no more than a short one.
"""

from __future__ import annotations

import re

_C0_PICTURES = {code: chr(0x2400 + code) for code in range(0x20)}  # NUL → ␀, ESC → ␛
_STAND_IN = "\ufffd"  # �
_BIDI = (0x061C, 0x200E, 0x200F, *range(0x202A, 0x202F), *range(0x2066, 0x206A))

_TABLE: dict[int, str] = {
    **_C0_PICTURES,
    0x7F: "\u2421",  # DEL → ␡
    **{code: _STAND_IN for code in range(0x80, 0xA0)},  # C1, NEL and CSI among them
    **{code: _STAND_IN for code in _BIDI},
    **{code: _STAND_IN for code in range(0xD800, 0xE000)},  # lone surrogates
}
_TABLE[ord("\n")] = "\n"  # text with lines keeps them
_TABLE[ord("\t")] = " "  # a tab would move the terminal's cursor past the layout

UNSAFE = re.compile(
    "[\x00-\x08\x09\x0b-\x1f\x7f-\x9f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069\ud800-\udfff]"
)
"""A character `shown` replaces (a line break is not one)."""

LINE_BREAK = re.compile("\r\n|[\n\r\v\f\x1c-\x1e\x85\u2028\u2029]")


def shown(text: str) -> str:
    """`text` as it may reach the terminal: control, bidi and surrogate characters
    replaced one for one by visible stand-ins (␛, ␀, ␡, �); line breaks kept."""
    if UNSAFE.search(text) is None:
        return text
    return text.translate(_TABLE)


def take_paste(text: str, room: int, *, one_line: bool) -> tuple[str, int]:
    """(what of the paste goes in, how many of its characters are left out).

    At most `room` characters go in, shown as `shown` would show them. In a one-line
    field each line break becomes a space, so a pasted paragraph keeps all its words.
    """
    room = max(room, 0)
    end = len(text)
    if one_line:  # the break a copied line usually ends with is not part of it
        while end and text[end - 1] in "\r\n":
            end -= 1
    # A CR LF pair is two characters of source for one in the field: twice the room is
    # always enough source to fill it.
    head = text[: min(end, 2 * room + 2)]
    pieces: list[str] = []
    taken = 0
    used = 0  # characters of `text` consumed
    breaks = LINE_BREAK.finditer(head)
    while taken < room:
        found = next(breaks, None)
        stop = found.start() if found is not None else len(head)
        run = head[used:stop][: room - taken]
        pieces.append(run)
        taken += len(run)
        used += len(run)
        if found is None or taken >= room:
            break
        pieces.append(" " if one_line else "\n")
        taken += 1
        used = found.end()
    return shown("".join(pieces)), end - used
