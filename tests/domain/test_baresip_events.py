"""baresip ctrl_tcp events read into ring, answer and hangup.

The sample events are the ones baresip-core 1.0 sent on this machine in a call from 1001
to 1002 over loopback (the end-to-end test drives the same exchange for real)."""

from __future__ import annotations

import json

import pytest
from hypothesis import given
from hypothesis import strategies as st

from tui.domain.baresip_events import (
    CallSignal,
    EventError,
    RingTracker,
    number_from_uri,
    parse_ctrl_address,
    parse_event,
)

CALL_ID = "f23b4a890efe99d1"


def event(type_: str, **fields: object) -> bytes:
    message: dict[str, object] = {
        "event": True,
        "type": type_,
        "class": "call",
        "accountaor": "sip:1002@127.0.0.1",
        "direction": "incoming",
        "peeruri": "sip:1001@127.0.0.1",
        "id": CALL_ID,
        "param": "sip:1001@127.0.0.1",
    }
    message.update(fields)
    return json.dumps({k: v for k, v in message.items() if v is not None}).encode()


@pytest.mark.parametrize(
    ("type_", "kind"),
    [("CALL_INCOMING", "ring"), ("CALL_ESTABLISHED", "answer"), ("CALL_CLOSED", "hangup")],
)
def test_the_three_call_events_give_kind_number_and_call_id(type_: str, kind: str) -> None:
    assert parse_event(event(type_)) == CallSignal(kind, "1001", CALL_ID)  # type: ignore[arg-type]


def test_the_exact_bytes_baresip_sent() -> None:
    frame = (
        b'{"event":true,"type":"CALL_INCOMING","class":"call","accountaor":"sip:1002@127.0.0.1",'
        b'"direction":"incoming","peeruri":"sip:1001@127.0.0.1","id":"f23b4a890efe99d1",'
        b'"param":"sip:1001@127.0.0.1"}'
    )
    assert parse_event(frame) == CallSignal("ring", "1001", CALL_ID)


@pytest.mark.parametrize(
    "frame",
    [
        b'{"response":true,"ok":true,"data":"","token":"t1"}',
        event("CALL_RINGING"),
        event("CALL_RTCP", param="audio"),
        event("CALL_LOCAL_SDP", **{"class": "other"}),
        event("REGISTER_OK", peeruri=None, id=None, direction=None),
        event("CALL_INCOMING", event=False),
        event("CALL_ESTABLISHED", direction="outgoing", peeruri="sip:1002@127.0.0.1:25070"),
        event("CALL_CLOSED", direction="outgoing"),
    ],
)
def test_other_messages_and_outgoing_calls_are_not_followed(frame: bytes) -> None:
    assert parse_event(frame) is None


def test_an_event_without_a_direction_counts_as_incoming() -> None:
    assert parse_event(event("CALL_INCOMING", direction=None)) == CallSignal(
        "ring", "1001", CALL_ID
    )


@pytest.mark.parametrize(
    ("frame", "message"),
    [
        (b"\xff\xfe", "a message that is not UTF-8 text"),
        (b"{", "a message that is not JSON (Expecting property name enclosed"),
        (b"[1]", "a message that is a JSON list, not an object"),
        (event("CALL_INCOMING", id=None), "a ring event without its id field"),
        (event("CALL_CLOSED", peeruri=None), "a hangup event without its peeruri field"),
        (event("CALL_ESTABLISHED", id=7), "a answer event whose id field is not text"),
        (event("CALL_INCOMING", peeruri="sip:127.0.0.1"), "a caller address with no number"),
        (event("CALL_INCOMING", peeruri="sip:10%0A01@h"), "a caller number with control"),
    ],
)
def test_unreadable_call_events_say_why(frame: bytes, message: str) -> None:
    with pytest.raises(EventError) as caught:
        parse_event(frame)
    assert str(caught.value).startswith(message)


def test_the_event_kind_is_named_in_the_agents_language() -> None:
    with pytest.raises(EventError) as caught:
        parse_event(event("CALL_INCOMING", id=None))
    assert caught.value.message("zh") == "来电振铃事件缺少 id 字段"
    assert caught.value.message("ko") == "id 필드가 없는 벨 울림 이벤트"


