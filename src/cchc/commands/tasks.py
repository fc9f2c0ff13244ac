"""`cchc tasks remind` (periodic scan: enqueue reminders and escalations) and `cchc tasks recur`.

Both only enqueue or create idempotently, so running them from cron several times a day is harmless;
the worker (`cchc worker`) sends what was enqueued.
"""

from __future__ import annotations

import argparse

from . import CommandError, django_setup


def register(sub: argparse._SubParsersAction) -> None:
    tasks = sub.add_parser("tasks", help="Nhiệm vụ: nhắc hạn, cảnh báo quá hạn, tạo nhiệm vụ định kỳ")
    tsub = tasks.add_subparsers(dest="tasks_command", metavar="LỆNH")
    remind = tsub.add_parser(
        "remind", help="Quét nhiệm vụ sắp đến hạn/quá hạn và đưa việc gửi nhắc vào hàng đợi"
    )
    remind.add_argument("--date", help="ngày quét (dd/mm/yyyy), mặc định hôm nay")
    remind.add_argument("--now", action="store_true", help="gửi ngay trong tiến trình này thay vì chờ worker")
    remind.set_defaults(handler=_remind)
    recur = tsub.add_parser("recur", help="Tạo nhiệm vụ của kỳ hiện tại cho các nhiệm vụ định kỳ")
    recur.add_argument("--date", help="ngày (dd/mm/yyyy), mặc định hôm nay")
    recur.set_defaults(handler=_recur)
    tasks.set_defaults(handler=lambda args: tasks.print_help() or 0)


def _day(raw: str | None):
    from django.utils import timezone

    from cchc.domain.dates import parse_vn_date

    if not raw:
        return timezone.localdate()
    day = parse_vn_date(raw)
    if day is None:
        raise CommandError(f"Ngày không hợp lệ: {raw} (nhập dd/mm/yyyy)")
    return day


def _remind(args: argparse.Namespace) -> int:
    django_setup()
    from cchc.apps.core.jobs import acting_as
    from cchc.apps.directives import jobs, reminders

    today = _day(args.date)
    if args.now:
        with acting_as():  # the audit trail names the system, as when the worker sends them
            sent = sum(
                reminders.reminder_send(task_id=d.task_id, kind=d.kind, day=today)
                for d in reminders.reminders_due(today=today)
            )
        print(f"Đã gửi {sent} nhắc việc/cảnh báo ({today:%d/%m/%Y}).")
        return 0
    n = jobs.enqueue_due(today=today)
    print(f"Đã đưa {n} nhắc việc/cảnh báo vào hàng đợi ({today:%d/%m/%Y}); `cchc worker` sẽ gửi.")
    return 0


def _recur(args: argparse.Namespace) -> int:
    django_setup()
    from cchc.apps.core.jobs import acting_as
    from cchc.apps.directives import reminders

    today = _day(args.date)
    with acting_as():  # the new tasks' audit entries name the system, as when the worker creates them
        created = reminders.recurring_instances_create(today=today)
    print(f"Đã tạo {len(created)} nhiệm vụ định kỳ ({today:%d/%m/%Y}).")
    return 0
