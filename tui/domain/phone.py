"""Caller numbers: what an agent may type, and how a number looks on shared screens."""

from __future__ import annotations

import re

# Digits, with an optional leading + and spaces or dashes between groups.
_ALLOWED = re.compile(r"^\+?[0-9][0-9 \-]*$")
MIN_DIGITS = 3
MAX_DIGITS = 20
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


def mask(number: str) -> str:
    """`13812345678` → `138****5678`: enough to recognise a caller, not to call them."""
    plus = "+" if number.startswith("+") else ""
    d = digits(number)
    if len(d) <= 4:
        return plus + "*" * len(d)
    if len(d) <= 7:
        return plus + "*" * (len(d) - 4) + d[-4:]
    return plus + d[:3] + "*" * (len(d) - 7) + d[-4:]
