"""`cchc finance disclosures [--year Y] [--unit CODE] [--date dd/mm/yyyy] [--json]`: the budget-disclosure
register (TT 61/2017/TT-BTC Điều 6) with each duty's due date, status and proof, and the on-time share. Stable
output: the JSON keys below do not change (keys are only ever added).

`cchc finance remind [--date dd/mm/yyyy] [--now]`: the periodic scan of the finance reminders (disclosures
due soon, public-asset reports): enqueues one job per reminder for `cchc worker`; run it from cron like
`cchc tasks remind` (running it twice a day sends nothing twice)."""

from __future__ import annotations

import argparse
import json

from . import CommandError, django_setup, unit_option


def register(sub: argparse._SubParsersAction) -> None:
    finance = sub.add_parser("finance", help="Tài chính công: công khai ngân sách")
    fsub = finance.add_subparsers(dest="finance_command", metavar="LỆNH")
    disc = fsub.add_parser("disclosures", help="Sổ công khai ngân sách: hạn, trạng thái, tỷ lệ đúng hạn")
    disc.add_argument("--year", type=int, help="năm ngân sách, mặc định năm nay")
    disc.add_argument("--unit", help="mã đơn vị (cả đơn vị cấp dưới); mặc định mọi đơn vị")
    disc.add_argument("--date", help="tính trạng thái tại ngày (dd/mm/yyyy), mặc định hôm nay")
    disc.add_argument("--json", action="store_true", help="in JSON")
    disc.set_defaults(handler=_disclosures)
    remind = fsub.add_parser(
        "remind", help="Quét hạn công khai ngân sách, báo cáo tài sản công và đưa việc nhắc vào hàng đợi"
    )
    remind.add_argument("--date", help="ngày quét (dd/mm/yyyy), mặc định hôm nay")
    remind.add_argument("--now", action="store_true", help="gửi ngay trong tiến trình này thay vì chờ worker")
    remind.set_defaults(handler=_remind)
    finance.set_defaults(handler=lambda args: finance.print_help() or 0)


def _disclosures(args: argparse.Namespace) -> int:
    django_setup()
    from django.utils import timezone

    from cchc.apps.finance.selectors import unit_rows
    from cchc.domain.finance.disclosure import JUDGED, Status, on_time_share

    today = _day(args.date) or timezone.localdate()
    year = args.year or today.year
    unit = unit_option(args.unit)
    rows = unit_rows(unit=unit, year=year, today=today)
    ok, judged, value = on_time_share(r.status for r in rows)
    late = [r for r in rows if r.status in JUDGED and r.status is not Status.ON_TIME]
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
            "unit_name": r.disclosure.unit.name,
            "label": f"{r.label} {r.period_label}".strip(),
            "proof_document": r.disclosure.proof_document,
            "issued_document": r.disclosure.issued_document_id,
            "proof_file": bool(r.disclosure.proof_file),
        }
        for r in rows
    ]
    if args.json:
        print(json.dumps({
            "year": year, "date": today.isoformat(), "on_time": ok, "judged": judged,
            "share": str(value) if value is not None else None, "late_or_missing": len(late), "disclosures": items,
        }, ensure_ascii=False, indent=2))  # fmt: skip
        return 0
    for r in rows:
        due = f"{r.disclosure.due_date:%d/%m/%Y}" if r.disclosure.due_date else "—"
        print(f"{r.disclosure.unit.code}\t{r.label} {r.period_label}\t{due}\t{r.status_label}")
    print(f"Đúng hạn: {ok}/{judged}" + (f" ({value} %)" if value is not None else ""))
    return 0


def _day(raw: str | None):
    from cchc.domain.dates import parse_vn_date

    if not raw:
        return None
    day = parse_vn_date(raw)
    if day is None:
        raise CommandError(f"Ngày không hợp lệ: {raw} (nhập dd/mm/yyyy)")
    return day


def _remind(args: argparse.Namespace) -> int:
    django_setup()
    from django.utils import timezone

    from cchc.apps.core.jobs import acting_as
    from cchc.apps.finance import jobs, reminders

    today = _day(args.date) or timezone.localdate()
    if args.now:
        with acting_as():
            sent = sum(
                reminders.reminder_send(key=d.key, day=today) for d in reminders.reminders_due(today=today)
            )
        print(f"Đã gửi {sent} nhắc hạn tài chính công ({today:%d/%m/%Y}).")
        return 0
    n = jobs.enqueue_due(today=today)
    print(f"Đã đưa {n} nhắc hạn tài chính công vào hàng đợi ({today:%d/%m/%Y}); `cchc worker` sẽ gửi.")
    return 0
