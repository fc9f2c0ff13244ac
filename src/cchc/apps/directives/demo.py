"""Demo: công văn 1036/SVHTTDL-VP already confirmed into tasks, with some progress (idempotent).

Everything goes through the same services people use (import, assign, report, approve), so the audit
trail and notifications of the demo look like real use. Deadlines are set relative to today so that the
demo always shows tasks done on time, tasks in progress and one overdue task.
"""

from __future__ import annotations

from datetime import date, timedelta
from importlib import resources

from django.utils import timezone

from cchc.apps.core.demo import demo_loader
from cchc.apps.org.models import Unit, User

from . import services
from .extraction import read_and_extract
from .forms import parse_targets
from .models import Directive, Recurrence
from .services import DirectiveInput, TaskInput

SEED_NAME = "cv-1036-svhttdl-vp-2026-laichau-cchc.txt"
SEED_NUMBER = "1036/SVHTTDL-VP"
PREFIX = "LC-SVHTTDL-"


def seed_bytes() -> bytes:
    return resources.files("cchc.demo_data").joinpath(SEED_NAME).read_bytes()


def _plan(today) -> dict[str, tuple[list[str], int | None]]:
    """Item number → (responsible unit suffixes, deadline in days from today or None for "thường xuyên")."""
    return {
        "1": (["QLVH", "QLDL"], 20),
        "2": (["QLVH"], None),
        "2.1": (["QLVH", "QLDL", "QLTDTT"], 45),
        "2.2": (["QLVH"], 60),
        "2.3": (["QLDL"], 75),
        "3": (["QLDL"], -20),  # the overdue one
        "4": (["VP"], 90),
        "5": (["VP"], 30),
        "6": (["KHTC"], 40),
        "7": (["VP"], None),  # becomes the quarterly report below
    }


@demo_loader(30, "directives")
def load() -> list[str]:
    if Directive.objects.filter(number=SEED_NUMBER).exists():
        return [f"Văn bản chỉ đạo {SEED_NUMBER}: đã có."]
    users = {
        u.username: u
        for u in User.objects.filter(
            username__in=["vanphong", "truongphong.vh", "chuyenvien.vh", "truongphong.dl", "chuyenvien.dl"]
        )
    }
    if len(users) < 5:
        return ["Bỏ qua dữ liệu mẫu chỉ đạo: chưa có tài khoản mẫu."]
    units = {u.code.removeprefix(PREFIX): u for u in Unit.objects.filter(code__startswith=PREFIX)}
    today = timezone.localdate()
    text, parsed = read_and_extract(data=seed_bytes(), name=SEED_NAME, units=list(units.values()))
    plan = _plan(today)
    tasks = []
    for t in parsed["tasks"]:
        suffixes, days = plan.get(t["number"], (["VP"], None))
        deadline = today + timedelta(days=days) if days is not None else None
        targets = "\n".join(
            f"{g['comparator']} {g['value']} {g['unit']} ; {g['metric']}" for g in t["targets"]
        )
        tasks.append(
            TaskInput(
                summary=t["summary"],
                number=t["number"],
                text=t.get("summary", ""),
                units=[units[s] for s in suffixes],
                coordinating=[units["VP"]] if t.get("coordinating_units") else [],
                deadline=deadline,
                targets=parse_targets(targets),
                span=tuple(t["span"]) if t.get("span") else None,
            )
        )
    tasks.append(
        TaskInput(
            summary="Báo cáo định kỳ kết quả thực hiện công tác CCHC hằng quý",
            number="8",
            units=[units["VP"]],
            deadline_text="trước ngày 15 của tháng cuối quý",
            recurrence=Recurrence.QUARTERLY,
            recurrence_day=15,
        )
    )
    directive = services.directive_create(
        user=users["vanphong"],
        directive=DirectiveInput(
            subject=parsed["subject"] or "",
            unit=units["VP"],
            doc_type=parsed["doc_type"] or "",
            number=parsed["doc_number"] or "",
            issued_on=date.fromisoformat(parsed["signed_date"]) if parsed.get("signed_date") else None,
            issuer=parsed["issuer"] or "",
            signer=parsed["signer"] or "",
            cited_numbers=parsed["cited_documents"],
        ),
        tasks=tasks,
        source_name=SEED_NAME,
        source_bytes=seed_bytes(),
        source_text=text,
        parsed=parsed,
    )
    from .reminders import recurring_instances_create

    recurring_instances_create(today=today)
    _progress(directive, users, units, today)
    _corrections(directive, users, units, today)
    return [
        f"Văn bản chỉ đạo {SEED_NUMBER}: {directive.tasks.count()} nhiệm vụ (có nhiệm vụ đã hoàn thành, đang làm, quá hạn)."
    ]


