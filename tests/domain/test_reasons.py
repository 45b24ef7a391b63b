from __future__ import annotations

import pytest

from tui.domain.reasons import Reason, ReasonTree, dotted_parent


def reason(code: str, zh: str, en: str, ko: str, sort: int = 0, active: bool = True) -> Reason:
    return Reason(code, dotted_parent(code), {"zh": zh, "en": en, "ko": ko}, sort, active)


REASONS = [
    # Given out of order on purpose: the tree sorts by (sort, code).
    reason("inq.billing.detail", "话费明细", "Billing details", "요금 내역", 2),
    reason("inq", "查询咨询", "Inquiry", "조회 문의", 0),
    reason("inq.billing", "话费", "Billing", "요금", 0),
    reason("inq.billing.amount", "话费金额", "Bill amount", "요금 금액", 1),
    reason("inq.plan", "套餐", "Plan", "요금제", 1),
    reason("trf", "转办", "Forwarded", "이관", 1),
    reason("trf.tech", "技术部门", "Technical team", "기술팀", 0),
    reason("old", "旧分类", "Old category", "옛 분류", 2, active=False),
    reason("old.thing", "旧原因", "Old reason", "옛 사유", 0),
    reason("trf.retired", "已停用", "Retired", "폐지", 1, active=False),
]


@pytest.fixture
def tree() -> ReasonTree:
    return ReasonTree.from_reasons(REASONS)


def test_dotted_parent() -> None:
    assert dotted_parent("inq.billing.amount") == "inq.billing"
    assert dotted_parent("inq") is None


def test_children_are_in_sort_then_code_order(tree: ReasonTree) -> None:
    assert [r.code for r in tree.roots()] == ["inq", "trf", "old"]
    assert [r.code for r in tree.children("inq.billing")] == [
        "inq.billing.amount",
        "inq.billing.detail",
    ]
    assert [r.code for r in tree.children(None)] == ["inq", "trf", "old"]
    assert tree.children("inq.billing.amount") == ()


def test_preorder_puts_parents_before_children(tree: ReasonTree) -> None:
    assert [r.code for r in tree.preorder()] == [
        "inq",
        "inq.billing",
        "inq.billing.amount",
        "inq.billing.detail",
        "inq.plan",
        "trf",
        "trf.tech",
        "trf.retired",
        "old",
        "old.thing",
    ]


def test_leaves_and_is_leaf(tree: ReasonTree) -> None:
    assert tree.is_leaf("inq.billing.amount")
    assert tree.is_leaf("inq.plan")
    assert not tree.is_leaf("inq.billing")
    assert not tree.is_leaf("nope")
    assert [r.code for r in tree.leaves("inq")] == [
        "inq.billing.amount",
        "inq.billing.detail",
        "inq.plan",
    ]
    assert [r.code for r in tree.leaves("inq.plan")] == ["inq.plan"]
    assert len(tree.leaves()) == 6


def test_retired_reasons_and_their_subtrees_cannot_be_picked(tree: ReasonTree) -> None:
    assert tree.is_pickable("trf.tech")
    assert not tree.is_pickable("trf.retired")
    assert not tree.is_pickable("old.thing"), "active leaf under a retired parent"
    assert not tree.is_pickable("inq"), "categories are never pickable"
    assert [r.code for r in tree.leaves(pickable_only=True)] == [
        "inq.billing.amount",
        "inq.billing.detail",
        "inq.plan",
        "trf.tech",
    ]


def test_path_in_each_language(tree: ReasonTree) -> None:
    assert tree.path("inq.billing.amount", "zh") == ["查询咨询", "话费", "话费金额"]
    assert tree.path("inq.billing.amount", "ko") == ["조회 문의", "요금", "요금 금액"]
    assert tree.path_text("inq.billing.amount", "en") == "Inquiry › Billing › Bill amount"
    assert tree.path_text("inq.plan", "en", sep="/") == "Inquiry/Plan"
    # Retired reasons keep their path so old calls still read properly.
    assert tree.path("old.thing", "en") == ["Old category", "Old reason"]


def test_get_depth_and_lookup(tree: ReasonTree) -> None:
    found = tree.get("inq.plan")
    assert found is not None and found.label("en") == "Plan"
    assert tree.get("missing") is None
    assert "inq" in tree and "missing" not in tree
    assert len(tree) == len(REASONS)
    assert tree.depth("inq") == 0
    assert tree.depth("inq.billing.detail") == 2
    with pytest.raises(KeyError, match="missing"):
        tree.path("missing", "en")


def test_label_falls_back_to_english_then_any_then_code() -> None:
    assert Reason("a", None, {"en": "Alpha", "zh": ""}).label("zh") == "Alpha"
    assert Reason("a", None, {"ko": "알파"}).label("zh") == "알파"
    assert Reason("a", None, {}).label("ko") == "a"


def test_reasons_are_hashable_and_compare_by_value() -> None:
    one = reason("x", "甲", "X", "엑스")
    assert one == reason("x", "甲", "X", "엑스")
    assert len({one, reason("x", "甲", "X", "엑스")}) == 1


def test_duplicate_codes_are_rejected() -> None:
    with pytest.raises(ValueError, match="twice"):
        ReasonTree.from_reasons([reason("a", "甲", "A", "가"), reason("a", "乙", "B", "나")])


def test_unknown_parent_is_rejected() -> None:
    with pytest.raises(ValueError, match="unknown parent"):
        ReasonTree.from_reasons([reason("a.b", "乙", "B", "나")])


def test_cycles_are_rejected() -> None:
    looped = [
        Reason("a", "b", {"en": "A"}),
        Reason("b", "a", {"en": "B"}),
        Reason("c", None, {"en": "C"}),
    ]
    with pytest.raises(ValueError, match="cycle: a, b"):
        ReasonTree.from_reasons(looped)


def test_empty_tree() -> None:
    empty = ReasonTree.from_reasons([])
    assert empty.roots() == () and empty.leaves() == [] and len(empty) == 0
