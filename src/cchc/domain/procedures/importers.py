"""Row parsers for the four table shapes: catalogue, simplified cost cases, fee rules, full SCM.

Each returns a :class:`~.tables.ParseResult`: valid records plus rejected rows with their row
number, raw values and Vietnamese reasons. Nothing is written; a Django service decides what to keep.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, replace
from decimal import Decimal
from pathlib import Path
from typing import Any

from cchc.domain.errors import UserError
from cchc.domain.numbers import NumberFormatError, parse_decimal, parse_money, parse_percent
from cchc.domain.procedures.catalogue import (
    ChangeKind,
    Channel,
    Decision,
    OnlineLevel,
    Procedure,
    ProcedureKind,
    ProcedureVersion,
    fold,
    parse_change_kind,
    parse_channels,
    parse_levels,
    parse_online_level,
)
from cchc.domain.procedures.codes import CodeError, find_codes, normalize_code
from cchc.domain.procedures.costs import DONG_NAI_2024, HourlyIncome, SimplifiedCostInput
from cchc.domain.procedures.fees import FeeError, FeeKind, FeeRule, parse_fee_text
from cchc.domain.procedures.tables import (
    CATALOGUE,
    COST_CASES,
    FEE_RULES,
    FULL_COST,
    HeaderProfile,
    ParseResult,
    RejectedRow,
    TableError,
    cell,
    detect_profile,
    map_headers,
    number_of,
    raw_row,
    read_table,
    text_of,
)
from cchc.domain.procedures.time_limits import TimeLimit, TimeLimitError, TimeUnit, parse_time_limit

__all__ = [
    "CatalogueEntry",
    "CostCase",
    "PublishedFigures",
    "entries_to_versions",
    "parse_catalogue",
    "parse_cost_cases",
    "parse_fee_rules",
    "parse_table",
]


@dataclass(frozen=True, slots=True)
class CatalogueEntry:
    row_number: int
    procedure: Procedure
    change: ChangeKind | None  # "nhom" column of a quyết định công bố, when present


@dataclass(frozen=True, slots=True)
class PublishedFigures:
    """Figures as printed in the decision, kept to compare with our recomputation."""

    cost_before: int | None = None
    cost_after: int | None = None
    saving: int | None = None
    percent: Decimal | None = None


@dataclass(frozen=True, slots=True)
class CostCase:
    row_number: int
    code: str
    name: str
    level: str
    field: str
    before: SimplifiedCostInput
    after: SimplifiedCostInput
    income: HourlyIncome
    published: PublishedFigures


def _prepare(path: str | Path, expected: HeaderProfile | None) -> tuple[HeaderProfile, list[str], dict[str, int], list[str], list[tuple[int, list[Any]]]]:  # fmt: skip
    headers, rows = read_table(path)
    profile = expected or detect_profile(headers)
    index, unmapped = map_headers(headers, profile)
    missing = [name for name in profile.required if name not in index]
    if missing:
        raise TableError(f"Bảng thiếu cột bắt buộc: {', '.join(missing)} (cấu trúc {profile.name})")
    return profile, headers, index, unmapped, rows


def _split_legal_basis(text: str) -> tuple[str, ...]:
    # Items are printed as "- Nghị định ... . - Thông tư ..." inside one cell.
    parts = re.split(r"(?:^|(?<=[.;])|\s)-\s+(?=\S)", " ".join(text.split()))
    return tuple(p.strip(" ;") for p in parts if p.strip(" ;"))


def _catalogue_row(cells: Sequence[Any], index: dict[str, int], reasons: list[str], default_unit: str = "") -> tuple[Procedure, ChangeKind | None] | None:  # fmt: skip
    published = text_of(cells, index, "code_as_published")
    code = ""
    raw_code = cell(cells, index, "code")
    try:
        code = normalize_code(raw_code if raw_code not in (None, "") else published)
    except CodeError as exc:
        reasons.append(str(exc))
    if published and code:
        try:
            if normalize_code(published) != code:
                reasons.append(f"Mã TTHC '{raw_code}' không khớp mã đã công bố '{published}'")
        except CodeError as exc:
            reasons.append(f"Mã đã công bố: {exc}")
    name = " ".join(text_of(cells, index, "name").split())
    if not name:
        reasons.append("Thiếu tên thủ tục hành chính")
    time_limit = _time_limit(cells, index, reasons)
    online = None
    try:
        online = parse_online_level(text_of(cells, index, "online_level"))
    except UserError as exc:
        reasons.append(str(exc))
    level_text = text_of(cells, index, "level")
    unit = text_of(cells, index, "responsible_unit") or default_unit
    levels = parse_levels(level_text) if level_text else parse_levels(unit)
    if level_text and not levels:
        reasons.append(f"Cấp thực hiện không hợp lệ: '{level_text}' (cấp tỉnh / cấp xã)")
    fees: tuple[FeeRule, ...] = ()
    fee_text = text_of(cells, index, "fees")
    if fee_text:
        try:
            fees = (parse_fee_text(fee_text),)
        except FeeError as exc:
            reasons.append(str(exc))
    channels = list(parse_channels(text_of(cells, index, "channels")))
    if fold(text_of(cells, index, "post")) in {"co", "x", "1"} and Channel.POST not in channels:
        channels.append(Channel.POST)
    if online in (OnlineLevel.FULL, OnlineLevel.PARTIAL) and Channel.ONLINE not in channels:
        channels.append(Channel.ONLINE)  # an online service level implies the online channel
    change = None
    try:
        change = parse_change_kind(text_of(cells, index, "change"))
    except UserError as exc:
        reasons.append(str(exc))
    internal = fold(text_of(cells, index, "internal")) in {"co", "x", "1", "noi bo"}
    if reasons:
        return None
    procedure = Procedure(
        code=code,
        name=name,
        field=text_of(cells, index, "field"),
        levels=levels,
        responsible_unit=unit,
        time_limit=time_limit,
        fees=fees,
        online_level=online,
        channels=tuple(channels),
        places=" ".join(text_of(cells, index, "places").split()),
        legal_basis=_split_legal_basis(text_of(cells, index, "legal_basis")),
        kind=ProcedureKind.INTERNAL if internal else ProcedureKind.ADMINISTRATIVE,
        code_as_published=published or str(raw_code or ""),
        notes=text_of(cells, index, "notes"),
    )
    return procedure, change


def _time_limit(cells: Sequence[Any], index: dict[str, int], reasons: list[str]) -> TimeLimit | None:
    text = text_of(cells, index, "time_limit")
    days_text = text_of(cells, index, "time_limit_days")
    limit: TimeLimit | None = None
    if text:
        try:
            limit = parse_time_limit(text)
        except TimeLimitError as exc:
            reasons.append(str(exc))
    if days_text:
        try:
            days = parse_decimal(days_text)
        except NumberFormatError:
            reasons.append(f"Số ngày làm việc không hợp lệ: '{days_text}'")
            return limit
        if limit is None and not text:
            limit = TimeLimit(days, TimeUnit.WORKING_DAY, "", days_text)
        elif limit is not None and limit.working_days() != days:
            reasons.append(f"Số ngày làm việc {days_text} không khớp thời hạn ghi bằng chữ '{text}'")
    return limit


def parse_catalogue(path: str | Path, *, default_unit: str = "") -> ParseResult[CatalogueEntry]:
    """Parse a catalogue table (quyết định công bố, danh mục). Duplicate codes are warnings: a
    province may list the same procedure under two authorities. ``default_unit`` is the responsible
    unit when the table has no such column (Cao Bằng QĐ 2031 covers one Sở); levels then derive from it."""
    profile, headers, index, unmapped, rows = _prepare(path, CATALOGUE)
    result: ParseResult[CatalogueEntry] = ParseResult(profile.name, profile.kind, unmapped_headers=unmapped)
    seen: dict[str, int] = {}
    for number, cells in rows:
        reasons: list[str] = []
        parsed = _catalogue_row(cells, index, reasons, default_unit)
        if parsed is None:
            result.rejected.append(RejectedRow(number, raw_row(headers, cells), tuple(reasons)))
            continue
        procedure, change = parsed
        if procedure.code in seen:
            result.warnings.append(
                f"Dòng {number}: mã {procedure.code} trùng với dòng {seen[procedure.code]}"
            )
        seen.setdefault(procedure.code, number)
        result.records.append(CatalogueEntry(number, procedure, change))
    return result


def entries_to_versions(
    entries: Sequence[CatalogueEntry], decision: Decision, default_change: ChangeKind = ChangeKind.LISTED
) -> list[ProcedureVersion]:
    """One :class:`ProcedureVersion` per entry for the decision that published the table."""
    versions = []
    for entry in entries:
        change = entry.change or default_change
        parts: tuple[str, ...] = ()
        note = entry.procedure.notes
        match = re.search(r"nội dung sửa đổi, bổ sung:\s*(.+?)\.?$", note, re.IGNORECASE)
        if match:
            parts = tuple(p.strip() for p in match.group(1).split(";") if p.strip())
        procedure = None if change is ChangeKind.ABOLISHED else entry.procedure
        versions.append(ProcedureVersion(entry.procedure.code, decision, change, procedure, parts, note))
    return versions


def parse_cost_cases(path: str | Path, income: HourlyIncome = DONG_NAI_2024) -> ParseResult[CostCase]:
    """Parse a simplified-form cost table (shape of dongnai_qd2816_2025_cases.csv). The income per
    hour of a row overrides ``income.amount`` (its source stays that of ``income``)."""
    profile, headers, index, unmapped, rows = _prepare(path, COST_CASES)
    result: ParseResult[CostCase] = ParseResult(profile.name, profile.kind, unmapped_headers=unmapped)
    for number, cells in rows:
        reasons: list[str] = []
        code = ""
        try:
            code = normalize_code(cell(cells, index, "code") or "")
        except CodeError as exc:
            reasons.append(str(exc))
        before = number_of(cells, index, "days_before", "thời hạn trước đơn giản hóa", reasons)
        after = number_of(cells, index, "days_after", "thời hạn sau đơn giản hóa", reasons)
        dossiers = number_of(cells, index, "dossiers_per_year", "số hồ sơ/năm", reasons)
        hours = number_of(cells, index, "hours_per_day", "số giờ/ngày", reasons, required=False)
        hourly = number_of(cells, index, "hourly_income", "thu nhập đồng/giờ", reasons, required=False)
        if before is not None and after is not None and after > before:
            reasons.append(f"Thời hạn sau ({after}) lớn hơn thời hạn trước ({before})")
        published = _published(cells, index, reasons)
        if reasons or before is None or after is None or dossiers is None:
            result.rejected.append(RejectedRow(number, raw_row(headers, cells), tuple(reasons)))
            continue
        row_income = replace(income, amount=int(hourly)) if hourly is not None else income
        per_day = hours if hours is not None else Decimal(8)
        result.records.append(
            CostCase(
                row_number=number,
                code=code,
                name=" ".join(text_of(cells, index, "name").split()),
                level=text_of(cells, index, "level"),
                field=text_of(cells, index, "field"),
                before=SimplifiedCostInput(before, dossiers, per_day),
                after=SimplifiedCostInput(after, dossiers, per_day),
                income=row_income,
                published=published,
            )
        )
    return result


def _published(cells: Sequence[Any], index: dict[str, int], reasons: list[str]) -> PublishedFigures:
    values: dict[str, int | None] = {}
    for name in ("cost_before", "cost_after", "saving"):
        text = text_of(cells, index, name)
        try:
            values[name] = parse_money(text) if text else None
        except NumberFormatError:
            reasons.append(f"Số tiền không hợp lệ ở cột {name}: '{text}'")
            values[name] = None
    pct_text = text_of(cells, index, "percent")
    percent = None
    if pct_text:
        try:
            percent = parse_percent(pct_text)
        except NumberFormatError:
            reasons.append(f"Tỷ lệ cắt giảm không hợp lệ: '{pct_text}'")
    return PublishedFigures(values["cost_before"], values["cost_after"], values["saving"], percent)


_KIND_WORDS = (
    ("capped", FeeKind.PER_UNIT_CAPPED),
    ("tran", FeeKind.PER_UNIT_CAPPED),
    ("per", FeeKind.PER_UNIT),
    ("theo", FeeKind.PER_UNIT),
    ("flat", FeeKind.FLAT),
    ("co dinh", FeeKind.FLAT),
    ("free", FeeKind.FREE),
    ("mien", FeeKind.FREE),
)


def parse_fee_rules(path: str | Path, legal_source: str = "") -> ParseResult[FeeRule]:
    """Parse a fee schedule (shape of fees_tt110_2025_karaoke_vu_truong.csv) into fee rules.
    ``legal_source`` ("Thông tư 110/2025/TT-BTC") prefixes the article in the "căn cứ" column."""
    profile, headers, index, unmapped, rows = _prepare(path, FEE_RULES)
    result: ParseResult[FeeRule] = ParseResult(profile.name, profile.kind, unmapped_headers=unmapped)
    for number, cells in rows:
        reasons: list[str] = []
        description = " ".join(text_of(cells, index, "description").split())
        if not description:
            reasons.append("Thiếu nội dung thu phí")
        kind_text = fold(text_of(cells, index, "kind"))
        kind = next((k for word, k in _KIND_WORDS if word in kind_text), None)
        if kind_text and kind is None:
            reasons.append(f"Kiểu tính phí không hợp lệ: '{text_of(cells, index, 'kind')}'")
        amount = cap = None
        try:
            amount = parse_money(text_of(cells, index, "amount"))
        except NumberFormatError:
            reasons.append(f"Mức thu không hợp lệ: '{text_of(cells, index, 'amount')}'")
        cap_text = text_of(cells, index, "cap")
        if cap_text:
            try:
                cap = parse_money(cap_text)
            except NumberFormatError:
                reasons.append(f"Mức trần không hợp lệ: '{cap_text}'")
        unit = re.sub(r"^(?:đồng|đ)\s*/\s*", "", text_of(cells, index, "unit")).strip()
        if kind is None and not reasons:
            kind = FeeKind.PER_UNIT_CAPPED if cap is not None else FeeKind.FLAT
        if kind is FeeKind.PER_UNIT_CAPPED and cap is None and not cap_text:
            reasons.append("Kiểu tính có mức trần nhưng thiếu mức trần")
        if reasons or kind is None or amount is None:
            result.rejected.append(RejectedRow(number, raw_row(headers, cells), tuple(reasons)))
            continue
        basis = text_of(cells, index, "legal_basis")
        result.records.append(
            FeeRule(
                kind=kind,
                amount=amount,
                unit=unit,
                cap=cap if kind is FeeKind.PER_UNIT_CAPPED else None,
                cap_unit=re.sub(r"^(?:đồng|đ)\s*/\s*", "", text_of(cells, index, "cap_unit")).strip(),
                description=description,
                legal_basis=f"{legal_source} {basis}".strip() if legal_source else basis,
                procedure_codes=tuple(find_codes(text_of(cells, index, "codes"))),
            )
        )
    return result


def parse_table(path: str | Path) -> ParseResult[Any]:
    """Detect the shape of the table from its headers and parse it with the matching parser."""
    headers, _ = read_table(path)
    profile = detect_profile(headers)
    if profile is COST_CASES:
        return parse_cost_cases(path)
    if profile is FEE_RULES:
        return parse_fee_rules(path)
    if profile is FULL_COST:
        from cchc.domain.procedures.full_cost_table import parse_full_cost

        return parse_full_cost(path)
    return parse_catalogue(path)
