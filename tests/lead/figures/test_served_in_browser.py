"""`agentdesk figures --serve` opened in a real headless Chromium: the page draws the
shift's figures from a central store filled by the real sync, and a key pressed in the
page opens a scorecard point whose records show a known complaint's reference.

The data is placed around the real "now" (the served app runs on the wall clock, in its
own process), all of it within today in the lead's zone.
"""

from __future__ import annotations

import asyncio
import os
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pendulum
import pytest

from tests.lead.figures.browser import chromium
from tui.domain.calls import Call
from tui.domain.shift_figures import shift_period
from tui.store.calls import save_call
from tui.store.complaints import open_complaint
from tui.store.db import Store
from tui.sync.run import run_sync

ROOT = Path(__file__).resolve().parents[3]
ZONE = "Asia/Shanghai"
REFERENCE = "REF-SERVED-4711"


async def a_day_so_far(path: Path) -> None:
    """Three rated calls and a complaint with no department, all earlier today."""
    now = pendulum.now("UTC")
    start = shift_period(now, ZONE).start
    span = now - start
    store = await Store.open(path)
    try:
        for i, (share, rating) in enumerate(((0.5, 5), (0.6, 5), (0.7, 4))):
            at = start + span * share
            await save_call(
                store,
                Call(
                    id=f"served-{i}",
                    agent="Lin",
                    started_at=at,
                    ended_at=at,
                    caller="13812345678",
                    reason_code="inq.billing.amount",
                    outcome="answered",
                    mood="calm",
                    satisfaction=rating,
                    note="",
                ),  # fmt: skip
            )
        at = start + span * 0.8
        form = {
            "customer_name": "王芳", "contact": "138 0013 8000", "class_code": "easy",
            "what_happened": "扣费错误", "reference": REFERENCE,
        }  # fmt: skip
        await open_complaint(store, form, at.add(days=2), 1, "Lin", at)
    finally:
        await store.close()


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
        return port


@pytest.fixture
def served(tmp_path: Path) -> Iterator[str]:
    """`agentdesk figures --serve` on a free port, over a central store the sync filled."""
    station = tmp_path / "ws-1.db"
    asyncio.run(a_day_so_far(station))
    central = f"sqlite:///{tmp_path / 'central.db'}"
    run_sync(station, central, "ws-1")
    port = free_port()
    env = {
        **os.environ,
        "PYTHONPATH": str(ROOT),
        "AGENTDESK_CONFIG": str(tmp_path / "no-settings.toml"),
    }
    server = subprocess.Popen(
        [sys.executable, "-m", "tui", "figures", "--serve", "--central", central,
         "--zone", ZONE, "--lang", "en", "--port", str(port)],
        cwd=tmp_path, env=env, stdout=subprocess.DEVNULL,
        stderr=(tmp_path / "serve.log").open("w"), start_new_session=True,
    )  # fmt: skip
    url = f"http://127.0.0.1:{port}/"
    try:
        deadline = time.monotonic() + 30
        while True:
            try:
                with urllib.request.urlopen(url, timeout=2) as answer:
                    assert answer.status == 200
                    break
            except OSError:
                if server.poll() is not None or time.monotonic() > deadline:
                    raise AssertionError((tmp_path / "serve.log").read_text()) from None
                time.sleep(0.2)
        yield url
    finally:
        # The server and the app it started for the page share the session started above.
        os.killpg(server.pid, signal.SIGTERM)
        server.wait(timeout=20)


async def test_the_served_figures_draw_in_a_real_browser(served: str, tmp_path: Path) -> None:
    async with chromium(served) as page:
        await page.until("document.body && document.body.classList.contains('-first-byte')")
        today = pendulum.now(ZONE).format("YYYY-MM-DD")
        shown = await page.until_screen_has(
            f"Shift {today} · Asia/Shanghai", "3 calls; busiest", "100% satisfied of 3 rated"
        )
        assert "✓ at or above the line" in shown
        (tmp_path / "served.png").write_bytes(await page.screenshot())

        await page.press("c")  # the scorecards
        await page.until_screen_has("Scorecards", "Lin")
        await page.press("right", "enter")  # Lin's facts point
        shown = await page.until_screen_has("Lin · Facts", REFERENCE)
        assert "no department named" in shown
        assert "1******8000" in shown and "13800138000" not in shown
