"""Footer labels in the agent's language.

`BINDINGS` are declared once per class, but an agent reads the footer in zh, en or ko;
each node translates its own bindings on construction from the `key.<binding id>`
strings, so the footer, the help panel and keymaps (which go by id) stay in step.
"""

from __future__ import annotations

import re
from dataclasses import replace

from textual.binding import Binding
from textual.dom import DOMNode

from tui.domain.i18n import Lang, catalog, t

_FKEY = re.compile(r"^f\d+$")
_NAMED = {"escape": "Esc", "enter": "Enter", "pageup": "PgUp", "pagedown": "PgDn", "tab": "Tab"}


def key_display(binding: Binding) -> str | None:
    """`F8` rather than `f8`, `^Q` rather than `ctrl+q`: what the keyboard says."""
    if binding.key_display:
        return binding.key_display
    if binding.key in _NAMED:
        return _NAMED[binding.key]
    if _FKEY.match(binding.key):
        return binding.key.upper()
    if binding.key.startswith("ctrl+") and len(binding.key) == 6:
        return "^" + binding.key[-1].upper()
    return None


def translate_bindings(node: DOMNode, lang: Lang) -> None:
    strings = catalog()
    for key, bindings in node._bindings.key_to_bindings.items():
        node._bindings.key_to_bindings[key] = [
            replace(
                b,
                description=t(lang, f"key.{b.id}") if f"key.{b.id}" in strings else b.description,
                key_display=key_display(b),
            )
            for b in bindings
        ]
