"""The checks a published reference revision passes: the shipped files pass them, and
each kind of mistake is named by file and line."""

from __future__ import annotations

import tomllib

import pytest

from tui.domain.break_policy import DEFAULTS_TOML, BreakPolicy
from tui.domain.reference_set import FILES, ReferenceError, check, decode, digest_of
from tui.store.paths import db_dir


def shipped() -> dict[str, str]:
    return {name: (db_dir() / "seed" / name).read_bytes().decode() for name in FILES}


def test_the_shipped_files_pass_and_the_break_policy_is_the_default() -> None:
    checked = check(shipped())
    assert checked.breaks == BreakPolicy()
    published = tomllib.loads(shipped()["breaks.toml"])
    assert published == tomllib.loads(DEFAULTS_TOML)
    assert [r.code for r in checked.reasons][:1] == ["inq"]


def test_the_digest_covers_every_byte_and_which_file_holds_it() -> None:
    texts = shipped()
    crlf = dict(texts, **{"phrases.toml": texts["phrases.toml"].replace("\n", "\r\n")})
    assert digest_of(crlf) != digest_of(texts)
    moved = dict(
        texts,
        **{
            "reasons.toml": texts["reasons.toml"] + "#",
            "phrases.toml": "#" + texts["phrases.toml"],
        },
    )
    assert digest_of(moved) != digest_of(texts)


REASON = '[[reason]]\ncode = "{code}"\nzh = "一"\nen = "One"\nko = "하나"\n'


@pytest.mark.parametrize(
    ("reasons", "expected"),
    [
        (
            REASON.format(code="a") + REASON.format(code="a"),
            "reasons.toml:6: reason 'a' is listed twice",
        ),
        (REASON.format(code="a.b"), "reasons.toml:1: reason 'a.b' comes before its parent 'a'"),
        ('[[reason]]\ncode = "A B"\n', "reasons.toml:1: reason: code 'A B' is not"),
        ("", "reasons.toml: no [[reason]] entries"),
        ('[[reason]]\ncode = "a"\nzh = 1\n', "reasons.toml:1: reason 'a': 'zh' must be text"),
    ],
)
def test_reason_mistakes_name_their_line(reasons: str, expected: str) -> None:
    with pytest.raises(ReferenceError) as caught:
        check(dict(shipped(), **{"reasons.toml": reasons}))
    assert str(caught.value).startswith(expected)


def test_an_empty_forbidden_list_is_a_choice() -> None:
    assert check(dict(shipped(), **{"forbidden.toml": "# none\n"})).forbidden == ()


def test_a_phrase_in_an_unknown_group_and_bytes_that_are_not_utf8_are_refused() -> None:
    bad = shipped()["phrases.toml"].replace('group = "greeting"', 'group = "smalltalk"', 1)
    with pytest.raises(ReferenceError, match=r"^phrases.toml:\d+: phrase 'greeting.standard'"):
        check(dict(shipped(), **{"phrases.toml": bad}))
    with pytest.raises(ReferenceError, match=r"^forbidden.toml:2: not UTF-8 text"):
        decode("forbidden.toml", b"# ok\n\xff\n")
