from __future__ import annotations

import pyperclip
import pytest

from tui.clipboard import Clipboard


def test_falls_back_to_the_terminal_and_stops_trying_the_system(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    attempts: list[str] = []

    def no_backend(text: str) -> None:
        attempts.append(text)
        raise pyperclip.PyperclipException("no clipboard mechanism")

    monkeypatch.setattr(pyperclip, "copy", no_backend)
    sent: list[str] = []
    clipboard = Clipboard(sent.append)
    assert clipboard.copy("您好 안녕하세요") == "terminal"
    assert clipboard.copy("again") == "terminal"
    assert sent == ["您好 안녕하세요", "again"]
    assert attempts == ["您好 안녕하세요"], "a missing backend is asked once, not per copy"


def test_uses_the_system_clipboard_when_there_is_one(monkeypatch: pytest.MonkeyPatch) -> None:
    copied: list[str] = []
    monkeypatch.setattr(pyperclip, "copy", copied.append)
    sent: list[str] = []
    assert Clipboard(sent.append).copy("hi") == "system"
    assert copied == ["hi"] and sent == []
