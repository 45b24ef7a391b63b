"""Box breathing, as arithmetic: in 4 s, hold 4 s, out 4 s, hold 4 s, again.

The reset screen asks where the breath is after `elapsed` seconds and how big to
draw the shape in the room it has; the drawing itself is the widget's business.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Literal

Phase = Literal["in", "hold_full", "out", "hold_empty"]
PHASES: tuple[Phase, ...] = ("in", "hold_full", "out", "hold_empty")
PHASE_SECONDS = 4
CYCLE_SECONDS = PHASE_SECONDS * len(PHASES)

# The smallest shape that still reads as a box: two rows, four columns.
MIN_HEIGHT = 2
MIN_WIDTH = 4
# Terminal cells are about twice as tall as wide, so a square is two columns per row.
CELL_ASPECT = 2

# Advice lines in tui/locales/breaks.toml; the screen moves to the next every ADVICE_SECONDS.
ADVICE_KEYS: tuple[str, ...] = tuple(f"breaks.advice.{n}" for n in range(1, 7))
ADVICE_SECONDS = 20


@dataclass(frozen=True)
class Breath:
    """Where the breath is: the phase, the whole seconds left in it (4 to 1, counted
    down aloud), and how full the shape is (0 empty, 1 full)."""

    phase: Phase
    count: int
    fraction: float


def breath_at(elapsed: float) -> Breath:
    # Whole microseconds, so the cycle repeats exactly and float drift never flips a phase.
    micros = max(0, round(elapsed * 1_000_000)) % (CYCLE_SECONDS * 1_000_000)
    index, into = divmod(micros, PHASE_SECONDS * 1_000_000)
    phase = PHASES[index]
    progress = into / (PHASE_SECONDS * 1_000_000)
    count = PHASE_SECONDS - math.floor(progress * PHASE_SECONDS)
    fraction = {"in": progress, "hold_full": 1.0, "out": 1.0 - progress, "hold_empty": 0.0}
    return Breath(phase, count, fraction[phase])


def shape_size(fraction: float, max_width: int, max_height: int) -> tuple[int, int]:
    """(width, height) of the shape at `fraction` inside a max_width x max_height room.

    It keeps a square look and grows with the fraction from the smallest box to the
    largest that fits. A room too small for the smallest box gets (0, 0): draw nothing.
    """
    top = min(max_height, max_width // CELL_ASPECT)
    if top < MIN_HEIGHT:
        return (0, 0)
    fraction = min(1.0, max(0.0, fraction))
    height = MIN_HEIGHT + round(fraction * (top - MIN_HEIGHT))
    return (max(MIN_WIDTH, height * CELL_ASPECT), height)


def advice_key(elapsed: float) -> str:
    step = max(0, math.floor(elapsed / ADVICE_SECONDS))
    return ADVICE_KEYS[step % len(ADVICE_KEYS)]
