"""The desk's half of the softphone link: what a ring, an answer or a hangup does in
whatever state the agent is in, and what the desk knows of a ringing number.

A ring starts the call only when the desk itself is in front and free (idle, or in
after-call work, with no dialog open): the number is filled and the softphone's id kept.
Anywhere else it never moves the cursor or swaps the screen: it waits, in order, with a
line and a bell, and F2 takes it when the agent is ready (ending a break, if on one).
"""

from __future__ import annotations

import asyncio
from dataclasses import replace
from typing import TYPE_CHECKING, cast

from pendulum import DateTime
from textual.screen import Screen

from tui.domain.i18n import t
from tui.domain.ids import uuid7
from tui.domain.phone import mask
from tui.domain.phone_messages import PhoneEvent, PhoneReply, Taken
from tui.domain.ringing import CallerHistory, OpenComplaint, Ring, Signal, SignalKind, find_call
from tui.services.phone_link import PhoneLink
from tui.widgets.key_footer import live_labels

if TYPE_CHECKING:
    from collections.abc import Callable

    from tui.app import AgentDeskApp


class DeskPhone:
    """The phone side of one desk screen. `start_call` is the desk's own call start,
    handed in: a ring taken starts the call exactly as F2 does."""

    def __init__(
        self,
        desk: Screen[None],
        *,
        start_call: Callable[[Ring | None], None],
        panel_changed: Callable[[], None],
    ) -> None:
        self._desk = desk
        self._start_call = start_call
        self._panel_changed = panel_changed
        self.waiting: list[Ring] = []
        """Rings not taken yet, oldest first: F2 takes the first."""
        self.histories: dict[str, CallerHistory] = {}
        """What the desk found of each ringing number, once looked up."""

    @property
    def app(self) -> AgentDeskApp:
        return cast("AgentDeskApp", self._desk.app)

    def _key(self) -> str:
        return live_labels(self._desk).get("desk.new_call", "F2")

    # What the softphone says -------------------------------------------------------

    def take(self, event: PhoneEvent) -> PhoneReply:
        """Act on one event now (the link waits for this, never for the agent)."""
        if event.kind == "ring":
            return PhoneReply(True, self._ring(event))
        return self._answer_or_hangup(event)

    def _ring(self, event: PhoneEvent) -> Taken:
        app = self.app
        ring = Ring(event, app.clock.now())
        # The number first, its history a frame later: the lookup's read waits behind the
        # call's durable start, and the agent must see who is ringing before that.
        self._desk.call_after_refresh(self._look_up, event.number)
        free = (
            app.on_break is None
            and not app.session.in_call
            and app.held is None
            and not self.waiting
            # In front, not merely in sight behind a dialog: a ring never swaps a
            # screen the agent is working in.
            and app.screen is self._desk
            and app.store_ready
        )
        if free:
            self._start_call(ring)
            return "started"
        self.waiting.append(ring)
        number = mask(event.number)
        if app.on_break is not None:
            taken: Taken = "told"
            line = t(app.lang, "phone.ringing_on_break", number=number, key=self._key())
        elif app.session.in_call:
            taken = "waiting"
            line = t(app.lang, "phone.ringing_in_call", number=number, key=self._key())
        else:
            taken = "waiting"
            line = t(app.lang, "phone.ringing_later", number=number, key=self._key())
        # A line and a bell, where the agent is looking: a toast never takes the focus.
        app.notify(line, severity="warning", timeout=8)
        app.bell()
        self._panel_changed()
        return taken

    def next_waiting(self) -> Ring | None:
        """The oldest ring, taken off the list (F2 is starting its call)."""
        return self.waiting.pop(0) if self.waiting else None

    def _answer_or_hangup(self, event: PhoneEvent) -> PhoneReply:
        app = self.app
        session = app.session
        found = find_call(
            event.call_ref,
            current_ref=session.call_ref if session.in_call else None,
            saved_ref=(session.saved_call_ref or None) if session.phase == "after_call" else None,
            waiting=self.waiting,
        )
        if found is None:
            if event.call_ref:
                return PhoneReply(False, error=f"no call with id {event.call_ref!r} at the desk")
            return PhoneReply(False, error="no call is ringing or in hand at the desk")
        target, index = found
        now = app.clock.now()
        kind: SignalKind = "answer" if event.kind == "answer" else "hangup"
        if target == "current":
            if event.call_ref and not session.call_ref:
                session = session.with_call_ref(event.call_ref)
            if kind == "answer":
                session = session.answered(now)
            elif session.hung_up_at is None:
                session = session.hung_up(now)
            app.session = session
            app.keep_call()
            self.record(kind, session.call_id, now, session.call_ref)
        elif target == "saved":
            self.record(kind, session.saved_call_id, now, session.saved_call_ref)
        else:
            ring = self.waiting[index]
            if kind == "answer":
                if ring.answered_at is None:
                    self.waiting[index] = replace(ring, answered_at=now)
            else:
                # Put down before the agent took it: a missed call, kept as such.
                del self.waiting[index]
                self._record_missed(ring, now)
                app.notify(t(app.lang, "phone.missed", number=mask(ring.number)), timeout=8)
        self._panel_changed()
        return PhoneReply(True, "recorded")

    # What is kept ----------------------------------------------------------------------

    def record(
        self,
        kind: SignalKind,
        call_id: str | None,
        at: DateTime,
        call_ref: str = "",
        *,
        queue: str = "",
        number: str = "",
        ended_break: str | None = None,
    ) -> None:
        keeper = self.app.keeper
        if keeper is not None:
            signal = Signal(uuid7(at), call_id, kind, at, call_ref, queue, number, ended_break)
            keeper.signal(signal)

    def record_ring(self, ring: Ring, call_id: str, ended_break: str | None) -> None:
        """The ring (and an answer that came before F2) with the call it started."""
        event = ring.event
        self.record(
            "ring",
            call_id,
            ring.rang_at,
            event.call_ref,
            queue=event.queue,
            number=event.number,
            ended_break=ended_break,
        )
        if ring.answered_at is not None:
            self.record("answer", call_id, ring.answered_at, event.call_ref)

    def _record_missed(self, ring: Ring, at: DateTime) -> None:
        event = ring.event
        self.record(
            "ring", None, ring.rang_at, event.call_ref, queue=event.queue, number=event.number
        )
        self.record("hangup", None, at, event.call_ref, number=event.number)

    # The caller looked up --------------------------------------------------------------

    def _look_up(self, number: str) -> None:
        self._desk.run_worker(self._load_history(number), group="phone-lookup", exit_on_error=False)

    async def _load_history(self, number: str) -> None:
        try:
            history = await self.app.calls.caller_history(number)
        except Exception:  # the lookup is a help: a failed read only leaves it out
            return
        self.histories[number] = history
        self._panel_changed()

    def shown_number(self) -> str | None:
        """Whose history the desk shows: the caller of a call a ring started, else the
        first ring waiting."""
        session = self.app.session
        if session.in_call and session.rang_at is not None and session.caller:
            return session.caller
        return self.waiting[0].number if self.waiting else None

    def ring_line(self) -> str:
        """The waiting rings, for the desk's call panel; empty when none waits."""
        if not self.waiting:
            return ""
        app = self.app
        first = self.waiting[0]
        text = t(app.lang, "phone.waiting", number=mask(first.number))
        if first.event.queue:
            text += " · " + first.event.queue
        if len(self.waiting) > 1:
            text += " · " + t(app.lang, "phone.more_waiting", count=len(self.waiting) - 1)
        key = "phone.take_after_call" if app.session.in_call else "phone.take_now"
        return text + " · " + t(app.lang, key, key=self._key())

    def lookup_lines(self, now: DateTime) -> list[str]:
        number = self.shown_number()
        history = self.histories.get(number) if number else None
        if history is None:
            return []
        lang = self.app.lang
        if history.empty:
            return [t(lang, "phone.first_call")]
        lines: list[str] = []
        if history.calls:
            local = self.app.desk_tz
            calls = "; ".join(
                f"{c.started_at.in_timezone(local).format('MM-DD HH:mm')}"
                f" {self.app.reason_path(c.reason_code)}"
                for c in history.calls
            )
            lines.append(t(lang, "phone.last_calls", calls=calls))
        for complaint in history.complaints[:2]:
            lines.append(self._complaint_line(complaint, now))
        if len(history.complaints) > 2:
            lines.append(t(lang, "phone.more_complaints", count=len(history.complaints) - 2))
        return lines

    def _complaint_line(self, complaint: OpenComplaint, now: DateTime) -> str:
        # Only on a ring with an open complaint: the queue's module (and the register
        # under it) stays off the desk's start-up.
        from tui.domain.complaint_queue import countdown

        app = self.app
        lang = app.lang
        service = app.complaints
        item = service.by_key.get(complaint.complaint_id) if service is not None else None
        label = item.label(lang) if item is not None else complaint.class_code
        if complaint.status == "paused":
            left = countdown(complaint.remaining_s or 0)
            return t(lang, "phone.complaint_paused", label=label, left=left)
        if complaint.status != "open" or complaint.due is None:
            return t(lang, "phone.complaint_replied", label=label)
        seconds = (complaint.due - now).total_seconds()
        if seconds < 0:
            return t(lang, "phone.complaint_overdue", label=label, late=countdown(-seconds))
        return t(lang, "phone.complaint_due", label=label, left=countdown(seconds))


