"""Caller numbers: what an agent may type, and how a number looks on shared screens."""

from __future__ import annotations

import re
from collections.abc import Iterable
from operator import itemgetter

# Digits, with an optional leading + and spaces or dashes between groups.
_ALLOWED = re.compile(r"^\+?[0-9][0-9 \-]*$")
MIN_DIGITS = 3
MAX_DIGITS = 20
# The masked form keeps at most this many trailing digits.
TAIL_DIGITS = 4
# In free text, this many digits in a row (single spaces or dashes allowed between them)
# are taken for a number: shorter runs are amounts, times and counts.
RUN_DIGITS = 7
# 2026-03-08 has eight digits but is a date, which notes are full of: a date is matched
# first and kept (its last ten characters are group 1), so its digits cannot start or
# join a run. Both begin with a plain `\d`, not the date's look-behind, so that a search
# jumps from digit to digit in C instead of trying both at every character of a note.
_DIGIT_RUN = re.compile(
    rf"\d(?:(?<!\d\d)(\d{{3}}-\d{{2}}-\d{{2}})(?!\d)|(?:[ \-]?\d){{{RUN_DIGITS - 1},}})"
)
INPUT_LIMIT = 2 * MAX_DIGITS
"""Characters a number field holds: the most digits, a + and a separator between each."""


def digits(number: str) -> str:
    return "".join(ch for ch in number if ch.isdigit())


def validate(number: str) -> str | None:
    """None when the number is acceptable (or empty), else the i18n key of the problem."""
    number = number.strip()
    if not number:
        return None
    if not _ALLOWED.match(number):
        return "phone.bad_chars"
    count = len(digits(number))
    if count < MIN_DIGITS:
        return "phone.too_short"
    if count > MAX_DIGITS:
        return "phone.too_long"
    return None


def normalise(number: str) -> str:
    """The stored form: a leading + kept, spaces and dashes dropped."""
    number = number.strip()
    return ("+" if number.startswith("+") else "") + digits(number)


def shown_positions(count: int) -> tuple[int, int]:
    """How many leading and trailing digits of `count` stay visible: at most half of them,
    rounded down, the last four first (what a caller reads back), then from the front."""
    visible = count // 2
    tail = min(TAIL_DIGITS, visible)
    return visible - tail, tail


# Looked up rather than worked out: an export masks a million numbers.
_SHOWN = tuple(shown_positions(count) for count in range(64))
# For a number of n plain digits: (digits kept in front, the stars, where the tail starts).
_CUTS = tuple((head, "*" * (n - head - tail), n - tail) for n, (head, tail) in enumerate(_SHOWN))
_ANY_DIGIT = re.compile(r"\d")


def _mask_in_place(text: str) -> str:
    """Hide digits of `text` by the one rule, leaving every other character where it is."""
    places = [i for i, ch in enumerate(text) if ch.isdigit()]
    count = len(places)
    head, tail = _SHOWN[count] if count < len(_SHOWN) else shown_positions(count)
    if head + tail == count:
        return text
    start, end = places[head], places[count - tail - 1] + 1
    return text[:start] + _ANY_DIGIT.sub("*", text[start:end]) + text[end:]


def mask(number: str) -> str:
    """`13812345678` → `1******5678`: enough to recognise a caller, never enough to call
    them. Never more than half the digits show, whatever the length."""
    plus = "+" if number[:1] == "+" else ""
    bare = number[1:] if plus else number
    # Stored numbers are plain ASCII digits: slice them (an export masks a million).
    d = bare if bare.isascii() and bare.isdigit() else digits(number)
    count = len(d)
    head, tail = _SHOWN[count] if count < len(_SHOWN) else shown_positions(count)
    return plus + d[:head] + "*" * (count - head - tail) + d[count - tail :]


def mask_all(numbers: Iterable[str]) -> list[str]:
    """`mask` for many numbers, as an export needs: stored numbers are plain ASCII digits,
    cut by table in one expression; anything else goes through `mask` itself."""
    numbers = list(numbers)
    joined = "".join(numbers)
    lengths = set(map(len, numbers))
    if joined.isascii() and joined.isdigit() and max(lengths) < len(_CUTS):
        # The usual column: digits only, so the whole check is two calls in C.
        if len(lengths) == 1:
            # And of one length, as a desk's callers mostly are: one cut for every number,
            # made by map and join in C.
            head, stars, tail = _CUTS[lengths.pop()]
            heads = map(itemgetter(slice(0, head)), numbers)
            tails = map(itemgetter(slice(tail, None)), numbers)
            return list(map(stars.join, zip(heads, tails, strict=True)))
        cuts = map(_CUTS.__getitem__, map(len, numbers))
        return [
            n[: cut[0]] + cut[1] + n[cut[2] :] if n else n
            for n, cut in zip(numbers, cuts, strict=True)
        ]
    return [
        n[: (cut := _CUTS[len(n)])[0]] + cut[1] + n[cut[2] :]
        if len(n) < len(_CUTS) and n.isascii() and n.isdigit()
        else (mask(n) if n else n)
        for n in numbers
    ]


_STARS = str.maketrans("0123456789", "*" * 10)
# A run's shape: its digits as 0, its separators as they are ("000 0000 0000"). Where its
# hidden digits start and end, and how that stretch reads masked ("** ****"), depend on
# the shape alone; notes hold few shapes, so each is worked out once. (Bytes: translating
# them is a table lookup, five times quicker than str.translate's per-character dict.)
_SHAPE = bytes.maketrans(b"0123456789", b"0" * 10)
_CUT_OF_SHAPE: dict[bytes, tuple[int, int, str]] = {}
_SHAPES_KEPT = 1024
_SHAPE_LENGTH_KEPT = 64


def _cut_of(shape: str) -> tuple[int, int, str]:
    """Where the hidden digits of a run shaped like `shape` start and end, and that
    stretch masked."""
    places = [i for i, ch in enumerate(shape) if ch == "0"]
    count = len(places)
    head, tail = _SHOWN[count] if count < len(_SHOWN) else shown_positions(count)
    if head + tail == count:
        return 0, 0, ""
    start, end = places[head], places[count - tail - 1] + 1
    return start, end, shape[start:end].translate(_STARS)


def _hide_run(match: re.Match[str]) -> str:
    run = match.group()
    if match.group(1) is not None:
        return run  # a date, kept
    if not run.isascii():
        return _mask_in_place(run)
    # ASCII: digits with single spaces or dashes between them.
    shape = run.encode("ascii").translate(_SHAPE)
    cut = _CUT_OF_SHAPE.get(shape)
    if cut is None:
        cut = _cut_of(shape.decode("ascii"))
        if len(shape) <= _SHAPE_LENGTH_KEPT:
            if len(_CUT_OF_SHAPE) >= _SHAPES_KEPT:
                _CUT_OF_SHAPE.clear()
            _CUT_OF_SHAPE[shape] = cut
    start, end, hidden = cut
    return run[:start] + hidden + run[end:]


def mask_digit_runs(text: str) -> str:
    """Free text (a note, a description) with every phone-like run of digits masked by the
    same rule as `mask`; separators and everything else are kept as typed."""
    if len(text) < RUN_DIGITS:
        return text
    return _DIGIT_RUN.sub(_hide_run, text)
