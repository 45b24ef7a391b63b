"""The softphone wire: one line of JSON each way, refused with one line of English."""

from __future__ import annotations

import pytest

from tui.domain.phone_messages import (
    MAX_MESSAGE_BYTES,
    BadMessage,
    PhoneEvent,
    PhoneReply,
    encode_event,
    encode_reply,
    parse_event,
    parse_reply,
)


def test_an_event_goes_over_the_wire_and_back() -> None:
    event = PhoneEvent("ring", "+8613812345678", "sip:abc@x", "售后")
    assert parse_event(encode_event(event)) == event
    assert parse_event(b'{"v": 1, "event": "ring", "number": "138 1234-5678"}\n').number == (
        "13812345678"
    )
    assert parse_event(b'{"v": 1, "event": "hangup", "id": "c1"}\n') == PhoneEvent(
        "hangup", call_ref="c1"
    )


@pytest.mark.parametrize(
    ("line", "said"),
    [
        (b"hello\n", "not one line of JSON"),
        (b"[1]\n", "JSON object"),
        (b'{"event": "ring", "number": "123"}\n', '"v": 1'),
        (b'{"v": 1, "event": "dial"}\n', "unknown event"),
        (b'{"v": 1, "event": "ring"}\n', "needs a number"),
        (b'{"v": 1, "event": "ring", "number": "12"}\n', "too short"),
        (b'{"v": 1, "event": "answer", "number": "123456"}\n', "only a ring"),
        (b'{"v": 1, "event": "answer", "id": 5}\n', "must be text"),
        (b'{"v": 1, "event": "answer", "id": "a\\u001bb"}\n', "control characters"),
        (b'{"v": 1, "event": "answer"}', "newline"),
        (b'{"v": 1, "event": "answer", "id": "\xff"}\n', "UTF-8"),
        (b'{"v": 1, "event": "answer", "id": "' + b"x" * MAX_MESSAGE_BYTES + b'"}\n', "longer"),
    ],
)
def test_a_bad_message_says_what_is_wrong_in_one_line(line: bytes, said: str) -> None:
    with pytest.raises(BadMessage) as caught:
        parse_event(line)
    assert said in str(caught.value) and "\n" not in str(caught.value)


def test_replies_go_over_the_wire_and_back() -> None:
    assert parse_reply(encode_reply(PhoneReply(True, "waiting"))) == PhoneReply(True, "waiting")
    refused = encode_reply(PhoneReply(False, error="two\nlines"))
    assert refused.count(b"\n") == 1
    assert parse_reply(refused) == PhoneReply(False, error="two lines")
