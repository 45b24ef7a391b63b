"""Follow a running baresip's `ctrl_tcp` event stream and pass its calls on.

The follower connects to ctrl_tcp, reads netstring-framed JSON events, and calls
`deliver(kind, number, call_ref)` for each ring, answer and hangup of an incoming call. It
runs for as long as it is left running:
- baresip not started yet, restarted, or gone: it keeps trying, waiting a little longer
  each time (up to `max_delay`), and says so once per outage, not once per try;
- a broken frame: the stream cannot be trusted past it, so it drops the connection and
  starts again on a new one (the frames before the fault are delivered first);
- a frame that is whole but not a readable call event: skipped with a line, the stream is
  still in step;
- `deliver` failing: said in a line; the next event is still delivered;
- an answer for a call it saw no ring for (baresip set to answer by itself sends none):
  a ring is delivered first, so the desk still gets the number.

ctrl_tcp serves one client at a time and drops the older one when another connects, so two
followers of one baresip would keep knocking each other off: the growing wait after each
short-lived connection keeps that from turning into a busy loop.
"""

from __future__ import annotations

import asyncio
import sys
import time
from collections.abc import Awaitable, Callable
from dataclasses import dataclass

from tui.domain.baresip_events import EventError, RingTracker, parse_event
from tui.domain.i18n import Lang, t
from tui.domain.netstring import MAX_FRAME, FrameError, NetstringDecoder

Deliver = Callable[[str, str, str], None]
"""`deliver(kind, number, call_ref)`: kind is "ring", "answer" or "hangup"; number the
caller's number (from the peer URI); call_ref baresip's call id (the SIP Call-ID)."""

Sleep = Callable[[float], Awaitable[None]]
Clock = Callable[[], float]
Say = Callable[[str], None]

READ_SIZE = 64 * 1024


@dataclass(frozen=True)
class Backoff:
    """How long to wait before the next try: `first`, doubling up to `most`. A connection
    that stayed up `steady` seconds starts the count again."""

    first: float = 0.25
    most: float = 5.0
    steady: float = 10.0

    def after(self, delay: float) -> float:
        return min(self.most, delay * 2)


def _say_on_stderr(line: str) -> None:
    print(line, file=sys.stderr, flush=True)


class BaresipFollower:
    def __init__(
        self,
        host: str,
        port: int,
        deliver: Deliver,
        *,
        lang: Lang = "en",
        say: Say = _say_on_stderr,
        sleep: Sleep = asyncio.sleep,
        clock: Clock = time.monotonic,
        backoff: Backoff | None = None,
        max_frame: int = MAX_FRAME,
    ) -> None:
        self.host = host
        self.port = port
        self._deliver = deliver
        self._lang = lang
        self._say = say
        self._sleep = sleep
        self._clock = clock
        self._backoff = backoff or Backoff()
        self._max_frame = max_frame
        # Across connections: an answer after a reconnect still knows its ring was passed on.
        self._rings = RingTracker()
        self.connections = 0
        """Connections made so far: tests wait on it, a status line could show it."""

    @property
    def address(self) -> str:
        host = f"[{self.host}]" if ":" in self.host else self.host
        return f"{host}:{self.port}"

    async def run(self) -> None:
        """Follow until cancelled."""
        delay = self._backoff.first
        unreachable_said = False
        while True:
            try:
                reader, writer = await asyncio.open_connection(self.host, self.port)
            except OSError as error:
                if not unreachable_said:
                    self._say(
                        t(
                            self._lang,
                            "softphone.unreachable",
                            address=self.address,
                            detail=error.strerror or str(error),
                        )
                    )
                    unreachable_said = True
            else:
                unreachable_said = False
                self.connections += 1
                self._say(t(self._lang, "softphone.connected", address=self.address))
                started = self._clock()
                try:
                    await self._follow(reader)
                finally:
                    writer.close()
                    # The close is best effort: baresip may be gone already.
                    try:
                        await writer.wait_closed()
                    except OSError:
                        pass
                if self._clock() - started >= self._backoff.steady:
                    delay = self._backoff.first
            await self._sleep(delay)
            delay = self._backoff.after(delay)

    async def _follow(self, reader: asyncio.StreamReader) -> None:
        """Read one connection until it ends or breaks the framing."""
        decoder = NetstringDecoder(self._max_frame)
        while True:
            try:
                data = await reader.read(READ_SIZE)
            except OSError:
                data = b""
            if not data:
                self._say(t(self._lang, "softphone.closed", address=self.address))
                return
            try:
                frames = decoder.feed(data)
            except FrameError as error:
                for frame in error.frames_before:
                    self._pass_on(frame)
                self._say(
                    t(
                        self._lang,
                        "softphone.bad_frame",
                        address=self.address,
                        detail=error.message(self._lang),
                    )
                )
                return
            for frame in frames:
                self._pass_on(frame)

    def _pass_on(self, frame: bytes) -> None:
        try:
            signal = parse_event(frame)
        except EventError as error:
            self._say(t(self._lang, "softphone.bad_event", detail=error.message(self._lang)))
            return
        if signal is None:
            return
        for each in self._rings.signals(signal):
            try:
                self._deliver(each.kind, each.number, each.call_ref)
            except Exception as error:  # noqa: BLE001 - whatever deliver raises, follow on
                self._say(
                    t(
                        self._lang,
                        "softphone.deliver_failed",
                        kind=t(self._lang, f"softphone.kind.{each.kind}"),
                        number=each.number,
                        detail=str(error) or type(error).__name__,
                    )
                )
