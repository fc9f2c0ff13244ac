"""Staffing quotas (biên chế được giao) against actual headcount, and the reduction targets (tinh giản
biên chế) of ../shared/standards.md §15, as configurable data (``data/staffing_targets.toml``).

Plain Python: the quota table's rows are read here (every row a quota or a rejected row with its
reasons — nothing dropped), the reduction of a phase is computed here; the app stores and scopes.
"""

from __future__ import annotations

import tomllib
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from functools import cache
from importlib import resources
from pathlib import Path
from typing import Any

from cchc.domain.i18n import gettext_noop
from cchc.domain.procedures.tables import RejectedRow, TableError, raw_row, read_table
from cchc.domain.text import fold

KINDS: dict[str, str] = {
    "cong_chuc": gettext_noop("Công chức"),
    "vien_chuc": gettext_noop("Viên chức"),
}
_KIND_WORDS = {"cong chuc": "cong_chuc", "cc": "cong_chuc", "vien chuc": "vien_chuc", "vc": "vien_chuc"}

# Column headers accepted (folded) for each field of the quota table.
COLUMNS: dict[str, tuple[str, ...]] = {
    "unit": ("don vi", "ma don vi", "unit"),
    "year": ("nam", "year"),
    "kind": ("loai", "loai bien che", "kind"),
    "assigned": ("bien che duoc giao", "duoc giao", "bien che giao", "assigned"),
    "actual": ("thuc co", "so co mat", "actual", "bien che thuc co"),
    "note": ("ghi chu", "note"),
}
REQUIRED = ("unit", "year", "kind", "assigned")


@dataclass(frozen=True, slots=True)
class Phase:
    key: str
    baseline_year: int
    end_year: int
    percent: dict[str, Decimal]  # kind → minimum reduction, %
    source: str


@dataclass(frozen=True, slots=True)
class Scenario:
    key: str
    year: int
    percent: Decimal
    source: str


@dataclass(frozen=True, slots=True)
class Targets:
    phases: tuple[Phase, ...]
    scenarios: tuple[Scenario, ...]

    def phase_of(self, year: int) -> Phase | None:
        """The phase whose span (baseline year excluded) holds ``year``; the earlier one on an overlap."""
        for p in self.phases:
            if p.baseline_year < year <= p.end_year:
                return p
        return None


def load_targets(text: str | None = None) -> Targets:
    if text is None:
        text = (
            resources.files("cchc.domain.data").joinpath("staffing_targets.toml").read_text(encoding="utf-8")
        )
    data = tomllib.loads(text)
    phases = tuple(
        Phase(
            key=p["key"],
            baseline_year=int(p["baseline_year"]),
            end_year=int(p["end_year"]),
            percent={k: Decimal(str(p[k])) for k in KINDS},
            source=p["source"],
        )
        for p in data.get("phase", [])
    )
    scenarios = tuple(
        Scenario(s["key"], int(s["year"]), Decimal(str(s["percent"])), s["source"])
        for s in data.get("scenario", [])
    )
    return Targets(phases, scenarios)


targets = cache(load_targets)


@dataclass(frozen=True, slots=True)
class Reduction:
    """The reduction of assigned biên chế from ``baseline`` (the phase's baseline year) to ``current``."""

    baseline: int
    current: int
    target_percent: Decimal | None

    @property
    def cut(self) -> int:
        return self.baseline - self.current

    @property
    def percent(self) -> Decimal | None:
        if not self.baseline:
            return None
        return (Decimal(100) * self.cut / self.baseline).quantize(Decimal("0.1"), ROUND_HALF_UP)

    @property
    def needed(self) -> int | None:
        """Biên chế still to cut to reach the target (0 when reached; None without a target)."""
        if self.target_percent is None:
            return None
        goal = (Decimal(self.baseline) * self.target_percent / 100).to_integral_value(ROUND_HALF_UP)
        return max(int(goal) - self.cut, 0)

    @property
    def reached(self) -> bool | None:
        return None if self.needed is None else self.needed == 0


def reduction(baseline: int, current: int, target_percent: Decimal | None) -> Reduction:
    return Reduction(baseline, current, target_percent)


@dataclass(frozen=True, slots=True)
class QuotaRow:
    row_number: int
    unit: str
    year: int
    kind: str
    assigned: int
    actual: int | None
    note: str
    raw: dict[str, str]


@dataclass(frozen=True, slots=True)
class Parsed:
    headers: list[str]
    records: list[QuotaRow]
    rejected: list[RejectedRow]


def _count(text: str, label: str, reasons: list[str], *, required: bool) -> int | None:
    t = text.strip().replace(".", "").replace(" ", "")
    if t.endswith(",0"):
        t = t[:-2]
    if not t:
        if required:
            reasons.append(f"Thiếu {label}.")
        return None
    if not t.isdigit():
        reasons.append(f"{label.capitalize()} “{text.strip()}” không phải số nguyên không âm.")
        return None
    return int(t)


def parse_rows(headers: Sequence[str], rows: Iterable[tuple[int, Sequence[Any]]]) -> Parsed:
    """Quotas and rejected rows of a table whose first row is ``headers``."""
    index: dict[str, int] = {}
    for i, h in enumerate(headers):
        for field, names in COLUMNS.items():
            if fold(str(h)) in names and field not in index:
                index[field] = i
    missing = [f for f in REQUIRED if f not in index]
    if missing:
        raise TableError(
            "Bảng biên chế thiếu cột: "
            + ", ".join(COLUMNS[f][0] for f in missing)
            + " (cần: đơn vị, năm, loại, biên chế được giao; tùy chọn: thực có, ghi chú)."
        )
    out = Parsed(list(map(str, headers)), [], [])
    for number, cells in rows:
        raw = raw_row(out.headers, cells)

        def cell(name: str, raw: dict[str, str] = raw) -> str:
            return raw[out.headers[index[name]]] if name in index else ""

        reasons: list[str] = []
        unit = cell("unit").strip()
        if not unit:
            reasons.append("Thiếu đơn vị.")
        year = _count(cell("year"), "năm", reasons, required=True)
        if year is not None and not 2000 <= year <= 2100:
            reasons.append(f"Năm {year} ngoài khoảng 2000–2100.")
        kind = _KIND_WORDS.get(fold(cell("kind")))
        if kind is None:
            reasons.append(f"Loại biên chế “{cell('kind').strip()}” không hợp lệ (công chức hoặc viên chức).")
        assigned = _count(cell("assigned"), "biên chế được giao", reasons, required=True)
        actual = _count(cell("actual"), "số thực có", reasons, required=False)
        if reasons or year is None or kind is None or assigned is None:
            out.rejected.append(RejectedRow(number, raw, tuple(reasons)))
            continue
        out.records.append(QuotaRow(number, unit, year, kind, assigned, actual, cell("note").strip(), raw))
    return out


def parse(path: str | Path) -> Parsed:
    """Read a quota table (XLSX or CSV) through the safe readers; :class:`TableError` on a bad file."""
    headers, rows = read_table(path)
    if not headers:
        raise TableError("Tệp không có dòng tiêu đề.")
    return parse_rows(headers, rows)
