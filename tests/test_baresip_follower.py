"""The baresip follower against a real TCP server on loopback that plays ctrl_tcp: events
delivered in order, reconnects after a close, a broken frame or an outage, and nothing it
is sent stops it. Waits come from the injected sleep, never from the clock on the wall."""

from __future__ import annotations

import asyncio
import json
from collections.abc import AsyncIterator, Awaitable, Callable
from dataclasses import dataclass, field

import pytest

from tui.domain.netstring import encode
from tui.services.baresip_follower import Backoff, BaresipFollower

WAIT = 10.0
"""Seconds a test waits for something the follower must do; it never waits this long
unless the follower is broken."""

Script = Callable[[asyncio.StreamReader, asyncio.StreamWriter], Awaitable[None]]


def call_event(type_: str, number: str = "1001", call_id: str = "c1", **extra: object) -> bytes:
    return encode(
        json.dumps(
            {
                "event": True,
                "type": type_,
                "class": "call",
                "accountaor": "sip:1002@127.0.0.1",
                "direction": "incoming",
                "peeruri": f"sip:{number}@127.0.0.1",
                "id": call_id,
                **extra,
            }
        ).encode()
    )


RING, ANSWER, HANGUP = (call_event(t) for t in ("CALL_INCOMING", "CALL_ESTABLISHED", "CALL_CLOSED"))


