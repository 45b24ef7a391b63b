"""The board's queue kept in order by moving only the rows that change.

A row's place depends on the clock (`board_order`: what is late first), but its state
only changes at two known instants, its due-soon and its due instant. So the rows sit
in one sorted list whose order holds at `now_ts`, a heap holds the next instant each
row changes state, and moving the clock on re-places only the rows whose instant came.
A read of central that changed a few complaints re-places only their rows. The count
of each state is kept the same way, so the counters line never walks ten thousand rows.
"""

from __future__ import annotations

import heapq
import itertools
import math
from bisect import bisect_left
from collections.abc import Iterable, Sequence

from tui.domain.board import URGENCY, BoardItem
from tui.domain.complaint_queue import RowState

OrderKey = tuple[int, float, str]


def next_change(item: BoardItem, now_ts: float) -> float | None:
    """The next instant after `now_ts` at which the row's state changes, if any: a
    running clock turns due-soon, then overdue (a follow-up call: due)."""
    row = item.row
    if row.kind == "complaint" and row.status != "open":
        return None  # paused and replied rows keep their state
    for instant in (row.due_soon_ts, row.due_ts):
        if now_ts < instant < math.inf:
            return instant
    return None


class BoardRows:
    """The board's rows in queue order at `now_ts`, with the number in each state."""

    def __init__(self) -> None:
        self._order: list[OrderKey] = []
        self._rows: list[BoardItem] = []
        # Each row's place and the state it was counted in, as of its last placing.
        self._held: dict[str, tuple[OrderKey, BoardItem, RowState]] = {}
        # (instant, tie-breaker, key, row): an entry whose row is no longer the key's
        # is dropped when it comes up.
        self._changes: list[tuple[float, int, str, BoardItem]] = []
        self._ties = itertools.count()
        self.now_ts = -math.inf
        self.counts: dict[RowState, int] = {}
        self.complaints = 0
        """Rows that are complaints (not follow-up calls)."""
        self.version = 0
        """Grows whenever the rows or their order change."""

    # ------------------------------------------------------------------ reading

    @property
    def rows(self) -> Sequence[BoardItem]:
        """The rows in order (the live list: read it, never change it)."""
        return self._rows

    def __len__(self) -> int:
        return len(self._rows)

    def get(self, key: str) -> BoardItem | None:
        held = self._held.get(key)
        return held[1] if held is not None else None

    def index(self, key: str) -> int | None:
        """Where the row `key` is, found by bisection."""
        held = self._held.get(key)
        if held is None:
            return None
        return bisect_left(self._order, held[0])

    # ------------------------------------------------------------------ changing

    def reset(self, items: Iterable[BoardItem], now_ts: float) -> None:
        """Every row at once, sorted (the first read, new deadline rules)."""
        self.now_ts = now_ts
        self._held = {}
        self._changes = []
        self.counts = {}
        self.complaints = 0
        pairs = []
        for item in items:
            key = self._order_key(item)
            self._held[item.key] = (key, item, self._count(item))
            self._schedule(item)
            pairs.append((key, item))
        pairs.sort(key=lambda pair: pair[0])
        self._order = [key for key, _ in pairs]
        self._rows = [item for _, item in pairs]
        self.version += 1

    def apply(self, removed: Iterable[str], added: Iterable[BoardItem], now_ts: float) -> None:
        """Take rows out (`removed`, by key) and put rows in (`added`; a key already here
        is replaced), the order at `now_ts`."""
        self.advance(now_ts)
        changed = False
        for key in removed:
            changed = self._remove(key) or changed
        for item in added:
            self._remove(item.key)
            self._insert(item)
            changed = True
        if changed:
            self.version += 1

    def advance(self, now_ts: float) -> list[str]:
        """Move the clock to `now_ts`: the rows whose state changed since are put in their
        new places. Their keys, in the order their instants came."""
        if now_ts < self.now_ts:
            # The clock went back (set by hand): every state may have changed back.
            self.reset(list(self._rows), now_ts)
            return [item.key for item in self._rows]
        self.now_ts = now_ts
        moved: list[str] = []
        changes = self._changes
        while changes and changes[0][0] <= now_ts:
            _, _, key, item = heapq.heappop(changes)
            held = self._held.get(key)
            if held is None or held[1] is not item:
                continue
            self._remove(key)
            self._insert(item)
            moved.append(key)
        if moved:
            self.version += 1
        return moved

    # ------------------------------------------------------------------ inside

    def _order_key(self, item: BoardItem) -> OrderKey:
        row = item.row
        return (URGENCY[row.state(self.now_ts)], row.due_ts, row.key)

    def _count(self, item: BoardItem) -> RowState:
        state = item.row.state(self.now_ts)
        self.counts[state] = self.counts.get(state, 0) + 1
        if item.row.kind == "complaint":
            self.complaints += 1
        return state

    def _schedule(self, item: BoardItem) -> None:
        instant = next_change(item, self.now_ts)
        if instant is None:
            return
        changes = self._changes
        heapq.heappush(changes, (instant, next(self._ties), item.key, item))
        if len(changes) > 64 and len(changes) > 4 * len(self._held):
            # Replaced rows leave their entries behind; drop them once they pile up.
            self._changes = [e for e in changes if self.get(e[2]) is e[3]]
            heapq.heapify(self._changes)

    def _insert(self, item: BoardItem) -> None:
        key = self._order_key(item)
        at = bisect_left(self._order, key)
        self._order.insert(at, key)
        self._rows.insert(at, item)
        self._held[item.key] = (key, item, self._count(item))
        self._schedule(item)

    def _remove(self, key: str) -> bool:
        held = self._held.pop(key, None)
        if held is None:
            return False
        order_key, item, state = held
        at = bisect_left(self._order, order_key)
        del self._order[at]
        del self._rows[at]
        self.counts[state] -= 1
        if item.row.kind == "complaint":
            self.complaints -= 1
        return True
