"""The follow-up call's result: an answer the agent must give, stored as given (#8, item 9)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.tui.conftest import MakeDesk
from tests.tui.test_complaint_form import rows, type_text, until
from tests.tui.test_queue import T0, event_form, fill, open_queue, seed, submit
from tui.domain.clock import FakeClock
from tui.domain.i18n import Lang
from tui.widgets.choice_row import ChoiceRow

QUESTION = {
    "zh": ("客户是否满意", "  ○ 1 满意  ○ 2 不满意"),
    "en": ("Is the customer satisfied?", "  ○ 1 Yes  ○ 2 No"),
    "ko": ("고객이 만족했나요?", "  ○ 1 예  ○ 2 아니요"),
}


@pytest.mark.parametrize(
    ("lang", "keys", "satisfied"),
    [("en", ("2",), False), ("zh", ("right",), True), ("ko", ("1", "down", "up"), True)],
)
async def test_the_result_is_chosen_on_purpose_and_stored_as_shown(
    make_desk: MakeDesk,
    tmp_path: Path,
    clock: FakeClock,
    lang: Lang,
    keys: tuple[str, ...],
    satisfied: bool,
) -> None:
    db = tmp_path / "desk.sqlite3"
    await seed(db, ("王小明", "13812345678", "complex", T0))
    app = make_desk(lang)
    question, unanswered = QUESTION[lang]
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_queue(pilot)
        queue = screen.queue
        form = await event_form(pilot, "f")
        fill(form, when="+1h", note="退款到账了吗 / 환불 확인")
        assert await submit(pilot, form) == ""
        follow_up = next(item for item in queue.items if item.kind == "followup")
        queue.cursor = queue.items.index(follow_up)
        clock.advance(hours=1)
        app.tick()

        form = await event_form(pilot, "f")
        answer = form.query_one("#ev-satisfied", ChoiceRow)
        assert answer.has_focus, "the answer is asked first"
        assert answer.value is None and answer.render().plain == "▸" + unanswered[1:]

        # Straight to the note and F9 without an answer: refused, and said why.
        await pilot.press("tab")
        await type_text(pilot, "ok")
        refused = await submit(pilot, form)
        assert question in refused
        assert answer.has_focus, "the agent is taken to the question"
        assert rows(db, "SELECT COUNT(*) FROM complaint_events WHERE kind = 'followup_done'") == [
            (0,)
        ]

        await pilot.press(*keys)
        assert answer.value == ("yes" if satisfied else "no")
        assert await submit(pilot, form) == ""
        await until(pilot, lambda: follow_up not in queue.items, "the follow-up is done")
    (done,) = rows(db, "SELECT payload FROM complaint_events WHERE kind = 'followup_done'")
    payload = json.loads(done[0])
    assert payload["satisfied"] is satisfied
    assert payload["note"] == "ok"


async def test_enter_moves_from_the_answer_to_the_note_then_saves(
    make_desk: MakeDesk, tmp_path: Path, clock: FakeClock
) -> None:
    db = tmp_path / "desk.sqlite3"
    await seed(db, ("Ms Wang", "13812345678", "complex", T0))
    app = make_desk("en")
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_queue(pilot)
        form = await event_form(pilot, "f")
        fill(form, when="+1h", note="Check the refund")
        assert await submit(pilot, form) == ""
        queue = screen.queue
        queue.cursor = next(i for i, it in enumerate(queue.items) if it.kind == "followup")
        form = await event_form(pilot, "f")
        await pilot.press("2", "enter")
        await type_text(pilot, "still waiting")
        await pilot.press("enter")
        await until(pilot, lambda: app.screen is screen, "saved and closed")
    (done,) = rows(db, "SELECT payload FROM complaint_events WHERE kind = 'followup_done'")
    assert json.loads(done[0]) | {"followup": None} == {
        "followup": None,
        "note": "still waiting",
        "satisfied": False,
    }
