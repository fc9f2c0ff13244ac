"""`cchc institutions reviews` — the legal-document review rounds (rà soát, hệ thống hóa VBQPPL, NĐ 79/2025):
due date and state, documents reviewed, the four Điều 51 lists and the open proposals."""

from __future__ import annotations

import argparse
import json
from typing import Any

from . import django_setup, unit_option


def register(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    parser = sub.add_parser("institutions", help="Thể chế: rà soát, hệ thống hóa văn bản quy phạm pháp luật")
    isub = parser.add_subparsers(dest="institutions_command", metavar="LỆNH")
    reviews = isub.add_parser("reviews", help="Các đợt rà soát, hệ thống hóa: hạn, tình trạng, kết quả")
    reviews.add_argument("--unit", help="mã hoặc tên viết tắt của đơn vị (mặc định: toàn bộ)")
    reviews.add_argument("--json", action="store_true", help="in JSON")
    reviews.set_defaults(handler=_reviews)
    parser.set_defaults(handler=lambda args: parser.print_help() or 0)


def _iso(d: Any) -> str | None:
    return d.isoformat() if d else None


def _reviews(args: argparse.Namespace) -> int:
    django_setup()
    from django.utils import timezone

    from cchc.apps.institutions.selectors import review_rows
    from cchc.domain.institutions.review import STATUS_LABELS
    from cchc.domain.numbers import format_percent

    rows = review_rows(unit_option(args.unit), timezone.localdate())
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
        }
        for r in rows
    ]
    if args.json:
        print(json.dumps({"rounds": data}, ensure_ascii=False, indent=2))
        return 0
    for r in rows:
        share = format_percent(r.share) if r.share is not None else "chưa có văn bản"
        due = r.round.due_on.strftime("%d/%m/%Y") if r.round.due_on else "không hạn"
        print(
            f"{r.round.title[:60]:60} hạn {due:10} {STATUS_LABELS[r.status]:18} "
            f"{r.reviewed:>4}/{r.total:<4} {share:>9}  đề nghị chưa xong {r.proposals_open}"
        )
    return 0
