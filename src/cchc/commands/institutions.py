"""`cchc institutions reviews` — the legal-document review rounds (rà soát, hệ thống hóa VBQPPL, NĐ 79/2025):
due date and state, documents reviewed, the four Điều 51 lists and the proposals; `cchc institutions remind`
— the periodic scan that enqueues the reminders of rounds due soon or overdue (the worker sends them)."""

from __future__ import annotations

import argparse
import json
from typing import Any

from . import django_setup, unit_option
from .tasks import _day


def register(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    parser = sub.add_parser("institutions", help="Thể chế: rà soát, hệ thống hóa văn bản quy phạm pháp luật")
    isub = parser.add_subparsers(dest="institutions_command", metavar="LỆNH")
    reviews = isub.add_parser("reviews", help="Các đợt rà soát, hệ thống hóa: hạn, tình trạng, kết quả")
    reviews.add_argument("--unit", help="mã hoặc tên viết tắt của đơn vị (mặc định: toàn bộ)")
    reviews.add_argument("--date", help="tình trạng tại ngày (dd/mm/yyyy), mặc định hôm nay")
    reviews.add_argument("--json", action="store_true", help="in JSON")
    reviews.set_defaults(handler=_reviews)
    remind = isub.add_parser("remind", help="Đưa nhắc hạn các đợt rà soát sắp đến hạn/quá hạn vào hàng đợi")
    remind.add_argument("--date", help="ngày quét (dd/mm/yyyy), mặc định hôm nay")
    remind.add_argument("--now", action="store_true", help="gửi ngay trong tiến trình này thay vì chờ worker")
    remind.set_defaults(handler=_remind)
    parser.set_defaults(handler=lambda args: parser.print_help() or 0)


def _iso(d: Any) -> str | None:
    return d.isoformat() if d else None


def _reviews(args: argparse.Namespace) -> int:
    django_setup()
    from cchc.apps.institutions.selectors import review_rows, round_items
    from cchc.domain.institutions.review import STATUS_LABELS
    from cchc.domain.numbers import format_percent

    today = _day(args.date)
    rows = review_rows(unit_option(args.unit), today)
    data = [
        {
            "id": r.round.pk,
            "unit": r.round.unit.code,
            "title": r.round.title,
            "kind": r.round.kind,
            "cutoff": _iso(r.round.cutoff),
            "trigger_date": _iso(r.round.trigger_date),
            "due_on": _iso(r.round.due_on),
            "done_on": _iso(r.round.done_on),
            "status": str(r.status),
            "documents": r.total,
            "reviewed": r.reviewed,
            "share": None if r.share is None else float(r.share),
            "lists": r.lists,
            "proposals_open": r.proposals_open,
            "proposals": [
                {
                    "symbol": i.document.symbol,
                    "effect": i.effect,
                    "form": i.form,
                    "status": i.proposal_status,
                    "handled_on": _iso(i.handled_on),
                    "task_id": i.task_id,
                }
                for i in round_items(r.round)
                if i.proposal_status
            ],
        }
        for r in rows
    ]
    if args.json:
        print(json.dumps({"date": today.isoformat(), "rounds": data}, ensure_ascii=False, indent=2))
        return 0
    for r in rows:
        share = format_percent(r.share) if r.share is not None else "chưa có văn bản"
        due = r.round.due_on.strftime("%d/%m/%Y") if r.round.due_on else "không hạn"
        print(
            f"{r.round.title[:60]:60} hạn {due:10} {STATUS_LABELS[r.status]:18} "
            f"{r.reviewed:>4}/{r.total:<4} {share:>9}  đề nghị chưa xong {r.proposals_open}"
        )
    return 0


def _remind(args: argparse.Namespace) -> int:
    django_setup()
    from cchc.apps.core.jobs import acting_as
    from cchc.apps.institutions import jobs, reminders

    today = _day(args.date)
    if args.now:
        with acting_as():  # the audit trail names the system, as when the worker sends them
            sent = sum(
                reminders.reminder_send(round_id=d.round_id, kind=d.kind, day=today)
                for d in reminders.reminders_due(today=today)
            )
        print(f"Đã gửi {sent} nhắc hạn rà soát văn bản ({today:%d/%m/%Y}).")
        return 0
    n = jobs.enqueue_due(today=today)
    print(f"Đã đưa {n} nhắc hạn rà soát văn bản vào hàng đợi ({today:%d/%m/%Y}); `cchc worker` sẽ gửi.")
    return 0
