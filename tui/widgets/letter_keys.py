"""Letter keys that work however the keyboard types the letter.

A screen whose commands are letters (the queue's N C X P E R F K) gets `N` with Shift or
Caps Lock on, and `ㅜ` from the same key with a Korean input method on. Mixed into such a
screen, this runs each as the plain key it stands for, so the bindings (and the agent's
keymap) decide what it does, and the agent never has to look at the Caps Lock light.
Only for screens where no text field takes the letters.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from textual import events

from tui.domain.keyboard import fold_key

if TYPE_CHECKING:
    from textual.app import App


class LetterKeys:
    if TYPE_CHECKING:
        app: App[object]

    async def on_key(self, event: events.Key) -> None:
        folded = fold_key(event.key)
        if folded == event.key:
            return
        # Run as the folded key, the way Textual runs a key: priority bindings, then the
        # focused chain. (`App.simulate_key` would post a key that stops bubbling at this
        # screen, its sender, before the app checks the bindings.)
        app = self.app
        if await app._check_bindings(folded, priority=True) or await app._check_bindings(folded):
            event.stop()
            event.prevent_default()
