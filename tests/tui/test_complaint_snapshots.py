"""How the complaint form and the queue look at 80x24, in each language."""

from __future__ import annotations

import asyncio
from pathlib import Path
from typing import Any

import pendulum
import pytest
from textual.pilot import Pilot
from textual.widgets import Input, Select, TextArea

from tests.tui.conftest import complaints_of, desk_of
from tests.tui.test_queue import T0, seed
from tui.app import AgentDeskApp
from tui.app_factory import make_app
from tui.clipboard import MemoryClipboard
from tui.domain.clock import FakeClock, to_iso
from tui.domain.i18n import LANGS, Lang
from tui.screens.complaint_form import ComplaintFormScreen
from tui.screens.queue import QueueScreen
from tui.store.complaints import append_event
from tui.store.db import Store

TEXTS: dict[Lang, tuple[str, str]] = {
    "zh": ("王小明", "快递三天没到,客户很着急,要求今天给答复"),
    "en": ("Ms Wang", "Parcel three days late; the customer needs an answer today"),
    "ko": ("김민지", "택배가 사흘째 오지 않아 오늘 중 답변을 원하십니다"),
}


def desk(tmp_path: Path, lang: Lang) -> tuple[AgentDeskApp, FakeClock]:
    clock = FakeClock("2026-11-24T09:00:00+08:00")
    app = make_app(
        db=tmp_path / "desk.sqlite3",
        config=tmp_path / "config.toml",
        agent="Lin",
        lang=lang,
        clock=clock,
        clipboard=MemoryClipboard(),
    )
    return app, clock


async def complaints_ready(pilot: Pilot[int]) -> None:
    for _ in range(2000):
        if desk_of(pilot).complaints is not None:
            await complaints_of(desk_of(pilot)).wait_ready()
            await pilot.pause()
            return
        await pilot.pause()
    raise AssertionError("the complaint desk never started")


async def wait_for(pilot: Pilot[int], screen: type) -> None:
    for _ in range(500):
        if isinstance(pilot.app.screen, screen):
            await pilot.pause()
            return
        await pilot.pause()
    raise AssertionError(f"{screen.__name__} never showed")


def still(app: AgentDeskApp) -> None:
    """No blinking cursor and no toasts: the picture must be the same on every run."""
    for widget in app.screen.query(Input):
        widget.cursor_blink = False
    for area in app.screen.query(TextArea):
        area.cursor_blink = False
    app.clear_notifications()


@pytest.mark.parametrize("lang", LANGS)
def test_complaint_form_with_the_deadline_shown(
    snap_compare: Any, tmp_path: Path, lang: Lang, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(ComplaintFormScreen, "DRAFT_DELAY", 0.0)
    app, _ = desk(tmp_path, lang)
    name, what = TEXTS[lang]

    async def fill_in(pilot: Pilot[int]) -> None:
        await complaints_ready(pilot)
        await pilot.press("f2")
        for digit in "13812345678":
            await pilot.press(digit)
        await pilot.press("f5")
        await wait_for(pilot, ComplaintFormScreen)
        form = pilot.app.screen
        form.query_one("#cf-customer_name", Input).value = name
        form.query_one("#cf-contact", Input).value = "138-1234-abc"
        form.query_one("#cf-class_code", Select).value = "simple"
        form.query_one("#cf-what_happened", TextArea).insert(what)
        for _ in range(500):
            await pilot.pause()
            if all(w.is_finished for w in pilot.app.workers if w.group == "complaint-draft"):
                break
        form.query_one("#cf-reference", Input).focus()
        still(desk_of(pilot))
        await pilot.pause()

    assert snap_compare(app, terminal_size=(80, 24), run_before=fill_in)


async def seed_queue(db: Path) -> None:
    ids = await seed(
        db,
        # Yesterday 16:20: due today 09:20, so due soon.
        ("王小明", "13812345678", "simple", T0.subtract(days=1).set(hour=16, minute=20)),
        ("Ms Wang", "13900001111", "simple", T0.subtract(days=1)),  # overdue since 11:00
        ("김민지", "01012345678", "complex", T0.subtract(hours=2)),  # on track
        ("Mr Li", "13700002222", "source", T0.subtract(hours=30)),  # paused
        ("Chen", "13600003333", "complex", T0.subtract(hours=20)),  # replied, follow-up due
    )
    store = await Store.open(db)
    try:
        at = T0.subtract(hours=1)
        await append_event(
            store, ids[3], "paused", "Lin", at, {"reason": "等客户补材料", "remaining_s": 3600 * 5}
        )
        await append_event(store, ids[4], "replied", "Lin", at, {"summary": "已退款"})
        await append_event(
            store,
            ids[4],
            "followup_scheduled",
            "Lin",
            at,
            {"due_at": to_iso(T0.subtract(minutes=10)), "note": "确认退款到账"},
        )
        await append_event(store, ids[2], "escalated", "Lin", at, {"reason": "情绪激动"})
    finally:
        await store.close()


@pytest.mark.parametrize("lang", LANGS)
def test_complaint_queue_with_every_state(snap_compare: Any, tmp_path: Path, lang: Lang) -> None:
    asyncio.run(seed_queue(tmp_path / "desk.sqlite3"))
    app, clock = desk(tmp_path, lang)

    async def show_queue(pilot: Pilot[int]) -> None:
        await complaints_ready(pilot)
        await pilot.press("f6")
        await wait_for(pilot, QueueScreen)
        clock.advance(seconds=15)
        desk_of(pilot).tick()
        await pilot.press("down")
        still(desk_of(pilot))
        await pilot.pause()

    assert snap_compare(app, terminal_size=(80, 24), run_before=show_queue)


def test_the_seeded_queue_is_what_the_snapshot_claims(tmp_path: Path) -> None:
    # Guards the comments in seed_queue, so the pictures keep showing every state.
    from tui.domain.complaint_queue import build_queue
    from tui.services.complaints import read_rules, rules_path
    from tui.store.complaints import load_open_queue

    async def states() -> list[str]:
        await seed_queue(tmp_path / "q.sqlite3")
        store = await Store.open(tmp_path / "q.sqlite3")
        try:
            pairs = await load_open_queue(store, owner="Lin")
        finally:
            await store.close()
        rules = read_rules(rules_path(), pendulum.now("UTC"))
        items = build_queue(pairs, rules, zone="Asia/Shanghai")
        now = T0.add(seconds=15).timestamp()
        return [item.state(now) for item in items]

    assert sorted(asyncio.run(states())) == sorted(
        ["overdue", "followup-due", "due-soon", "on-track", "paused", "replied"]
    )
