"""What went wrong with a write, as the screens name it: the store tells the faults apart
(`tui.store.faults`), the screens only say them, so they ask here rather than the store."""

from __future__ import annotations

from tui.store.faults import Fault
from tui.store.faults import fault_of as _fault_of


def fault_of(exc: BaseException) -> Fault:
    """Which of the database faults `exc` is ("full", "busy", "io", ...): the last part
    of its `store.fault.*` catalog key."""
    return _fault_of(exc)
