"""Netstrings (`<length>:<bytes>,`), read incrementally from a byte stream.

baresip's `ctrl_tcp` frames every JSON message this way. TCP hands the bytes over in
whatever pieces it likes, so the decoder keeps what it has not yet framed and yields each
frame once its comma has arrived. A stream that breaks the format cannot be trusted past
that point (the next length could start anywhere), so the first fault stops the decoder
for good: the reader drops the connection and starts again on a fresh one.

Frames are refused as soon as their announced length is over the limit, before any of the
body is buffered: a bad or hostile peer cannot make the reader hold more than the limit.
"""

from __future__ import annotations

from typing import Literal

from tui.domain.i18n import Lang, t

MAX_FRAME = 64 * 1024
"""The largest frame read, in bytes. baresip's biggest event (CALL_RTCP with its
statistics) is a few hundred bytes; 64 KiB leaves room for any account or URI."""

FrameFault = Literal["no_length", "leading_zero", "too_long", "no_colon", "no_comma", "stopped"]


class FrameError(ValueError):
    """The stream is not a sequence of netstrings; `message(lang)` says where it broke.

    `frames_before` holds the frames the same piece completed before the fault: they are
    whole and in step, and a ring among them must not be lost to the garbage after it."""

    def __init__(self, fault: FrameFault, offset: int, **values: object) -> None:
        self.fault = fault
        self.offset = offset
        self.values = values
        self.frames_before: list[bytes] = []
        super().__init__(self.message("en"))

    def message(self, lang: Lang) -> str:
        return t(lang, f"softphone.frame.{self.fault}", offset=self.offset, **self.values)


def encode(payload: bytes) -> bytes:
    return b"%d:%s," % (len(payload), payload)


class NetstringDecoder:
    """Feed it bytes as they arrive; it returns the frames each piece completes."""

    def __init__(self, max_frame: int = MAX_FRAME) -> None:
        if max_frame < 0:
            raise ValueError("max_frame must not be negative")
        self.max_frame = max_frame
        self._max_digits = len(str(max_frame))
        self._buffer = bytearray()
        # Bytes of the stream framed and dropped so far: an error names its place in the
        # whole stream, not in the last piece.
        self._consumed = 0
        self._failed: FrameError | None = None

    @property
    def buffered(self) -> int:
        """Bytes held while waiting for the rest of a frame."""
        return len(self._buffer)

    def feed(self, data: bytes) -> list[bytes]:
        """The frames completed by `data`, in order.

        Raises FrameError at the first fault (carrying the frames completed before it in
        this piece), and again on every later call: past a fault the stream is out of
        step, and a reader starts again on a new connection."""
        if self._failed is not None:
            raise FrameError("stopped", self._failed.offset)
        self._buffer += data
        frames: list[bytes] = []
        try:
            while True:
                frame = self._next_frame()
                if frame is None:
                    return frames
                frames.append(frame)
        except FrameError as error:
            error.frames_before = frames
            self._failed = error
            self._buffer.clear()
            raise

    def _next_frame(self) -> bytes | None:
        buffer = self._buffer
        if not buffer:
            return None
        digits = 0
        while digits < len(buffer) and 0x30 <= buffer[digits] <= 0x39:
            digits += 1
        if digits == 0:
            raise FrameError("no_length", self._consumed, value=_shown(buffer[:1]))
        if digits > 1 and buffer[0] == 0x30:
            raise FrameError("leading_zero", self._consumed)
        # The digit count is checked before the number is read: a run of a million digits
        # must cost nothing, and Python refuses to read very long numbers at all.
        if digits > self._max_digits or int(buffer[:digits]) > self.max_frame:
            raise FrameError("too_long", self._consumed, limit=self.max_frame)
        length = int(buffer[:digits])
        if digits == len(buffer):
            return None
        if buffer[digits] != 0x3A:
            raise FrameError("no_colon", self._consumed + digits, value=_shown(buffer[digits:][:1]))
        end = digits + 1 + length
        if len(buffer) <= end:
            return None
        if buffer[end] != 0x2C:
            raise FrameError("no_comma", self._consumed + end, value=_shown(buffer[end:][:1]))
        frame = bytes(buffer[digits + 1 : end])
        del buffer[: end + 1]
        self._consumed += end + 1
        return frame


def _shown(data: bytes | bytearray) -> str:
    """One byte as a reader can see it in a log line, control bytes included."""
    return repr(bytes(data))
