"""Footer labels in the agent's language.

`BINDINGS` are declared once per class, but an agent reads the footer in zh, en or ko;
each node translates its own bindings on construction from the `key.<binding id>`
strings, so the footer, the help panel and keymaps (which go by id) stay in step.
"""

from __future__ import annotations

from dataclasses import replace

from textual.binding import Binding
from textual.dom import DOMNode

from tui.domain.i18n import Lang, catalog, t
from tui.domain.keyboard import key_label


def key_display(binding: Binding) -> str:
    """`F8` rather than `f8`, `^Q` rather than `ctrl+q`, `⇧F8` for `f20`: what the keyboard
    says. Read from the binding's key as it is now, so a keymap's key shows as remapped
    (Textual clears `key_display` on a remapped binding)."""
    return binding.key_display or key_label(binding.key)


def translate_bindings(node: DOMNode, lang: Lang) -> None:
    strings = catalog()
    for key, bindings in node._bindings.key_to_bindings.items():
        node._bindings.key_to_bindings[key] = [
            replace(
                b,
                description=t(lang, f"key.{b.id}") if f"key.{b.id}" in strings else b.description,
            )
            for b in bindings
        ]
