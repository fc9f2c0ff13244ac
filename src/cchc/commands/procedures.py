"""``cchc procedures cost|parse``: compliance cost and dry-run catalogue parsing, no database.

``import`` needs the database: it sets Django up inside its handler, so
``cost`` and ``parse`` stay free of Django.
"""

from __future__ import annotations

import argparse
import json
from dataclasses import replace
from decimal import Decimal
from pathlib import Path
from typing import TYPE_CHECKING, Any

from cchc.commands import CommandError, unit_option
from cchc.domain.numbers import format_number, format_percent, format_vnd

if TYPE_CHECKING:  # the procedures' domain is imported by the handlers: every `cchc` command loads this file
    from cchc.domain.procedures.costs import HourlyIncome
    from cchc.domain.procedures.plans import SimplificationPlan


def register(subparsers: Any) -> None:
    parser = subparsers.add_parser("procedures", help="Thủ tục hành chính: chi phí tuân thủ, đọc danh mục")
    sub = parser.add_subparsers(dest="procedures_command", metavar="LỆNH")
    parser.set_defaults(handler=lambda _args: parser.print_help() or 0)

    cost = sub.add_parser("cost", help="Chi phí tuân thủ (SCM, TT 02/2017) trước/sau đơn giản hóa")
    cost.add_argument("file", metavar="TỆP", help="CSV/XLSX: bảng phương án (rút gọn) hoặc SCM đầy đủ")
    cost.add_argument("--json", action="store_true", help="in kết quả dạng JSON")
    cost.add_argument("--hourly-income", type=int, metavar="N", help="thu nhập đồng/giờ (mặc định 40.000)")
    cost.set_defaults(handler=cost_command)

    parse = sub.add_parser("parse", help="Đọc thử bảng danh mục TTHC: dòng hợp lệ và dòng lỗi")
    parse.add_argument("file", metavar="TỆP")
    parse.add_argument("--json", action="store_true", help="in kết quả dạng JSON")
    parse.set_defaults(handler=parse_command)

    imp = sub.add_parser("import", help="Nhập bảng danh mục / phương án / biểu phí vào cơ sở dữ liệu")
    imp.add_argument("file", metavar="TỆP", help="CSV/XLSX")
    imp.add_argument("--valid-only", action="store_true", help="chỉ nhập dòng hợp lệ, giữ dòng lỗi để sửa")
    imp.add_argument(
        "--changes", choices=["apply", "new-only"], default=None,
        help="dòng thay đổi thủ tục, phương án đã có: cập nhật (apply) hay chỉ thêm dòng mới (new-only); "
        "không ghi: bảng có dòng thay đổi bị từ chối",
    )  # fmt: skip
    imp.add_argument(
        "--confirm-renames", action="store_true",
        help="nhập cả dòng có mã trùng thủ tục đã có nhưng tên khác (mặc định: bỏ qua và ghi cảnh báo)",
    )  # fmt: skip
    imp.add_argument(
        "--unit", metavar="MÃ", help="mã hoặc tên viết tắt đơn vị chủ trì (mặc định: đơn vị gốc)"
    )
    imp.add_argument(
        "--decision", metavar="SỐ/KÝ HIỆU", default="", help='quyết định công bố, ví dụ "2031/QĐ-UBND"'
    )
    imp.add_argument("--decision-date", metavar="dd/mm/yyyy", default="", help="ngày ký quyết định")
    imp.add_argument("--year", type=int, help="năm phương án (bảng chi phí)")
    imp.set_defaults(handler=import_command)


def _plans(path: Path, hourly_income: int | None) -> tuple[list[SimplificationPlan], list[Any], HourlyIncome]:
    from cchc.domain.procedures.costs import DONG_NAI_2024
    from cchc.domain.procedures.full_cost_table import parse_full_cost
    from cchc.domain.procedures.importers import parse_cost_cases
    from cchc.domain.procedures.plans import plan_from_cost_case, plan_from_full_cost
    from cchc.domain.procedures.tables import COST_CASES, FULL_COST, TableError, detect_profile, read_table

    if hourly_income is not None and hourly_income <= 0:
        raise CommandError("--hourly-income phải là số dương (đồng/giờ)")
    income = (
        replace(DONG_NAI_2024, amount=hourly_income, source="tham số --hourly-income", cited_by="")
        if hourly_income is not None
        else DONG_NAI_2024
    )
    try:
        headers, _ = read_table(path)
        profile = detect_profile(headers, (FULL_COST, COST_CASES))
    except TableError as exc:
        raise CommandError(str(exc)) from exc
    if profile is FULL_COST:
        full = parse_full_cost(path)
        return [plan_from_full_cost(c, income) for c in full.records], full.rejected, income
    result = parse_cost_cases(path, income)
    cases = result.records
    if hourly_income is not None:
        # The option wins over the income printed in the table: that is what the user asked to see.
        cases = [replace(c, income=income) for c in cases]
    return [plan_from_cost_case(c) for c in cases], result.rejected, income


