"""The desk's long-lived objects, kept out of the garbage collector's full passes.

With 10,000 open complaints the desk holds some 170,000 objects that live as long as it
does: the queue's rows and their dates, the reason tree, the screens built at start. A
full collection of CPython's collector walks every one of them, about 100 ms each time on
the machines we measure, every few seconds while the queue ticks; one that lands in the
one-second tick or a keystroke is a stall the agent sees (the tick's p99 target is 8 ms).

`settle` moves everything alive at that moment into the permanent generation, which no
collection walks (`gc.freeze`); what is made later is collected as before, and a frozen
object still dies when its last reference goes. Only a reference cycle that turns into
garbage while frozen waits for `release`, which puts everything back (`gc.unfreeze`).
The freeze is the whole process's, so the desk releases it when it closes: a test
process runs many desks, one after another.

Start-up is the other stretch where the collector costs the agent time: building the
desk makes hundreds of thousands of objects, nearly all of which live on, and CPython
walks them again and again while they are made (some 30 ms of a start on the machines
we measure). `hold_for_start` freezes what the imports made and stops the
collector until `resume`: when the agent's first keys pause, the moment the complaint
side starts, or `START_HOLD_S` after the desk is up at the latest. Only the `agentdesk`
command holds it: a desk run inside another program (a test) leaves its collector alone.
"""

from __future__ import annotations

import gc

START_HOLD_S = 3.0
"""The longest the collector waits for a desk that is slow to come up (a locked file)."""


def hold_for_start() -> None:
    """Freeze what exists now and pause the collector until `resume`."""
    gc.freeze()
    gc.disable()


def resume() -> None:
    """The collector runs again; what start-up left as garbage is found by its passes."""
    gc.enable()


def settle() -> None:
    """Collect what is garbage now, then freeze what is left; call once the desk's
    long-lived data is built."""
    gc.collect()
    gc.freeze()


def release() -> None:
    """Undo `settle`: the frozen objects go back to the oldest generation."""
    gc.unfreeze()


def frozen() -> int:
    """How many objects `settle` took out of the collector's passes."""
    return gc.get_freeze_count()
