"""A real Chromium, headless, driven over the DevTools protocol (the websocket client is
aiohttp's, already here for textual-serve): open a page, wait for the served terminal to
draw, press keys, read the terminal's screen and take a screenshot.

textual-serve draws with xterm.js into a canvas, so the page's DOM holds no text and
xterm's screen-reader mode is off. What the page shows is read from xterm's own screen
buffer in the page: the terminal object is the one instance of textual.js's terminal
class, found with the DevTools `queryObjects` (the class itself is reached through the
closure of the page's `window.onresize` handler). Each line comes from
`buffer.getLine(i).translateToString()`, the text xterm draws on the canvas.
"""

from __future__ import annotations

import asyncio
import base64
import json
import shutil
import subprocess
import tempfile
import time
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Any

import aiohttp

FLAGS = (
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
)  # fmt: skip
READ_SCREEN = """function () {
    const buffer = this[0].terminal.buffer.active;
    const lines = [];
    for (let i = 0; i < buffer.length; i++) {
        lines.push(buffer.getLine(i).translateToString(true));
    }
    return lines.join("\\n");
}"""
KEYS = {
    "enter": ("Enter", "Enter", 13, "\r"),
    "right": ("ArrowRight", "ArrowRight", 39, ""),
    "down": ("ArrowDown", "ArrowDown", 40, ""),
}


class Page:
    def __init__(self, ws: aiohttp.ClientWebSocketResponse) -> None:
        self.ws = ws
        self.ids = 0
        self.terminal: str | None = None

    async def call(self, method: str, **params: Any) -> dict[str, Any]:
        self.ids += 1
        mine = self.ids
        await self.ws.send_json({"id": mine, "method": method, "params": params})
        async for message in self.ws:
            data = json.loads(message.data)
            if data.get("id") == mine:
                if "error" in data:
                    raise RuntimeError(f"{method}: {data['error']}")
                result: dict[str, Any] = data.get("result", {})
                return result
        raise RuntimeError("the browser closed the connection")

    async def evaluate(self, expression: str) -> Any:
        result = await self.call("Runtime.evaluate", expression=expression, returnByValue=True)
        return result["result"].get("value")

    async def until(self, expression: str, timeout: float = 30) -> None:
        deadline = time.monotonic() + timeout
        while not await self.evaluate(expression):
            if time.monotonic() > deadline:
                raise AssertionError(f"the page never got to {expression!r}")
            await asyncio.sleep(0.1)

    async def _terminals(self) -> str:
        if self.terminal is None:
            handler = await self.call("Runtime.evaluate", expression="window.onresize")
            props = await self.call("Runtime.getProperties", objectId=handler["result"]["objectId"])
            scopes = next(p for p in props["internalProperties"] if p["name"] == "[[Scopes]]")
            listed = await self.call(
                "Runtime.getProperties", objectId=scopes["value"]["objectId"], ownProperties=True
            )
            cls = None
            for scope in listed["result"]:
                inner = await self.call(
                    "Runtime.getProperties", objectId=scope["value"]["objectId"], ownProperties=True
                )
                for variable in inner["result"]:
                    value = variable.get("value", {})
                    if value.get("type") == "function" and value.get("className") == "Function":
                        proto = await self.call(
                            "Runtime.callFunctionOn", objectId=value["objectId"],
                            functionDeclaration="function () { return this.prototype"
                            " && this.prototype.fit && this.prototype.connect"
                            " ? this.prototype : null }",
                        )  # fmt: skip
                        if proto["result"].get("objectId"):
                            cls = proto["result"]["objectId"]
                            break
                if cls:
                    break
            assert cls, "no terminal class in the page"
            found = await self.call("Runtime.queryObjects", prototypeObjectId=cls)
            self.terminal = found["objects"]["objectId"]
        return self.terminal

    async def screen(self) -> str:
        """The served terminal's screen as text, a line per row."""
        result = await self.call(
            "Runtime.callFunctionOn", objectId=await self._terminals(),
            functionDeclaration=READ_SCREEN, returnByValue=True,
        )  # fmt: skip
        return str(result["result"]["value"])

    async def until_screen_has(self, *texts: str, timeout: float = 30) -> str:
        deadline = time.monotonic() + timeout
        while True:
            shown = await self.screen()
            if all(text in shown for text in texts):
                return shown
            if time.monotonic() > deadline:
                raise AssertionError(f"never drawn: {texts!r}; the screen:\n{shown}")
            await asyncio.sleep(0.2)

    async def press(self, *keys: str) -> None:
        """Keys as a person types them into the page (xterm turns them into input)."""
        await self.evaluate("document.querySelector('.xterm-helper-textarea').focus()")
        for name in keys:
            if name in KEYS:
                key, code, vk, text = KEYS[name]
            else:  # a letter
                key, code, vk, text = name, f"Key{name.upper()}", ord(name.upper()), name
            down = {"key": key, "code": code, "windowsVirtualKeyCode": vk}
            await self.call("Input.dispatchKeyEvent", type="keyDown", text=text, **down)
            await self.call("Input.dispatchKeyEvent", type="keyUp", **down)

    async def screenshot(self) -> bytes:
        shot = await self.call("Page.captureScreenshot", format="png")
        return base64.b64decode(shot["data"])


@asynccontextmanager
async def chromium(url: str, size: tuple[int, int] = (1280, 800)) -> AsyncIterator[Page]:
    profile = Path(tempfile.mkdtemp(prefix="chromium-"))
    # Its chatter goes to a file: a pipe nobody reads would stop the browser once full.
    log = (profile / "stderr.log").open("w")
    browser = subprocess.Popen(
        ["chromium", *FLAGS, f"--user-data-dir={profile / 'profile'}",
         "--remote-debugging-port=0", f"--window-size={size[0]},{size[1]}", "about:blank"],
        stdout=subprocess.DEVNULL, stderr=log,
    )  # fmt: skip
    try:
        port = None
        deadline = time.monotonic() + 30
        while port is None and time.monotonic() < deadline:
            for line in (profile / "stderr.log").read_text(errors="replace").splitlines():
                if "DevTools listening on" in line:
                    port = line.split("ws://", 1)[1].split("/", 1)[0].rsplit(":", 1)[1]
            await asyncio.sleep(0.1)
        assert port, "chromium did not start: " + (profile / "stderr.log").read_text()
        async with aiohttp.ClientSession() as session:
            targets = await (await session.get(f"http://127.0.0.1:{port}/json/list")).json()
            target = next(t for t in targets if t["type"] == "page")
            async with session.ws_connect(target["webSocketDebuggerUrl"], max_msg_size=0) as ws:
                page = Page(ws)
                await page.call("Page.enable")
                await page.call("Page.navigate", url=url)
                yield page
    finally:
        browser.terminate()
        browser.wait(timeout=10)
        log.close()
        shutil.rmtree(profile, ignore_errors=True)
