from __future__ import annotations

from tui.domain.keyboard import fold_key, key_label, keys_label


def test_keys_are_named_as_the_keyboard_says_them() -> None:
    assert key_label("f2") == "F2"
    assert key_label("f20") == "⇧F8"  # what xterm sends for Shift+F8
    assert key_label("shift+f8") == "⇧F8"
    assert key_label("ctrl+s") == "^S"
    assert key_label("escape") == "Esc"
    assert key_label("enter") == "Enter"
    assert key_label("n") == "N"
    assert key_label("pagedown") == "PgDn"


def test_several_keys_for_one_thing_share_one_label() -> None:
    assert keys_label(["f20", "shift+f8"]) == "⇧F8"
    assert keys_label(["down", "up"]) == "↑↓"
    assert keys_label([str(n) for n in range(1, 10)]) == "1-9"
    assert keys_label(["f9", "ctrl+s"]) == "F9 / ^S"
    assert keys_label(["escape", "f6"]) == "Esc / F6"


def test_letters_fold_to_the_plain_key() -> None:
    assert fold_key("N") == "n"
    assert fold_key("ㅜ") == "n"
    assert fold_key("ㄲ") == "r"  # Shift on the same key
    assert fold_key("enter") == "enter"
    assert fold_key("中") == "中"
