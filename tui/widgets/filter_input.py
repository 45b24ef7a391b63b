"""The filter line above a numbered list: it types everything except the digits 1-9,
which pick the numbered entries, so the commonest choice is a single keystroke."""

from __future__ import annotations

from textual.widgets import Input

PICK_DIGITS = frozenset("123456789")


class FilterInput(Input):
    def check_consume_key(self, key: str, character: str | None = None) -> bool:
        if character in PICK_DIGITS:
            return False
        return super().check_consume_key(key, character)
