"""`cchc finance disclosures [--year Y] [--unit CODE] [--date dd/mm/yyyy] [--json]`: the budget-disclosure
register (TT 61/2017/TT-BTC Điều 6) with each duty's due date and status, and the on-time share. Stable
output: the JSON keys below do not change."""

from __future__ import annotations

import argparse
import json

from . import CommandError, django_setup


def register(sub: argparse._SubParsersAction) -> None:
    finance = sub.add_parser("finance", help="Tài chính công: công khai ngân sách")
    fsub = finance.add_subparsers(dest="finance_command", metavar="LỆNH")
    disc = fsub.add_parser("disclosures", help="Sổ công khai ngân sách: hạn, trạng thái, tỷ lệ đúng hạn")
    disc.add_argument("--year", type=int, help="năm ngân sách, mặc định năm nay")
    disc.add_argument("--unit", help="mã đơn vị (cả đơn vị cấp dưới); mặc định mọi đơn vị")
    disc.add_argument("--date", help="tính trạng thái tại ngày (dd/mm/yyyy), mặc định hôm nay")
    disc.add_argument("--json", action="store_true", help="in JSON")
    disc.set_defaults(handler=_disclosures)
    finance.set_defaults(handler=lambda args: finance.print_help() or 0)


def _disclosures(args: argparse.Namespace) -> int:
    django_setup()
    from django.utils import timezone

    from cchc.apps.finance.selectors import unit_rows
    from cchc.apps.org.models import Unit
    from cchc.domain.dates import parse_vn_date
    from cchc.domain.finance.disclosure import on_time_share

    today = timezone.localdate()
    if args.date:
        day = parse_vn_date(args.date)
        if day is None:
            raise CommandError(f"Ngày không hợp lệ: {args.date} (nhập dd/mm/yyyy)")
        today = day
    year = args.year or today.year
    unit = None
    if args.unit:
        unit = Unit.objects.filter(code=args.unit).first()
        if unit is None:
            raise CommandError(f"Không có đơn vị mã “{args.unit}”.")
    rows = unit_rows(unit=unit, year=year, today=today)
    ok, judged, value = on_time_share(r.status for r in rows)
    items = [
        {
            "unit": r.disclosure.unit.code,
            "duty": r.disclosure.duty,
            "period": r.disclosure.period,
            "sequence": r.disclosure.sequence,
            "event_date": r.disclosure.event_date.isoformat() if r.disclosure.event_date else None,
            "due_date": r.disclosure.due_date.isoformat() if r.disclosure.due_date else None,
            "published_on": r.disclosure.published_on.isoformat() if r.disclosure.published_on else None,
            "form": r.disclosure.form,
            "link": r.disclosure.link,
            "status": r.status.value,
        }
        for r in rows
    ]
    if args.json:
        print(json.dumps({
            "year": year, "date": today.isoformat(), "on_time": ok, "judged": judged,
            "share": str(value) if value is not None else None, "disclosures": items,
        }, ensure_ascii=False, indent=2))  # fmt: skip
        return 0
    for r in rows:
        due = f"{r.disclosure.due_date:%d/%m/%Y}" if r.disclosure.due_date else "—"
        print(f"{r.disclosure.unit.code}\t{r.label} {r.period_label}\t{due}\t{r.status_label}")
    print(f"Đúng hạn: {ok}/{judged}" + (f" ({value} %)" if value is not None else ""))
    return 0
