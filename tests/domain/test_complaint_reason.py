"""The call's reason beside the complaint, not inside its description."""

from __future__ import annotations

import json

import pendulum
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tui.domain.clock import to_iso
from tui.domain.complaints import ComplaintFacts, parse_form, split_reason_line, validate_form
from tui.domain.reasons import Reason, ReasonTree
from tui.domain.register import (
    GENESIS,
    RegisterRefused,
    derive,
    opening_payload,
    seal,
    verify_chain,
)

T0 = pendulum.datetime(2026, 11, 24, 1, 0, tz="UTC")
PATH = "查询咨询 › 订单与配送 › 物流跟踪"
FORM = {
    "customer_name": "王小明",
    "contact": "13812345678",
    "class_code": "simple",
    "what_happened": "快递三天没到",
}
TREE = ReasonTree.from_reasons(
    [
        Reason("inq", None, {"zh": "查询咨询", "en": "Inquiry", "ko": "조회"}),
        Reason("inq.order", "inq", {"zh": "订单与配送", "en": "Orders", "ko": "주문"}),
        Reason("inq.order.track", "inq.order", {"zh": "物流跟踪", "en": "Tracking"}),
    ]
)


@pytest.mark.parametrize("what", ["", "   ", " \n\t \n", "\u3000"])
def test_an_empty_or_blank_description_is_refused(what: str) -> None:
    errors = validate_form({**FORM, "what_happened": what})
    assert errors == {"what_happened": "complaint.what_happened_required"}


@pytest.mark.parametrize(
    "what", [PATH, PATH + "\n", f"  {PATH}  \n\n", "查询咨询  ›  订单与配送 ›\n物流跟踪"]
)
def test_a_description_that_is_only_the_reason_is_refused(what: str) -> None:
    errors = validate_form({**FORM, "what_happened": what}, reason_paths={PATH})
    assert errors == {"what_happened": "complaint.what_happened_only_reason"}
    with pytest.raises(ValueError):
        parse_form({**FORM, "what_happened": what}, reason_paths={PATH})


def test_the_reason_with_the_agents_words_is_a_description() -> None:
    what = PATH + "\n客户说快递三天没到"
    assert validate_form({**FORM, "what_happened": what}, reason_paths={PATH}) == {}
    assert validate_form({**FORM, "what_happened": PATH}) == {}, "no reason, nothing to match"


def test_the_reason_in_every_language() -> None:
    assert TREE.path_texts("inq.order.track") == {
        "查询咨询 › 订单与配送 › 物流跟踪",
        "Inquiry › Orders › Tracking",
        "조회 › 주문 › Tracking",  # no Korean label: English stands in, as on screen
    }
    assert TREE.path_texts("gone") == frozenset()
    index = TREE.codes_by_path()
    assert index["Inquiry › Orders"] == "inq.order"
    assert index["조회 › 주문 › Tracking"] == "inq.order.track"


@pytest.mark.parametrize(
    ("what", "code", "left"),
    [
        (PATH + "\n", "inq.order.track", ""),
        (PATH, "inq.order.track", ""),
        (PATH + "\n客户说快递没到\n第二行", "inq.order.track", "客户说快递没到\n第二行"),
        ("Inquiry › Orders\nparcel late", "inq.order", "parcel late"),
        # Words typed in front of the path (the old cursor) are the agent's: kept whole.
        ("客户说快递没到" + PATH + "\n", None, "客户说快递没到" + PATH + "\n"),
        ("", None, ""),
        ("快递没到", None, "快递没到"),
    ],
)
def test_an_old_drafts_reason_line_comes_back_out(what: str, code: str | None, left: str) -> None:
    assert split_reason_line(what, TREE.codes_by_path()) == (code, left)


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=60))
def test_splitting_never_loses_the_agents_words(what: str) -> None:
    code, left = split_reason_line(what, TREE.codes_by_path())
    if code is None:
        assert left == what
    else:
        assert what.endswith(left) and TREE.path_texts(code) & {what.partition("\n")[0].strip()}


def facts() -> ComplaintFacts:
    return ComplaintFacts.from_form(
        parse_form(FORM), id="c1", call_id=None, opened_at=to_iso(T0), opened_by="li"
    )


def opened(payload: dict[str, object]):  # type: ignore[no-untyped-def]
    return seal(
        event_id="e1",
        complaint_id="c1",
        seq=1,
        kind="opened",
        actor="li",
        at=T0,
        payload=payload,
        prev_hash=GENESIS,
    )


def test_the_opened_event_carries_the_reason_and_verifies() -> None:
    payload = opening_payload(
        facts(), promised_at=T0.add(hours=2), rule_revision=3, reason_code="inq.order.track"
    )
    event = opened(payload)
    assert json.loads(event.payload)["reason_code"] == "inq.order.track"
    assert derive([event]).promised_at == T0.add(hours=2)
    assert verify_chain({"c1": facts().as_record()}, [event]) == ()


def test_an_opened_event_from_before_the_reason_key_still_verifies_and_loads() -> None:
    payload = opening_payload(facts(), promised_at=T0.add(hours=2), rule_revision=3)
    assert "reason_code" not in payload
    event = opened(payload)
    assert verify_chain({"c1": facts().as_record()}, [event]) == ()
    assert derive([event]).status == "open"


@pytest.mark.parametrize("code", ["", "   ", "x" * 65, 7])
def test_a_reason_code_that_is_not_one_is_refused(code: object) -> None:
    with pytest.raises(RegisterRefused):
        opening_payload(
            facts(),
            promised_at=T0.add(hours=2),
            rule_revision=3,
            reason_code=code,  # type: ignore[arg-type]
        )
