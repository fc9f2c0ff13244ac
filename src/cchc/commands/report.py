"""`cchc report quarterly|half-year|annual --period P [--unit CODE] --out FILE [--save]`: the periodic CCHC
report (standards §8 windows) of a unit written to FILE — .docx (NĐ 30/2020 layout), .pdf (LibreOffice) or
.xlsx (annex: every figure with its reference). ``--save`` also keeps it as a draft in the browser. Stable:
the subcommands, options and the last printed line ("Đã ghi FILE: N số liệu.") do not change."""

from __future__ import annotations

import argparse
from pathlib import Path

from . import CommandError, django_setup, unit_option

KINDS = {
    "quarterly": ("quarter", "2026-Q1", "quý"),
    "half-year": ("half_year", "2026-H1", "6 tháng"),
    "annual": ("year", "2026", "năm"),
}


def register(sub: argparse._SubParsersAction) -> None:
    report = sub.add_parser("report", help="Báo cáo CCHC định kỳ: quý, 6 tháng, năm (DOCX, PDF, XLSX)")
    rsub = report.add_subparsers(dest="report_command", metavar="LOẠI")
    for name, (_kind, example, label) in KINDS.items():
        p = rsub.add_parser(name, help=f"báo cáo {label} (kỳ dạng {example})")
        p.add_argument("--period", required=True, help=f"kỳ báo cáo, ví dụ {example}")
        p.add_argument(
            "--unit", help="mã hoặc tên viết tắt đơn vị (cả đơn vị cấp dưới); mặc định cơ quan gốc"
        )
        p.add_argument("--out", required=True, help="tệp ghi ra: .docx, .pdf hoặc .xlsx")
        p.add_argument(
            "--save", action="store_true", help="lưu thêm một dự thảo báo cáo để sửa trên trình duyệt"
        )
        p.set_defaults(handler=_report, report_kind=name)
    report.set_defaults(handler=lambda args: report.print_help() or 0)


def _report(args: argparse.Namespace) -> int:
    out = Path(args.out)
    fmt = out.suffix.lower().lstrip(".")
    if fmt not in ("docx", "pdf", "xlsx"):
        raise CommandError(f"Tệp ghi ra “{out.name}” phải có đuôi .docx, .pdf hoặc .xlsx.")
    kind, example, label = KINDS[args.report_kind]
    from cchc.domain.reports.periods import BadReportPeriod, report_period

    try:
        period = report_period(args.period)
    except BadReportPeriod as exc:
        raise CommandError(str(exc)) from None
    if period.kind.value != kind:
        raise CommandError(
            f"Kỳ “{period.text}” không phải kỳ báo cáo {label}; dùng dạng {example} "
            f"(hoặc lệnh cchc report {_command_for(period.kind.value)})."
        )
    django_setup()
    from cchc.apps.org.models import Unit
    from cchc.apps.reports import exports, services

    unit = unit_option(args.unit)
    if unit is None:
        roots = list(Unit.objects.filter(parent__isnull=True, is_active=True)[:2])
        if len(roots) != 1:
            raise CommandError("Có nhiều cơ quan gốc hoặc chưa có đơn vị nào: chọn đơn vị bằng --unit MÃ.")
        unit = roots[0]
    if args.save:
        report = services.create_report(user=None, unit=unit, period=period.text)
    else:
        report = services.build_report(unit=unit, period=period.text)
    data = exports.render(report, fmt)
    try:
        out.write_bytes(data)
    except OSError:
        raise CommandError(f"Không ghi được tệp {out}.") from None
    figures = sum(len(s.get("figures", [])) for s in report.figures.values())
    if args.save:
        print(f"Đã lưu dự thảo báo cáo số {report.pk}.")
    print(f"Đã ghi {out}: {figures} số liệu.")
    return 0


def _command_for(kind: str) -> str:
    return next(name for name, (k, _e, _l) in KINDS.items() if k == kind)
