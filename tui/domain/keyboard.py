"""Keys as the agent presses them, and letters however the keyboard happens to type them.

One function names every key the desk shows (footer, help, queue legend, banner, palette),
so a key looks the same wherever it is mentioned and a remapped key shows as remapped.
"""

from __future__ import annotations

import re

_NAMED = {
    "escape": "Esc",
    "enter": "Enter",
    "tab": "Tab",
    "space": "Space",
    "backspace": "Bksp",
    "delete": "Del",
    "insert": "Ins",
    "home": "Home",
    "end": "End",
    "pageup": "PgUp",
    "pagedown": "PgDn",
    "up": "↑",
    "down": "↓",
    "left": "←",
    "right": "→",
}
_FKEY = re.compile(r"^f(\d+)$")
# xterm and most terminals send Shift+F1..F12 as F13..F24.
_SHIFTED_FKEYS = 12

# The 2-set Korean layout (두벌식): the jamo each QWERTY letter types when the IME is on.
# Shifted keys type the tense consonants and the ㅒ/ㅖ vowels.
_DUBEOLSIK = {
    "ㅂ": "q", "ㅈ": "w", "ㄷ": "e", "ㄱ": "r", "ㅅ": "t", "ㅛ": "y", "ㅕ": "u", "ㅑ": "i",
    "ㅐ": "o", "ㅔ": "p", "ㅁ": "a", "ㄴ": "s", "ㅇ": "d", "ㄹ": "f", "ㅎ": "g", "ㅗ": "h",
    "ㅓ": "j", "ㅏ": "k", "ㅣ": "l", "ㅋ": "z", "ㅌ": "x", "ㅊ": "c", "ㅍ": "v", "ㅠ": "b",
    "ㅜ": "n", "ㅡ": "m", "ㅃ": "q", "ㅉ": "w", "ㄸ": "e", "ㄲ": "r", "ㅆ": "t", "ㅒ": "o",
    "ㅖ": "p",
}  # fmt: skip


def key_label(key: str) -> str:
    """What the keyboard says for a Textual key name: `F2`, `⇧F8`, `^S`, `Enter`, `↑`, `N`."""
    key = key.strip()
    if key.startswith("ctrl+"):
        return "^" + key_label(key[5:])
    if key.startswith("shift+"):
        return "⇧" + key_label(key[6:])
    if key.startswith("alt+"):
        return "Alt+" + key_label(key[4:])
    if key in _NAMED:
        return _NAMED[key]
    fkey = _FKEY.match(key)
    if fkey:
        number = int(fkey.group(1))
        if _SHIFTED_FKEYS < number <= 2 * _SHIFTED_FKEYS:
            return f"⇧F{number - _SHIFTED_FKEYS}"
        return f"F{number}"
    if len(key) == 1:
        return key.upper()
    return key


def keys_label(keys: list[str]) -> str:
    """Several keys for one thing: `↑↓`, `1-9`, `F9 / ^S`; one label shown once."""
    labels: list[str] = []
    for key in keys:
        label = key_label(key)
        if label not in labels:
            labels.append(label)
    for a, b in (("↑", "↓"), ("←", "→")):
        if a in labels and b in labels:
            at = min(labels.index(a), labels.index(b))
            labels = [label for label in labels if label not in (a, b)]
            labels.insert(at, a + b)
    if len(labels) > 2 and all(label.isdigit() and len(label) == 1 for label in labels):
        digits = sorted(labels)
        return f"{digits[0]}-{digits[-1]}"
    return " / ".join(labels)


def fold_key(key: str) -> str:
    """The plain key a letter stands for: `n` for `N` (Shift or Caps Lock) and for `ㅜ`
    (the same key with a Korean input method on). Anything else is returned as it is."""
    if len(key) != 1:
        return key
    key = _DUBEOLSIK.get(key, key)
    if "A" <= key <= "Z":
        return key.lower()
    return key
