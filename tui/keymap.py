"""Which binding ids a `[keymap]` may name: every binding of every screen and widget of
the desk, found from the classes themselves so a new screen needs no list kept here.

Imports every screen and widget module, so it runs only for a file that has a
`[keymap]` (start-up time is benchmarked without one).
"""

from __future__ import annotations

import importlib
import pkgutil
from functools import cache

from textual.dom import DOMNode

from tui.domain.keymap import BindingGroups


def _subclasses(cls: type[DOMNode]) -> list[type[DOMNode]]:
    found: list[type[DOMNode]] = []
    for sub in cls.__subclasses__():
        found += [sub, *_subclasses(sub)]
    return found


@cache
def binding_groups() -> BindingGroups:
    """Per screen or widget class of the desk, binding id -> its default keys. The
    app's own bindings (Ctrl+Q, Ctrl+P) are in every screen's group: they answer on
    every screen."""
    import tui.screens
    import tui.widgets
    from tui.app import AgentDeskApp

    for package in (tui.screens, tui.widgets):
        for module in pkgutil.iter_modules(package.__path__, f"{package.__name__}."):
            importlib.import_module(module.name)

    def ids(cls: type[DOMNode]) -> dict[str, tuple[str, ...]]:
        group: dict[str, tuple[str, ...]] = {}
        for key, bindings in cls._merge_bindings().key_to_bindings.items():
            for binding in bindings:
                if binding.id:
                    group[binding.id] = (*group.get(binding.id, ()), key)
        return group

    app = ids(AgentDeskApp)
    groups: list[dict[str, tuple[str, ...]]] = [app]
    for cls in dict.fromkeys(_subclasses(DOMNode)):
        if cls.__module__.startswith("tui.") and cls is not AgentDeskApp:
            own = ids(cls)
            if own:
                from textual.screen import Screen

                groups.append({**app, **own} if issubclass(cls, Screen) else own)
    return tuple(groups)
