"""The desk's own pushes to central, all day: soon after every save, and at least every
minute with the agent's state. Never in the agent's way: each push runs on a thread of
its own, one at a time; a failure is retried quietly, and all the agent ever sees is the
header's small marker with the time of the last push that worked."""

from __future__ import annotations

import asyncio
import threading
from collections.abc import Callable
from dataclasses import dataclass

from pendulum import DateTime

from tui.domain.agent_state import AgentState

EVERY_S = 60.0
"""The lead's board wants each agent's state minutes old."""
AFTER_SAVE_S = 2.0
"""A save is pushed this soon after; saves in a burst (a call and its complaint) go
together."""
RETRY_S = (10.0, 30.0, 60.0)
"""Waits after one, two, three or more failures in a row."""

PushOnce = Callable[[AgentState, DateTime], int]
"""Push what the workstation has that central lacks, and the agent's state; take the
complaints central has for this station's agents. Runs on a worker thread; the number of
complaints that arrived; raises on failure."""


@dataclass(frozen=True)
class SyncMarker:
    last_ok_at: DateTime | None
    failing: bool


class BackgroundSync:
    def __init__(
        self,
        push_once: PushOnce,
        on_marker: Callable[[SyncMarker], None],
        on_arrived: Callable[[int], None] | None = None,
    ) -> None:
        self._push_once = push_once
        self._on_marker = on_marker
        self._on_arrived = on_arrived
        self._due: DateTime | None = None
        """When the next push is due; None: at the first tick."""
        self._running: asyncio.Future[None] | None = None
        self._failures = 0
        self.marker = SyncMarker(None, False)

    @property
    def pending(self) -> asyncio.Future[None] | None:
        """The push in progress, if any (done once its result is marked)."""
        return self._running

    def saved(self, now: DateTime) -> None:
        soon = now.add(seconds=AFTER_SAVE_S)
        if self._due is None or soon < self._due:
            self._due = soon

    def tick(self, now: DateTime, state: AgentState) -> asyncio.Future[None] | None:
        """Start a push when one is due and none is running; the push, for tests to await."""
        if self._running is not None and not self._running.done():
            return None
        if self._due is not None and now < self._due:
            return None
        self._due = now.add(seconds=EVERY_S)
        loop = asyncio.get_running_loop()
        done: asyncio.Future[None] = loop.create_future()

        def run() -> None:
            try:
                arrived = self._push_once(state, now)
            except BaseException as exc:  # any failure is retried: none may reach the agent
                loop.call_soon_threadsafe(self._finished, done, now, exc, 0)
            else:
                loop.call_soon_threadsafe(self._finished, done, now, None, arrived)

        # A daemon thread: a push still waiting on an unreachable server never holds up
        # the desk's exit, and a push cut off mid-way is undone by its own transaction.
        threading.Thread(target=run, name="agentdesk-sync", daemon=True).start()
        self._running = done
        return done

    def _finished(
        self,
        done: asyncio.Future[None],
        started: DateTime,
        exc: BaseException | None,
        arrived: int,
    ) -> None:
        if exc is None:
            self._failures = 0
            self.marker = SyncMarker(started, False)
        else:
            self._failures += 1
            wait = RETRY_S[min(self._failures, len(RETRY_S)) - 1]
            self._due = started.add(seconds=wait)
            self.marker = SyncMarker(self.marker.last_ok_at, True)
        self._on_marker(self.marker)
        if arrived and self._on_arrived is not None:
            self._on_arrived(arrived)
        if not done.done():
            done.set_result(None)
