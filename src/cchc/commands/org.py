"""`cchc org history [--json]`: the recorded unit changes (merge, split, rename, move, dissolve) and the
successor map of today's tree; `cchc org apply-due`: apply the changes recorded ahead of their effective date
once it has come (daily, from cron; docs/org-history.md)."""

from __future__ import annotations

import argparse
import json

from . import django_setup


def register(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    parser = sub.add_parser("org", help="Tổ chức: lịch sử thay đổi đơn vị (sáp nhập, chia tách, đổi tên…)")
    osub = parser.add_subparsers(dest="org_command", metavar="LỆNH")
    history = osub.add_parser(
        "history", help="Các thay đổi đơn vị và đơn vị nhận lịch sử của từng đơn vị cũ trên cây hiện nay"
    )
    history.add_argument("--json", action="store_true", help="in JSON")
    history.set_defaults(handler=_history)
    due = osub.add_parser(
        "apply-due",
        help="Áp dụng vào cây tổ chức các thay đổi ghi trước ngày có hiệu lực khi ngày đó đã đến (chạy hằng ngày)",
    )
    due.set_defaults(handler=_apply_due)
    parser.set_defaults(handler=lambda args: parser.print_help() or 0)


def _history(args: argparse.Namespace) -> int:
    django_setup()
    from cchc.apps.org.selectors import history_json

    data = history_json()
    if args.json:
        print(json.dumps(data, ensure_ascii=False, indent=2))
        return 0
    for c in data["changes"]:
        before = ", ".join(c["sources"])
        after = ", ".join(c["targets"]) or c["new_name"] or c["new_parent"] or "—"
        print(f"{c['effective_on']}  {c['kind']:9} {c['decision_number']:20} {before} → {after}")
    for old, new in data["history_owner"].items():
        print(f"lịch sử {old} → {new}")
    return 0


def _apply_due(args: argparse.Namespace) -> int:
    django_setup()
    from cchc.apps.org.services import apply_due

    applied = apply_due()
    for c in applied:
        print(
            f"Đã áp dụng {c.get_kind_display().lower()} theo quyết định {c.decision_number} (hiệu lực {c.effective_on:%d/%m/%Y})."
        )
    if not applied:
        print("Không có thay đổi nào đến ngày hiệu lực.")
    return 0
