"""The desk after a pull: it uses the applied revision's phrases, deadline rules and break
policy instead of the shipped files, and a promise made before the rules changed keeps
the deadline (and the rule revision) it was made under."""

from __future__ import annotations

import asyncio
from collections.abc import Coroutine
from pathlib import Path
from typing import Any

import pendulum

from tests.sync.reference_station import edit, make_station, publish, reference_copy, sync_context
from tests.tui.conftest import desk_ready, settle
from tests.tui.screen_cells import screen_lines
from tui.app import AgentDeskApp
from tui.app_factory import make_app
from tui.clipboard import MemoryClipboard
from tui.domain.break_policy import BreakPolicy
from tui.domain.clock import FakeClock
from tui.domain.reasons import ReasonTree
from tui.screens.phrases import PhrasesScreen
from tui.services.complaints import PUBLISHED_RULES, ComplaintService
from tui.store import complaints as complaint_store
from tui.store.db import Store
from tui.store.paths import db_dir
from tui.store.reference import applied_reference
from tui.sync.reference import pull_reference

FORM = {
    "customer_name": "王小明",
    "contact": "13812345678",
    "class_code": "simple",
    "what_happened": "快递未到,客户要求尽快处理",
}
SHANGHAI = "Asia/Shanghai"


def _service(
    store: Store, clock: FakeClock, jobs: list[asyncio.Task[None]], rules: str | None
) -> ComplaintService:
    def spawn(job: Coroutine[Any, Any, None]) -> None:
        jobs.append(asyncio.ensure_future(job))

    return ComplaintService(
        store,
        agent="Lin",
        lang="en",
        zone=SHANGHAI,
        clock=clock,
        reasons=lambda: ReasonTree.from_reasons([]),
        spawn=spawn,
        published_rules=lambda: rules,
    )


async def _rule_revision(store: Store, complaint_id: str) -> object:
    events = await complaint_store.events_for(store, complaint_id)
    return events[0].data["rule_revision"]


async def test_a_promise_made_before_a_rule_change_keeps_its_deadline(
    central_url: str, tmp_path: Path
) -> None:
    clock = FakeClock("2026-11-24T09:00:00+08:00")
    db = await asyncio.to_thread(make_station, tmp_path / "desk.sqlite3")
    jobs: list[asyncio.Task[None]] = []

    store = await Store.open(db)
    try:
        before = _service(store, clock, jobs, None)
        assert await before.wait_ready()
        old_id, old_promise = await before.open_complaint(FORM, clock.now(), None)
        assert old_promise.due == pendulum.datetime(2026, 11, 24, 11, 0, tz=SHANGHAI)
        shipped_revision = before.rules.revision if before.rules else None
        assert await _rule_revision(store, old_id) == shipped_revision
    finally:
        await asyncio.gather(*jobs)
        await store.close()

    # The back office doubles the easy class's time; the workstation pulls it.
    folder = reference_copy(tmp_path / "ref")
    edit(folder / "deadlines.toml", 'within = "2h"\ncalendar', 'within = "4h"\ncalendar')
    assert publish(central_url, folder).exit_code == 0
    await asyncio.to_thread(_pull, db, central_url)

    clock.advance(minutes=10)
    store = await Store.open(db)
    try:
        applied = await applied_reference(store)
        assert applied is not None
        after = _service(store, clock, jobs, applied.deadlines_toml)
        assert await after.wait_ready()
        assert after.rules is not None and after.rules.source == PUBLISHED_RULES
        assert after.rules.revision != shipped_revision

        loaded = await after.load(old_id)
        assert loaded is not None
        assert loaded[1].promised_at == old_promise.due, "the recorded promise never moves"
        assert after.by_key[old_id].due == old_promise.due, "nor does the queue's deadline"
        assert await _rule_revision(store, old_id) == shipped_revision

        # A promise made now is made under the new rules, and says so.
        new_id, new_promise = await after.open_complaint(FORM, clock.now(), None)
        # 09:10 + 4 office hours: 09:10-12:00, then 13:30-14:40 after lunch.
        assert new_promise.due == pendulum.datetime(2026, 11, 24, 14, 40, tz=SHANGHAI)
        assert await _rule_revision(store, new_id) == after.rules.revision
    finally:
        await asyncio.gather(*jobs)
        await store.close()


