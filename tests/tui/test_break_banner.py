"""The reminder banner, the dismiss-reason prompt and the break picker, in a host app
that stands in for the desk: it owns the keys and answers the banner's messages."""

from __future__ import annotations

from textual import on
from textual.app import App, ComposeResult
from textual.binding import Binding
from textual.message import Message
from textual.widgets import Footer, Input, OptionList

from tui.domain.breaks import Reminder
from tui.domain.clock import FakeClock
from tui.domain.i18n import Lang
from tui.screens.break_picker import BreakPickerScreen
from tui.widgets.break_banner import DISMISS_KEYS, SNOOZE_KEY, START_KEY, BreakBanner
from tui.widgets.dismiss_reason import DismissReasonScreen

NOW = FakeClock("2026-11-24T09:00:00+08:00").now()
REMINDER = Reminder("r-1", "abusive_call", NOW).show(NOW)


class DeskStandIn(App[None]):
    BINDINGS = [
        Binding(START_KEY, "start", id="test.start"),
        Binding(SNOOZE_KEY, "snooze", id="test.snooze"),
        Binding(DISMISS_KEYS, "dismiss_reminder", id="test.dismiss"),
    ]

    def __init__(self, lang: Lang = "en", snoozes_left: int = 2) -> None:
        super().__init__()
        self.lang = lang
        self.snoozes_left = snoozes_left
        self.heard: list[Message] = []

    def compose(self) -> ComposeResult:
        yield Input(id="caller")
        yield BreakBanner()
        yield Footer()

    def on_mount(self) -> None:
        self.query_one(Input).focus()
        self.banner.show_reminder(REMINDER, self.lang, self.snoozes_left)

    @property
    def banner(self) -> BreakBanner:
        return self.query_one(BreakBanner)

    def action_start(self) -> None:
        self.banner.request_start()

    def action_snooze(self) -> None:
        self.banner.request_snooze()

    def action_dismiss_reminder(self) -> None:
        self.banner.ask_dismiss()

    @on(BreakBanner.Start)
    @on(BreakBanner.Snooze)
    @on(BreakBanner.Dismiss)
    def hear(self, message: Message) -> None:
        self.heard.append(message)


def banner_text(app: DeskStandIn) -> str:
    return app.banner.render().plain


async def test_the_banner_shows_the_reminder_and_keys_without_taking_focus() -> None:
    app = DeskStandIn("zh")
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        assert app.banner.display
        text = banner_text(app)
        assert "刚才那通电话不好受" in text and "2分钟" in text
        assert "F8 开始" in text and "F7 稍后提醒（还剩2次）" in text and "⇧F8 不用了" in text
        assert app.focused is app.query_one(Input)
        await pilot.press("1", "3", "8")
        assert app.query_one(Input).value == "138"


async def test_used_up_snoozes_are_said_plainly_and_the_snooze_key_goes() -> None:
    app = DeskStandIn("en", snoozes_left=0)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        text = banner_text(app)
        assert "no snoozes left" in text
        assert "F7" not in text
        assert "F8 start" in text and "⇧F8 not now" in text


async def test_keys_post_start_and_snooze_with_the_reminder() -> None:
    app = DeskStandIn()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("f7")
        await pilot.press("f8")
        await pilot.pause()
    assert [type(m) for m in app.heard] == [BreakBanner.Snooze, BreakBanner.Start]
    assert all(m.reminder == REMINDER for m in app.heard)  # type: ignore[attr-defined]


async def test_dismiss_asks_for_a_one_word_reason() -> None:
    app = DeskStandIn("ko")
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("f20")
        await pilot.pause()
        assert isinstance(app.screen, DismissReasonScreen)
        await pilot.press("2")
        await pilot.pause()
        assert not isinstance(app.screen, DismissReasonScreen)
        assert app.focused is app.query_one(Input)
    (message,) = app.heard
    assert isinstance(message, BreakBanner.Dismiss)
    assert (message.reminder, message.reason) == (REMINDER, "busy")


async def test_esc_in_the_reason_prompt_changes_nothing() -> None:
    app = DeskStandIn()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("f20")
        await pilot.press("escape")
        await pilot.pause()
        assert app.banner.display
    assert app.heard == []


async def test_clicking_a_key_label_does_what_the_key_does() -> None:
    app = DeskStandIn()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        # Row 0 is the banner's top border, row 1 the message, row 2 the keys.
        await pilot.click(BreakBanner, offset=(2, 2))
        await pilot.pause()
    assert [type(m) for m in app.heard] == [BreakBanner.Start]


async def test_a_hidden_banner_posts_nothing() -> None:
    app = DeskStandIn()
    async with app.run_test(size=(80, 24)) as pilot:
        app.banner.hide()
        await pilot.press("f8", "f7", "f20")
        await pilot.pause()
        assert not app.banner.display
        assert app.screen is app.screen_stack[0]
    assert app.heard == []


class PickerHost(App[None]):
    def __init__(self, lang: Lang = "en") -> None:
        super().__init__()
        self.lang = lang
        self.picked: list[str | None] = []

    def on_mount(self) -> None:
        self.push_screen(BreakPickerScreen(self.lang), self.picked.append)


async def test_the_break_picker_takes_a_digit() -> None:
    for key, code in (("1", "rest"), ("2", "meal"), ("5", "technical")):
        app = PickerHost()
        async with app.run_test(size=(80, 24)) as pilot:
            await pilot.press(key)
            await pilot.pause()
        assert app.picked == [code]


async def test_the_break_picker_lists_codes_in_the_agents_language_and_esc_cancels() -> None:
    app = PickerHost("ko")
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        options = app.screen.query_one(OptionList)
        labels = [str(options.get_option_at_index(i).prompt) for i in range(options.option_count)]
        assert labels == ["1  휴식", "2  식사", "3  교육", "4  코칭", "5  기술 문제"]
        await pilot.press("9")
        assert app.picked == []
        await pilot.press("escape")
        await pilot.pause()
    assert app.picked == [None]
