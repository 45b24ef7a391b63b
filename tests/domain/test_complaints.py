from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from tui.domain.complaints import (
    FORM_FIELDS,
    LIMITS,
    REQUIRED,
    ComplaintFacts,
    FormInvalid,
    mask_name,
    parse_form,
    validate_form,
)
from tui.domain.i18n import LANGS, catalog
from tui.domain.register import TEXT_LIMIT

VALID = {
    "customer_name": "김민수",
    "contact": "010-1234-5678",
    "reference": "ORD-77",
    "class_code": "easy",
    "department": "",
    "what_happened": "사진 인화가 잘못 나왔습니다",
    "remedy_requested": "",
}


def test_a_complete_form_has_no_errors() -> None:
    assert validate_form(VALID) == {}


def test_an_empty_form_names_every_required_field() -> None:
    errors = validate_form({})
    assert errors == {name: f"complaint.{name}_required" for name in REQUIRED}
    assert set(REQUIRED) == {"customer_name", "contact", "class_code", "what_happened"}


def test_whitespace_is_not_an_answer() -> None:
    assert validate_form({**VALID, "what_happened": " \n\t "}) == {
        "what_happened": "complaint.what_happened_required"
    }


@pytest.mark.parametrize(
    ("number", "key"),
    [("13a12345678", "phone.bad_chars"), ("12", "phone.too_short"), ("1" * 21, "phone.too_long")],
)
def test_the_contact_must_be_a_phone_number(number: str, key: str) -> None:
    assert validate_form({**VALID, "contact": number}) == {"contact": key}


@pytest.mark.parametrize("field", sorted(LIMITS))
def test_each_limit_is_inclusive_and_over_it_is_an_error(field: str) -> None:
    limit = LIMITS[field]
    assert field not in validate_form({**VALID, field: "字" * limit})
    assert validate_form({**VALID, field: "字" * (limit + 1)}) == {
        field: f"complaint.{field}_too_long"
    }


def test_what_happened_limit_is_4000_characters_not_bytes() -> None:
    assert LIMITS["what_happened"] == 4000
    text = "😠" * 4000  # 16 000 bytes in UTF-8, still 4000 characters
    assert parse_form({**VALID, "what_happened": text}).what_happened == text


def test_too_long_text_is_refused_never_cut_short() -> None:
    with pytest.raises(FormInvalid) as info:
        parse_form({**VALID, "what_happened": "x" * 4001})
    assert info.value.errors == {"what_happened": "complaint.what_happened_too_long"}


@pytest.mark.parametrize("field", sorted(LIMITS))
def test_the_message_quotes_the_limit_in_every_language(field: str) -> None:
    table = catalog()[f"complaint.{field}_too_long"]
    for lang in LANGS:
        assert str(LIMITS[field]) in table[lang], (field, lang)


def test_the_free_text_limit_is_quoted_too() -> None:
    for lang in LANGS:
        assert str(TEXT_LIMIT) in catalog()["complaint.text_too_long"][lang]


def test_every_form_error_key_is_translated() -> None:
    keys = {f"complaint.{name}_required" for name in REQUIRED}
    keys |= {f"complaint.{name}_too_long" for name in LIMITS}
    keys |= {"complaint.contact_required"}
    for key in keys:
        assert set(catalog()[key]) == set(LANGS), key


def test_parse_form_trims_and_stores_the_number_normalised() -> None:
    form = parse_form({**VALID, "customer_name": "  김민수 ", "contact": " +82 10-1234-5678 "})
    assert form.customer_name == "김민수"
    assert form.contact == "+821012345678"
    assert form.what_happened == VALID["what_happened"]


def test_parse_form_keeps_inner_lines() -> None:
    text = "第一行\n第二行"
    assert parse_form({**VALID, "what_happened": f"\n{text}\n"}).what_happened == text


def test_fields_the_form_does_not_have_are_ignored() -> None:
    assert validate_form({**VALID, "cursor": "12"}) == {}


def test_facts_round_trip_through_their_record() -> None:
    facts = ComplaintFacts.from_form(
        parse_form(VALID),
        id="c1",
        call_id=None,
        opened_at="2026-11-24T01:00:00+00:00",
        opened_by="kim",
    )
    record = facts.as_record()
    assert list(record)[:4] == ["id", "call_id", "opened_at", "opened_by"]
    assert set(FORM_FIELDS) < set(record)
    assert ComplaintFacts.from_record(record) == facts


@pytest.mark.parametrize(
    ("name", "masked"),
    [("王小明", "王**"), ("Kim Minsu", "K** *****"), ("", ""), ("李", "李")],
)
def test_mask_name(name: str, masked: str) -> None:
    assert mask_name(name) == masked


@given(st.dictionaries(st.sampled_from(FORM_FIELDS), st.text(max_size=50)))
def test_validation_never_raises_and_valid_forms_parse(form: dict[str, str]) -> None:
    errors = validate_form(form)
    assert set(errors) <= set(FORM_FIELDS)
    if not errors:
        parsed = parse_form(form)
        assert parsed.what_happened and parsed.customer_name and parsed.class_code
    else:
        with pytest.raises(FormInvalid):
            parse_form(form)
