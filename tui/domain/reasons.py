"""The call-reason tree an agent tags every call with.

Reasons arrive flat (a row per code, as in the `reasons` table) and are joined into a
tree by `parent_code`. Codes are dotted ("inq.billing.amount" sits under "inq.billing")
but the tree trusts `parent_code`, which the database holds explicitly.

Only leaves can be picked: the agent tags the most specific reason, and a tag on a
category would score as wrong. Retired reasons (active = 0) stay in the tree so past
calls still show their path, but they and everything under them cannot be picked.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field

from tui.domain.i18n import LANGS, Lang

PATH_SEP = " › "


def dotted_parent(code: str) -> str | None:
    """The parent a dotted code implies: "inq.billing.amount" -> "inq.billing"."""
    head, dot, _ = code.rpartition(".")
    return head if dot else None


@dataclass(frozen=True, slots=True)
class Reason:
    code: str
    """Dotted, stable across releases; what a call row stores."""
    parent_code: str | None
    """None for a top-level reason."""
    labels: Mapping[str, str] = field(hash=False)
    """Language ("zh", "en", "ko") to label."""
    sort: int = 0
    """Order among siblings; ties go by code."""
    active: bool = True
    """False once retired: kept for old calls, never offered for new ones."""

    def label(self, lang: Lang) -> str:
        """The label in `lang`, else English, else any label, else the code."""
        return (
            self.labels.get(lang)
            or self.labels.get("en")
            or next((self.labels[other] for other in LANGS if self.labels.get(other)), "")
            or self.code
        )


class ReasonTree:
    """Reasons joined by parent_code, children in (sort, code) order.

    Build it with `from_reasons`; it rejects duplicate codes, unknown parents and
    cycles, because a silently dropped reason would be a reason nobody can tag.
    """

    __slots__ = ("_by_code", "_children", "_roots", "_order")

    def __init__(self, by_code: dict[str, Reason], children: dict[str, tuple[Reason, ...]]):
        self._by_code = by_code
        self._children = children
        self._roots = children.get("", ())
        self._order: tuple[Reason, ...] = tuple(self._walk(self._roots))

    @classmethod
    def from_reasons(cls, reasons: Iterable[Reason]) -> ReasonTree:
        by_code: dict[str, Reason] = {}
        for reason in reasons:
            if reason.code in by_code:
                raise ValueError(f"reason {reason.code!r} appears twice")
            by_code[reason.code] = reason
        grouped: dict[str, list[Reason]] = {}
        for reason in by_code.values():
            parent = reason.parent_code or ""
            if parent and parent not in by_code:
                raise ValueError(f"reason {reason.code!r} has unknown parent {parent!r}")
            grouped.setdefault(parent, []).append(reason)
        children = {
            parent: tuple(sorted(kids, key=lambda r: (r.sort, r.code)))
            for parent, kids in grouped.items()
        }
        tree = cls(by_code, children)
        if len(tree._order) != len(by_code):
            reached = {reason.code for reason in tree._order}
            stuck = sorted(code for code in by_code if code not in reached)
            raise ValueError(f"reasons in a parent cycle: {', '.join(stuck)}")
        return tree

    def _walk(self, level: tuple[Reason, ...]) -> Iterator[Reason]:
        for reason in level:
            yield reason
            yield from self._walk(self._children.get(reason.code, ()))

    def __len__(self) -> int:
        return len(self._by_code)

    def __contains__(self, code: object) -> bool:
        return code in self._by_code

    def get(self, code: str) -> Reason | None:
        return self._by_code.get(code)

    def roots(self) -> tuple[Reason, ...]:
        return self._roots

    def children(self, code: str | None) -> tuple[Reason, ...]:
        """Direct children of `code` (None: the top level), in display order."""
        return self._children.get(code or "", ())

    def preorder(self) -> tuple[Reason, ...]:
        """Every reason, parents before their children, siblings in display order."""
        return self._order

    def is_leaf(self, code: str) -> bool:
        """True for a known reason with no children (retired children count)."""
        return code in self._by_code and code not in self._children

    def is_pickable(self, code: str) -> bool:
        """A leaf that is active and whose ancestors are all active."""
        return self.is_leaf(code) and all(r.active for r in self.lineage(code))

    def leaves(self, under: str | None = None, *, pickable_only: bool = False) -> list[Reason]:
        """Leaves in display order, of the whole tree or below (and including) `under`."""
        if under is None:
            found = [r for r in self._order if r.code not in self._children]
        else:
            found = [r for r in self._walk((self[under],)) if r.code not in self._children]
        if pickable_only:
            found = [r for r in found if self.is_pickable(r.code)]
        return found

    def __getitem__(self, code: str) -> Reason:
        try:
            return self._by_code[code]
        except KeyError:
            raise KeyError(f"unknown reason {code!r}") from None

    def lineage(self, code: str) -> list[Reason]:
        """The reasons from the top level down to `code`, inclusive."""
        chain: list[Reason] = []
        reason: Reason | None = self[code]
        while reason is not None:
            chain.append(reason)
            reason = self._by_code.get(reason.parent_code) if reason.parent_code else None
        chain.reverse()
        return chain

    def depth(self, code: str) -> int:
        """0 for a top-level reason."""
        return len(self.lineage(code)) - 1

    def path(self, code: str, lang: Lang) -> list[str]:
        """Labels from the top level down to `code`: ["查询咨询", "话费", "金额"]."""
        return [reason.label(lang) for reason in self.lineage(code)]

    def path_text(self, code: str, lang: Lang, sep: str = PATH_SEP) -> str:
        return sep.join(self.path(code, lang))

    def path_texts(self, code: str) -> frozenset[str]:
        """`code`'s path in every language (empty for an unknown code): what an automatic
        mention of the reason may read like, whatever language the desk was in."""
        if code not in self._by_code:
            return frozenset()
        return frozenset(self.path_text(code, lang) for lang in LANGS)

    def codes_by_path(self) -> dict[str, str]:
        """Path text, in every language, → code. Where two reasons share a path text (a
        label missing in one language), the first in display order keeps it."""
        found: dict[str, str] = {}
        for reason in self._order:
            for text in sorted(self.path_texts(reason.code)):
                found.setdefault(text, reason.code)
        return found