def _num(value: Decimal | None) -> int | float | None:
    if value is None:
        return None
    return int(value) if value == value.to_integral_value() else float(value)


def cost_command(args: argparse.Namespace) -> int:
    from cchc.domain.procedures.plans import evaluate_plan, plan_summary

    plans, rejected, income = _plans(Path(args.file), args.hourly_income)
    results = [evaluate_plan(p) for p in plans]
    summary = plan_summary(plans)
    if args.json:
        payload = {
            "hourly_income": {"amount": income.amount, "source": income.source, "year": income.year},
            "procedures": [
                {
                    "code": r.plan.code,
                    "name": r.plan.name,
                    "time_before": _num(r.time.before),
                    "time_after": _num(r.time.after),
                    "time_percent": _num(r.time.percent),
                    "cost_before": _num(r.cost.before),
                    "cost_after": _num(r.cost.after),
                    "saving": _num(r.cost.saving),
                    "percent": _num(r.cost.percent),
                }
                for r in results
            ],
            "total": {
                "cost_before": _num(summary.cost.before),
                "cost_after": _num(summary.cost.after),
                "saving": _num(summary.cost.saving),
                "percent": _num(summary.cost.percent),
            },
            "rejected": [{"row": r.row_number, "reasons": list(r.reasons)} for r in rejected],
        }
        print(json.dumps(payload, ensure_ascii=False, indent=2))
        return 1 if rejected else 0
    print(f"Thu nhập bình quân: {format_vnd(income.amount)} đồng/giờ ({income.source})")
    header = ("Mã TTHC", "Thời hạn (ngày LV)", "CP trước (đ/năm)", "CP sau (đ/năm)", "Tiết kiệm", "Tỷ lệ")
    lines: list[tuple[str, ...]] = [header]
    for r in results:
        time = ""
        if r.time.before is not None and r.time.after is not None:
            time = f"{format_number(r.time.before, 2, strip_zeros=True)} → {format_number(r.time.after, 2, strip_zeros=True)}"  # fmt: skip
        money = [
            format_vnd(int(v)) if v is not None else "" for v in (r.cost.before, r.cost.after, r.cost.saving)
        ]
        lines.append((r.plan.code, time, *money, format_percent(r.cost.percent)))
    total = [format_vnd(int(v)) if v is not None else "" for v in (summary.cost.before, summary.cost.after, summary.cost.saving)]  # fmt: skip
    lines.append(("Tổng cộng", "", *total, format_percent(summary.cost.percent)))
    widths = [max(len(row[i]) for row in lines) for i in range(len(header))]
    for n, row in enumerate(lines):
        cells = [row[0].ljust(widths[0]), row[1].ljust(widths[1])]
        cells += [c.rjust(w) for c, w in zip(row[2:], widths[2:], strict=True)]
        print("  ".join(cells))
        if n == 0 or n == len(lines) - 2:
            print("  ".join("-" * w for w in widths))
    for r in rejected:
        print(f"Dòng {r.row_number} bị loại: {'; '.join(r.reasons)}")
    return 1 if rejected else 0


