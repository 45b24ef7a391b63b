"""The filter line above a numbered list: it types everything except the digits 1-9,
which pick the numbered entries, so the commonest choice is a single keystroke."""

from __future__ import annotations

from tui.widgets.bounded import BoundedInput

PICK_DIGITS = frozenset("123456789")
FILTER_LIMIT = 100
"""Characters in a filter: longer than any reason or phrase it could find."""


class FilterInput(BoundedInput):
    def __init__(self, value: str | None = None, **options: object) -> None:
        super().__init__(value, max_length=FILTER_LIMIT, **options)

    def check_consume_key(self, key: str, character: str | None = None) -> bool:
        if character in PICK_DIGITS:
            return False
        return super().check_consume_key(key, character)
