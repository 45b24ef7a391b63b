"""What a softphone tells the desk over its control socket, and what the desk answers.

The wire is one line of UTF-8 JSON each way, newline-terminated, at most
`MAX_MESSAGE_BYTES`:

    {"v": 1, "event": "ring", "number": "13812345678", "id": "a1b2", "queue": "billing"}
    {"ok": true, "taken": "started"}
    {"ok": false, "error": "a ring needs a number"}

Anything else is refused here with one line of English that names what is wrong: the
softphone's hook prints it, and the desk never sees the message.
"""

from __future__ import annotations

import json
import unicodedata
from dataclasses import dataclass
from typing import Literal

from tui.domain.phone import normalise, validate

EventKind = Literal["ring", "answer", "hangup"]
EVENT_KINDS: tuple[EventKind, ...] = ("ring", "answer", "hangup")
Taken = Literal["started", "waiting", "told", "recorded"]
"""What the desk did: started the call; keeps the ring waiting for F2 (a call is in
hand or a dialog is open); told the agent on a break; recorded an answer or a hangup."""
TAKEN: tuple[Taken, ...] = ("started", "waiting", "told", "recorded")

VERSION = 1
MAX_MESSAGE_BYTES = 4096
"""A whole message, its newline included: a longer one is refused unread."""
MAX_FIELD_CHARS = 128
"""A call reference or a queue name: softphones send ids of a few dozen characters."""

_NUMBER_PROBLEMS = {
    "phone.bad_chars": "the number may hold only digits, a leading + and spaces or dashes",
    "phone.too_short": "the number is too short",
    "phone.too_long": "the number is too long",
}


class BadMessage(ValueError):
    """A message the desk refuses; its text is the one line the sender is told."""


@dataclass(frozen=True)
class PhoneEvent:
    kind: EventKind
    number: str = ""
    """The caller's number in its stored form (a ring only)."""
    call_ref: str = ""
    """The softphone's own id for the call, which later answers and hangups name."""
    queue: str = ""


@dataclass(frozen=True)
class PhoneReply:
    ok: bool
    taken: Taken | None = None
    error: str = ""
    no_desk: bool = False
    """Set by the client, never sent: no desk of that agent is listening."""


def _as_kind(value: object) -> EventKind:
    for kind in EVENT_KINDS:
        if kind == value:
            return kind
    raise BadMessage(f"unknown event {value!r}; use one of {', '.join(EVENT_KINDS)}")


def _as_taken(value: object) -> Taken:
    for taken in TAKEN:
        if taken == value:
            return taken
    raise BadMessage(f"unknown reply {value!r}")


def _field(message: dict[str, object], name: str) -> str:
    value = message.get(name, "")
    if value is None:
        return ""
    if not isinstance(value, str):
        raise BadMessage(f"{name!r} must be text")
    value = value.strip()
    if len(value) > MAX_FIELD_CHARS:
        raise BadMessage(f"{name!r} is longer than {MAX_FIELD_CHARS} characters")
    if any(unicodedata.category(ch)[0] == "C" for ch in value):
        raise BadMessage(f"{name!r} holds control characters")
    return value


def _object(line: bytes, what: str) -> dict[str, object]:
    if len(line) > MAX_MESSAGE_BYTES:
        raise BadMessage(f"{what} is longer than {MAX_MESSAGE_BYTES} bytes")
    try:
        text = line.decode("utf-8")
    except UnicodeDecodeError:
        raise BadMessage(f"{what} is not UTF-8") from None
    if not text.endswith("\n"):
        raise BadMessage(f"{what} must end with a newline")
    try:
        message = json.loads(text)
    except ValueError:
        raise BadMessage(f"{what} is not one line of JSON") from None
    if not isinstance(message, dict):
        raise BadMessage(f"{what} must be a JSON object")
    return message


def parse_event(line: bytes) -> PhoneEvent:
    """The event one line carries, or BadMessage saying what is wrong with it."""
    message = _object(line, "the message")
    if message.get("v") != VERSION:
        raise BadMessage(f'the message must say "v": {VERSION}')
    kind = _as_kind(message.get("event"))
    number = _field(message, "number")
    if kind == "ring":
        if not number:
            raise BadMessage("a ring needs a number")
        problem = validate(number)
        if problem is not None:
            raise BadMessage(_NUMBER_PROBLEMS.get(problem, "the number is not valid"))
        number = normalise(number)
    elif number:
        raise BadMessage(f"only a ring carries a number, not {kind}")
    return PhoneEvent(kind, number, _field(message, "id"), _field(message, "queue"))


def encode_event(event: PhoneEvent) -> bytes:
    message: dict[str, object] = {"v": VERSION, "event": event.kind}
    if event.number:
        message["number"] = event.number
    if event.call_ref:
        message["id"] = event.call_ref
    if event.queue:
        message["queue"] = event.queue
    return json.dumps(message, ensure_ascii=False).encode("utf-8") + b"\n"


def encode_reply(reply: PhoneReply) -> bytes:
    message: dict[str, object] = {"ok": reply.ok}
    if reply.ok:
        message["taken"] = reply.taken
    else:
        message["error"] = " ".join(reply.error.split())
    return json.dumps(message, ensure_ascii=False).encode("utf-8") + b"\n"


def parse_reply(line: bytes) -> PhoneReply:
    message = _object(line, "the desk's reply")
    ok = message.get("ok")
    if ok is True:
        return PhoneReply(True, _as_taken(message.get("taken")))
    if ok is False:
        error = message.get("error")
        return PhoneReply(False, error=error if isinstance(error, str) else "refused")
    raise BadMessage('the desk\'s reply has no "ok"')
