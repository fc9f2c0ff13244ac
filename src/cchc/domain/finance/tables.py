"""Reading the finance registers from a table (CSV / XLSX): autonomy, public assets, budget disclosures.

The header spellings are data (``data/finance_profiles.toml``); the file is read by the one table reader
(:func:`cchc.domain.procedures.tables.read_table`, through the safe readers of :mod:`cchc.domain.files`).
Every data row ends up either as a record (a dict of checked values) or as a :class:`RejectedRow` with its row
number, its cells as printed and the Vietnamese reasons — nothing is dropped. Codes (group, kind, status,
handling form, progress, duty, period, form) are accepted as the code or as the label of the data files.
Nothing is written: the app decides.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from importlib import resources
from pathlib import Path
from typing import Any

from cchc.domain.procedures.tables import (
    HeaderProfile,
    ParseResult,
    RejectedRow,
    TableError,
    date_of,
    detect_profile,
    load_profiles,
    map_headers,
    number_of,
    raw_row,
    read_table,
    text_of,
)
from cchc.domain.text import fold

from . import assets, autonomy, disclosure

__all__ = ["KINDS", "ParseResult", "RejectedRow", "Row", "TableError", "parse", "parse_rows"]

PROFILES: tuple[HeaderProfile, ...] = load_profiles(
    resources.files("cchc.domain.data").joinpath("finance_profiles.toml").read_text(encoding="utf-8")
)
KINDS = tuple(p.kind for p in PROFILES)  # "autonomy", "asset", "disclosure"
_YES = {"co", "x", "1", "true", "yes", "dung"}
_NO = {"khong", "0", "false", "no", "sai", ""}


@dataclass(frozen=True, slots=True)
class Row:
    row_number: int
    values: dict[str, Any]
    raw: dict[str, str] = field(default_factory=dict, compare=False)  # the row as printed


def _code(text: str, choices: dict[str, str], label: str, reasons: list[str]) -> str:
    """The code of ``text`` among ``choices`` (code → label), compared folded; '' when empty."""
    if not text:
        return ""
    key = fold(text)
    for code, name in choices.items():
        if key in (fold(code), fold(name)):
            return code
    reasons.append(f"{label} không hợp lệ: “{text}” (chọn: {'; '.join(choices.values())})")
    return ""


def _group(text: str, label: str, reasons: list[str], *, required: bool) -> int | None:
    if not text:
        if required:
            reasons.append(f"Thiếu {label}")
        return None
    digits = "".join(ch for ch in text if ch.isdigit())
    if len(digits) == 1 and digits in "1234":
        return int(digits)
    reasons.append(f"{label[0].upper()}{label[1:]} không hợp lệ: “{text}” (1, 2, 3 hoặc 4)")
    return None


def _year(cells: Sequence[Any], index: dict[str, int], reasons: list[str]) -> int | None:
    text = text_of(cells, index, "year")
    if text.isdecimal() and 2000 <= int(text) <= 2100:
        return int(text)
    reasons.append(f"Năm không hợp lệ: “{text}”" if text else "Thiếu năm")
    return None


def _autonomy(cells: Sequence[Any], index: dict[str, int], reasons: list[str]) -> dict[str, Any]:
    unit = text_of(cells, index, "unit")
    if not unit:
        reasons.append("Thiếu đơn vị")
    investment_text = fold(text_of(cells, index, "investment"))
    if investment_text not in _YES | _NO:
        reasons.append(
            f"Cột tự bảo đảm chi đầu tư không hợp lệ: “{text_of(cells, index, 'investment')}” (Có/Không)"
        )
    values: dict[str, Any] = {
        "unit": unit,
        "year": _year(cells, index, reasons),
        "group": _group(text_of(cells, index, "group"), "nhóm tự chủ", reasons, required=True),
        "decision_number": text_of(cells, index, "decision_number"),
        "decision_date": date_of(cells, index, "decision_date", "Ngày quyết định", reasons),
        "plan_period": text_of(cells, index, "plan_period"),
        "revenue": number_of(cells, index, "revenue", "nguồn thu sự nghiệp", reasons, required=False),
        "spending": number_of(cells, index, "spending", "chi thường xuyên", reasons, required=False),
        "share": number_of(cells, index, "share", "mức tự bảo đảm chi thường xuyên", reasons, required=False),
        "investment": investment_text in _YES,
        "target_group": _group(
            text_of(cells, index, "target_group"), "nhóm mục tiêu", reasons, required=False
        ),
        "note": text_of(cells, index, "note"),
    }
    share = values["share"]
    if share is None:
        share = autonomy.estimated_share(values["revenue"], values["spending"])
    if values["group"] is not None and share is not None:
        problem = autonomy.check(values["group"], share, self_finances_investment=values["investment"])
        if problem:
            reasons.append(problem)
    return values


def _asset(cells: Sequence[Any], index: dict[str, int], reasons: list[str]) -> dict[str, Any]:
    rules = assets.load_rules()
    values: dict[str, Any] = {}
    for name, label in (("unit", "đơn vị"), ("code", "mã tài sản"), ("name", "tên tài sản")):
        values[name] = text_of(cells, index, name)
        if not values[name]:
            reasons.append(f"Thiếu {label}")
    kind_text = text_of(cells, index, "kind")
    values["kind"] = _code(kind_text, rules.kinds, "Loại tài sản", reasons)
    if not kind_text:
        reasons.append("Thiếu loại tài sản")
    values["value"] = number_of(cells, index, "value", "nguyên giá", reasons)
    values["book_value"] = number_of(cells, index, "book_value", "giá trị còn lại", reasons, required=False)
    values["status"] = (
        _code(text_of(cells, index, "status"), rules.statuses, "Hiện trạng", reasons) or "dang_dung"
    )
    values["idle_since"] = date_of(cells, index, "idle_since", "Ngày không sử dụng", reasons)
    values["handling_form"] = _code(
        text_of(cells, index, "handling_form"), rules.handling, "Hình thức xử lý", reasons
    )
    values["handling_decision"] = text_of(cells, index, "handling_decision")
    values["decided_on"] = date_of(cells, index, "decided_on", "Ngày quyết định xử lý", reasons)
    values["handover_on"] = date_of(cells, index, "handover_on", "Ngày bàn giao tạm", reasons)
    values["progress"] = (
        _code(text_of(cells, index, "progress"), rules.progress, "Tiến độ xử lý", reasons) or "chua_xu_ly"
    )
    values["handled_on"] = date_of(cells, index, "handled_on", "Ngày xử lý xong", reasons)
    values["note"] = text_of(cells, index, "note")
    if values["progress"] == "da_xu_ly" and not values["handling_form"]:
        reasons.append("Đã xử lý xong nhưng chưa ghi hình thức xử lý")
    if (
        values["book_value"] is not None
        and values["value"] is not None
        and values["book_value"] > values["value"]
    ):
        reasons.append("Giá trị còn lại lớn hơn nguyên giá")
    return values


def _disclosure(cells: Sequence[Any], index: dict[str, int], reasons: list[str]) -> dict[str, Any]:
    rules = disclosure.load_rules()
    unit = text_of(cells, index, "unit")
    if not unit:
        reasons.append("Thiếu đơn vị")
    duty = _code(
        text_of(cells, index, "duty"), {c: d.label for c, d in rules.duties.items()}, "Nghĩa vụ", reasons
    )
    period = _code(
        text_of(cells, index, "period"),
        {c: lbl for c, (lbl, _m) in disclosure.PERIODS.items()},
        "Kỳ",
        reasons,
    )
    if duty and rules.duties[duty].trigger is disclosure.Trigger.PERIOD_END and not period:
        reasons.append("Nghĩa vụ công khai theo kỳ cần cột kỳ (Q1, H1, Q3…)")
    published = date_of(cells, index, "published_on", "Ngày công khai", reasons)
    form = _code(
        text_of(cells, index, "form"), {c: f.label for c, f in rules.forms.items()}, "Hình thức", reasons
    )
    link, proof = text_of(cells, index, "link"), text_of(cells, index, "proof_document")
    if published is not None and not form:
        reasons.append("Có ngày công khai nhưng thiếu hình thức công khai")
    if published is not None and not (link or proof):
        reasons.append("Có ngày công khai nhưng thiếu minh chứng (đường dẫn hoặc số, ký hiệu văn bản)")
    if link and not link.lower().startswith(("http://", "https://")):
        reasons.append(f"Đường dẫn không hợp lệ: “{link}” (cần bắt đầu bằng https://)")
    return {
        "unit": unit, "year": _year(cells, index, reasons), "duty": duty,
        "period": period if duty and rules.duties[duty].trigger is disclosure.Trigger.PERIOD_END else "",
        "event_date": date_of(cells, index, "event_date", "Ngày phát sinh", reasons), "published_on": published,
        "form": form, "link": link, "proof_document": proof,
    }  # fmt: skip


_READERS = {"autonomy": _autonomy, "asset": _asset, "disclosure": _disclosure}
_KEYS = {
    "autonomy": ("unit", "year"),
    "asset": ("unit", "code"),
    "disclosure": ("unit", "year", "duty", "period"),
}


def parse_rows(headers: Sequence[str], rows: Sequence[tuple[int, Sequence[Any]]], profile: HeaderProfile) -> ParseResult:  # fmt: skip
    """Records and rejected rows of ``rows`` read with ``profile``; a key seen twice rejects the later row
    (except repeated dự toán disclosures, each an adjustment)."""
    index, unmapped = map_headers(headers, profile)
    result: ParseResult = ParseResult(profile=profile.name, kind=profile.kind, unmapped_headers=unmapped)
    if unmapped:
        result.warnings.append("Các cột không dùng: " + ", ".join(unmapped))
    seen: dict[tuple[str, ...], int] = {}
    for number, cells in rows:
        reasons: list[str] = []
        values = _READERS[profile.kind](cells, index, reasons)
        key = tuple(fold(str(values.get(k) or "")) for k in _KEYS[profile.kind])
        repeats = profile.kind == "disclosure" and values.get("duty") == "du_toan"
        if not reasons and key in seen and not repeats:
            reasons.append(f"Trùng với dòng {seen[key]}")
        if reasons:
            result.rejected.append(RejectedRow(number, raw_row(headers, cells), tuple(reasons)))
            continue
        seen[key] = number
        result.records.append(Row(number, values, raw_row(headers, cells)))
    return result


def parse(path: str | Path, kind: str) -> ParseResult:
    """Read one register's table (``kind`` = "autonomy", "asset" or "disclosure")."""
    if kind not in KINDS:
        raise TableError(f"Không có sổ “{kind}”.")
    headers, rows = read_table(path)
    profile = detect_profile(headers, [p for p in PROFILES if p.kind == kind])
    return parse_rows(headers, rows, profile)


def amount(value: Decimal | None) -> Decimal:
    return value if value is not None else Decimal(0)
