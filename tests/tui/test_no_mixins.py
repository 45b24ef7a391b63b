"""Screens and widgets are built by composition: no class of ours is mixed into one.

A mixin's `@on` handlers are not collected and its `self` is typed by stubs; the desk's
break side is an object the desk holds (`DeskBreaks`) and letter folding a function the
screens call (`run_folded`)."""

from __future__ import annotations

import importlib
import pkgutil

from textual.dom import DOMNode

import tui.screens
import tui.widgets


def test_no_screen_or_widget_has_a_mixin_of_ours() -> None:
    mixed: list[str] = []
    for package in (tui.screens, tui.widgets):
        for found in pkgutil.iter_modules(package.__path__, f"{package.__name__}."):
            module = importlib.import_module(found.name)
            for value in vars(module).values():
                if not (isinstance(value, type) and issubclass(value, DOMNode)):
                    continue
                mixed += [
                    f"{value.__qualname__} <- {base.__module__}.{base.__qualname__}"
                    for base in value.__mro__
                    if base.__module__.startswith("tui.") and not issubclass(base, DOMNode)
                ]
    assert mixed == []
