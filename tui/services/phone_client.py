"""The softphone's end of the link: send one event to the agent's running desk.

Used by `agentdesk ring|answer|hangup` and by followers of a softphone's own event
stream. It never blocks its caller for long: every step has the one deadline, and no
desk, a dead socket or a desk that does not answer in time are all one-line replies.
"""

from __future__ import annotations

import socket
import time

from tui.domain.phone_messages import (
    MAX_MESSAGE_BYTES,
    BadMessage,
    PhoneEvent,
    PhoneReply,
    encode_event,
    parse_reply,
)
from tui.services.phone_paths import socket_path

__all__ = ["PhoneEvent", "PhoneReply", "send_phone_event"]


def send_phone_event(agent: str, event: PhoneEvent, *, timeout_s: float = 1.0) -> PhoneReply:
    """Tell `agent`'s desk what the phone did; the desk's reply, or `ok=False` with one
    line of English saying why it was not taken. Returns within about `timeout_s`."""
    path = socket_path(agent)
    deadline = time.monotonic() + timeout_s
    client = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    try:
        client.settimeout(timeout_s)
        try:
            client.connect(str(path))
        except (FileNotFoundError, ConnectionRefusedError):
            return PhoneReply(
                False, error=f"no desk is running for agent {agent!r} ({path})", no_desk=True
            )
        except OSError as exc:
            return PhoneReply(False, error=f"cannot reach the desk at {path}: {exc.strerror}")
        try:
            client.sendall(encode_event(event))
            reply = _read_line(client, deadline)
        except TimeoutError:
            return PhoneReply(False, error=f"the desk did not answer within {timeout_s:g} s")
        except OSError as exc:
            return PhoneReply(False, error=f"the desk closed the link: {exc.strerror}")
        try:
            return parse_reply(reply)
        except BadMessage as exc:
            return PhoneReply(False, error=str(exc))
    finally:
        client.close()


def _read_line(client: socket.socket, deadline: float) -> bytes:
    data = b""
    while not data.endswith(b"\n") and len(data) <= MAX_MESSAGE_BYTES:
        left = deadline - time.monotonic()
        if left <= 0:
            raise TimeoutError
        client.settimeout(left)
        chunk = client.recv(MAX_MESSAGE_BYTES + 1)
        if not chunk:
            break
        data += chunk
    return data
