"""Run `pull_reference` on a workstation and SIGKILL this process at a named step.

python tests/sync/reference_kill.py DB CENTRAL_URL STEP
"""

from __future__ import annotations

import os
import signal
import sys
from pathlib import Path

from tests.sync.reference_station import sync_context
from tui.sync.reference import pull_reference


def main() -> None:
    db, url, at = sys.argv[1:4]

    def hook(step: str) -> None:
        if step == at:
            os.kill(os.getpid(), signal.SIGKILL)

    with sync_context(Path(db), url, step=hook) as ctx:
        pull_reference(ctx)
    sys.exit("the step was never reached")


if __name__ == "__main__":
    main()
