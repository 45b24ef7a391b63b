"""The footer: one line of the keys that work right now, and it always fits.

Textual's own Footer lays its keys out as widgets side by side and lets the last ones run
under the command-palette key docked on the right, so at 80 columns in zh or ko half a key
and stray characters show. This one measures first (in terminal cells) and drops whole
keys, least important first, until the line fits; the palette key (^P) is never dropped,
since everything left out can be found there by name.

The keys come from the screen's live bindings (`Screen.active_bindings`): after the
agent's keymap, without the actions `check_action` hides, one entry per action. The queue
legend and the help screen read the same bindings, so none of them can drift apart.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from rich.cells import cell_len
from rich.style import Style
from rich.text import Text
from textual import events
from textual.app import App
from textual.binding import Binding, BindingsMap
from textual.dom import DOMNode
from textual.screen import Screen
from textual.widget import Widget

from tui.domain.i18n import catalog, t
from tui.domain.keyboard import keys_label
from tui.domain.plain_text import shown
from tui.widgets.translated_bindings import key_display

PALETTE_ACTION = "command_palette"
SEPARATOR = " "
PALETTE_EDGE = "▏"


@dataclass(frozen=True)
class ShownKey:
    """One key as the footer, the queue legend and the help show it."""

    key: str
    """The key that runs it (after the keymap): what a click on it simulates."""
    label: str
    """What the keyboard says: `F2`, `⇧F8`, `^P`."""
    description: str
    enabled: bool
    binding_id: str | None
    action: str

    @property
    def width(self) -> int:
        if not self.description:
            return cell_len(self.label)
        return cell_len(self.label) + 1 + cell_len(self.description)


def keymapped(bindings: BindingsMap, app: App[object]) -> BindingsMap:
    """A copy of `bindings` with the agent's keymap applied, as Textual applies it."""
    bindings = bindings.copy()
    keymap = app._keymap
    if keymap:
        bindings.apply_keymap(keymap)
    return bindings


def live_bindings(node: DOMNode) -> BindingsMap:
    """`node`'s own bindings as the keys reach it now: with the agent's keymap applied."""
    return keymapped(node._bindings, node.app)


def bindings_by_id(bindings: BindingsMap) -> dict[str, list[Binding]]:
    """Every binding of the map under its id (a binding on two keys is listed twice)."""
    found: dict[str, list[Binding]] = {}
    for key_bindings in bindings.key_to_bindings.values():
        for binding in key_bindings:
            if binding.id:
                found.setdefault(binding.id, []).append(binding)
    return found


def live_labels(node: DOMNode) -> dict[str, str]:
    """Binding id to what the agent presses for it now (`⇧F8`, `F9 / ^S`, `1-9`)."""
    return {
        ident: keys_label([b.key for b in bindings])
        for ident, bindings in bindings_by_id(live_bindings(node)).items()
    }


WordsHook = Callable[[Binding], "str | None"]


def textual_words(node: DOMNode, binding: Binding) -> str | None:
    """The agent's words for a key a Textual widget of its own shows (the open class
    list's Esc says "Dismiss menu"): `key.textual.<action>` in the catalog."""
    if not type(node).__module__.startswith("textual."):
        return None
    ident = f"key.textual.{binding.action}"
    if ident not in catalog():
        return None
    return t(getattr(node.app, "lang", "en"), ident)


def shown_keys(
    screen: Screen[Any], *, with_palette: bool = False, words: WordsHook | None = None
) -> list[ShownKey]:
    """The keys that do something on `screen` now, in binding order, one per action.

    `words` may say other words for a key while the screen's state asks for them (the
    desk's F8 says "start" while a reset is offered); None keeps the binding's own.
    """
    seen: set[tuple[int, str]] = set()
    keys: list[ShownKey] = []
    for key, active in screen.active_bindings.items():
        binding = active.binding
        is_palette = binding.action == PALETTE_ACTION
        if not (binding.show or (with_palette and is_palette)):
            continue
        ident = (id(active.node), binding.action)
        if ident in seen:
            continue  # a second key for the same action (f20 and shift+f8)
        seen.add(ident)
        description = (
            (words(binding) if words is not None else None)
            or textual_words(active.node, binding)
            or binding.description
        )
        keys.append(
            ShownKey(
                key=key,
                label=key_display(binding),
                description=description,
                enabled=active.enabled,
                binding_id=binding.id,
                action=binding.action,
            )
        )
    return keys


