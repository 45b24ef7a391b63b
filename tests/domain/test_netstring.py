"""The netstring decoder: any split of a stream reads the same, garbage included, and
nothing it is fed makes it crash, hang or hold more than one frame's worth."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tui.domain.netstring import MAX_FRAME, FrameError, NetstringDecoder, encode

SMALL_LIMIT = 300


def split(data: bytes, cuts: list[int]) -> list[bytes]:
    points = sorted({cut % (len(data) + 1) for cut in cuts})
    edges = [0, *points, len(data)]
    return [data[a:b] for a, b in zip(edges, edges[1:], strict=False)]


def decode(pieces: list[bytes], max_frame: int = SMALL_LIMIT) -> tuple[list[bytes], str | None]:
    """Frames read before the first fault, and that fault (None for a clean stream)."""
    decoder = NetstringDecoder(max_frame)
    frames: list[bytes] = []
    for piece in pieces:
        try:
            frames += decoder.feed(piece)
        except FrameError as error:
            assert str(error)
            return frames + error.frames_before, f"{error.fault}@{error.offset}"
        assert decoder.buffered <= max_frame + len(str(max_frame)) + 2
    return frames, None


payloads = st.lists(st.binary(max_size=SMALL_LIMIT), max_size=8)
cuts = st.lists(st.integers(min_value=0, max_value=10_000), max_size=12)


@given(payloads, cuts)
def test_any_split_of_a_valid_stream_reads_the_same_frames(
    frames: list[bytes], at: list[int]
) -> None:
    stream = b"".join(encode(frame) for frame in frames)
    assert decode(split(stream, at)) == (frames, None)


@given(payloads, cuts)
def test_byte_by_byte_reads_the_same_frames(frames: list[bytes], at: list[int]) -> None:
    stream = b"".join(encode(frame) for frame in frames)
    assert decode([stream[i : i + 1] for i in range(len(stream))]) == (frames, None)


# Garbage leans on the bytes netstrings are made of, so that it gets past the first byte.
garbage = st.lists(
    st.one_of(
        st.sampled_from([b"0", b"1", b"5", b"12", b"9999999", b":", b",", b"00", b"3:abc,"]),
        st.binary(max_size=6),
    ),
    max_size=20,
).map(b"".join)


@settings(max_examples=300)
@given(garbage, cuts)
def test_garbage_reads_the_same_in_any_split_and_fails_only_with_a_clear_error(
    data: bytes, at: list[int]
) -> None:
    assert decode(split(data, at)) == decode([data])


@given(payloads, garbage, cuts)
def test_a_valid_prefix_is_read_before_garbage_stops_the_stream(
    frames: list[bytes], tail: bytes, at: list[int]
) -> None:
    stream = b"".join(encode(frame) for frame in frames)
    read, _ = decode(split(stream + tail, at))
    assert read[: len(frames)] == frames


def test_an_oversized_frame_is_refused_from_its_length_alone() -> None:
    decoder = NetstringDecoder(max_frame=1000)
    with pytest.raises(FrameError) as caught:
        decoder.feed(b"1001:")
    assert caught.value.fault == "too_long"
    assert str(caught.value) == "byte 0: a frame longer than the limit of 1000 bytes"


def test_an_endless_length_is_refused_as_soon_as_it_has_too_many_digits() -> None:
    decoder = NetstringDecoder()
    with pytest.raises(FrameError) as caught:
        decoder.feed(b"9" * 1_000_000)
    assert caught.value.fault == "too_long"
    assert decoder.buffered == 0


def test_the_default_limit_takes_a_frame_of_exactly_the_limit() -> None:
    payload = b"x" * MAX_FRAME
    assert NetstringDecoder().feed(encode(payload)) == [payload]
    with pytest.raises(FrameError):
        NetstringDecoder().feed(encode(payload + b"x"))


@pytest.mark.parametrize(
    ("stream", "fault", "message"),
    [
        (b"abc", "no_length", "byte 0: a frame must start with its length, found b'a'"),
        (b"3:abc,x", "no_length", "byte 6: a frame must start with its length, found b'x'"),
        (b"03:abc,", "leading_zero", "byte 0: a frame length must not start with 0"),
        (b"3;abc,", "no_colon", "byte 1: expected ':' after the frame length, found b';'"),
        (b"3:abcd", "no_comma", "byte 5: expected ',' at the end of the frame, found b'd'"),
        (
            b"3:abc,2:\n\x00\x01",
            "no_comma",
            "byte 10: expected ',' at the end of the frame, found b'\\x01'",
        ),
    ],
)
def test_each_fault_is_named_with_its_place_in_the_stream(
    stream: bytes, fault: str, message: str
) -> None:
    with pytest.raises(FrameError) as caught:
        NetstringDecoder().feed(stream)
    assert caught.value.fault == fault
    assert str(caught.value) == message


def test_the_frames_before_a_fault_come_with_it_and_then_the_decoder_refuses_all() -> None:
    decoder = NetstringDecoder()
    with pytest.raises(FrameError) as first:
        decoder.feed(b"1:a,2:bc,x")
    assert first.value.frames_before == [b"a", b"bc"]
    with pytest.raises(FrameError) as caught:
        decoder.feed(b"3:abc,")
    assert caught.value.fault == "stopped"


def test_an_empty_frame_and_an_empty_piece() -> None:
    decoder = NetstringDecoder()
    assert decoder.feed(b"") == []
    assert decoder.feed(b"0:,") == [b""]


def test_the_messages_read_in_chinese_and_korean() -> None:
    with pytest.raises(FrameError) as caught:
        NetstringDecoder(max_frame=10).feed(b"11:")
    assert caught.value.message("zh") == "第0字节：帧长度超过上限10字节"
    assert caught.value.message("ko") == "0번째 바이트: 프레임이 한도 10바이트보다 깁니다"
