"""Warning levels reached on open promises: which were crossed since the last look.

The desk looks once a second. Each tracked item (a complaint's promise, a follow-up call)
has a schedule of levels ("50%", "due-soon", "overdue", "followup-due") with the instant
each is reached; `AlertWatcher.check(now)` returns the levels reached since the previous
check, each exactly once, however often it is called and whatever screen is showing.

A schedule belongs to one promise. Tracking an item again with the same `signature` (the
same promise) changes nothing, so reloading the queue never repeats a warning; a new
signature (the promise was extended, or the clock resumed) starts a fresh schedule whose
levels already in the past at that moment count as seen, so an extension never fires a
burst of stale warnings.

The cost of a check is independent of how many items are tracked: the schedules sit in
one heap ordered by instant, and a check pops only what has come due.
"""

from __future__ import annotations

import heapq
import itertools
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime

SEVERITY: dict[str, int] = {"followup-due": 1, "due-soon": 2, "overdue": 3}
"""How loud a level is; "NN%" levels are 0 (information)."""


@dataclass(frozen=True)
class Mark:
    """One level of a schedule and the instant it is reached."""

    level: str
    at: datetime


@dataclass(frozen=True)
class Crossing:
    """A level reached: which item, which level, when it was reached."""

    key: str
    level: str
    at: datetime

    @property
    def severity(self) -> int:
        return SEVERITY.get(self.level, 0)


class AlertWatcher:
    """Schedules of warning levels per item, and the crossings not yet reported."""

    def __init__(self) -> None:
        self._signatures: dict[str, str] = {}
        # (instant, tie-breaker, key, signature, level): stale entries, whose signature is
        # no longer the key's, are dropped when they reach the top.
        self._heap: list[tuple[datetime, int, str, str, str]] = []
        self._counter = itertools.count()

    def __len__(self) -> int:
        return len(self._signatures)

    def __contains__(self, key: object) -> bool:
        return key in self._signatures

    def signature(self, key: str) -> str | None:
        return self._signatures.get(key)

    def track(self, key: str, marks: Iterable[Mark], *, signature: str, since: datetime) -> bool:
        """Watch `key`'s levels; levels reached at or before `since` count as already seen.

        Returns False (and changes nothing) when `key` is already tracked under
        `signature`, True when a new schedule was set.
        """
        if self._signatures.get(key) == signature:
            return False
        self._signatures[key] = signature
        for mark in marks:
            if mark.at > since:
                entry = (mark.at, next(self._counter), key, signature, mark.level)
                heapq.heappush(self._heap, entry)
        return True

    def forget(self, key: str) -> None:
        """Stop watching `key` (paused, replied, closed); its pending levels never fire."""
        self._signatures.pop(key, None)

    def retain(self, keys: Iterable[str]) -> None:
        """Forget every item not in `keys`."""
        keep = set(keys)
        for key in [k for k in self._signatures if k not in keep]:
            del self._signatures[key]

    def next_at(self) -> datetime | None:
        """The instant of the next pending crossing, if any."""
        self._drop_stale()
        return self._heap[0][0] if self._heap else None

    def check(self, now: datetime) -> list[Crossing]:
        """The levels reached at or before `now` and not reported yet, earliest first."""
        found: list[Crossing] = []
        heap = self._heap
        while heap and heap[0][0] <= now:
            at, _, key, signature, level = heapq.heappop(heap)
            if self._signatures.get(key) == signature:
                found.append(Crossing(key, level, at))
        if len(heap) > 64 and len(heap) > 4 * len(self._signatures):
            self._compact()
        return found

    def _drop_stale(self) -> None:
        heap = self._heap
        while heap and self._signatures.get(heap[0][2]) != heap[0][3]:
            heapq.heappop(heap)

    def _compact(self) -> None:
        # Re-tracking leaves old entries behind; rebuild once they outnumber the live ones.
        self._heap = [e for e in self._heap if self._signatures.get(e[2]) == e[3]]
        heapq.heapify(self._heap)


def loudest(crossings: Iterable[Crossing]) -> list[Crossing]:
    """One crossing per item: the most severe (the latest among equals).

    When the desk was asleep through several levels of one promise, the agent needs to
    hear that it is overdue, not three stale warnings in a row.
    """
    best: dict[str, Crossing] = {}
    for crossing in crossings:
        held = best.get(crossing.key)
        if held is None or (crossing.severity, crossing.at) >= (held.severity, held.at):
            best[crossing.key] = crossing
    return sorted(best.values(), key=lambda c: (c.at, c.key))
