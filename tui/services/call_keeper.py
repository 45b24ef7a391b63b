"""Keeps the call in hand on disk while the agent works on it.

Every change (F2, the caller's number, the reason, a phrase blank) is written as soon as
the write before it has finished, always the newest state, so a kill loses at most the
keystrokes of one write (a few milliseconds). A failed write is kept and tried again on
the next change or tick, and the desk is told, so the agent can see the call is not yet
safe. Nothing here imports Textual: the app hands in how to run a background job.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable, Coroutine
from typing import TYPE_CHECKING, Any

from pendulum import DateTime

from tui.domain.call_in_hand import SEEN_EVERY_S, HeldCall
from tui.domain.clock import Clock
from tui.store import call_in_hand as held_store
from tui.store.db import Store

if TYPE_CHECKING:
    from tui.domain.ringing import Signal

Spawn = Callable[[Coroutine[Any, Any, None]], object]
FaultReport = Callable[[BaseException | None], None]


class CallKeeper:
    def __init__(
        self, store: Store, agent: str, clock: Clock, spawn: Spawn, on_fault: FaultReport
    ) -> None:
        self._store = store
        self._agent = agent
        self._clock = clock
        self._spawn = spawn
        self._on_fault = on_fault
        self._pending: HeldCall | None = None
        self._on_disk: set[str] = set()
        """Calls whose start is recorded."""
        self._holding: str | None = None
        self._seen_at: DateTime | None = None
        self._signals: list[Signal] = []
        """The softphone's signals not yet on disk: each waits for its call's start."""
        self._running = False
        self._idle = asyncio.Event()
        self._idle.set()
        self.failing = False

    def adopt(self, held: HeldCall) -> None:
        """A call given back from disk: its start is there already."""
        self._on_disk.add(held.call_id)
        self._holding = held.call_id
        self._seen_at = None

    def keep(self, held: HeldCall) -> None:
        self._pending = held
        self._holding = held.call_id
        self._kick()

    def signal(self, signal: Signal) -> None:
        """Keep what the softphone said about a call (written after the call's start)."""
        self._signals.append(signal)
        self._kick()

    def forget(self, call_id: str) -> None:
        """The call was saved or discarded: nothing more to keep for it."""
        self._on_disk.add(call_id)  # saved or discarded: its start is on disk now
        if self._pending is not None and self._pending.call_id == call_id:
            self._pending = None
        if self._holding == call_id:
            self._holding = None
        self.failing = False

    def tick(self, now: DateTime) -> None:
        """Retry a failed write; note now and then that the call is still held."""
        if self._running:
            return
        due = self._seen_at is None or (now - self._seen_at).total_seconds() >= SEEN_EVERY_S
        if self._pending is not None or self._signals or (self._holding is not None and due):
            self._kick()

    async def flush(self) -> None:
        """Write what is pending now, in this task (before quitting or saving)."""
        await self._idle.wait()
        self._running = True
        self._idle.clear()
        await self._run()

    async def leave(self) -> None:
        """The desk is closing with the call in hand: note the moment, so a wrap-up on
        the next start knows when the call ended."""
        await self.flush()
        if self._holding is not None:
            await held_store.still_holding(self._store, self._holding, self._clock.now())

    def _kick(self) -> None:
        if not self._running:
            self._running = True
            self._idle.clear()
            self._spawn(self._run())

    async def _run(self) -> None:
        try:
            await self._drain()
        finally:
            self._running = False
            self._idle.set()

    async def _drain(self) -> None:
        while True:
            held, self._pending = self._pending, None
            now = self._clock.now()
            try:
                if held is not None:
                    if held.call_id in self._on_disk:
                        await held_store.keep_call(self._store, self._agent, held, now)
                    else:
                        await held_store.start_call(self._store, self._agent, held, now)
                        self._on_disk.add(held.call_id)
                elif self._writable_signals():
                    from tui.store import call_signals as signal_store  # a softphone's

                    signals = self._writable_signals()
                    await signal_store.add_signals(self._store, signals)
                    self._signals = [s for s in self._signals if s not in signals]
                elif self._holding is not None:
                    await held_store.still_holding(self._store, self._holding, now)
                else:
                    return
            except Exception as exc:  # kept; tried again on the next change or tick
                if self._pending is None:
                    self._pending = held
                self.failing = True
                self._on_fault(exc)
                return
            self._seen_at = now
            if self.failing:
                self.failing = False
                self._on_fault(None)
            if self._pending is None and not self._writable_signals():
                return

    def _writable_signals(self) -> list[Signal]:
        """Signals whose call's start is on disk (the table references it), in order."""
        return [s for s in self._signals if s.call_id is None or s.call_id in self._on_disk]
