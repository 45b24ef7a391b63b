"""Run one sync and die by SIGKILL at a named step: `python -m tests.sync.kill_at LOCAL
URL STATION STEP [NTH] [BATCH]`. Nothing is cleaned up, flushed or rolled back by us:
exactly what a power cut or an OOM kill leaves."""

from __future__ import annotations

import os
import signal
import sys
from pathlib import Path

from tui.sync import push
from tui.sync.run import run_sync


def main() -> None:
    local, url, station, step = sys.argv[1:5]
    nth = int(sys.argv[5]) if len(sys.argv) > 5 else 1
    if len(sys.argv) > 6:
        push.BATCH_ROWS = int(sys.argv[6])
    seen = 0

    def hook(name: str) -> None:
        nonlocal seen
        if name == step:
            seen += 1
            if seen == nth:
                os.kill(os.getpid(), signal.SIGKILL)

    run_sync(Path(local), url, station, step=hook)
    sys.exit(3)  # the step was never reached: the test is wrong, not the sync


if __name__ == "__main__":
    main()
