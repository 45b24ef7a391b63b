"""The complaint side of the desk, for a whole shift: the deadline rules, the agent's queue,
the warnings as promises come due, and every write to the register the screens ask for.

No Textual here: the app owns one service and adapts what it reports (`on_change`,
`on_notice`, `on_bell`) into a signal and notifications, so warnings reach the agent
whatever is showing, never as a screen pushed over a call in progress, and the sync or the
lead board can run the same rules away from the desk.

Nothing here is on the start-up path: the app creates it after the desk's first paint,
and the rules (with the `holidays` tables behind them) and the queue load in a worker,
the arithmetic in a thread. F5 waits for them; F6 shows the queue as soon as it is read.
"""

from __future__ import annotations

import asyncio
import logging
import time
from collections.abc import Awaitable, Callable, Coroutine, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal

from pendulum import DateTime

from tui.domain.clock import Clock
from tui.domain.complaint_alerts import AlertWatcher, Crossing, loudest
from tui.domain.complaint_queue import QueueItem, items_for, queue_order, replace_complaint
from tui.domain.complaints import ComplaintFacts, parse_form
from tui.domain.i18n import Lang, t
from tui.domain.reasons import ReasonTree
from tui.domain.register import ComplaintState, Event
from tui.store import complaints as complaint_store
from tui.store.call_in_hand import call_started
from tui.store.db import Store
from tui.store.drafts import Draft, discard_draft, draft_call_id, load_draft, save_draft
from tui.store.paths import db_dir

if TYPE_CHECKING:
    from tui.domain.deadline_rules import RuleSet
    from tui.domain.deadlines import Promise

Severity = Literal["information", "warning", "error"]
_SEVERITY: dict[int, Severity] = {0: "information", 1: "warning", 2: "warning", 3: "error"}
# Beyond this many crossings in one second, one summary says the rest.
NOTIFY_AT_MOST = 3

_log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Notice:
    """Something the agent must read now, wherever the desk is: plain text, never markup."""

    text: str
    severity: Severity = "information"
    timeout: float | None = None


Spawn = Callable[[Coroutine[Any, Any, None]], object]


def rules_path() -> Path:
    return db_dir() / "seed" / "deadlines.toml"


PUBLISHED_RULES = "deadlines.toml (published)"
"""Where rules applied from a published reference revision say they come from."""


def read_rules(path: Path, now: DateTime, text: str | None = None) -> RuleSet:
    """Parse the rules (`text`, published ones, when given; else the file at `path`) and
    warm each calendar's holiday tables with one promise per class, so the first promise
    the agent makes costs no more than the next."""
    from tui.domain.deadline_rules import load_rules, parse_rules
    from tui.domain.deadlines import make_promise

    rules = parse_rules(text, source=PUBLISHED_RULES) if text is not None else load_rules(path)
    for code in rules.classes:
        make_promise(rules, code, now)
    return rules


PAGE_ROWS = 120
"""Rows read first, before the rest of the queue: more than a tall terminal shows."""


SLICE_S = 0.015
"""Longest stretch the whole queue's build holds the event loop before letting keys in.
Not a thread: a thread busy in Python makes every hop of the event loop wait for the GIL,
and the desk then answers keys in seconds instead of milliseconds."""


