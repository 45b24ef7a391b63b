"""The agent's calls as the desk reads and writes them: saved calls, the day's figures,
corrected reasons, and a call a previous desk left in hand. The call in hand itself is
kept by `tui.services.call_keeper`."""

from __future__ import annotations

from dataclasses import replace
from typing import TYPE_CHECKING

from pendulum import DateTime

from tui.domain.call_in_hand import DiscardReason, HeldCall
from tui.domain.calls import Call, DayStats
from tui.store import call_in_hand as held_store
from tui.store import calls as call_store
from tui.store.db import Store

if TYPE_CHECKING:
    from tui.domain.ringing import CallerHistory


class CallService:
    def __init__(self, store: Store, agent: str) -> None:
        self._store = store
        self._agent = agent

    async def save(self, call: Call) -> None:
        """One durable transaction: when this returns the call survives a power cut."""
        await call_store.save_call(self._store, call)

    async def recent(self, since: DateTime) -> list[Call]:
        """The agent's calls since `since`, each with its latest corrected reason."""
        return await call_store.recent_calls(self._store, self._agent, since)

    async def day_stats(self, since: DateTime) -> DayStats:
        return await call_store.day_stats(self._store, self._agent, since)

    async def reason_usage(self) -> dict[str, tuple[int, str]]:
        """code → (times used, last used), for the reason picker's order."""
        return await call_store.reason_usage(self._store, self._agent)

    async def correct_reason(self, call_id: str, code: str, at: DateTime) -> None:
        await call_store.correct_reason(self._store, call_id, code, self._agent, at)

    async def held(self) -> HeldCall | None:
        """The call a previous desk left in hand, if any, with what its softphone said."""
        held = await held_store.held_call(self._store, self._agent)
        if held is None:
            return None
        from tui.store import call_signals as signal_store  # the softphone's side: only now

        signals = await signal_store.signals_of(self._store, held.call_id)
        if not signals:
            return held
        rings = [s for s in signals if s.kind == "ring"]
        answers = [s.at for s in signals if s.kind == "answer"]
        hangups = [s.at for s in signals if s.kind == "hangup"]
        return replace(
            held,
            call_ref=next((s.call_ref for s in signals if s.call_ref), ""),
            queue=rings[0].queue if rings else "",
            rang_at=rings[0].at if rings else None,
            answered_at=answers[0] if answers else None,
            hung_up_at=hangups[-1] if hangups else None,
        )

    async def caller_history(self, number: str) -> CallerHistory:
        """What the desk knows of a ringing number: its last calls, its open complaints."""
        from tui.store import call_signals as signal_store

        return await signal_store.caller_history(self._store, number)

    async def complaints_on(self, call_id: str) -> list[str]:
        """The complaints opened on call `call_id`, oldest first."""
        return await held_store.complaints_on_call(self._store, call_id)

    async def discard_held(self, call_id: str, reason: DiscardReason, at: DateTime) -> None:
        await held_store.discard_call(self._store, self._agent, call_id, reason, at)
