"""Footer labels in the agent's language.

`BINDINGS` are declared once per class, but an agent reads the footer in zh, en or ko;
each node translates its own bindings on construction from the `key.<binding id>`
strings, so the footer, the help panel and keymaps (which go by id) stay in step.
"""

from __future__ import annotations

from dataclasses import replace

from textual.dom import DOMNode

from tui.domain.i18n import Lang, catalog, t


def translate_bindings(node: DOMNode, lang: Lang) -> None:
    strings = catalog()
    for key, bindings in node._bindings.key_to_bindings.items():
        node._bindings.key_to_bindings[key] = [
            replace(b, description=t(lang, f"key.{b.id}"))
            if b.id and f"key.{b.id}" in strings
            else b
            for b in bindings
        ]
