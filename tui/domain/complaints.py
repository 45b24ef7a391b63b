"""A complaint as the customer told it: the form the agent fills in, its limits, and the
facts fixed for good when the complaint is opened."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import asdict, dataclass, fields

from tui.domain import phone

# The form's fields, in the order the form shows them.
FORM_FIELDS: tuple[str, ...] = (
    "customer_name",
    "contact",
    "reference",
    "class_code",
    "department",
    "what_happened",
    "remedy_requested",
)
REQUIRED: frozenset[str] = frozenset({"customer_name", "contact", "class_code", "what_happened"})

# Longest accepted value, in characters, after surrounding whitespace is dropped. Text over
# a limit is refused with a message; it is never cut short, because a register that silently
# loses the end of what the customer said is a wrong register. The locale strings quote
# these numbers (a test holds them together).
LIMITS: dict[str, int] = {
    "customer_name": 100,
    "reference": 64,
    "class_code": 64,
    "department": 100,
    "what_happened": 4000,
    "remedy_requested": 2000,
}


class FormInvalid(ValueError):
    """The form cannot become a complaint; `errors` maps each field to its i18n key."""

    def __init__(self, errors: dict[str, str]) -> None:
        super().__init__(", ".join(f"{name}: {key}" for name, key in errors.items()))
        self.errors = errors


def validate_form(form: Mapping[str, str]) -> dict[str, str]:
    """field → i18n key of its problem; empty when the complaint can be opened.

    Keys that are not form fields (the UI may keep its own state in the draft) are ignored.
    """
    errors: dict[str, str] = {}
    for name in FORM_FIELDS:
        value = form.get(name, "").strip()
        if not value:
            if name in REQUIRED:
                errors[name] = f"complaint.{name}_required"
            continue
        limit = LIMITS.get(name)
        if limit is not None and len(value) > limit:
            errors[name] = f"complaint.{name}_too_long"
            continue
        if name == "contact":
            problem = phone.validate(value)
            if problem is not None:
                errors[name] = problem
    return errors


@dataclass(frozen=True)
class ComplaintForm:
    """A validated form: values trimmed, the contact number in its stored form."""

    customer_name: str
    contact: str
    reference: str
    class_code: str
    department: str
    what_happened: str
    remedy_requested: str


def parse_form(form: Mapping[str, str]) -> ComplaintForm:
    """The form as it will be recorded; raises FormInvalid when `validate_form` objects."""
    errors = validate_form(form)
    if errors:
        raise FormInvalid(errors)
    clean = {name: form.get(name, "").strip() for name in FORM_FIELDS}
    clean["contact"] = phone.normalise(clean["contact"])
    return ComplaintForm(**clean)


@dataclass(frozen=True)
class ComplaintFacts:
    """What was known when the complaint was opened; never changed afterwards.

    `opened_at` is the stored UTC ISO text, kept as text because the register's hashes
    are computed over exactly these characters.
    """

    id: str
    call_id: str | None
    opened_at: str
    opened_by: str
    customer_name: str
    contact: str
    reference: str
    class_code: str
    department: str
    what_happened: str
    remedy_requested: str

    @classmethod
    def from_form(
        cls, form: ComplaintForm, *, id: str, call_id: str | None, opened_at: str, opened_by: str
    ) -> ComplaintFacts:
        return cls(id=id, call_id=call_id, opened_at=opened_at, opened_by=opened_by, **asdict(form))

    @classmethod
    def from_record(cls, record: Mapping[str, object]) -> ComplaintFacts:
        values = {name: record[name] for name in FACT_COLUMNS}
        return cls(**values)  # type: ignore[arg-type]

    def as_record(self) -> dict[str, str | None]:
        """Column → value, as stored in `complaints` and copied into the `opened` event."""
        return asdict(self)


FACT_COLUMNS: tuple[str, ...] = tuple(f.name for f in fields(ComplaintFacts))


def mask_name(name: str) -> str:
    """`王小明` → `王**`: enough for a colleague to recognise the case, not the person."""
    stripped = name.strip()
    if not stripped:
        return ""
    return stripped[0] + "".join(" " if ch.isspace() else "*" for ch in stripped[1:])
