"""Copying phrases: the system clipboard through pyperclip, else the terminal's (OSC 52).

Over SSH or on a machine without a display pyperclip has no backend; the terminal can
still take the text through OSC 52, so the agent is told once and keeps working.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Literal

Route = Literal["system", "terminal"]


class Clipboard:
    def __init__(self, terminal_copy: Callable[[str], None]) -> None:
        self._terminal_copy = terminal_copy
        self._system_works: bool | None = None

    def copy(self, text: str) -> Route:
        if self._system_works is not False:
            try:
                import pyperclip

                pyperclip.copy(text)
                self._system_works = True
                return "system"
            except Exception:  # pyperclip raises its own and OS errors per backend
                self._system_works = False
        self._terminal_copy(text)
        return "terminal"


class MemoryClipboard:
    """For tests: remembers what was copied, through which route."""

    def __init__(self, route: Route = "system") -> None:
        self.route: Route = route
        self.copied: list[str] = []

    def copy(self, text: str) -> Route:
        self.copied.append(text)
        return self.route