def fit_keys(
    keys: Sequence[ShownKey], width: int, keep_first: Sequence[str] = ()
) -> list[ShownKey]:
    """`keys` less the least important, whole, until they fit `width` cells side by side.

    Importance is the order of binding ids in `keep_first`; keys not named there go
    first, the rightmost of them first.
    """
    kept = list(keys)

    def rank(item: ShownKey) -> tuple[int, int]:
        position = kept.index(item)
        if item.binding_id in keep_first:
            return (1, -keep_first.index(item.binding_id))
        return (0, -position)

    while kept and _line_width(kept) > width:
        kept.remove(min(kept, key=rank))
    return kept


def _line_width(keys: Sequence[ShownKey]) -> int:
    return sum(k.width for k in keys) + cell_len(SEPARATOR) * max(len(keys) - 1, 0)


class KeyFooter(Widget):
    """`keep_first`: binding ids, most important first, that stay longest as it narrows;
    `words`: the screen's own words for some keys (see `shown_keys`)."""

    DEFAULT_CSS = """
    KeyFooter {
        dock: bottom;
        height: 1;
        width: 100%;
        color: $footer-foreground;
        background: $footer-background;
    }
    KeyFooter > .key-footer--key {
        text-style: bold;
        color: $footer-key-foreground;
        background: $footer-key-background;
    }
    KeyFooter > .key-footer--description {
        color: $footer-description-foreground;
        background: $footer-description-background;
    }
    KeyFooter > .key-footer--edge {
        color: $foreground 20%;
    }
    """

    COMPONENT_CLASSES = {"key-footer--key", "key-footer--description", "key-footer--edge"}
    ALLOW_SELECT = False

    def __init__(
        self,
        *,
        keep_first: Sequence[str] = (),
        words: WordsHook | None = None,
        id: str | None = None,
    ) -> None:
        super().__init__(id=id)
        self.keep_first = tuple(keep_first)
        self.words = words
        """The screen's own words for a key while its state asks for them."""

    def on_mount(self) -> None:
        self.screen.bindings_updated_signal.subscribe(self, self._bindings_changed)

    def on_unmount(self) -> None:
        self.screen.bindings_updated_signal.unsubscribe(self)

    def _bindings_changed(self, screen: Screen[Any]) -> None:
        self.refresh()

    def shown(self) -> tuple[list[ShownKey], ShownKey | None]:
        """The keys on the line now, and the palette key pinned to its right."""
        keys = shown_keys(self.screen, with_palette=True, words=self.words)
        palette = next((k for k in keys if k.action == PALETTE_ACTION), None)
        rest = [k for k in keys if k.action != PALETTE_ACTION]
        width = self.size.width
        if palette is not None:
            width -= palette.width + cell_len(PALETTE_EDGE) + cell_len(SEPARATOR)
        return fit_keys(rest, width, self.keep_first), palette

    def render(self) -> Text:
        keys, palette = self.shown()
        key_style = self.get_component_rich_style("key-footer--key", partial=True)
        words_style = self.get_component_rich_style("key-footer--description", partial=True)
        dim = Style(dim=True)
        text = Text(no_wrap=True, overflow="crop", end="")

        def add(item: ShownKey) -> None:
            meta = Style.from_meta({"footer_key": item.key})
            off = Style() if item.enabled else dim
            text.append(item.label, key_style + off + meta)
            if item.description:
                text.append(" " + shown(item.description), words_style + off + meta)

        for n, item in enumerate(keys):
            if n:
                text.append(SEPARATOR)
            add(item)
        if palette is not None:
            edge = PALETTE_EDGE
            pad = self.size.width - text.cell_len - cell_len(edge) - palette.width
            text.append(" " * max(pad, 0))
            text.append(edge, self.get_component_rich_style("key-footer--edge", partial=True))
            add(palette)
        return text

    def on_click(self, event: events.Click) -> None:
        key = event.style.meta.get("footer_key")
        if isinstance(key, str):
            self.app.simulate_key(key)
