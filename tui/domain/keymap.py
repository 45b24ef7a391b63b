"""The `[keymap]` table of config.toml: binding ids to the keys the agent wants.

Key names are checked here, without Textual, against the names a terminal can send
(Textual's own names: `f12`, `ctrl+s`, `shift+tab`, `pageup`, a single character).
Which binding ids exist is the app's to say: it passes them in as groups, one per
screen or widget, so a key given to two bindings on one screen is caught too (Textual
would silently drop one of them).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

MODIFIERS = ("ctrl", "alt", "shift", "meta", "super", "hyper")
NAMED_KEYS = frozenset(
    {
        "enter",
        "escape",
        "tab",
        "space",
        "backspace",
        "delete",
        "insert",
        "home",
        "end",
        "pageup",
        "pagedown",
        "up",
        "down",
        "left",
        "right",
        *(f"f{n}" for n in range(1, 25)),
    }
)
# What people write for a few keys, mapped to the name the terminal driver reports.
ALIASES = {
    "esc": "escape",
    "return": "enter",
    "pgup": "pageup",
    "pgdn": "pagedown",
    "del": "delete",
}

BindingGroups = Sequence[Mapping[str, tuple[str, ...]]]
"""Per screen (or widget), binding id -> its default keys."""


def normal_key(text: str) -> str | None:
    """The key as Textual names it (`Ctrl+S` -> `ctrl+s`), or None when it is no key."""
    parts = [part.strip() for part in text.strip().split("+")]
    if text.strip() == "+":
        return "+"
    if len(parts) > 1 and parts[-1] == "" and parts[-2] == "":
        parts = [*parts[:-2], "+"]  # ctrl++ : the plus key itself
    *mods, name = parts
    mods = [mod.lower() for mod in mods]
    if any(mod not in MODIFIERS for mod in mods) or len(set(mods)) != len(mods):
        return None
    if len(name) == 1 and name.isprintable() and not name.isspace():
        key = name.lower() if mods else name
    else:
        key = ALIASES.get(name.lower(), name.lower())
        if key not in NAMED_KEYS:
            return None
    mods.sort(key=MODIFIERS.index)
    return "+".join([*mods, key])


@dataclass(frozen=True)
class KeymapMistake:
    binding: str
    code: str
    """Which mistake: unknown_binding, key_type, empty_key, bad_key, clash."""
    values: Mapping[str, str]


def read_keymap(
    table: Mapping[str, object], groups: BindingGroups | None
) -> tuple[dict[str, str], list[KeymapMistake]]:
    """The usable entries of a `[keymap]` table (id -> comma-separated keys), and the
    mistakes: an entry with a mistake is left out, so its binding keeps its default key.

    `table` may be nested (`desk.new_call = "f12"` written as a dotted key) or flat
    (`"desk.new_call" = "f12"`). With `groups` None, binding ids are not checked.
    """
    keymap: dict[str, str] = {}
    mistakes: list[KeymapMistake] = []
    known = {binding for group in groups for binding in group} if groups is not None else None
    for binding, value in _flatten(table):
        if known is not None and binding not in known:
            mistakes.append(KeymapMistake(binding, "unknown_binding", {"binding": binding}))
            continue
        texts = value.split(",") if isinstance(value, str) else value
        if not isinstance(texts, list) or not all(isinstance(text, str) for text in texts):
            mistakes.append(KeymapMistake(binding, "key_type", {"binding": binding}))
            continue
        if not texts or not any(text.strip() for text in texts):
            mistakes.append(KeymapMistake(binding, "empty_key", {"binding": binding}))
            continue
        keys: list[str] = []
        for text in texts:
            key = normal_key(text)
            if key is None:
                mistakes.append(
                    KeymapMistake(binding, "bad_key", {"binding": binding, "key": text.strip()})
                )
                break
            keys.append(key)
        else:
            keymap[binding] = ",".join(dict.fromkeys(keys))
    if groups is not None:
        for binding, other, key in _clashes(keymap, groups):
            keymap.pop(binding, None)
            mistakes.append(
                KeymapMistake(binding, "clash", {"binding": binding, "key": key, "other": other})
            )
    return keymap, mistakes


def _flatten(table: Mapping[str, object], prefix: str = "") -> list[tuple[str, object]]:
    out: list[tuple[str, object]] = []
    for name, value in table.items():
        if isinstance(value, Mapping):
            out += _flatten(value, f"{prefix}{name}.")
        else:
            out.append((f"{prefix}{name}", value))
    return out


def _clashes(keymap: Mapping[str, str], groups: BindingGroups) -> list[tuple[str, str, str]]:
    """(remapped id, the id already on its new key, the key) for every remap that would
    take a key another binding of the same group holds after the keymap is applied."""
    found: dict[str, tuple[str, str, str]] = {}
    for group in groups:
        holders: dict[str, list[str]] = {}
        for binding, defaults in group.items():
            keys = keymap[binding].split(",") if binding in keymap else list(defaults)
            for key in keys:
                holders.setdefault(key, []).append(binding)
        for key, bindings in holders.items():
            if len(set(bindings)) < 2:
                continue
            for binding in bindings:
                other = next(b for b in bindings if b != binding)
                if binding in keymap and binding not in found:
                    found[binding] = (binding, other, key)
    return list(found.values())
