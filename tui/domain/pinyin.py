"""Pinyin search keys for Chinese text: `cxzx` (initials) or `chaxun` finds 查询咨询.

Readings come from the generated `pinyin_table` (see scripts/gen_pinyin_table.py), not
from pypinyin, whose import costs 0.2 s and 50 MB at start-up. A table has no context,
so 银行 reads yinxing by its most common reading; the `*_keys` functions add variants
with one character read another way (yinhang, yh), so agents find it either way.
ASCII letters and digits in the text are kept (lower-cased) so "VIP会员" gives "viphy";
other characters, and Han characters the table does not know, add nothing.
"""

from __future__ import annotations

from functools import cache, lru_cache
from itertools import chain

from tui.domain import pinyin_table as _table

FULL_PINYIN_MAX = 40
"""Letters kept per full-pinyin key: nobody types more, and labels stay cheap to index."""

_Unit = tuple[int, tuple[str, ...], bool]
"""(index in the text, readings most common first, starts a syllable)."""


@cache
def _all_readings() -> tuple[str, ...]:
    return tuple(_table.READINGS.split(" "))


@cache
def readings(char: str) -> tuple[str, ...]:
    """Toneless readings of one Han character, most common first; () for anything else."""
    code = ord(char)
    if _table.FIRST <= code <= _table.LAST:
        entry = _all_readings()[code - _table.FIRST]
        return tuple(entry.split("/")) if entry else ()
    return ()


def pinyin_initials(text: str) -> str:
    """First letter of each Han character's most common reading: 查询咨询 -> "cxzx"."""
    out: list[str] = []
    for char in text:
        code = ord(char)
        if _table.FIRST <= code <= _table.LAST:
            letter = _table.INITIALS[code - _table.FIRST]
            if letter != "?":
                out.append(letter)
        elif char.isascii() and char.isalnum():
            out.append(char.lower())
    return "".join(out)


def _units(text: str) -> list[_Unit]:
    """(index in text, readings most common first, starts a syllable) per kept character."""
    units: list[_Unit] = []
    previous_ascii = False
    for index, char in enumerate(text):
        if char.isascii() and char.isalnum():
            units.append((index, (char.lower(),), not previous_ascii))
            previous_ascii = True
            continue
        previous_ascii = False
        found = readings(char)
        if found:
            units.append((index, found, True))
    return units


def initials_positions(text: str) -> list[int]:
    """Index in `text` of the character behind each letter of `pinyin_initials(text)`."""
    return [index for index, _, _ in _units(text)]


def pinyin_initials_keys(text: str) -> tuple[str, ...]:
    """`pinyin_initials(text)` first, then each variant with one character read another way."""
    return _initials_keys(_units(text))


def full_pinyin_keys(text: str, *, head_only: bool = False) -> tuple[str, ...]:
    """Toneless pinyin from each syllable start to the end: 查询 -> ("chaxun", "xun").

    A query is a full-pinyin match when it begins one of these keys, so "xun" finds
    查询 but "haxun" does not. Each key is cut to FULL_PINYIN_MAX letters and comes in
    the most common reading and in variants with one character read another way.
    `head_only` keeps the keys from the first syllable: the ones a prefix match uses.
    """
    groups = _full_key_groups(_units(text))
    if head_only:
        return groups[0] if groups else ()
    return tuple(dict.fromkeys(chain.from_iterable(groups)))


@lru_cache(maxsize=8192)
def pinyin_keys(text: str) -> tuple[tuple[str, ...], tuple[str, ...], tuple[str, ...]]:
    """(initials keys, full-pinyin keys from the first syllable, all full-pinyin keys),
    as the three functions above give them, reading the text once.

    Cached: an index is built per display language from the same Chinese labels."""
    units = _units(text)
    groups = _full_key_groups(units)
    head = groups[0] if groups else ()
    every = tuple(dict.fromkeys(chain.from_iterable(groups)))
    return _initials_keys(units), head, every


def _initials_keys(units: list[_Unit]) -> tuple[str, ...]:
    main = "".join([found[0][0] for _, found, _ in units])
    keys = [main]
    for position, (_, found, _) in enumerate(units):
        for other in found[1:]:
            if other[0] != found[0][0]:
                keys.append(main[:position] + other[0] + main[position + 1 :])
    return tuple(dict.fromkeys(keys))


def _full_key_groups(units: list[_Unit]) -> list[tuple[str, ...]]:
    """Per syllable start, in text order: its key and the one-reading-swapped variants."""
    main = "".join(found[0] for _, found, _ in units)
    offsets = [0]
    for _, found, _ in units:
        offsets.append(offsets[-1] + len(found[0]))
    swappable = [position for position, (_, found, _) in enumerate(units) if len(found) > 1]
    groups: list[tuple[str, ...]] = []
    for start, (_, _, starts) in enumerate(units):
        if not starts:
            continue
        begin = offsets[start]
        keys = [main[begin : begin + FULL_PINYIN_MAX]]
        for position in swappable:
            if position < start:
                continue
            if offsets[position] - begin >= FULL_PINYIN_MAX:
                break
            head, tail = main[begin : offsets[position]], main[offsets[position + 1] :]
            for other in units[position][1][1:]:
                keys.append((head + other + tail)[:FULL_PINYIN_MAX])
        groups.append(tuple(dict.fromkeys(keys)))
    return groups


def full_pinyin_span(text: str, typed: str) -> tuple[int, int] | None:
    """Characters of `text` that `typed` spells as full pinyin from a syllable start,
    as (start, end) indexes for highlighting; None when it spells none."""
    units = _units(text)

    def reach(position: int, rest: str) -> int | None:
        # The unit after the last one `rest` needs, trying every reading of each.
        if not rest:
            return position
        if position == len(units):
            return None
        for reading in units[position][1]:
            if reading.startswith(rest):
                return position + 1
            if rest.startswith(reading):
                end = reach(position + 1, rest[len(reading) :])
                if end is not None:
                    return end
        return None

    for start, (index, _, starts) in enumerate(units):
        if starts and typed:
            end = reach(start, typed)
            if end is not None:
                return index, units[end - 1][0] + 1
    return None
