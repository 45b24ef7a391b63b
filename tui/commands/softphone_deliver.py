"""Where the events `agentdesk softphone` follows go: the one place the desk link plugs in.

Every deliver function has the follower's shape, `deliver(kind, number, call_ref)`
(tui.services.baresip_follower.Deliver).

`print_events` writes one line per event, `kind<TAB>number<TAB>call_ref`, for a person
watching or a script reading: `--print` uses it. `to_desk` is what the command uses
without `--print`; the desk's socket client (`send_phone_event`) comes with the desk's
phone link, and until it is wired here `to_desk` prints as `--print` does.
"""

from __future__ import annotations

from typing import TextIO

from tui.services.baresip_follower import Deliver


def print_events(out: TextIO) -> Deliver:
    def deliver(kind: str, number: str, call_ref: str) -> None:
        # Numbers hold no control characters (tui.domain.baresip_events refuses them), so
        # a tab cannot shift the columns.
        out.write(f"{kind}\t{number}\t{call_ref}\n")
        out.flush()

    return deliver


def to_desk(out: TextIO) -> Deliver:
    return print_events(out)
