"""The desk's end of the softphone link: a Unix socket server on the desk's own loop.

Each connection carries one message line and gets one reply line, then is closed. The
desk is asked what to do through `deliver`, which returns at once (it never waits on the
agent); a connection that sends nothing, or too much, is answered with an error and
closed. Nothing here imports Textual.
"""

from __future__ import annotations

import asyncio
import contextlib
import errno
import os
import socket
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

from tui.domain.phone_messages import (
    MAX_MESSAGE_BYTES,
    BadMessage,
    PhoneEvent,
    PhoneReply,
    encode_reply,
    parse_event,
)
from tui.services.phone_paths import UnsafeFolder, private_folder_for

Deliver = Callable[[PhoneEvent], Awaitable[PhoneReply]]
Refusal = Literal["unsafe_folder", "another_desk", "failed"]

READ_TIMEOUT_S = 2.0
"""How long a connection may take to send its line: a stuck client never holds a slot."""
DELIVER_TIMEOUT_S = 1.0


@dataclass(frozen=True)
class LinkRefused:
    """Why the desk runs without the link; `detail` names the path (and the cause)."""

    why: Refusal
    detail: str


class PhoneLink:
    def __init__(self, agent: str, deliver: Deliver) -> None:
        self._agent = agent
        self._deliver = deliver
        self._server: asyncio.Server | None = None
        self.path: Path | None = None
        self._inode: int | None = None
        self.bad_messages = 0
        """Messages refused since the start: a test (and a log) can see them counted."""

    @property
    def listening(self) -> bool:
        return self._server is not None

    async def start(self) -> LinkRefused | None:
        """Listen; None when listening, else why not (the desk runs without the link)."""
        try:
            path = private_folder_for(self._agent)
        except UnsafeFolder as exc:
            return LinkRefused("unsafe_folder", str(exc))
        except OSError as exc:
            return LinkRefused("failed", f"{exc.filename or ''}: {exc.strerror or exc}")
        if _answers(path):
            return LinkRefused("another_desk", str(path))
        with contextlib.suppress(FileNotFoundError):
            path.unlink()  # a socket left by a desk that died: nobody answers it
        try:
            # The folder is private, so the file's moment at the default mode is no leak;
            # it is narrowed at once all the same.
            self._server = await asyncio.start_unix_server(
                self._serve, path=str(path), limit=MAX_MESSAGE_BYTES + 1
            )
            os.chmod(path, 0o600)
            self._inode = path.stat().st_ino
        except OSError as exc:
            if self._server is not None:
                self._server.close()
                self._server = None
            return LinkRefused("failed", f"{path}: {exc.strerror or exc}")
        self.path = path
        return None

    async def close(self) -> None:
        server, self._server = self._server, None
        if server is None:
            return
        server.close()
        path = self.path
        # Only our own file: a second desk may have replaced a socket it found dead.
        if path is not None:
            with contextlib.suppress(OSError):
                if path.stat().st_ino == self._inode:
                    path.unlink()
        with contextlib.suppress(TimeoutError):
            await asyncio.wait_for(server.wait_closed(), 1.0)

    async def _serve(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        try:
            reply = await self._answer(reader)
            writer.write(encode_reply(reply))
            await asyncio.wait_for(writer.drain(), READ_TIMEOUT_S)
        except (OSError, TimeoutError):
            pass  # the sender left: nothing to tell it
        finally:
            writer.close()
            with contextlib.suppress(OSError, TimeoutError):
                await asyncio.wait_for(writer.wait_closed(), READ_TIMEOUT_S)

    async def _answer(self, reader: asyncio.StreamReader) -> PhoneReply:
        try:
            line = await asyncio.wait_for(reader.readuntil(b"\n"), READ_TIMEOUT_S)
            event = parse_event(line)
        except asyncio.LimitOverrunError:
            return self._refuse(f"the message is longer than {MAX_MESSAGE_BYTES} bytes")
        except asyncio.IncompleteReadError as exc:
            if not exc.partial:
                # Connected and left without a word: a second desk making sure this
                # one is alive. Not a bad message.
                return PhoneReply(False, error="no message")
            return self._refuse("the message must be one line ending with a newline")
        except TimeoutError:
            return self._refuse("no message arrived in time")
        except BadMessage as exc:
            return self._refuse(str(exc))
        try:
            return await asyncio.wait_for(self._deliver(event), DELIVER_TIMEOUT_S)
        except TimeoutError:
            return PhoneReply(False, error="the desk is busy; it did not take the message")

    def _refuse(self, why: str) -> PhoneReply:
        self.bad_messages += 1
        return PhoneReply(False, error=why)


def _answers(path: Path) -> bool:
    """Whether a desk is listening at `path` now (a stale file refuses the connection)."""
    probe = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    probe.settimeout(0.5)
    try:
        probe.connect(str(path))
    except OSError as exc:
        if exc.errno not in (errno.ECONNREFUSED, errno.ENOENT, errno.ENOTSOCK):
            return True  # something is there that we cannot replace safely
        return False
    finally:
        probe.close()
    return True
