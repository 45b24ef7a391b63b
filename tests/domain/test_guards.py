"""Guard definitions compared as normalised SQL."""

from __future__ import annotations

from tui.domain.guards import check_guards, normalise_sql

GUARD = """CREATE TRIGGER calls_no_update BEFORE UPDATE ON calls
BEGIN
    SELECT RAISE(ABORT, 'calls is append-only');
END"""


def test_layout_case_and_comments_do_not_count() -> None:
    respelled = (
        "create   trigger Calls_No_Update before update on CALLS -- the guard\n"
        "begin /* refuse */ select raise(abort,'calls is append-only') ; end;"
    )
    assert normalise_sql(respelled) == normalise_sql(GUARD)
    assert normalise_sql(GUARD) == (
        "create trigger calls_no_update before update on calls begin select raise ( abort ,"
        " 'calls is append-only' ) ; end"
    )


def test_what_changes_meaning_counts() -> None:
    never = GUARD.replace("\nBEGIN", "\nWHEN 0\nBEGIN")
    elsewhere = GUARD.replace("ON calls", "ON call_starts")
    shouted = GUARD.replace("'calls is append-only'", "'CALLS IS APPEND-ONLY'")
    for variant in (never, elsewhere, shouted):
        assert normalise_sql(variant) != normalise_sql(GUARD)


def test_a_comment_marker_inside_a_string_is_text() -> None:
    assert normalise_sql("SELECT '-- not a comment' -- one") == "select '-- not a comment'"


def test_missing_and_altered_guards_are_named_in_order() -> None:
    expected = {"b_guard": GUARD, "a_guard": GUARD, "c_guard": GUARD}
    actual = {"c_guard": GUARD.replace("\nBEGIN", "\nWHEN 0\nBEGIN"), "extra": "x"}
    assert check_guards(expected, actual) == (("a_guard", "b_guard"), ("c_guard",))
    assert check_guards(expected, expected) == ((), ())
