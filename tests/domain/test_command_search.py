from __future__ import annotations

from tui.domain.command_search import Searchable, search_commands
from tui.domain.i18n import Lang
from tui.domain.reason_search import MatchKind

TITLES = {
    "desk.new_call": {"zh": "新来电", "en": "New call", "ko": "새 통화"},
    "desk.wrap_up": {"zh": "结束并登记来电", "en": "Wrap up the call", "ko": "통화 마무리"},
    "palette.export": {
        "zh": "导出今日通话",
        "en": "Export today's calls",
        "ko": "오늘 통화 내보내기",
    },
}
KEYS = {"desk.new_call": "f2", "desk.wrap_up": "f9", "palette.export": ""}


def found(lang: Lang, query: str) -> list[tuple[str, MatchKind, tuple[tuple[int, int], ...]]]:
    commands = [Searchable(ident, TITLES[ident], lang, KEYS[ident]) for ident in TITLES]
    return [
        (commands[hit.index].ident, hit.kind, hit.spans) for hit in search_commands(commands, query)
    ]


def test_pinyin_initials_and_full_pinyin_find_chinese_titles() -> None:
    assert found("zh", "xld") == [("desk.new_call", MatchKind.EXACT, ((0, 3),))]
    assert [ident for ident, *_ in found("zh", "ld")] == ["desk.new_call", "desk.wrap_up"]
    assert found("zh", "daochu")[0][:2] == ("palette.export", MatchKind.PREFIX)


def test_hangul_initials_find_korean_titles_word_by_word() -> None:
    assert [ident for ident, *_ in found("ko", "ㅌㅎ")] == list(TITLES)
    assert found("ko", "ㅌㅎ ㅁㅁ") == [("desk.wrap_up", MatchKind.PREFIX, ((0, 2), (3, 5)))]


def test_titles_ids_and_keys_are_matched_best_first() -> None:
    assert [ident for ident, *_ in found("en", "call")] == list(TITLES)
    assert found("en", "f9")[0][:2] == ("desk.wrap_up", MatchKind.EXACT)
    assert found("en", "palette.export")[0][0] == "palette.export"
    # Only the agent's own language is compared as text, as for reasons.
    assert found("zh", "today") == []
    assert [ident for ident, *_ in found("en", "")] == list(TITLES)
