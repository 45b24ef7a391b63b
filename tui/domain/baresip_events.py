"""baresip's `ctrl_tcp` messages, read into the desk's ring, answer and hangup.

Each netstring frame from `ctrl_tcp` holds one JSON object. Events carry `"event": true`,
a `type` (CALL_INCOMING, CALL_ESTABLISHED, CALL_CLOSED and many the desk has no use for),
and for a call its `direction`, `peeruri` and `id` (the SIP Call-ID); command responses
carry `"response": true` instead. These are the fields of baresip's `event_encode_dict`
(src/event.c), the same in 1.0 and the 2.x and 3.x releases.

Only incoming calls are followed: the desk starts a call on a ring, and a call the agent
dials out has no ring, so its answer and hangup would land on whatever call the desk has.
"""

from __future__ import annotations

import json
import unicodedata
from dataclasses import dataclass
from typing import Literal
from urllib.parse import unquote

from tui.domain.i18n import Lang, t

SignalKind = Literal["ring", "answer", "hangup"]

KIND_OF_TYPE: dict[str, SignalKind] = {
    "CALL_INCOMING": "ring",
    "CALL_ESTABLISHED": "answer",
    "CALL_CLOSED": "hangup",
}

DEFAULT_CTRL_HOST = "127.0.0.1"
DEFAULT_CTRL_PORT = 4444
"""Where `ctrl_tcp` listens when its config sets no `ctrl_tcp_listen` (port 4444)."""


@dataclass(frozen=True)
class CallSignal:
    kind: SignalKind
    number: str
    call_ref: str


EventFault = Literal[
    "not_utf8", "not_json", "not_object", "missing_field", "not_text", "no_number", "bad_number"
]


class EventError(ValueError):
    """A frame that should be a call event and cannot be read as one."""

    def __init__(self, fault: EventFault, **values: object) -> None:
        self.fault = fault
        self.values = values
        super().__init__(self.message("en"))

    def message(self, lang: Lang) -> str:
        values = dict(self.values)
        if "kind" in values:
            values["kind"] = t(lang, f"softphone.kind.{values['kind']}")
        return t(lang, f"softphone.event.{self.fault}", **values)


def parse_event(payload: bytes) -> CallSignal | None:
    """The ring, answer or hangup a frame carries; None for every other message
    (responses, registration and media events, outgoing calls). Raises EventError for a
    frame that is not a JSON object, or a call event without a readable peer or id."""
    try:
        text = payload.decode("utf-8")
    except UnicodeDecodeError:
        raise EventError("not_utf8") from None
    try:
        message = json.loads(text)
    except ValueError as error:
        raise EventError("not_json", detail=str(error)) from None
    if not isinstance(message, dict):
        raise EventError("not_object", value=type(message).__name__)
    if message.get("event") is not True:
        return None
    kind = KIND_OF_TYPE.get(str(message.get("type")))
    if kind is None:
        return None
    if message.get("direction", "incoming") != "incoming":
        return None
    peer = _text_field(message, "peeruri", kind)
    call_ref = _text_field(message, "id", kind)
    return CallSignal(kind=kind, number=number_from_uri(peer), call_ref=call_ref)


def _text_field(message: dict[str, object], name: str, kind: SignalKind) -> str:
    if name not in message:
        raise EventError("missing_field", field=name, kind=kind)
    value = message[name]
    if not isinstance(value, str):
        raise EventError("not_text", field=name, kind=kind)
    return value


def number_from_uri(uri: str) -> str:
    """The caller's number: the user part of a SIP or tel URI.

    `sip:1001@127.0.0.1` gives `1001`; a display name, angle brackets, a password,
    URI parameters and percent escapes (`%2B` for a leading plus) are taken off.
    """
    address = uri.strip()
    if "<" in address:
        # A name-addr: `"Name" <uri>;params`; the URI itself never holds a <.
        start = address.rindex("<") + 1
        end = address.find(">", start)
        if end < 0:
            raise EventError("no_number", value=uri)
        address = address[start:end]
    scheme, colon, rest = address.partition(":")
    if not colon or scheme.lower() not in ("sip", "sips", "tel"):
        raise EventError("no_number", value=uri)
    if scheme.lower() == "tel":
        user = rest.split(";", 1)[0]
    else:
        if "@" not in rest:
            raise EventError("no_number", value=uri)
        userinfo = rest.rsplit("@", 1)[0]
        user = userinfo.split(":", 1)[0].split(";", 1)[0]
    try:
        number = unquote(user, errors="strict")
    except UnicodeDecodeError:
        raise EventError("bad_number", value=uri) from None
    if not number:
        raise EventError("no_number", value=uri)
    # A control character (a newline sent as %0A) would break every line it is shown on.
    if any(unicodedata.category(char).startswith("C") for char in number):
        raise EventError("bad_number", value=uri)
    return number


def parse_ctrl_address(text: str) -> tuple[str, int]:
    """`HOST:PORT`, `[IPv6]:PORT`, `HOST` alone or `:PORT` alone; the missing half is
    ctrl_tcp's default. Raises ValueError with a message for the command line."""
    value = text.strip()
    host, port_text = value, ""
    if value.startswith("["):
        close = value.find("]")
        if close < 0:
            raise ValueError(f"{text!r}: an IPv6 address needs its closing ]")
        host, after = value[1:close], value[close + 1 :]
        if after and not after.startswith(":"):
            raise ValueError(f"{text!r}: write it as [ADDRESS]:PORT")
        port_text = after[1:]
    elif value.count(":") == 1:
        host, port_text = value.split(":")
    elif ":" in value:
        raise ValueError(f"{text!r}: put an IPv6 address in brackets, e.g. [::1]:4444")
    host = host or DEFAULT_CTRL_HOST
    if not port_text:
        return host, DEFAULT_CTRL_PORT
    if not port_text.isascii() or not port_text.isdigit() or not 0 < int(port_text) < 65536:
        raise ValueError(f"{text!r}: the port must be a number from 1 to 65535")
    return host, int(port_text)


class RingTracker:
    """Makes sure the desk hears a ring before an answer.

    baresip with `answermode=auto` answers at once and sends no CALL_INCOMING at all (seen
    with baresip 1.0), and a follower that connects mid-call missed the ring: either way
    the desk would get an answer for a call it never started. An answer for a call not
    rung is passed on as a ring then the answer, so the number still reaches the desk.
    """

    def __init__(self, keep: int = 64) -> None:
        self._keep = keep
        self._rung: dict[str, None] = {}

    def signals(self, signal: CallSignal) -> list[CallSignal]:
        if signal.kind == "ring":
            self._remember(signal.call_ref)
            return [signal]
        if signal.kind == "hangup":
            self._rung.pop(signal.call_ref, None)
            return [signal]
        if signal.call_ref in self._rung:
            return [signal]
        self._remember(signal.call_ref)
        return [CallSignal("ring", signal.number, signal.call_ref), signal]

    def _remember(self, call_ref: str) -> None:
        # Calls never hung up (a close missed while disconnected) must not pile up.
        self._rung[call_ref] = None
        while len(self._rung) > self._keep:
            del self._rung[next(iter(self._rung))]
