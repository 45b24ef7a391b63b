"""A complaint as the customer told it: the form the agent fills in, its limits, and the
facts fixed for good when the complaint is opened.

The call's reason is not part of the description. It is its own read-only line on the
form and goes into the register's `opened` event; the description holds only what the
agent wrote down, so one that is empty, or nothing but the reason's path, is refused.
Forms saved as drafts before this began the description with the reason's path on its
own line; `split_reason_line` takes it back out.
"""

from __future__ import annotations

from collections.abc import Collection, Mapping
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
# a limit is refused with a message; it is never silently cut short, because a register that
# loses the end of what the customer said is a wrong register. (The form's fields hold no
# more than these, and a paste past one is cut there with a line saying how much was left
# out.) The locale strings quote these numbers (a test holds them together).
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


def validate_form(form: Mapping[str, str], *, reason_paths: Collection[str] = ()) -> dict[str, str]:
    """field → i18n key of its problem; empty when the complaint can be opened.

    `reason_paths` are the call's reason as the agent may see it (its path in each
    language): a description that is only one of them says nothing of what happened.
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
        if name == "what_happened" and _only_reason(value, reason_paths):
            errors[name] = "complaint.what_happened_only_reason"
    return errors


def _only_reason(value: str, reason_paths: Collection[str]) -> bool:
    words = " ".join(value.split())
    return any(words == " ".join(path.split()) for path in reason_paths if path.strip())


def split_reason_line(what_happened: str, paths: Mapping[str, str]) -> tuple[str | None, str]:
    """(the reason's code, the description without it) when the description's first line
    is a reason's path (`paths` maps each path text to its code); else (None, as given).

    Drafts from before the reason had its own line start that way. Only a whole first
    line that is exactly a known path is taken out: the agent's own words never are.
    """
    first, newline, rest = what_happened.partition("\n")
    code = paths.get(first.strip())
    if code is None:
        return None, what_happened
    return code, rest if newline else ""


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


def parse_form(form: Mapping[str, str], *, reason_paths: Collection[str] = ()) -> ComplaintForm:
    """The form as it will be recorded; raises FormInvalid when `validate_form` objects."""
    errors = validate_form(form, reason_paths=reason_paths)
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
