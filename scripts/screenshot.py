#!/usr/bin/env python3
"""Save the README's screenshot: the desk mid-call, as the app itself draws it (SVG).

python scripts/screenshot.py [--lang zh] [--out docs/desk.svg]
"""

from __future__ import annotations

import argparse
import asyncio
import sys
import tempfile
from datetime import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from tui.app_factory import make_app  # noqa: E402
from tui.clipboard import MemoryClipboard  # noqa: E402
from tui.domain.clock import FakeClock  # noqa: E402


async def shoot(lang: str, out: Path) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        clock = FakeClock("2026-11-24T10:12:00+08:00")
        app = make_app(
            db=Path(tmp) / "shot.sqlite3",
            config=Path(tmp) / "none.toml",
            agent={"zh": "林小雨", "ko": "김민지", "en": "Alex"}[lang],
            lang=lang,
            zone={"zh": "Asia/Shanghai", "ko": "Asia/Seoul", "en": "Asia/Shanghai"}[lang],
            shift_start=time(9, 0),
            clock=clock,
            clipboard=MemoryClipboard(),
        )
        async with app.run_test(size=(100, 30)) as pilot:
            while type(app.screen).__name__ != "DeskScreen":
                await pilot.pause()
            await app.workers.wait_for_complete()
            await pilot.press("f2", *"13812345678")
            await pilot.press("f3")
            while type(app.screen).__name__ != "ReasonPickerScreen":
                await pilot.pause()
            await pilot.press("1")
            await pilot.pause()
            clock.advance(97)
            app.tick()
            await pilot.pause()
            out.write_text(app.export_screenshot(title="agentdesk"), encoding="utf-8")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--lang", default="zh", choices=["zh", "en", "ko"])
    parser.add_argument("--out", type=Path, default=ROOT / "docs" / "desk.svg")
    args = parser.parse_args()
    asyncio.run(shoot(args.lang, args.out))
    print(args.out)


if __name__ == "__main__":
    main()
