"""Register receipts: their fixed text and digest, reading them back, and comparing."""

from __future__ import annotations

import pytest

from tui.domain.receipt import (
    Head,
    Receipt,
    ReceiptFinding,
    ReceiptUnreadable,
    compare,
    read_receipt,
    receipt_of,
)

A, B, C, D = ("a" * 64, "b" * 64, "c" * 64, "d" * 64)
CHAINS = {"c-2": [C], "c-1": [A, B]}
# sha256 of "agentdesk register receipt v1\nc-1 2 bbb…\nc-2 1 ccc…\n", computed outside
# agentdesk (printf … | sha256sum). Receipts already handed to leads carry digests made
# this way: a change here breaks every one of them.
DIGEST = "f524aa831ff3f0e38685ecead082fac9b2404e744779cb2e3263008503d9d5db"
TEXT = (
    f"agentdesk register receipt v1\ndigest {DIGEST}\ncomplaints 2 events 3\nc-1 2 {B}\nc-2 1 {C}\n"
)


def test_a_known_register_gives_a_known_receipt() -> None:
    receipt = receipt_of(CHAINS)
    assert receipt.heads == (Head("c-1", 2, B), Head("c-2", 1, C))
    assert receipt.digest == DIGEST
    assert receipt.text() == TEXT
    assert (receipt.complaints, receipt.events) == (2, 3)


def test_an_empty_register_has_a_receipt_too() -> None:
    receipt = receipt_of({})
    assert receipt.text().splitlines()[2] == "complaints 0 events 0"
    assert read_receipt(receipt.text()) == receipt


def test_a_receipt_reads_back_with_notes_and_blank_lines_ignored() -> None:
    kept = "# taken by Wang, 2026-11-24 18:00\n\n" + TEXT.replace("\n", "\r\n") + "\n# end\n"
    assert read_receipt(kept) == receipt_of(CHAINS)


def test_an_id_with_a_space_survives_the_round_trip() -> None:
    receipt = receipt_of({"odd id%": [A]})
    assert "odd%20id%25 1" in receipt.text()
    assert read_receipt(receipt.text()).heads == (Head("odd id%", 1, A),)


@pytest.mark.parametrize(
    ("text", "fault", "line"),
    [
        ("", "empty", 0),
        ("# only a note\n", "empty", 0),
        (TEXT.replace("receipt v1", "receipt v2"), "header", 1),
        (TEXT.replace(f"c-1 2 {B}", f"c-1 1 {B}"), "digest", 2),
        (TEXT.replace(f"c-2 1 {C}", f"c-2 1 {D}"), "digest", 2),
        (TEXT.replace("events 3", "events 4"), "totals", 3),
        (TEXT.replace(f"c-1 2 {B}", f"c-1 0 {B}"), "line", 4),
        (TEXT.replace(f"c-1 2 {B}", f"c-1 2 {B[:-1]}"), "line", 4),
        (TEXT.replace(f"c-1 2 {B}", "c-1 2"), "line", 4),
        (TEXT.replace(f"digest {DIGEST}", "digest"), "line", 2),
        (TEXT + f"c-1 2 {B}\n", "duplicate", 6),
        ("agentdesk register receipt v1\n", "line", 1),
    ],
)
def test_a_damaged_or_edited_receipt_is_refused_with_its_line(
    text: str, fault: str, line: int
) -> None:
    with pytest.raises(ReceiptUnreadable) as info:
        read_receipt(text)
    assert (info.value.fault, info.value.line) == (fault, line)


def test_nothing_removed_or_changed_and_more_added_is_fine() -> None:
    receipt = receipt_of(CHAINS)
    now = {"c-1": [A, B, D], "c-2": [C], "c-3": [A]}
    assert compare(receipt, now) == ()


def test_each_removal_or_change_is_named() -> None:
    receipt = Receipt((Head("c-1", 2, B), Head("c-2", 1, C), Head("c-3", 3, D)))
    now = {"c-1": [A, D, B], "c-3": [A, B]}
    assert compare(receipt, now) == (
        ReceiptFinding("c-1", "head_changed", 2, 3),
        ReceiptFinding("c-2", "complaint_missing", 1, 0),
        ReceiptFinding("c-3", "entries_missing", 3, 2),
    )
