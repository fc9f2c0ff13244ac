"""`cchc sources list` (every measured source and its figure) and `cchc sources sync-targets` (the one sync
that records the linked sources' figures as directive targets' measured values; it replaced
`cchc procedures sync-targets` and `cchc indicators sync-targets`)."""

from __future__ import annotations

import argparse
import json
from decimal import Decimal
from typing import Any

from . import CommandError, django_setup, unit_option


def register(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    parser = sub.add_parser(
        "sources", help="Nguồn số liệu đo được: giá trị, kỳ, truy vấn; cập nhật chỉ tiêu nhiệm vụ"
    )
    ssub = parser.add_subparsers(dest="sources_command", metavar="LỆNH")
    show = ssub.add_parser("list", help="Liệt kê các nguồn số liệu và giá trị của chúng")
    show.add_argument("--unit", help="mã hoặc tên viết tắt của đơn vị (mặc định: toàn bộ)")
    show.add_argument(
        "--period", help="2026, 2026-Q1, 2026-03 hoặc 2026-01-01..2026-03-31 (mặc định: năm nay)"
    )
    show.add_argument(
        "--source", default="", help="chỉ các nguồn có mã bắt đầu bằng chuỗi này (vd. index766.)"
    )
    show.add_argument("--json", action="store_true", help="in JSON")
    show.set_defaults(handler=_list)
    sync = ssub.add_parser(
        "sync-targets", help="Ghi giá trị các nguồn số liệu vào các chỉ tiêu nhiệm vụ đã liên kết"
    )
    sync.add_argument("--year", type=int, help="năm tính cho liên kết không ghi kỳ (mặc định: năm nay)")
    sync.add_argument(
        "--source", default="", help="chỉ các nguồn có mã bắt đầu bằng chuỗi này (vd. procedures.)"
    )
    sync.set_defaults(handler=_sync)
    parser.set_defaults(handler=lambda args: parser.print_help() or 0)


def _number(value: Any, unit: str = "%") -> str:
    """A figure the Vietnamese way: "33,33%", "12 hồ sơ"; "chưa có dữ liệu" when there is none."""
    from cchc.domain.numbers import format_number, format_percent

    if value is None:
        return "chưa có dữ liệu"
    return format_percent(value) if unit == "%" else f"{format_number(value, 2, strip_zeros=True)} {unit}"


def _list(args: argparse.Namespace) -> int:
    django_setup()
    from django.utils import timezone

    from cchc.apps.core.measures import measure, sources
    from cchc.domain.errors import UserError

    unit = unit_option(args.unit)
    period = args.period or str(timezone.localdate().year)
    rows = []
    try:
        for source in sources():
            if not source.key.startswith(args.source):
                continue
            m = measure(source.key, unit, period)
            rows.append(
                {
                    "key": source.key,
                    "label": source.label,
                    "unit": m.unit,
                    "value": None if m.value is None else float(m.value),
                    "period": m.period,
                    "numerator": m.numerator,
                    "denominator": m.denominator,
                    "detail_url": m.detail_url,
                    "query_id": m.query_id,
                }
            )
    except UserError as exc:
        raise CommandError(str(exc)) from exc
    if args.json:
        print(json.dumps(rows, ensure_ascii=False, indent=2))
        return 0
    for r in rows:
        value = _number(None if r["value"] is None else Decimal(str(r["value"])), str(r["unit"] or ""))
        print(f"{r['key']:32} {value}  ({r['label']}, {r['period']}) — {r['query_id']}")
    return 0


def _sync(args: argparse.Namespace) -> int:
    django_setup()
    from cchc.apps.directives.services import sync_targets
    from cchc.apps.dossiers.storage import StoreBusy

    try:
        results = sync_targets(year=args.year, prefix=args.source)
    except StoreBusy as exc:
        raise CommandError(str(exc)) from exc
    if not results:
        print("Chưa có chỉ tiêu nhiệm vụ nào được liên kết với nguồn số liệu.")
    for r in results:
        where = r.link.unit or "toàn bộ"
        value = "không đo được" if r.measurement is None else _number(r.measurement.value, r.measurement.unit)
        print(f"{r.link.source} {where} → chỉ tiêu {r.link.target_id}: {value}")
    updated = sum(1 for r in results if r.measurement is not None and r.measurement.value is not None)
    print(f"Đã cập nhật {updated} chỉ tiêu.")
    return 0
