"""What the app has told the agent in notifications since they were last cleared,
newest last, as shown."""

from __future__ import annotations

from collections import deque
from collections.abc import Iterator
from dataclasses import dataclass

from textual.notifications import SeverityLevel

KEPT = 50
"""Enough for any one stretch of work; older ones are long off the screen."""


@dataclass(frozen=True, slots=True)
class Notice:
    message: str
    title: str
    severity: SeverityLevel


class Notices:
    """The last KEPT notifications: Textual keeps its own only while a toast is up, and
    privately."""

    def __init__(self) -> None:
        self._kept: deque[Notice] = deque(maxlen=KEPT)

    def add(self, notice: Notice) -> None:
        self._kept.append(notice)

    def clear(self) -> None:
        self._kept.clear()

    def __iter__(self) -> Iterator[Notice]:
        return iter(tuple(self._kept))

    def __len__(self) -> int:
        return len(self._kept)

    @property
    def messages(self) -> list[str]:
        return [notice.message for notice in self._kept]