@dataclass
class FakeCtrl:
    """A ctrl_tcp stand-in: each connection runs the next script in line; past the last
    one a connection is held open until the test ends."""

    scripts: list[Script] = field(default_factory=list)
    port: int = 0
    server: asyncio.Server | None = None

    async def start(self, port: int = 0) -> None:
        self.server = await asyncio.start_server(self._serve, "127.0.0.1", port)
        self.port = self.server.sockets[0].getsockname()[1]

    async def stop(self) -> None:
        if self.server is not None:
            # Stops listening; a connection still held ends when the follower goes.
            self.server.close()
            await self.server.wait_closed()
            self.server = None

    async def _serve(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        script = self.scripts.pop(0) if self.scripts else hold
        try:
            await script(reader, writer)
        finally:
            writer.close()


async def hold(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
    await reader.read()


def send(*pieces: bytes, then_hold: bool = False) -> Script:
    async def script(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        for piece in pieces:
            writer.write(piece)
            await writer.drain()
        if then_hold:
            await reader.read()

    return script


@dataclass
class Harness:
    ctrl: FakeCtrl
    events: asyncio.Queue[tuple[str, str, str]]
    lines: asyncio.Queue[str]
    delays: list[float]
    now: list[float]
    follower: BaresipFollower | None = None
    task: asyncio.Task[None] | None = None
    fail_deliver_for: set[str] = field(default_factory=set)

    def start(self, port: int | None = None, backoff: Backoff | None = None) -> None:
        def deliver(kind: str, number: str, call_ref: str) -> None:
            if number in self.fail_deliver_for:
                raise ConnectionRefusedError("no desk is running for agent a1")
            self.events.put_nowait((kind, number, call_ref))

        async def sleep(delay: float) -> None:
            self.delays.append(delay)
            self.now[0] += delay
            await asyncio.sleep(0)

        self.follower = BaresipFollower(
            "127.0.0.1",
            self.ctrl.port if port is None else port,
            deliver,
            say=self.lines.put_nowait,
            sleep=sleep,
            clock=lambda: self.now[0],
            backoff=backoff,
        )
        self.task = asyncio.create_task(self.follower.run())

    async def event(self) -> tuple[str, str, str]:
        return await asyncio.wait_for(self.events.get(), WAIT)

    async def line(self, starting: str) -> str:
        while True:
            line = await asyncio.wait_for(self.lines.get(), WAIT)
            if line.startswith(starting):
                return line


@pytest.fixture
async def harness() -> AsyncIterator[Harness]:
    ctrl = FakeCtrl()
    h = Harness(ctrl, asyncio.Queue(), asyncio.Queue(), [], [0.0])
    yield h
    if h.task is not None:
        h.task.cancel()
        with pytest.raises(asyncio.CancelledError):
            await h.task
    await ctrl.stop()


async def test_ring_answer_hangup_are_delivered_in_order_with_the_number(harness: Harness) -> None:
    stream = (
        encode(b'{"response":true,"ok":true,"data":"","token":"t1"}')
        + RING
        + call_event("CALL_RTCP", param="audio")
        + ANSWER
        + HANGUP
    )
    # Cut across frame boundaries and inside a length: TCP may deliver it so.
    harness.ctrl.scripts.append(send(stream[:3], stream[3:150], stream[150:], then_hold=True))
    await harness.ctrl.start()
    harness.start()
    assert await harness.line("Following baresip at 127.0.0.1:")
    assert [await harness.event() for _ in range(3)] == [
        ("ring", "1001", "c1"),
        ("answer", "1001", "c1"),
        ("hangup", "1001", "c1"),
    ]
    assert harness.events.empty()


async def test_when_baresip_closes_the_follower_reconnects_and_follows_on(harness: Harness) -> None:
    harness.ctrl.scripts += [send(RING), send(call_event("CALL_INCOMING", "2002", "c2"))]
    await harness.ctrl.start()
    harness.start()
    assert await harness.event() == ("ring", "1001", "c1")
    assert "closed the connection; reconnecting" in await harness.line("baresip at")
    assert await harness.event() == ("ring", "2002", "c2")
    assert harness.follower is not None and harness.follower.connections >= 2


async def test_a_broken_frame_is_said_and_the_stream_is_read_again_from_a_new_connection(
    harness: Harness,
) -> None:
    harness.ctrl.scripts += [
        send(RING + b"12:not-a-frame-at-all", then_hold=True),
        send(HANGUP, then_hold=True),
    ]
    await harness.ctrl.start()
    harness.start()
    assert await harness.event() == ("ring", "1001", "c1")
    line = await harness.line("baresip at")
    assert "sent a broken frame" in line
    assert "expected ',' at the end of the frame" in line
    assert await harness.event() == ("hangup", "1001", "c1")
    assert harness.follower is not None and harness.follower.connections == 2


async def test_an_oversized_frame_is_refused_before_its_body_arrives(harness: Harness) -> None:
    harness.ctrl.scripts += [send(b"99999999:", then_hold=True), send(RING, then_hold=True)]
    await harness.ctrl.start()
    harness.start()
    assert "a frame longer than the limit of 65536 bytes" in await harness.line("baresip at")
    assert await harness.event() == ("ring", "1001", "c1")


async def test_an_unreadable_message_is_skipped_and_the_same_connection_goes_on(
    harness: Harness,
) -> None:
    harness.ctrl.scripts.append(
        send(
            encode(b"\x00\xffnot json"),
            encode(b"[1, 2]"),
            call_event("CALL_INCOMING", peeruri=None),
            RING,
            then_hold=True,
        )
    )
    await harness.ctrl.start()
    harness.start()
    assert await harness.event() == ("ring", "1001", "c1")
    skipped = [await harness.line("Skipped") for _ in range(3)]
    assert skipped == [
        "Skipped a message from baresip: a message that is not UTF-8 text",
        "Skipped a message from baresip: a message that is a JSON list, not an object",
        "Skipped a message from baresip: a ring event whose peeruri field is not text",
    ]
    assert harness.follower is not None and harness.follower.connections == 1


async def test_a_failing_deliver_is_said_and_the_next_event_still_goes(harness: Harness) -> None:
    harness.fail_deliver_for.add("1001")
    harness.ctrl.scripts.append(
        send(RING, call_event("CALL_INCOMING", "2002", "c2"), then_hold=True)
    )
    await harness.ctrl.start()
    harness.start()
    assert await harness.event() == ("ring", "2002", "c2")
    assert await harness.line("Could not") == (
        "Could not pass on the ring of 1001: no desk is running for agent a1"
    )


async def test_before_baresip_starts_it_says_so_once_and_tries_with_a_growing_wait(
    harness: Harness,
) -> None:
    # A port nothing listens on: taken, then let go.
    await harness.ctrl.start()
    port = harness.ctrl.port
    await harness.ctrl.stop()
    harness.start(port=port, backoff=Backoff(first=0.25, most=2.0))
    line = await harness.line("Cannot reach")
    assert line.startswith(f"Cannot reach baresip at 127.0.0.1:{port} (")
    assert line.endswith("trying again every few seconds until it answers")
    while len(harness.delays) < 7:
        await asyncio.sleep(0)
    assert harness.delays[:7] == [0.25, 0.5, 1.0, 2.0, 2.0, 2.0, 2.0]
    assert harness.lines.empty()
    harness.ctrl.scripts.append(send(RING, then_hold=True))
    await harness.ctrl.start(port=port)
    assert await harness.event() == ("ring", "1001", "c1")


async def test_the_wait_starts_again_after_a_connection_that_stayed_up(harness: Harness) -> None:
    async def steady_then_close(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        writer.write(RING)
        await writer.drain()
        # Once the ring is through, the connection lives a minute on the follower's clock.
        while harness.events.empty():
            await asyncio.sleep(0)
        harness.now[0] += 60

    harness.ctrl.scripts += [send(), send(), steady_then_close, send(HANGUP, then_hold=True)]
    await harness.ctrl.start()
    harness.start(backoff=Backoff(first=0.25, most=8.0, steady=10.0))
    assert await harness.event() == ("ring", "1001", "c1")
    assert await harness.event() == ("hangup", "1001", "c1")
    # Two short connections doubled the wait; the steady one set it back to the first.
    assert harness.delays == [0.25, 0.5, 0.25]


async def test_an_answer_without_a_ring_reaches_the_desk_as_ring_then_answer(
    harness: Harness,
) -> None:
    # baresip set to answer by itself sends CALL_ESTABLISHED with no CALL_INCOMING before.
    harness.ctrl.scripts.append(send(ANSWER, HANGUP, then_hold=True))
    await harness.ctrl.start()
    harness.start()
    assert [await harness.event() for _ in range(3)] == [
        ("ring", "1001", "c1"),
        ("answer", "1001", "c1"),
        ("hangup", "1001", "c1"),
    ]