def parse_command(args: argparse.Namespace) -> int:
    from cchc.domain.procedures.importers import parse_table
    from cchc.domain.procedures.tables import TableError

    try:
        result = parse_table(Path(args.file))
    except TableError as exc:
        raise CommandError(str(exc)) from exc
    if args.json:
        payload = {
            "profile": result.profile,
            "kind": result.kind,
            "valid": len(result.records),
            "rejected": [
                {"row": r.row_number, "raw": r.raw, "reasons": list(r.reasons)} for r in result.rejected
            ],
            "warnings": result.warnings,
            "unmapped_headers": result.unmapped_headers,
            "records": [_record_json(r) for r in result.records],
        }
        print(json.dumps(payload, ensure_ascii=False, indent=2))
        return 0 if result.ok else 1
    print(f"Cấu trúc: {result.profile} — {len(result.records)} dòng hợp lệ, {len(result.rejected)} dòng lỗi")
    for record in result.records:
        summary = _record_json(record)
        where = f"dòng {summary['row']}: " if summary.get("row") else "- "
        print(f"  {where}{summary.get('code', '')} {summary.get('name', '')}".rstrip())
    for rejected in result.rejected:
        print(f"  LỖI dòng {rejected.row_number}: {'; '.join(rejected.reasons)}")
    for warning in result.warnings:
        print(f"  Cảnh báo: {warning}")
    if result.unmapped_headers:
        print(f"  Cột không dùng: {', '.join(result.unmapped_headers)}")
    return 0 if result.ok else 1


def _record_json(record: Any) -> dict[str, Any]:
    procedure = getattr(record, "procedure", None)
    if procedure is not None:
        limit = procedure.time_limit
        return {
            "row": record.row_number,
            "code": procedure.code,
            "name": procedure.name,
            "field": procedure.field,
            "levels": [level.value for level in procedure.levels],
            "time_limit": None
            if limit is None
            else {"value": _num(limit.value), "unit": limit.unit.value, "condition": limit.condition},
            "online_level": procedure.online_level.value if procedure.online_level else None,
            "change": record.change.value if record.change else None,
        }
    if hasattr(record, "kind") and hasattr(record, "amount"):  # fee rule
        return {
            "name": record.description,
            "code": ",".join(record.procedure_codes),
            "kind": record.kind.value,
            "amount": record.amount,
            "cap": record.cap,
            "label": record.label(),
        }
    return {"row": getattr(record, "row_number", None), "code": record.code, "name": record.name}


def _date(text: str) -> Any:
    from datetime import datetime

    try:
        return datetime.strptime(text.strip(), "%d/%m/%Y").date()
    except ValueError as exc:
        raise CommandError(f"Ngày không hợp lệ: '{text}' (dd/mm/yyyy)") from exc


def import_command(args: argparse.Namespace) -> int:
    from cchc.commands import django_setup

    django_setup()
    from django.core.exceptions import ValidationError

    from cchc.apps.org.models import Unit
    from cchc.apps.procedures import imports

    path = Path(args.file)
    if not path.is_file():
        raise CommandError(f"Không tìm thấy tệp: {path}")
    if args.decision and not args.decision_date:
        raise CommandError("--decision cần kèm --decision-date dd/mm/yyyy")
    unit = unit_option(args.unit) or Unit.objects.filter(parent=None).order_by("path").first()
    if unit is None:
        raise CommandError("Chưa có đơn vị nào: hãy tạo cơ cấu tổ chức trước (cchc demo hoặc trang Tổ chức)")
    try:
        batch = imports.import_file(
            path, user=None, unit=unit, valid_only=args.valid_only, decision_number=args.decision,
            changes=args.changes.replace("-", "_") if args.changes else None, confirm_conflicts=args.confirm_renames,
            decision_date=_date(args.decision_date) if args.decision_date else None, year=args.year,
        )  # fmt: skip
    except imports.ImportRefused as exc:
        analysis = imports.analyse(path, user=None, unit=unit)
        for row in analysis.rejected:
            print(f"  LỖI dòng {row.row_number}: {'; '.join(row.reasons)}")
        print(" ".join(exc.messages))
        return 1
    except ValidationError as exc:
        raise CommandError(" ".join(exc.messages)) from exc
    rejected = list(batch.rejected_rows.all())
    print(
        f"Đã nhập {batch.imported_count} dòng ({batch.get_kind_display()}) vào {unit.name}; lần nhập #{batch.pk}"
    )
    counts = batch.summary.get("counts", {})
    print(
        f"  Mới: {counts.get('new', 0)}, thay đổi: {counts.get('changed', 0)}, không đổi: {counts.get('unchanged', 0)}"
    )
    for kept in rejected:
        print(f"  Giữ lại dòng {kept.row_number}: {'; '.join(kept.reasons)}")
    for warning in batch.warnings:
        print(f"  Cảnh báo: {warning}")
    return 1 if rejected else 0
