"""`agentdesk softphone baresip` on the command line: listed, its address checked, and
the line --print writes. The command following a real baresip is in
test_baresip_end_to_end.py."""

from __future__ import annotations

import io

import pytest
from click.testing import CliRunner

from tui.cli import main
from tui.commands.softphone_deliver import print_events


def test_the_softphone_command_is_listed() -> None:
    result = CliRunner().invoke(main, ["--help"])
    assert result.exit_code == 0
    assert "softphone" in result.output
    result = CliRunner().invoke(main, ["softphone", "baresip", "--help"])
    assert result.exit_code == 0
    assert "--ctrl HOST:PORT" in result.output
    assert "127.0.0.1:4444" in result.output


@pytest.mark.parametrize("address", ["127.0.0.1:0", "127.0.0.1:http", "::1:4444", "[::1"])
def test_a_bad_ctrl_address_exits_2_with_one_line(address: str) -> None:
    result = CliRunner().invoke(main, ["softphone", "baresip", "--ctrl", address])
    assert result.exit_code == 2
    assert "Invalid value for '--ctrl'" in result.output
    assert "Traceback" not in result.output


def test_print_writes_one_tab_separated_line_per_event() -> None:
    out = io.StringIO()
    deliver = print_events(out)
    deliver("ring", "+86 138 0013 8000", "f23b4a890efe99d1")
    deliver("hangup", "1001", "c1")
    assert out.getvalue() == "ring\t+86 138 0013 8000\tf23b4a890efe99d1\nhangup\t1001\tc1\n"
