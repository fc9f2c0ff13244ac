"""`cchc people training` (share of staff trained in digital skills per unit against the year's target) and
`cchc people evaluation --period P` (each person's score and rating of a month or quarter, per unit)."""

from __future__ import annotations

import argparse
import json
from decimal import Decimal

from . import CommandError, django_setup, unit_option


def register(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    parser = sub.add_parser("people", help="Cán bộ: bồi dưỡng kỹ năng số, đánh giá theo NĐ 335/2025")
    psub = parser.add_subparsers(dest="people_command", metavar="LỆNH")
    training = psub.add_parser(
        "training", help="Tỷ lệ cán bộ được bồi dưỡng kỹ năng số theo đơn vị so với chỉ tiêu"
    )
    training.add_argument(
        "--year", type=int, help="năm (mặc định: năm nay; chỉ tiêu 80 %% năm 2025, 100 %% từ 2026)"
    )
    training.add_argument("--unit", help="mã hoặc tên viết tắt của đơn vị (mặc định: toàn bộ)")
    training.add_argument("--json", action="store_true", help="in JSON")
    training.set_defaults(handler=_training)
    evaluation = psub.add_parser("evaluation", help="Điểm và xếp loại của từng người trong một kỳ")
    evaluation.add_argument("--period", required=True, help="2026-Q1 (quý) hoặc 2026-03 (tháng)")
    evaluation.add_argument("--unit", help="mã hoặc tên viết tắt của đơn vị (mặc định: toàn bộ)")
    evaluation.add_argument("--json", action="store_true", help="in JSON")
    evaluation.set_defaults(handler=_evaluation)
    parser.set_defaults(handler=lambda args: parser.print_help() or 0)


def _float(value: Decimal | None) -> float | None:
    return None if value is None else float(value)


def _training(args: argparse.Namespace) -> int:
    django_setup()
    from django.utils import timezone

    from cchc.apps.people.selectors import training_rows
    from cchc.domain.numbers import format_percent

    today = timezone.localdate()
    year = args.year or today.year
    rows = training_rows(unit=unit_option(args.unit), year=year, on=today if year == today.year else None)
    data = [
        {
            "unit": r.unit.code if r.unit else None,
            "unit_name": r.unit.name if r.unit else "Tổng cộng",
            "staff": r.share.staff,
            "trained": r.share.trained,
            "share": _float(r.share.value),
            "target": _float(r.share.target),
            "gap": r.share.gap,
            "reached": r.share.reached,
        }
        for r in rows
    ]
    if args.json:
        print(json.dumps({"year": year, "units": data}, ensure_ascii=False, indent=2))
        return 0
    for d, r in zip(data, rows, strict=True):
        share = format_percent(r.share.value) if r.share.value is not None else "chưa có dữ liệu"
        print(f"{d['unit_name']:50} {d['trained']:>4}/{d['staff']:<4} {share:>9}  còn thiếu {d['gap']} người")
    return 0


def _evaluation(args: argparse.Namespace) -> int:
    django_setup()
    from cchc.apps.people.selectors import period_rows_all, rollup
    from cchc.domain.errors import UserError
    from cchc.domain.people import evaluation as ev

    period = args.period.strip().upper()
    try:
        ev.period_kind(period)
    except UserError as exc:
        raise CommandError(str(exc)) from exc
    rows = period_rows_all(unit=unit_option(args.unit), period=period)
    people = [
        {
            "code": r.staff.code,
            "full_name": r.staff.full_name,
            "unit": r.staff.unit.code,
            "status": r.evaluation.status if r.evaluation else "",
            "general": _float(r.evaluation.general) if r.evaluation else None,
            "results": _float(r.evaluation.results) if r.evaluation else None,
            "total": _float(r.evaluation.total) if r.evaluation else None,
            "rating": r.evaluation.rating if r.evaluation else "",
            "final_rating": r.evaluation.final_rating if r.evaluation else "",
        }
        for r in rows
    ]
    units = [
        {"unit": u.unit.code, "unit_name": u.unit.name, "staff": u.staff, "evaluated": u.evaluated,
         "approved": u.approved, "mean": _float(u.mean), "ratings": u.counts}
        for u in rollup(rows)
    ]  # fmt: skip
    if args.json:
        print(json.dumps({"period": period, "people": people, "units": units}, ensure_ascii=False, indent=2))
        return 0
    for p in people:
        total = "—" if p["total"] is None else f"{p['total']:.2f}".replace(".", ",")
        rating = str(p["final_rating"] or p["rating"])
        label = ev.RATING_SHORT[ev.Rating(rating)] if rating else "chưa xếp loại"
        print(f"{p['code']:10} {p['full_name']:32} {p['unit']:18} {total:>7}  {label}")
    return 0
