"""Letter keys that work however the keyboard types the letter.

A screen whose commands are letters (the queue's N C X P E R F K) gets `N` with Shift or
Caps Lock on, and `ㅜ` from the same key with a Korean input method on. A screen calls
`run_folded` from its `on_key`, which runs each as the plain key it stands for, so the
bindings (and the agent's keymap) decide what it does, and the agent never has to look
at the Caps Lock light. Only for screens where no text field takes the letters.
"""

from __future__ import annotations

from typing import Any

from textual import events
from textual.screen import Screen

from tui.domain.keyboard import fold_key


async def run_folded(screen: Screen[Any], event: events.Key) -> None:
    """Run the binding the folded key has on `screen` now (after the agent's keymap, and
    only if its check_action allows it); a key that folds to itself is left alone."""
    folded = fold_key(event.key)
    if folded == event.key:
        return
    app = screen.app
    active = app.screen.active_bindings.get(folded)
    if active is not None and active.enabled:
        event.stop()
        event.prevent_default()
        await app.run_action(active.binding.action, active.node)