def _desk(tmp_path: Path, db: Path) -> AgentDeskApp:
    """The real desk, as tests/tui's `make_desk` builds it."""
    return make_app(
        db=db,
        agent="Lin",
        lang="en",
        config=tmp_path / "config.toml",
        clock=FakeClock("2026-11-24T09:00:00+08:00"),
        clipboard=MemoryClipboard(),
    )


def _pull(db: Path, central_url: str) -> None:
    with sync_context(db, central_url) as ctx:
        pull_reference(ctx)


NEW_GREETING = "Good day from the new revision. How can I help?"


async def test_the_desk_shows_the_pulled_revision(central_url: str, tmp_path: Path) -> None:
    db = await asyncio.to_thread(make_station, tmp_path / "desk.sqlite3")
    folder = reference_copy(tmp_path / "ref")
    edit(
        folder / "phrases.toml",
        'en = "Hello, thank you for calling. How can I help you?"',
        f'en = "{NEW_GREETING}"',
    )
    edit(folder / "breaks.toml", "max_snoozes = 2", "max_snoozes = 1")
    edit(folder / "deadlines.toml", 'within = "2h"\ncalendar', 'within = "3h"\ncalendar')
    assert publish(central_url, folder).exit_code == 0
    (tmp_path / "config.toml").write_text("[breaks]\nmax_snoozes = 5\n", encoding="utf-8")
    await asyncio.to_thread(_pull, db, central_url)

    app = _desk(tmp_path, db)
    async with app.run_test(size=(100, 30)) as pilot:
        await desk_ready(pilot)
        assert app.reference_applied is not None and app.reference_applied.revision == 1
        # The published break policy is the floor's, over the workstation's own [breaks].
        assert app.settings.breaks == BreakPolicy(max_snoozes=1)
        service = app.complaint_service()
        assert await service.wait_ready()
        assert service.rules is not None
        assert service.rules.classes["simple"].within == pendulum.duration(hours=3)

        await pilot.press("f4")
        await settle(pilot)
        assert isinstance(app.screen, PhrasesScreen)
        shown = "\n".join(screen_lines(app))
        assert "Good day from the new revision" in shown, shown
        assert "Hello, thank you for calling" not in shown


async def test_without_a_revision_the_desk_keeps_the_shipped_files(tmp_path: Path) -> None:
    (tmp_path / "config.toml").write_text("[breaks]\nmax_snoozes = 5\n", encoding="utf-8")
    app = _desk(tmp_path, tmp_path / "desk.sqlite3")
    async with app.run_test(size=(100, 30)) as pilot:
        await desk_ready(pilot)
        assert app.reference_applied is None
        assert app.settings.breaks == BreakPolicy(max_snoozes=5)
        service = app.complaint_service()
        assert await service.wait_ready()
        assert service.rules is not None
        assert service.rules.source == "deadlines.toml"
        shipped = (db_dir() / "seed" / "deadlines.toml").read_bytes().decode()
        from tui.domain.deadline_rules import revision_of

        assert service.rules.revision == revision_of(shipped)


async def test_a_revision_applied_between_the_desks_reads_makes_it_read_all_again(
    central_url: str, tmp_path: Path
) -> None:
    db = await asyncio.to_thread(make_station, tmp_path / "desk.sqlite3")
    folder = reference_copy(tmp_path / "ref")
    edit(
        folder / "phrases.toml",
        'en = "Hello, thank you for calling. How can I help you?"',
        f'en = "{NEW_GREETING}"',
    )
    edit(folder / "reasons.toml", 'en = "Balance"', 'en = "Balance left"')
    assert publish(central_url, folder).exit_code == 0
    app = _desk(tmp_path, db)
    async with app.run_test(size=(100, 30)) as pilot:
        await desk_ready(pilot)
        assert app.reason_tree.path_text("inq.billing.balance", "en").endswith("Balance")
        # The sync applies a revision after the desk read its reasons, before its phrases.
        await asyncio.to_thread(_pull, db, central_url)
        await app._load_phrases()
        assert app.reference_applied is not None and app.reference_applied.revision == 1
        assert any(p.text == NEW_GREETING for p in app.phrases)
        assert app.reason_tree.path_text("inq.billing.balance", "en").endswith("Balance left")
