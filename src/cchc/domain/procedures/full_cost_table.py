"""Full-form SCM table: one row per action of one procedure, before or after simplification.

Columns (Vietnamese or snake_case headers, see docs/procedures.md): ma_tthc, ten_tthc, phuong_an
("trước"/"sau"), cong_viec, loai_cong_viec, so_gio, so_lan, chi_phi_thue_ngoai, chi_phi_di_lai,
phi_le_phi, chi_phi_khac, so_lan_thuc_hien_per_nam, so_doi_tuong_per_nam. Per-procedure values (fees,
executions, subjects) are read from the first row of each phase that states them; a conflicting
value on a later row is an error of that row, because silently picking one would change the cost.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import Any

from cchc.domain.numbers import parse_money
from cchc.domain.procedures.catalogue import fold
from cchc.domain.procedures.codes import CodeError, normalize_code
from cchc.domain.procedures.costs import Action, ActionKind, FullCostInput
from cchc.domain.procedures.tables import (
    FULL_COST,
    ParseResult,
    RejectedRow,
    TableError,
    map_headers,
    number_of,
    raw_row,
    read_table,
    text_of,
)

__all__ = ["FullCostCase", "parse_full_cost"]

_PHASES = {"truoc": "before", "before": "before", "hien tai": "before", "sau": "after", "after": "after"}
_PER_PROCEDURE = ("fees", "other_costs", "executions_per_year", "subjects_per_year")


@dataclass(frozen=True, slots=True)
class FullCostCase:
    code: str
    name: str
    before: FullCostInput
    after: FullCostInput
    row_numbers: tuple[int, ...] = ()


@dataclass(slots=True)
class _Phase:
    actions: list[Action] = field(default_factory=list)
    values: dict[str, Decimal] = field(default_factory=dict)
    rows: list[int] = field(default_factory=list)


def _kind(text: str) -> ActionKind:
    folded = fold(text)
    for kind in ActionKind:
        if folded and folded == fold(kind.value):
            return kind
    return ActionKind.OTHER if folded else ActionKind.PREPARATION


def _num(cells: Sequence[Any], index: dict[str, int], name: str, reasons: list[str]) -> Decimal | None:
    return number_of(cells, index, name, f"giá trị ở cột {name}", reasons, required=False)


def parse_full_cost(path: str | Path) -> ParseResult[FullCostCase]:
    """Parse a full-form SCM table into one :class:`FullCostCase` per procedure. A procedure without
    both a "trước" and a "sau" phase is rejected (write one "sau" row with 0 hours for an abolition)."""
    headers, rows = read_table(path)
    index, unmapped = map_headers(headers, FULL_COST)
    missing = [n for n in FULL_COST.required if n not in index]
    if missing:
        raise TableError(f"Bảng thiếu cột bắt buộc: {', '.join(missing)} (cấu trúc {FULL_COST.name})")
    result: ParseResult[FullCostCase] = ParseResult(FULL_COST.name, FULL_COST.kind, unmapped_headers=unmapped)
    groups: dict[str, dict[str, _Phase]] = {}
    names: dict[str, str] = {}
    raws: dict[int, dict[str, str]] = {}
    for number, cells in rows:
        reasons: list[str] = []
        raws[number] = raw_row(headers, cells)
        code = ""
        try:
            code = normalize_code(text_of(cells, index, "code"))
        except CodeError as exc:
            reasons.append(str(exc))
        phase = _PHASES.get(fold(text_of(cells, index, "phase")))
        if phase is None:
            reasons.append(f"Phương án phải là 'trước' hoặc 'sau': '{text_of(cells, index, 'phase')}'")
        action = text_of(cells, index, "action")
        if not action:
            reasons.append("Thiếu tên công việc")
        hours = _num(cells, index, "hours", reasons)
        count = _num(cells, index, "count", reasons)
        outsourcing = _num(cells, index, "outsourcing_cost", reasons)
        travel = _num(cells, index, "travel_cost", reasons)
        per_procedure = {n: _num(cells, index, n, reasons) for n in _PER_PROCEDURE}
        target = groups.setdefault(code, {}).setdefault(phase or "", _Phase()) if code and phase else None
        if target is not None:
            for name, value in per_procedure.items():
                if value is None:
                    continue
                if name in target.values and target.values[name] != value:
                    reasons.append(f"Giá trị {name} khác với dòng trước của cùng phương án")
                target.values.setdefault(name, value)
        if reasons or target is None:
            result.rejected.append(RejectedRow(number, raws[number], tuple(reasons)))
            continue
        names.setdefault(code, " ".join(text_of(cells, index, "name").split()))
        target.rows.append(number)
        target.actions.append(
            Action(
                name=action,
                hours=hours or Decimal(0),
                count=count if count is not None else Decimal(1),
                outsourcing_cost=parse_money(outsourcing or 0),
                travel_cost=parse_money(travel or 0),
                kind=_kind(text_of(cells, index, "action_kind")),
            )
        )
    for code, phases in groups.items():
        has = {p for p, group in phases.items() if group.rows}
        if has != {"before", "after"}:
            lacking = "sau" if "before" in has else "trước"
            for group in phases.values():
                for number in group.rows:
                    reason = f"Mã {code}: thiếu phương án '{lacking}' đơn giản hóa"
                    result.rejected.append(RejectedRow(number, raws[number], (reason,)))
            continue
        before, after = (_input(phases[p]) for p in ("before", "after"))
        rows_used = tuple(sorted(phases["before"].rows + phases["after"].rows))
        result.records.append(FullCostCase(code, names.get(code, ""), before, after, rows_used))
    result.rejected.sort(key=lambda r: r.row_number)
    return result


def _input(phase: _Phase) -> FullCostInput:
    v = phase.values
    return FullCostInput(
        actions=tuple(phase.actions),
        fees=parse_money(v.get("fees", 0)),
        other_costs=parse_money(v.get("other_costs", 0)),
        executions_per_year=v.get("executions_per_year", Decimal(1)),
        subjects_per_year=v.get("subjects_per_year", Decimal(1)),
    )
