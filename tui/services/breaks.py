"""The agent's breaks and reset reminders: what the desk's break side asks of the store.

The policy that decides when a reset is offered is in `tui.domain.break_policy`; this
asks it after each saved call and keeps what it decided.
"""

from __future__ import annotations

from pendulum import DateTime

from tui.domain.break_policy import BreakPolicy, TriggerKind, evaluate
from tui.domain.breaks import Break, BreakCode, Reminder
from tui.domain.calls import Call
from tui.domain.ids import uuid7
from tui.store import breaks as break_store
from tui.store.db import Store

# How far back the policy looks: its longest window is the talk stretch without a break.
LOOKBACK_HOURS = 12


class BreakService:
    def __init__(self, store: Store, agent: str) -> None:
        self._store = store
        self._agent = agent

    async def current(self) -> Break | None:
        """The break the agent is on, if any (a break outlives a restart of the desk)."""
        return await break_store.current_break(self._store, self._agent)

    async def open_reminder(self, now: DateTime) -> Reminder | None:
        """The newest reminder still offered, if any."""
        since = now.subtract(hours=LOOKBACK_HOURS)
        open_ones = [
            r
            for r in await break_store.recent_reminders(self._store, self._agent, since)
            if r.is_open
        ]
        return open_ones[-1] if open_ones else None

    async def offer_after(self, call: Call, policy: BreakPolicy, now: DateTime) -> Reminder | None:
        """After a durable save: flag an abusive call for the lead, ask the policy, and
        keep the reminder it offers (returned, to be shown)."""
        store, agent = self._store, self._agent
        if call.mood == "abusive":
            await break_store.flag_for_lead(
                store, agent=agent, kind="abusive_call", call_id=call.id, now=now
            )
        since = now.subtract(hours=LOOKBACK_HOURS)
        trigger = evaluate(
            policy,
            await break_store.recent_call_moods(store, agent, since),
            await break_store.recent_breaks(store, agent, since),
            now,
            reminders=await break_store.recent_reminders(store, agent, since),
        )
        if trigger is None:
            return None
        reminder = Reminder(id=uuid7(now), trigger=trigger.kind, created_at=now).show(now)
        await break_store.save_reminder(store, reminder, agent=agent)
        return reminder

    async def save_reminder(self, reminder: Reminder) -> None:
        await break_store.save_reminder(self._store, reminder, agent=self._agent)

    async def start(
        self,
        code: BreakCode,
        now: DateTime,
        *,
        trigger: TriggerKind | None = None,
        reminder_id: str | None = None,
    ) -> Break:
        """Open a break; refused (BreakError) while one is open."""
        return await break_store.start_break(
            self._store,
            agent=self._agent,
            code=code,
            now=now,
            trigger=trigger,
            reminder_id=reminder_id,
        )

    async def end(
        self,
        break_id: str,
        now: DateTime,
        *,
        mood_before: int | None = None,
        mood_after: int | None = None,
    ) -> Break:
        """Close a running break at `now`; refused (BreakError) if it is already closed."""
        return await break_store.end_break(
            self._store, break_id, now=now, mood_before=mood_before, mood_after=mood_after
        )

    async def recent(self, since: DateTime) -> list[Break]:
        return await break_store.recent_breaks(self._store, self._agent, since)
