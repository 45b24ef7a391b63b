from __future__ import annotations

import pytest

from tui.domain.keymap import normal_key, read_keymap

GROUPS: list[dict[str, tuple[str, ...]]] = [
    {"desk.new_call": ("f2",), "desk.reasons": ("f3",), "app.quit": ("ctrl+q",)},
    {"queue.note": ("n",), "queue.back": ("escape", "f6")},
]


@pytest.mark.parametrize(
    ("written", "key"),
    [
        ("F12", "f12"),
        ("Ctrl+S", "ctrl+s"),
        ("shift+ctrl+x", "ctrl+shift+x"),
        ("esc", "escape"),
        ("PgDn", "pagedown"),
        ("N", "N"),
        ("?", "?"),
        ("ctrl++", "ctrl++"),
    ],
)
def test_key_names_are_written_as_textual_names_them(written: str, key: str) -> None:
    assert normal_key(written) == key


@pytest.mark.parametrize("bad", ["f25", "ctrl+banana", "hyperspace", "", "ctrl+ctrl+a", "fn+f1"])
def test_what_is_no_key_is_refused(bad: str) -> None:
    assert normal_key(bad) is None


def test_a_keymap_nested_or_flat_is_read_and_its_mistakes_named() -> None:
    table = {
        "desk": {"new_call": "F12, ctrl+n"},
        "queue.note": ["m"],
        "desk.wrapup": "f10",
        "desk.reasons": "",
        "queue.back": 5,
    }
    keymap, mistakes = read_keymap(table, GROUPS)
    assert keymap == {"desk.new_call": "f12,ctrl+n", "queue.note": "m"}
    assert [(m.binding, m.code) for m in mistakes] == [
        ("desk.wrapup", "unknown_binding"),
        ("desk.reasons", "empty_key"),
        ("queue.back", "key_type"),
    ]


def test_a_key_taken_on_the_same_screen_is_a_clash_but_a_swap_is_not() -> None:
    keymap, mistakes = read_keymap({"desk.new_call": "f3"}, GROUPS)
    assert keymap == {}
    assert mistakes[0].code == "clash" and mistakes[0].values["other"] == "desk.reasons"
    keymap, mistakes = read_keymap({"desk.new_call": "f3", "desk.reasons": "f2"}, GROUPS)
    assert mistakes == [] and keymap == {"desk.new_call": "f3", "desk.reasons": "f2"}
    # The app's keys answer on every screen.
    _, mistakes = read_keymap({"desk.new_call": "ctrl+q"}, GROUPS)
    assert mistakes[0].values["other"] == "app.quit"
    # Another screen's key is free to take.
    assert read_keymap({"desk.new_call": "n"}, GROUPS)[1] == []