# The link, for the app ------------------------------------------------------------------


async def start_phone_link(app: AgentDeskApp) -> None:
    """Listen for the softphone once the store is open; say on the desk, in one line,
    why not when another user could reach the socket's folder or another desk of this
    agent already listens (this desk then runs without the link)."""

    async def deliver(event: PhoneEvent) -> PhoneReply:
        # Handled in the app's own turn, as a key is: two rings at once queue there in
        # the order they came, and each sees what the one before it did.
        done: asyncio.Future[PhoneReply] = asyncio.get_running_loop().create_future()

        def handle() -> None:
            if done.done():
                return  # the link gave up waiting: the phone was told it was not taken
            done.set_result(_take(app, event))

        app.call_later(handle)
        return await done

    link = PhoneLink(app.agent, deliver)
    refused = await link.start()
    if refused is None:
        app.phone_link = link
        return
    app.phone_link_refused = refused
    key = {
        "unsafe_folder": "phone.link.unsafe_folder",
        "another_desk": "phone.link.another_desk",
        "failed": "phone.link.failed",
    }[refused.why]
    app.notify(
        t(app.lang, key, detail=refused.detail),
        severity="warning" if refused.why == "another_desk" else "error",
        timeout=30,
    )


def _take(app: AgentDeskApp, event: PhoneEvent) -> PhoneReply:
    # The desk screen is found by what it holds: importing it here would be a circle.
    phones = (getattr(s, "phone", None) for s in app.screen_stack)
    phone = next((p for p in phones if isinstance(p, DeskPhone)), None)
    if phone is None or not app.store_ready:
        return PhoneReply(False, error="the desk is not ready")
    try:
        return phone.take(event)
    except Exception as exc:  # the phone is told; the desk stays as it was
        app.log.error(f"phone event {event.kind} not taken: {exc!r}")
        return PhoneReply(False, error="the desk could not take it")