def _progress(directive: Directive, users: dict[str, User], units: dict[str, Unit], today) -> None:
    def task(number: str, suffix: str):
        return directive.tasks.get(number=number, unit=units[suffix], parent__isnull=True)

    for number, head, officer, percent in [
        ("1", "truongphong.vh", "chuyenvien.vh", 100),
        ("2.1", "truongphong.vh", "chuyenvien.vh", 100),
        ("3", "truongphong.dl", "chuyenvien.dl", 60),
        ("2.1", "truongphong.dl", "chuyenvien.dl", 40),
        ("2.2", "truongphong.vh", "chuyenvien.vh", 30),  # so each officer has open work to report on
    ]:
        unit = users[head].unit
        assert unit is not None
        t = task(number, unit.code.removeprefix(PREFIX))
        services.task_assign(user=users[head], task_id=t.pk, assignee_id=users[officer].pk)
        services.task_report_progress(
            user=users[officer],
            task_id=t.pk,
            percent=percent,
            text=f"Đã thực hiện {percent}% khối lượng công việc.",
        )
        if percent == 100:
            services.task_approve(user=users[head], task_id=t.pk, approve=True)
    done = task("2.1", "QLVH")
    for target in done.targets.all():
        services.target_record_measurement(
            target_id=target.pk, value=32, measured_on=today, source="Báo cáo Phòng QLVHGĐ"
        )
    _target_trends(directive, today)


def _target_trends(directive: Directive, today) -> None:
    """Two measured values two months apart on two open targets, so the demo shows a target on track and
    one at risk with its projection at the deadline (docs/directives.md, "Đánh giá chỉ tiêu")."""
    from datetime import timedelta
    from decimal import Decimal

    from .models import Target, TaskStatus

    open_targets = (
        Target.objects.filter(task__directive=directive, task__due_on__gt=today, comparator__in=(">=", ">"))
        .exclude(task__status=TaskStatus.DONE)
        .filter(measured_value__isnull=True, value__gt=0)
        .order_by("task__due_on", "id")
    )
    for target, (before, now) in zip(open_targets, [("0.3", "0.8"), ("0.3", "0.35")], strict=False):
        for share, day in ((before, today - timedelta(days=60)), (now, today)):
            services.target_record_measurement(
                target_id=target.pk,
                value=(target.value * Decimal(share)).quantize(Decimal("0.01")),
                measured_on=day,
                source="Báo cáo tiến độ",
            )


def _corrections(directive: Directive, users: dict[str, User], units: dict[str, Unit], today) -> None:
    """Corrections after confirming, as the office makes them: item 2.1 is not a matter for the Phòng Quản
    lý TDTT (cancelled, with the reason), item 6 goes to the Văn phòng instead of Phòng Kế hoạch - Tài chính,
    and item 5 gets two more weeks. The task pages show them in their history."""
    coordinator = users["vanphong"]
    tdtt = directive.tasks.filter(number="2.1", unit=units["QLTDTT"], parent__isnull=True).first()
    if tdtt is not None:
        services.task_cancel(
            user=coordinator,
            task_id=tdtt.pk,
            reason="Lĩnh vực thể dục, thể thao không có thủ tục thuộc phạm vi rà soát đợt này",
        )
    item6 = directive.tasks.filter(number="6", unit=units["KHTC"], parent__isnull=True).first()
    if item6 is not None:
        services.task_change_units(
            user=coordinator, task_id=item6.pk, unit=units["VP"], coordinating=[units["KHTC"]]
        )
    item5 = directive.tasks.filter(number="5", unit=units["VP"], parent__isnull=True).first()
    if item5 is not None and item5.deadline is not None:
        services.task_change_deadline(
            user=coordinator, task_id=item5.pk, deadline=item5.deadline + timedelta(days=14)
        )
