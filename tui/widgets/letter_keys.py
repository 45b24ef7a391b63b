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
        # Run the binding the folded key has on this screen now (after the agent's
        # keymap, and only if its check_action allows it).
        app = self.app
        active = app.screen.active_bindings.get(folded)
        if active is not None and active.enabled:
            event.stop()
            event.prevent_default()
            await app.run_action(active.binding.action, active.node)
