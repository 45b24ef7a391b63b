"""Run the register's sync phases for one station and SIGKILL this process when a named
step is reached: `python -m tests.sync.kill_register DB STATION URL STEP [daytime]`
(`daytime`: the desk's push, judging only the chains with new events)."""

from __future__ import annotations

import os
import signal
import sys
from pathlib import Path

from tests.sync.places import Station, sync


def main() -> None:
    db, station, url, step = sys.argv[1:5]
    daytime = sys.argv[5:6] == ["daytime"]

    def hook(name: str) -> None:
        if name == step:
            os.kill(os.getpid(), signal.SIGKILL)

    sync(Station(station, Path(db)), url, step=hook, whole_register=not daytime)


if __name__ == "__main__":
    main()