@pytest.mark.parametrize(
    ("uri", "number"),
    [
        ("sip:1001@127.0.0.1", "1001"),
        ("sip:1001@127.0.0.1:5060;transport=udp", "1001"),
        ("sips:+8613800138000@example.com", "+8613800138000"),
        ("<sip:1001@127.0.0.1>", "1001"),
        ('"Kim, Min-ji" <sip:01012345678@pbx.example>;tag=abc', "01012345678"),
        ("sip:%2B82212345678@pbx.example", "+82212345678"),
        ("sip:1001;isub=5@pbx.example", "1001"),
        ("sip:1001:secret@pbx.example", "1001"),
        ("tel:+1-201-555-0123;phone-context=example.com", "+1-201-555-0123"),
        ("SIP:anonymous@anonymous.invalid", "anonymous"),
    ],
)
def test_the_number_is_the_user_part_of_the_peer_uri(uri: str, number: str) -> None:
    assert number_from_uri(uri) == number


@pytest.mark.parametrize(
    "uri", ["", "1001", "http://1001@x", "sip:@host", "sip:host", "tel:", "sip:%ff@host"]
)
def test_an_address_without_a_number_is_refused(uri: str) -> None:
    with pytest.raises(EventError):
        number_from_uri(uri)


@given(st.text(max_size=80))
def test_any_peer_uri_gives_a_clean_number_or_a_clear_error(uri: str) -> None:
    try:
        number = number_from_uri(uri)
    except EventError as error:
        assert str(error)
    else:
        assert number
        assert number.isprintable()


@given(st.binary(max_size=200))
def test_any_frame_is_read_or_refused_with_a_clear_error(frame: bytes) -> None:
    try:
        parse_event(frame)
    except EventError as error:
        assert str(error)


@pytest.mark.parametrize(
    ("text", "address"),
    [
        ("127.0.0.1:4444", ("127.0.0.1", 4444)),
        ("localhost:5555", ("localhost", 5555)),
        ("10.1.2.3", ("10.1.2.3", 4444)),
        (":4000", ("127.0.0.1", 4000)),
        ("[::1]:4444", ("::1", 4444)),
        ("[::1]", ("::1", 4444)),
    ],
)
def test_ctrl_addresses(text: str, address: tuple[str, int]) -> None:
    assert parse_ctrl_address(text) == address


@pytest.mark.parametrize("text", ["host:0", "host:65536", "host:port", "::1:4444", "[::1", "h:٣"])
def test_bad_ctrl_addresses_are_refused(text: str) -> None:
    with pytest.raises(ValueError, match=r"port|IPv6|\]"):
        parse_ctrl_address(text)


def test_an_answer_without_its_ring_brings_the_ring_first() -> None:
    rings = RingTracker()
    answer = CallSignal("answer", "1001", "c1")
    assert rings.signals(answer) == [CallSignal("ring", "1001", "c1"), answer]
    # Answered twice (a re-INVITE can establish again): no second ring.
    assert rings.signals(answer) == [answer]
    assert rings.signals(CallSignal("hangup", "1001", "c1")) == [CallSignal("hangup", "1001", "c1")]


def test_a_rung_call_is_answered_as_is_and_forgotten_at_hangup() -> None:
    rings = RingTracker(keep=2)
    ring, answer = CallSignal("ring", "7", "a"), CallSignal("answer", "7", "a")
    assert rings.signals(ring) == [ring]
    assert rings.signals(answer) == [answer]
    rings.signals(CallSignal("hangup", "7", "a"))
    assert rings.signals(answer) == [ring, answer]


def test_the_tracker_keeps_only_the_latest_rings() -> None:
    rings = RingTracker(keep=2)
    for ref in ("a", "b", "c"):
        rings.signals(CallSignal("ring", "7", ref))
    assert len(rings.signals(CallSignal("answer", "7", "a"))) == 2
    assert len(rings.signals(CallSignal("answer", "7", "c"))) == 1
