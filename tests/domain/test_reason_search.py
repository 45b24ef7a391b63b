from __future__ import annotations

import importlib.util
import sys
from pathlib import Path
from types import ModuleType

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tui.domain import pinyin_table
from tui.domain.hangul import initials
from tui.domain.i18n import LANGS, Lang
from tui.domain.pinyin import (
    full_pinyin_keys,
    full_pinyin_span,
    initials_positions,
    pinyin_initials,
    pinyin_initials_keys,
    readings,
)
from tui.domain.reason_search import (
    Field,
    MatchKind,
    ReasonIndex,
    SearchKeys,
    fold,
    query_words,
    usage_ranking,
)
from tui.domain.reasons import Reason, ReasonTree, dotted_parent

ROOT = Path(__file__).resolve().parents[2]


def load_script(name: str) -> ModuleType:
    spec = importlib.util.spec_from_file_location(name, ROOT / "scripts" / f"{name}.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module
    spec.loader.exec_module(module)
    return module


def reason(code: str, zh: str, en: str, ko: str, sort: int = 0, active: bool = True) -> Reason:
    return Reason(code, dotted_parent(code), {"zh": zh, "en": en, "ko": ko}, sort, active)


REASONS = [
    reason("inq", "查询咨询", "Inquiry", "조회 문의", 0),
    reason("inq.billing", "话费", "Billing", "요금", 0),
    reason("inq.billing.amount", "话费金额", "Bill amount", "요금 금액", 0),
    reason("inq.billing.detail", "话费明细", "Billing details", "요금 내역", 1),
    reason("inq.billing.explain", "收费说明", "Fee explanation", "요금 설명", 2),
    reason("inq.plan", "套餐", "Plan", "요금제", 1),
    reason("inq.plan.change", "套餐变更", "Plan change", "요금제 변경", 0),
    reason("inq.plan.family", "家庭套餐", "Family plan", "가족 요금제", 1),
    reason("inq.bank", "银行卡", "Bank card", "은행 카드", 2),
    reason("inq.bank.bind", "银行卡绑定", "Link a bank card", "카드 등록", 0),
    reason("trf", "转办", "Forwarded", "이관", 1),
    reason("trf.tech", "技术部门", "Technical team", "기술팀", 0),
    reason("trf.billing", "计费中心", "Billing centre", "과금 센터", 1),
    reason("trf.old", "旧部门", "Old team", "옛 부서", 2, active=False),
    reason("cmp", "投诉", "Complaint", "불만 접수", 2),
    reason("cmp.rude", "服务态度", "Rude agent", "불친절", 0),
    reason("gone", "旧分类", "Gone", "폐지", 3, active=False),
    reason("gone.child", "旧原因", "Gone child", "폐지 사유", 0),
]
TREE = ReasonTree.from_reasons(REASONS)
INDEX = {lang: ReasonIndex(TREE, lang) for lang in LANGS}


def codes(index: ReasonIndex, query: str, **kwargs: object) -> list[str]:
    return [match.code for match in index.search(query, limit=None, **kwargs)]  # type: ignore[arg-type]


# --- text folding and pinyin -------------------------------------------------------


def test_fold() -> None:
    assert fold("  Bill\tAmount  ") == "bill amount"
    assert fold("ＢＩＬＬ　１") == "bill 1", "full-width letters and ideographic space"
    assert fold("ㅈㅎ") == "ㅈㅎ", "compatibility jamo must survive (NFKC would break them)"
    assert fold("\u1112\u116a") == "화", "conjoining jamo compose"
    assert fold("a\x01b") == "a b"


def test_query_words_split_fused_clusters() -> None:
    assert query_words(" Billing  DETAIL ") == ["billing", "detail"]
    assert query_words("ㄳ") == ["ㄱㅅ"]
    assert query_words("   ") == []


def test_pinyin_initials() -> None:
    assert pinyin_initials("查询咨询") == "cxzx"
    assert pinyin_initials("VIP会员 5G套餐") == "viphy5gtc"
    assert pinyin_initials("電話") == "dh", "traditional characters too"
    assert pinyin_initials("绿色") == "ls"
    assert pinyin_initials("，。！") == ""


def test_characters_without_a_reading_add_nothing() -> None:
    unknown = chr(pinyin_table.FIRST + pinyin_table.INITIALS.index("?"))
    assert readings(unknown) == ()
    assert pinyin_initials(f"查{unknown}询") == "cx"


def test_table_shape() -> None:
    size = pinyin_table.LAST - pinyin_table.FIRST + 1
    assert size == 0x9FFF - 0x4E00 + 1
    assert len(pinyin_table.INITIALS) == size
    entries = pinyin_table.READINGS.split(" ")
    assert len(entries) == size
    for letter, entry in zip(pinyin_table.INITIALS, entries, strict=True):
        assert (letter == "?") == (entry == "")
        if entry:
            assert entry[0] == letter and entry.replace("/", "").isalpha()
    source = (ROOT / "tui" / "domain" / "pinyin_table.py").read_text(encoding="utf-8")
    assert max(len(line) for line in source.splitlines()) <= 110


def test_table_agrees_with_pypinyin() -> None:
    pypinyin = pytest.importorskip("pypinyin")
    for char in "查询咨询话费银行转办投诉电話说明绿":
        expected = pypinyin.pinyin(char, style=pypinyin.Style.NORMAL, heteronym=True)[0]
        assert readings(char)[0] == expected[0].replace("ü", "v")
        assert set(readings(char)) == {r.replace("ü", "v") for r in expected}


def test_generated_table_is_current() -> None:
    pytest.importorskip("pypinyin")
    generator = load_script("gen_pinyin_table")
    assert generator.render() == generator.TABLE.read_text(encoding="utf-8"), (
        "run scripts/gen_pinyin_table.py"
    )


def test_polyphonic_characters_get_variant_keys() -> None:
    keys = pinyin_initials_keys("银行卡")
    assert keys[0] == pinyin_initials("银行卡") == "yxk"
    assert "yhk" in keys
    assert "yinhangka" in full_pinyin_keys("银行卡")
    assert full_pinyin_keys("银行卡", head_only=True)[0] == "yinxingka"


def test_full_pinyin_keys_start_at_syllables() -> None:
    keys = full_pinyin_keys("查询咨询")
    assert "chaxunzixun" in keys and "xunzixun" in keys and "xun" in keys
    assert not any(key.startswith("haxun") for key in keys)
    vip = full_pinyin_keys("VIP会员")
    assert "viphuiyuan" in vip and "huiyuan" in vip and "yuan" in vip
    assert not any(key.startswith("ip") for key in vip), "an ASCII word is one syllable"


def test_spans_for_highlighting_pinyin() -> None:
    assert initials_positions("去 银行") == [0, 2, 3]
    assert full_pinyin_span("去银行卡", "hangka") == (2, 4)
    assert full_pinyin_span("去银行卡", "yinx") == (1, 3)
    assert full_pinyin_span("去银行卡", "ngk") is None


def test_search_keys_kinds() -> None:
    keys = SearchKeys.build(
        [(Field.LABEL, "Billing details"), (Field.CODE, "inq.billing.detail")],
        chinese="话费明细",
        korean="요금 내역",
    )
    assert keys.kind("billing details") is MatchKind.EXACT
    assert keys.kind("billingdetails") is MatchKind.EXACT, "spaces may be left out"
    assert keys.kind("det") is MatchKind.PREFIX
    assert keys.kind("illing") is MatchKind.SUBSTRING
    assert keys.kind("hfmx") is MatchKind.EXACT
    assert keys.kind("huafei") is MatchKind.PREFIX
    assert keys.kind("mingxi") is MatchKind.SUBSTRING
    assert keys.kind("uafei") is None, "full pinyin only from a syllable start"
    assert keys.kind("ㅇㄱ") is MatchKind.PREFIX
    assert keys.kind("ㄱㄴ") is MatchKind.SUBSTRING, "across the space of ㅇㄱ ㄴㅇ"
    assert keys.kind("话费") is None, "Chinese labels are not keys unless passed as labels"


# --- the index ---------------------------------------------------------------------


def test_only_pickable_leaves_are_indexed() -> None:
    index = INDEX["en"]
    assert len(index) == 9
    assert "inq.billing.amount" in index
    assert "inq.billing" not in index, "categories are never results"
    assert "trf.old" not in index and "gone.child" not in index, "retired"
    assert codes(index, "old") == []
    assert codes(index, "gone") == []


def test_parent_label_lists_all_its_leaves() -> None:
    assert codes(INDEX["en"], "billing")[:3] == [
        "inq.billing.amount",
        "inq.billing.detail",
        "inq.billing.explain",
    ]
    assert codes(INDEX["zh"], "话费") == [
        "inq.billing.amount",
        "inq.billing.detail",
        "inq.billing.explain",
    ]


def test_empty_query_lists_recent_then_tree_order() -> None:
    index = INDEX["en"]
    assert codes(index, "") == [
        "inq.billing.amount",
        "inq.billing.detail",
        "inq.billing.explain",
        "inq.plan.change",
        "inq.plan.family",
        "inq.bank.bind",
        "trf.tech",
        "trf.billing",
        "cmp.rude",
    ]
    ranking = ("cmp.rude", "trf.tech", "inq.billing", "trf.old", "nope")
    assert codes(index, "", usage=ranking)[:4] == [
        "cmp.rude",
        "trf.tech",
        "inq.billing.amount",
        "inq.billing.detail",
    ]
    assert all(match.kind is None and match.hits == () for match in index.search(""))


def test_exact_then_prefix_then_substring() -> None:
    found = INDEX["en"].search("plan", limit=None)
    assert [(m.code, m.kind) for m in found] == [
        ("inq.plan.change", MatchKind.EXACT),  # under the category "Plan"
        ("inq.plan.family", MatchKind.EXACT),
        ("inq.billing.explain", MatchKind.SUBSTRING),  # "Fee explanation"
    ]


def test_usage_orders_within_a_kind_but_never_across_kinds() -> None:
    index = INDEX["en"]
    usage = {
        "inq.billing.explain": (40, "2026-11-20T08:00:00+00:00"),
        "inq.plan.family": (3, "2026-11-23T08:00:00+00:00"),
    }
    assert codes(index, "plan", usage=usage) == [
        "inq.plan.family",
        "inq.plan.change",
        "inq.billing.explain",
    ]
    assert codes(index, "plan", usage=usage_ranking(usage)) == codes(index, "plan", usage=usage)


def test_usage_ranking_puts_recent_first_then_most_used() -> None:
    usage = {
        "a": (50, "2026-11-01T00:00:00+00:00"),
        "b": (2, "2026-11-24T01:00:00+00:00"),
        "c": (9, "2026-11-10T00:00:00+00:00"),
        "d": (9, "2026-11-12T00:00:00+08:00"),
        "e": (1, "2026-11-24T00:30:00"),
    }
    assert usage_ranking(usage, recent=2) == ("b", "e", "a", "d", "c")
    assert usage_ranking(usage, recent=0) == ("a", "d", "c", "b", "e")
    assert usage_ranking({}) == ()


def test_pinyin_initials_and_full_pinyin_in_every_language() -> None:
    for lang in LANGS:
        assert codes(INDEX[lang], "cxzx")[:2] == ["inq.billing.amount", "inq.billing.detail"]
        assert codes(INDEX[lang], "yinhang") == ["inq.bank.bind"]
        assert codes(INDEX[lang], "yhk") == ["inq.bank.bind"]
        assert codes(INDEX[lang], "tousu") == ["cmp.rude"]


def test_hangul_initials_in_every_language_and_syllables_in_korean() -> None:
    for lang in LANGS:
        assert codes(INDEX[lang], "ㅂㅁ ㅈㅅ") == ["cmp.rude"]
        assert codes(INDEX[lang], "ㄱㄱ ㅅㅌ") == ["trf.billing"]
    assert codes(INDEX["ko"], "불만") == ["cmp.rude"]
    assert codes(INDEX["ko"], "요금제") == ["inq.plan.change", "inq.plan.family"]
    assert codes(INDEX["en"], "불만") == [], "labels of other languages are not indexed"
    assert codes(INDEX["en"], "投诉") == []


def test_fused_cluster_query() -> None:
    assert codes(INDEX["ko"], "ㄱㅅ") == codes(INDEX["ko"], "ㄳ") != []


def test_codes_are_searchable() -> None:
    assert codes(INDEX["zh"], "inq.billing") == [
        "inq.billing.amount",
        "inq.billing.detail",
        "inq.billing.explain",
    ]
    assert codes(INDEX["ko"], "trf.tech") == ["trf.tech"]


def test_every_word_must_match_somewhere_on_the_path() -> None:
    assert codes(INDEX["en"], "billing detail") == ["inq.billing.detail"]
    assert codes(INDEX["en"], "forwarded billing") == ["trf.billing"]
    assert codes(INDEX["zh"], "话费 金额") == ["inq.billing.amount"]
    assert codes(INDEX["en"], "billing nothing") == []


def test_full_width_and_case_are_ignored() -> None:
    assert codes(INDEX["en"], "ＢＩＬＬ ＡＭＯＵＮＴ") == ["inq.billing.amount"]


def test_limit() -> None:
    index = INDEX["en"]
    assert len(index.search("", limit=3)) == 3
    assert len(index.search("b", limit=2)) == 2
    assert index.search("b", limit=0) == []
    assert len(index.search("b", limit=None)) == len(codes(index, "b"))


def test_match_carries_path_and_highlights() -> None:
    [match] = INDEX["en"].search("link card")
    assert match.path == ("Inquiry", "Bank card", "Link a bank card")
    assert match.path_text == "Inquiry › Bank card › Link a bank card"
    assert [(h.code, h.field, h.kind, h.span) for h in match.hits] == [
        ("inq.bank.bind", Field.LABEL, MatchKind.PREFIX, (0, 4)),
        ("inq.bank.bind", Field.LABEL, MatchKind.PREFIX, (12, 16)),
    ]


def test_highlights_for_initials_follow_the_shown_label() -> None:
    [zh] = INDEX["zh"].search("yhkbd")
    assert [(h.field, h.span) for h in zh.hits] == [(Field.PINYIN, (0, 5))]
    [en] = INDEX["en"].search("yhkbd")
    assert [(h.field, h.span) for h in en.hits] == [(Field.PINYIN, None)]
    ko = INDEX["ko"].search("ㅇㄱ ㄱㅇ")
    assert [m.code for m in ko] == ["inq.billing.amount"]
    assert [(h.field, h.span) for h in ko[0].hits] == [
        (Field.HANGUL, (0, 2)),
        (Field.HANGUL, (3, 5)),
    ]
    [spelled] = INDEX["zh"].search("bangding")
    assert [(h.field, h.span) for h in spelled.hits] == [(Field.PINYIN_FULL, (3, 5))]
    [coded] = INDEX["zh"].search("bank.bi")
    assert [(h.field, h.span) for h in coded.hits] == [(Field.CODE, (4, 11))]


def test_hit_names_the_ancestor_that_matched() -> None:
    found = INDEX["en"].search("inquiry")
    assert {h.code for m in found for h in m.hits} == {"inq"}
    assert {h.kind for m in found for h in m.hits} == {MatchKind.EXACT}


def test_path_lookup() -> None:
    assert INDEX["ko"].path("trf.tech") == ("이관", "기술팀")
    with pytest.raises(KeyError):
        INDEX["ko"].path("trf.old")


# --- the index agrees with the plain definition --------------------------------------

ALPHABET = sorted(
    {
        char
        for r in REASONS
        for text in (*r.labels.values(), r.code, pinyin_initials(r.labels["zh"]))
        for char in fold(text) + initials(r.labels["ko"])
    }
)


def brute_force(lang: Lang, query: str, ranking: tuple[str, ...]) -> list[tuple[str, MatchKind]]:
    """Matching leaves and kinds by the definition: every word matches some reason on
    the leaf's path, the best such match per word, the weakest over words."""
    words = query_words(query)
    found = []
    for order, leaf in enumerate(TREE.leaves(pickable_only=True)):
        worst = MatchKind.EXACT
        for word in words:
            kinds = []
            for node in TREE.lineage(leaf.code):
                keys = SearchKeys.build(
                    [(Field.LABEL, node.label(lang)), (Field.CODE, node.code)],
                    chinese=node.labels["zh"],
                    korean=node.labels["ko"],
                )
                kind = keys.kind(word)
                if kind is not None:
                    kinds.append(kind)
            if not kinds:
                break
            worst = max(worst, min(kinds))
        else:
            rank = ranking.index(leaf.code) if leaf.code in ranking else len(ranking)
            found.append(((worst, rank, order), leaf.code, worst))
    return [(code, kind) for _, code, kind in sorted(found)]


KEY_TEXTS = sorted(
    {
        text
        for r in REASONS
        for text in (
            *r.labels.values(),
            r.code,
            *pinyin_initials_keys(r.labels["zh"]),
            *full_pinyin_keys(r.labels["zh"]),
            initials(r.labels["ko"]),
        )
    }
)


@st.composite
def piece_of_a_key(draw: st.DrawFn) -> str:
    text = draw(st.sampled_from(KEY_TEXTS))
    start = draw(st.integers(0, len(text) - 1))
    return text[start : draw(st.integers(start + 1, len(text)))]


# Words cut from real keys (so most queries find something) or typed at random.
words = st.one_of(
    piece_of_a_key(), piece_of_a_key(), st.text(st.sampled_from(ALPHABET), max_size=3)
)
queries = st.lists(words, max_size=3).map(" ".join)


@settings(max_examples=300, deadline=None)
@given(st.sampled_from(LANGS), queries, st.permutations([r.code for r in REASONS]))
def test_index_matches_the_definition(lang: Lang, query: str, shuffled: list[str]) -> None:
    ranking = tuple(shuffled[:4])
    got = INDEX[lang].search(query, usage=ranking, limit=None)
    if query_words(query):
        assert [(m.code, m.kind) for m in got] == brute_force(lang, query, ranking)
        for match in got:
            assert len(match.hits) == len(query_words(query))
            assert max(hit.kind for hit in match.hits) == match.kind


# Shared across examples on purpose: whatever was typed before must not change results.
WARM = {lang: ReasonIndex(TREE, lang, remembered_words=6) for lang in LANGS}


@settings(max_examples=150, deadline=None)
@given(st.sampled_from(LANGS), queries)
def test_typing_and_deleting_keystroke_by_keystroke_gives_the_same_results(
    lang: Lang, query: str
) -> None:
    cold = ReasonIndex(TREE, lang, remembered_words=0)
    typed = [query[:end] for end in range(len(query) + 1)]
    for text in typed + typed[::-1]:
        assert [m.code for m in WARM[lang].search(text, limit=None)] == codes(cold, text)


# --- the benchmark script ----------------------------------------------------------


def test_synthetic_benchmark_tree_is_realistic() -> None:
    bench = load_script("bench_picker")
    reasons = bench.synthetic_reasons()
    assert len(reasons) == 5000
    tree = ReasonTree.from_reasons(reasons)
    depths = {tree.depth(leaf.code) for leaf in tree.leaves()}
    assert depths == {2, 3}, "three and four levels"
    assert all(all(r.labels[lang] for lang in LANGS) for r in reasons)
    assert all(r.code.count(".") == tree.depth(r.code) for r in reasons)


def test_benchmark_reports_the_contract() -> None:
    bench = load_script("bench_picker")
    result = bench.bench_picker(rounds=1)
    assert result["name"] == "picker filter per keystroke (5,000 reasons)"
    assert result["target"] == "p99 < 5 ms"
    assert {"p50_ms", "p99_ms", "build_ms", "ok"} <= set(result)
    assert 0 < result["p50_ms"] <= result["p99_ms"]
