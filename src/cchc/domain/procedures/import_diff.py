"""What an import would change, row by row, before anything is written (plain Python, no database).

The app reads the stored state of every object a row touches (a procedure, a year's simplification plan) as a
flat mapping *field label → value*, the state the row would leave, and the name the file gives the procedure;
:func:`compare` says whether the row is **new**, **changed** (with each change: field, old → new) or
**unchanged**, and flags a **name conflict**: the file's code is a stored procedure's code but the file gives
another name (TTHC 1.009403 once took the name of another procedure that way). Values are compared after
:func:`comparable` (spaces collapsed, ``None`` = ``""`` = empty list, numbers by value: ``10`` = ``10.00``), so a
row re-imported from the same file is unchanged.

:func:`digest` fingerprints what a preview was computed from: the commit recomputes it and refuses when the
data changed in between, so what is written is what was shown.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from enum import StrEnum
from typing import Any

from cchc.domain.i18n import gettext_noop
from cchc.domain.numbers import format_number

__all__ = ["FieldChange", "RowDiff", "RowKind", "comparable", "compare", "digest", "names_differ", "tally"]


class RowKind(StrEnum):
    NEW = "new"
    CHANGED = "changed"
    UNCHANGED = "unchanged"


KIND_LABELS = {
    RowKind.NEW: gettext_noop("Mới"),
    RowKind.CHANGED: gettext_noop("Thay đổi"),
    RowKind.UNCHANGED: gettext_noop("Không đổi"),
}


@dataclass(frozen=True)
class FieldChange:
    field: str  # the field's label, as the app shows it
    old: str
    new: str


@dataclass(frozen=True)
class RowDiff:
    row: int  # the file's row number (0: a rule spanning rows)
    code: str
    target: str  # what the row touches ("Thủ tục", "Phương án 2026"), as the app shows it
    kind: RowKind
    changes: tuple[FieldChange, ...]
    file_name: str  # the procedure's name as the file gives it
    stored_name: str  # the name stored under the same code ("" when the code is new)

    @property
    def name_conflict(self) -> bool:
        """The code exists under another name: the row may be about another procedure."""
        return bool(self.stored_name) and names_differ(self.file_name, self.stored_name)

    def as_json(self) -> dict[str, Any]:
        return {
            "row": self.row,
            "code": self.code,
            "target": self.target,
            "kind": self.kind.value,
            "changes": [[c.field, c.old, c.new] for c in self.changes],
            "file_name": self.file_name,
            "stored_name": self.stored_name,
            "name_conflict": self.name_conflict,
        }


def _text(value: str) -> str:
    return " ".join(value.split())


def _name(value: str) -> str:
    # Provinces publish the same procedure as "Thủ tục cấp lại …" and "Cấp lại …" (QĐ 2031 Cao Bằng and
    # QĐ 1498 Ninh Bình, TTHC 2.001641): the leading word and a final full stop do not make another procedure.
    name = _text(value).casefold().rstrip(" .;")
    return name.removeprefix("thủ tục ").strip()


def names_differ(a: str, b: str) -> bool:
    """Two names of a procedure differ beyond spacing, letter case, a leading "Thủ tục" and a final full
    stop (diacritics count: "Cấp" ≠ "Cáp")."""
    return bool(a.strip()) and _name(a) != _name(b)


def comparable(value: Any) -> Any:
    """The value as compared: text with spaces collapsed, numbers by value, lists element by element;
    ``None``, ``""`` and an empty list are all "empty" (``None``)."""
    if value is None or value == "" or value == [] or value == ():
        return None
    if isinstance(value, bool):
        return value
    if isinstance(value, int | float | Decimal):
        try:
            number = Decimal(str(value)).normalize()
        except InvalidOperation:
            return str(value)
        return number if number != 0 else Decimal(0)
    if isinstance(value, str):
        return _text(value) or None
    if isinstance(value, list | tuple):
        return tuple(comparable(v) for v in value)
    if isinstance(value, Mapping):
        return tuple(sorted((str(k), repr(comparable(v))) for k, v in value.items()))
    return value


def compare(
    *,
    row: int,
    code: str,
    target: str,
    before: Mapping[str, Any] | None,
    after: Mapping[str, Any],
    file_name: str = "",
    stored_name: str = "",
) -> RowDiff:
    """One row's effect on one object. ``before`` None: the object does not exist yet (new). ``after``: its
    state once the row is applied, values as shown (texts the app has translated, numbers printed here the
    Vietnamese way). The fields compared are ``after``'s (a field the row does not set keeps
    its stored value and is not listed)."""
    if before is None:
        return RowDiff(row, code, target, RowKind.NEW, (), file_name, stored_name)
    changes = tuple(
        FieldChange(field, _show(before.get(field)), _show(value))
        for field, value in after.items()
        if comparable(before.get(field)) != comparable(value)
    )
    kind = RowKind.CHANGED if changes else RowKind.UNCHANGED
    return RowDiff(row, code, target, kind, changes, file_name, stored_name)


def _show(value: Any) -> str:
    if value is None or value == "" or value == [] or value == ():
        return "—"
    if isinstance(value, list | tuple):
        return "; ".join(_show(v) for v in value)
    if isinstance(value, int | float | Decimal) and not isinstance(value, bool):
        return format_number(Decimal(str(value)), 2, strip_zeros=True)
    return str(value)


def tally(diffs: Iterable[RowDiff]) -> dict[str, int]:
    """How many rows are new, changed, unchanged, and how many carry a name conflict."""
    counts = {kind.value: 0 for kind in RowKind}
    conflicts = 0
    for diff in diffs:
        counts[diff.kind.value] += 1
        conflicts += diff.name_conflict
    counts["name_conflicts"] = conflicts
    return counts


def digest(*parts: Any) -> str:
    """A short fingerprint of what a preview was computed from (e.g. the stored state of every object the
    file touches and the file's token): equal iff nothing changed in between."""
    payload = json.dumps(parts, ensure_ascii=False, sort_keys=True, default=str)
    return hashlib.sha256(payload.encode("utf-8")).hexdigest()[:32]
