"""Time-ordered UUIDs (RFC 9562 version 7), so rows from many workstations merge in order."""

from __future__ import annotations

import os
import uuid

from pendulum import DateTime


def uuid7(at: DateTime) -> str:
    ms = int(at.timestamp() * 1000) & ((1 << 48) - 1)
    rand = int.from_bytes(os.urandom(10), "big")
    value = (
        (ms << 80)
        | (0x7 << 76)
        | ((rand >> 62) & 0xFFF) << 64
        | (0b10 << 62)
        | (rand & ((1 << 62) - 1))
    )
    return str(uuid.UUID(int=value))