class ComplaintService:
    """Rules, queue and alerts for one agent; the screens call it, it calls the store.

    It tells whoever owns it what changed through three plain callbacks: `on_change`
    (the queue's rows, after every load and write), `on_notice` (a line for the agent)
    and `on_bell` (once after a second's warnings)."""

    def __init__(
        self,
        store: Store,
        *,
        agent: str,
        lang: Lang,
        zone: str,
        clock: Clock,
        reasons: Callable[[], ReasonTree],
        spawn: Spawn,
        flush_calls: Callable[[], Awaitable[None]] | None = None,
        path: Path | None = None,
        published_rules: Callable[[], str | None] | None = None,
    ) -> None:
        self.store = store
        self.agent = agent
        self.lang: Lang = lang
        self.zone = zone
        """The desk's zone: deadlines are counted on each class's calendar, in its own
        zone, but always shown and said in this one."""
        self.clock = clock
        self._reasons = reasons
        self._spawn = spawn
        self._flush_calls = flush_calls
        self.path = path or rules_path()
        # The deadline rules of the reference revision the sync applied, if any: used
        # instead of the shipped file (a `path` given outright wins over both).
        self._published_rules = published_rules if path is None else None
        self.on_change: Callable[[Sequence[QueueItem]], None] | None = None
        self.on_notice: Callable[[Notice], None] | None = None
        self.on_bell: Callable[[], None] | None = None
        self.rules: RuleSet | None = None
        self.rules_problem: str | None = None
        self.items: list[QueueItem] = []
        self.by_key: dict[str, QueueItem] = {}
        self.watcher = AlertWatcher()
        self.loaded = False
        """The whole queue is in `items` (until then, only its first screenful may be)."""
        self.counts: tuple[int, int] | None = None
        """(complaints, follow-up calls) in the whole queue, known before it is all read."""
        self._ready: asyncio.Event | None = None
        self._page_ready = asyncio.Event()
        # Complaints read again while the whole queue was being read: their fresh rows win
        # over that older read when it lands.
        self._changed_while_loading: set[str] | None = None

    @property
    def reason_tree(self) -> ReasonTree:
        return self._reasons()

    def _notify(self, notice: Notice) -> None:
        if self.on_notice is not None:
            self.on_notice(notice)

    # Loading ------------------------------------------------------------------------

    def start(self) -> None:
        """Load rules and queue in the background; call once the desk has painted."""
        self._ready = asyncio.Event()
        self._spawn(self._load())

    async def wait_ready(self) -> bool:
        """Wait for the first load; False when the rules could not be read."""
        if self._ready is None:
            self.start()
        assert self._ready is not None
        await self._ready.wait()
        return self.rules is not None

    async def wait_first_page(self) -> None:
        """Wait until the first screenful of the queue is in `items`."""
        if self._ready is None:
            self.start()
        await self._page_ready.wait()

    async def _load(self) -> None:
        assert self._ready is not None
        try:
            now = self.clock.now()
            # The first screenful is read while the rules load: neither waits for the other.
            page = asyncio.ensure_future(
                complaint_store.load_queue_page(self.store, self.agent, PAGE_ROWS)
            )
            try:
                text = self._published_rules() if self._published_rules else None
                self.rules = await asyncio.to_thread(read_rules, self.path, now, text)
            except Exception as exc:  # a broken rules file must not take the desk down
                self.rules_problem = str(exc)
                self._notify(
                    Notice(
                        t(self.lang, "cform.rules_problem", problem=str(exc)),
                        severity="error",
                        timeout=30,
                    )
                )
            await self._show_first_page(await page)
            await self.reload_all()
            self._announce_standing(self.clock.now())
            draft = await self.draft()
            if draft is not None:
                saved = draft.updated_at.in_timezone(self.zone).format("HH:mm")
                self._notify(Notice(t(self.lang, "cform.draft_kept", time=saved), timeout=15))
        finally:
            self._page_ready.set()
            self._ready.set()

    async def _show_first_page(self, pairs: list[tuple[Any, ComplaintState]]) -> None:
        """Show the queue's first rows, worked out from their complaints' events, while the
        rest is read: with 10,000 open complaints, reading them all takes seconds."""
        from tui.domain.complaint_queue import build_queue

        self.counts = await complaint_store.queue_counts(self.store, self.agent)
        items = build_queue(pairs, self.rules, zone=self.zone)[:PAGE_ROWS]
        now = self.clock.now()
        self.items = items
        self.by_key = {item.key: item for item in items}
        for item in items:
            self._track(item, now)
        self._page_ready.set()
        self._show()

    async def reload_all(self) -> None:
        """Read the agent's open complaints again and rebuild the queue."""
        since = self.clock.now()
        changed: set[str] = set()
        self._changed_while_loading = changed
        try:
            complaints, events = await complaint_store.fetch_open_rows(self.store, owner=self.agent)
            items: list[QueueItem] = []
            sliced = time.perf_counter()
            for facts, state in complaint_store.iter_open(complaints, events, self.agent):
                items.extend(items_for(facts, state, self.rules, zone=self.zone))
                if time.perf_counter() - sliced > SLICE_S:
                    await asyncio.sleep(0)
                    sliced = time.perf_counter()
            items.sort(key=queue_order)
            # Levels reached while the queue was being read still ring at the next tick.
            for item in items:
                if item.complaint_id not in changed:
                    self._track(item, since)
                if time.perf_counter() - sliced > SLICE_S:
                    await asyncio.sleep(0)
                    sliced = time.perf_counter()
        finally:
            self._changed_while_loading = None
        if changed:
            fresh = [item for item in self.items if item.complaint_id in changed]
            kept = [item for item in items if item.complaint_id not in changed]
            items = sorted([*kept, *fresh], key=queue_order)
        self.items = items
        self.by_key = {item.key: item for item in items}
        self.watcher.retain(self.by_key)
        self.loaded = True
        self.counts = None
        self._show()

    async def reload(self, complaint_id: str) -> None:
        """Read one complaint again after a change and put its rows back in the queue."""
        loaded = await complaint_store.load_complaint(self.store, complaint_id)
        rows: list[QueueItem] = []
        if loaded is not None and loaded[1].owner == self.agent:
            facts, state = loaded
            rows = items_for(facts, state, self.rules, zone=self.zone)
        now = self.clock.now()
        if self._changed_while_loading is not None:
            self._changed_while_loading.add(complaint_id)
        if self.counts is not None:
            self.counts = await complaint_store.queue_counts(self.store, self.agent)
        for item in self.items:
            if item.complaint_id == complaint_id:
                self.watcher.forget(item.key)
                self.by_key.pop(item.key, None)
        self.items = replace_complaint(self.items, complaint_id, rows)
        for item in rows:
            self.by_key[item.key] = item
            self._track(item, now)
        self._show()

    def _track(self, item: QueueItem, now: DateTime) -> None:
        if item.marks:
            self.watcher.track(item.key, item.marks, signature=item.signature, since=now)
        else:
            self.watcher.forget(item.key)

    def _show(self) -> None:
        if self.on_change is not None:
            self.on_change(self.items)

    # The one-second tick ------------------------------------------------------------

    def tick(self, now: DateTime) -> None:
        """Report warning levels crossed since the last tick."""
        if not self._page_ready.is_set():
            return
        crossings = self.watcher.check(now)
        if crossings:
            self._announce(crossings, now)

    def _announce(self, crossings: Sequence[Crossing], now: DateTime) -> None:
        chosen = loudest(crossings)
        for crossing in chosen[:NOTIFY_AT_MOST]:
            item = self.by_key.get(crossing.key)
            if item is None:
                continue
            self._notify(
                Notice(
                    self.alert_text(item, crossing.level, now),
                    severity=_SEVERITY[crossing.severity],
                    timeout=12 if crossing.severity else 6,
                )
            )
        if len(chosen) > NOTIFY_AT_MOST:
            self._notify(
                Notice(
                    t(self.lang, "alert.more", count=len(chosen) - NOTIFY_AT_MOST),
                    severity=_SEVERITY[max(c.severity for c in chosen)],
                    timeout=12,
                )
            )
        if self.on_bell is not None:
            self.on_bell()

    def alert_text(self, item: QueueItem, level: str, now: DateTime) -> str:
        lang = self.lang
        who = f"{item.customer} {item.contact}".strip()
        deadline = self.words(item.due, now) if item.due is not None else ""
        if level.endswith("%"):
            return t(lang, "alert.percent", percent=level.rstrip("%"), who=who, deadline=deadline)
        key = {"due-soon": "alert.due_soon", "overdue": "alert.overdue"}.get(
            level, "alert.followup"
        )
        return t(lang, key, who=who, deadline=deadline)

    def _announce_standing(self, now: DateTime) -> None:
        # Promises that passed while the desk was closed are not crossings to ring for,
        # but the agent must know of them at once.
        now_ts = now.timestamp()
        overdue = sum(1 for item in self.items if item.state(now_ts) == "overdue")
        soon = sum(1 for item in self.items if item.state(now_ts) == "due-soon")
        calls = sum(1 for item in self.items if item.state(now_ts) == "followup-due")
        if overdue or soon or calls:
            self._notify(
                Notice(
                    t(self.lang, "alert.standing", overdue=overdue, soon=soon, count=calls),
                    severity="error" if overdue else "warning",
                    timeout=15,
                )
            )

    # Words -------------------------------------------------------------------------

    def words(self, due: DateTime, now: DateTime) -> str:
        """The deadline as told to the customer, in the desk's zone."""
        from tui.domain.deadline_words import due_words

        return due_words(due, self.lang, now=now, zone=self.zone)

    def when(self, when: DateTime) -> str:
        """An instant for the agent's eyes, in the desk's zone."""
        from tui.domain.deadline_words import when_text

        return when_text(when, self.lang, self.zone)

    def explain(self, promise: Promise) -> str:
        """Why the deadline falls where it does, its times in the desk's zone."""
        from tui.domain.deadline_words import explanation_text

        return explanation_text(promise.explanation, self.lang, self.zone)

    # Writing to the register ---------------------------------------------------------

    def promise_for(self, code: str, basis: DateTime) -> Promise:
        """The promise a complaint of class `code` gets when counted from `basis`."""
        from tui.domain.deadlines import make_promise

        assert self.rules is not None
        return make_promise(self.rules, code, basis)

    async def open_complaint(
        self,
        values: Mapping[str, str],
        basis: DateTime,
        call_id: str | None,
        *,
        reason_code: str | None = None,
    ) -> tuple[str, Promise]:
        """Open the complaint; the promise is counted from `basis`, when the form opened.

        The customer hears the deadline while the form is open, so that is the instant
        the promise is counted from. Only if that deadline has already passed when the
        agent saves (a form left open for hours) is it counted from now instead.

        `call_id` is the call the form was started on. The call's start is recorded at
        F2, so the complaint references it from the first minute of the call. Only if
        that record could not be written (a disk fault at F2) does the register keep the
        link in a note instead. `reason_code`, the call's reason, goes into the `opened`
        event; a description that is only that reason's path is refused (FormInvalid).
        """
        rules = self.rules
        if rules is None:
            raise RuntimeError(self.rules_problem or "deadline rules not loaded")
        form = parse_form(values, reason_paths=self.reason_paths(reason_code))
        now = self.clock.now()
        code = form.class_code
        promise = self.promise_for(code, min(basis, now))
        if promise.due < now:
            promise = self.promise_for(code, now)
        saved_call = call_id is not None and await self._call_saved(call_id)
        complaint_id = await complaint_store.open_complaint(
            self.store,
            form,
            promise.due,
            rules.revision,
            self.agent,
            now,
            call_id=call_id if saved_call else None,
            reason_code=reason_code,
        )
        if (call_id is not None and not saved_call) or promise.opened < now:
            text = t(
                self.lang,
                "cform.opened_note",
                call=call_id or "—",
                basis=self.when(promise.opened),
            )
            try:
                await complaint_store.append_event(
                    self.store, complaint_id, "note", self.agent, now, {"text": text}
                )
            except Exception as exc:  # the complaint itself is safely recorded
                _log.error("opening note not recorded: %r", exc)
        await self.reload(complaint_id)
        return complaint_id, promise

    async def _call_saved(self, call_id: str) -> bool:
        if self._flush_calls is not None:
            await self._flush_calls()
        return await call_started(self.store, call_id)

    async def append(self, complaint_id: str, kind: str, payload: Mapping[str, Any]) -> None:
        """Append one event; raises RegisterRefused (with an i18n key) when refused."""
        await complaint_store.append_event(
            self.store, complaint_id, kind, self.agent, self.clock.now(), payload
        )
        await self.reload(complaint_id)

    def reason_paths(self, code: str | None) -> frozenset[str]:
        """The call reason's path in every language: what a description must be more than."""
        return self.reason_tree.path_texts(code) if code else frozenset()

    def reason_text(self, code: str) -> str:
        """The reason's path for the agent; a code the reference data no longer knows is
        shown as the code, never as an error."""
        tree = self.reason_tree
        return tree.path_text(code, self.lang) if code in tree else code

    # Reading the register ------------------------------------------------------------

    async def load(self, complaint_id: str) -> tuple[ComplaintFacts, ComplaintState] | None:
        return await complaint_store.load_complaint(self.store, complaint_id)

    async def events(self, complaint_id: str) -> list[Event]:
        """The complaint's whole history, oldest first."""
        return await complaint_store.events_for(self.store, complaint_id)

    # The unfinished form ---------------------------------------------------------------

    async def draft(self) -> Draft | None:
        """The form the agent left unfinished, if any."""
        return await load_draft(self.store, self.agent)

    async def draft_call_id(self) -> str | None:
        """The call the unfinished form was started on, if it was started on one."""
        return await draft_call_id(self.store, self.agent)

    async def save_draft(self, fields: Mapping[str, str], call_id: str | None) -> None:
        await save_draft(self.store, self.agent, dict(fields), self.clock.now(), call_id=call_id)

    async def discard_draft(self) -> None:
        await discard_draft(self.store, self.agent)
