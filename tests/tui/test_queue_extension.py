"""X in the queue: a relative extension counts from the promise, and the form says where
the new deadline falls before anything is recorded."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from textual.widgets import Static

from tests.tui.conftest import MakeDesk
from tests.tui.test_complaint_form import rows
from tests.tui.test_queue import T0, event_form, fill, kinds, open_queue, seed, submit
from tui.domain.clock import FakeClock
from tui.screens.queue import QueueScreen


def preview(form) -> str:  # type: ignore[no-untyped-def]
    return str(form.query_one("#ev-when-preview", Static).render())


async def test_plus_a_day_is_a_day_after_the_promise_not_after_now(
    make_desk: MakeDesk, tmp_path: Path, clock: FakeClock
) -> None:
    db = tmp_path / "desk.sqlite3"
    await seed(db, ("Ms Wang", "13812345678", "simple", T0))  # due today (Tue) 11:00
    app = make_desk("en")
    async with app.run_test(size=(80, 24)) as pilot:
        await open_queue(pilot)
        clock.advance(minutes=80)  # 10:20: the old reading gave Wed 10:20, 40 minutes short
        form = await event_form(pilot, "x")
        fill(form, when="+1d")
        await pilot.pause()
        assert preview(form) == "New promise: by tomorrow 11:00 (Wed 25 Nov 11:00)"
        fill(form, reason="Warehouse check", contact="Told the customer on the phone")
        assert await submit(pilot, form) == ""
        assert isinstance(app.screen, QueueScreen)
    (payload,) = rows(db, "SELECT payload FROM complaint_events WHERE kind = 'extended'")
    extended = json.loads(payload[0])
    assert extended["promised_at"] == "2026-11-25T03:00:00+00:00", "Wed 11:00 in Shanghai"
    assert extended["reason"] == "Warehouse check"
    assert extended["contact"] == {"note": "Told the customer on the phone"}


@pytest.mark.parametrize(
    ("lang", "not_later", "unreadable"),
    [
        ("zh", "不晚于当前承诺", "看不懂这个时间"),
        ("en", "is not later than the current promise", "cannot be read"),
        ("ko", "연장이 아닙니다", "읽을 수 없습니다"),
    ],
    ids=["zh", "en", "ko"],
)
async def test_an_extension_not_later_than_the_promise_is_refused_in_the_form(
    make_desk: MakeDesk,
    tmp_path: Path,
    clock: FakeClock,
    lang: str,
    not_later: str,
    unreadable: str,
) -> None:
    db = tmp_path / "desk.sqlite3"
    await seed(db, ("王小明", "13812345678", "simple", T0))  # due today 11:00
    app = make_desk(lang)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_queue(pilot)
        clock.advance(minutes=10)
        form = await event_form(pilot, "x")
        fill(form, when="10:59", reason="x", contact="y")  # one minute *earlier*
        await pilot.pause()
        assert preview(form).startswith("⚠") and not_later in preview(form)
        assert "11:00" in preview(form) and "10:59" in preview(form), "both times named"
        refused = await submit(pilot, form)
        assert refused.startswith("⚠") and not_later in refused
        fill(form, when="+")
        await pilot.pause()
        assert unreadable in preview(form)
        assert unreadable in await submit(pilot, form)
        assert app.screen is form, "the form stays open with everything typed"
        assert form.values()["reason"] == "x"
        fill(form, when="11:01")
        assert await submit(pilot, form) == ""
    assert kinds(db) == ["opened", "extended"]
    (payload,) = rows(db, "SELECT payload FROM complaint_events WHERE kind = 'extended'")
    assert json.loads(payload[0])["promised_at"] == "2026-11-24T03:01:00+00:00"
