"""Reminders before the deadline, escalation after it, recurring instances — the services behind the jobs."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.core import mail
from django.db import IntegrityError, transaction

from cchc.apps.directives import jobs, reminders, services
from cchc.apps.directives.models import Notification, Recurrence, ReminderLog, TaskStatus
from cchc.apps.directives.services import DirectiveInput, TaskInput
from cchc.cli import main as cli

DUE = date(2026, 6, 30)  # a Tuesday


@pytest.fixture
def due_task(make_directive, units, cast):
    task = make_directive(deadline=DUE).tasks.get(unit=units["QLVH"])
    services.task_assign(user=cast["truongphong.vh"], task_id=task.pk, assignee_id=cast["chuyenvien.vh"].pk)
    mail.outbox.clear()
    return task


def _kinds(today: date, task) -> set[str]:
    return {d.kind for d in reminders.reminders_due(today=today) if d.task_id == task.pk}


def test_reminders_fall_five_and_one_working_days_before_the_due_date(due_task):
    assert _kinds(date(2026, 6, 23), due_task) == {"remind_5"}  # Tue → 5 working days → Tue 30/06
    assert _kinds(date(2026, 6, 29), due_task) == {"remind_1"}
    assert _kinds(date(2026, 6, 24), due_task) == set()
    assert _kinds(DUE, due_task) == set()


def test_overdue_task_escalates_to_unit_head_then_to_coordinator_and_leader(due_task, cast):
    assert _kinds(date(2026, 7, 1), due_task) == {"overdue_head"}
    assert _kinds(date(2026, 7, 3), due_task) == {"overdue_head", "overdue_leader"}  # 3 working days late
    reminders.reminder_send(task_id=due_task.pk, kind="overdue_head", day=date(2026, 7, 1))
    assert {n.user.username for n in Notification.objects.filter(kind="overdue_head")} == {
        "truongphong.vh",
        "chuyenvien.vh",
    }
    reminders.reminder_send(task_id=due_task.pk, kind="overdue_leader", day=date(2026, 7, 3))
    leaders = {n.user.username for n in Notification.objects.filter(kind="overdue_leader")}
    assert {"giamdoc", "phogiamdoc", "vanphong"} <= leaders and "truongphong.dl" not in leaders


def test_a_reminder_is_sent_once_per_task_kind_and_day(due_task, django_capture_on_commit_callbacks):
    day = date(2026, 6, 23)
    with django_capture_on_commit_callbacks(execute=True):
        assert reminders.reminder_send(task_id=due_task.pk, kind="remind_5", day=day) is True
    with django_capture_on_commit_callbacks(execute=True):
        assert reminders.reminder_send(task_id=due_task.pk, kind="remind_5", day=day) is False
    assert len(mail.outbox) == 1 and mail.outbox[0].to == ["chuyenvien.vh@vhttdl.laichau.example"]
    assert "còn 5 ngày làm việc" in mail.outbox[0].subject
    assert _kinds(day, due_task) == set()  # the scan no longer proposes it
    with pytest.raises(IntegrityError), transaction.atomic():
        ReminderLog.objects.create(task=due_task, kind="remind_5", day=day)


def test_done_tasks_get_no_reminders(due_task):
    type(due_task).objects.filter(pk=due_task.pk).update(status=TaskStatus.DONE)
    assert _kinds(date(2026, 6, 23), due_task) == set()
    assert reminders.reminder_send(task_id=due_task.pk, kind="remind_5", day=date(2026, 6, 23)) is False


def test_scan_enqueues_jobs_in_the_database_queue(due_task):
    from django_tasks_db.models import DBTaskResult

    assert jobs.enqueue_due(today=date(2026, 6, 23)) == 2  # the QLVH and the QLDL task of the directive
    kwargs = [r.args_kwargs["kwargs"] for r in DBTaskResult.objects.all()]
    assert all(r.task_path.endswith("send_task_reminder") for r in DBTaskResult.objects.all())
    assert {"task_id": due_task.pk, "kind": "remind_5", "day": "2026-06-23", "attempt": 1} in kwargs or {
        "task_id": due_task.pk,
        "kind": "remind_5",
        "day": "2026-06-23",
    } in kwargs


def test_cli_remind_now_sends_and_reports(due_task, capsys):
    assert cli(["tasks", "remind", "--date", "23/06/2026", "--now"]) == 0
    assert "Đã gửi 2 nhắc việc" in capsys.readouterr().out
    assert cli(["tasks", "remind", "--date", "31/02/2026"]) == 2


def test_recurring_quarterly_task_gets_one_instance_per_quarter(cast, units):
    directive = services.directive_create(
        user=cast["vanphong"],
        directive=DirectiveInput(subject="V/v báo cáo", unit=units["VP"], issued_on=date(2026, 1, 5)),
        tasks=[
            TaskInput(
                summary="Báo cáo CCHC hằng quý",
                number="1",
                units=[units["VP"]],
                recurrence=Recurrence.QUARTERLY,
                recurrence_day=15,
            )
        ],
    )
    template = directive.tasks.get()
    first = reminders.recurring_instances_create(today=date(2026, 5, 2))
    assert [(t.period, t.deadline) for t in first] == [("2026-Q2", date(2026, 6, 15))]
    assert reminders.recurring_instances_create(today=date(2026, 5, 20)) == []
    assert cli(["tasks", "recur", "--date", "01/07/2026"]) == 0
    assert list(template.instances.order_by("period").values_list("period", flat=True)) == [
        "2026-Q2",
        "2026-Q3",
    ]
    assert template.instances.get(period="2026-Q3").due_on == date(2026, 9, 15)


def test_recurring_task_without_a_day_is_refused(cast, units):
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError, match="cần ngày trong tháng"):
        services.directive_create(
            user=cast["vanphong"],
            directive=DirectiveInput(subject="V/v", unit=units["VP"]),
            tasks=[
                TaskInput(summary="Báo cáo", number="1", units=[units["VP"]], recurrence=Recurrence.MONTHLY)
            ],
        )


def test_the_task_sources_are_the_units_scorecard(make_directive, cast, units):
    """tasks.on_time_share and tasks.overdue_share count what the units' scorecard counts."""
    from django.utils import timezone

    from cchc.apps.core.measures import measure
    from cchc.apps.directives.models import TaskStatus
    from cchc.apps.directives.selectors import unit_scorecard

    today = timezone.localdate()
    past = make_directive(deadline=today - timedelta(days=20), number="1/X")
    make_directive(deadline=today + timedelta(days=20), number="2/X")
    done = past.tasks.get(unit=units["QLVH"])
    done.status, done.completed_on = TaskStatus.DONE, today - timedelta(days=25)
    done.save()
    start, end = date(today.year - 1, 1, 1), date(today.year + 1, 12, 31)
    period = f"{start.isoformat()}..{end.isoformat()}"
    rows = unit_scorecard(user=cast["giamdoc"], start=start, end=end, today=today)
    due = sum(r.due for r in rows)
    on_time = sum(r.done_on_time for r in rows)
    assert (due, on_time) == (4, 1)
    m = measure("tasks.on_time_share", None, period)
    assert (m.value, m.numerator, m.denominator) == (Decimal("25.00"), on_time, due)
    overdue = measure("tasks.overdue_share", None, period)
    assert (overdue.numerator, overdue.value) == (1, Decimal("25.00"))  # QLDL's task of the past letter
    assert sum(r.overdue_now for r in rows) == overdue.numerator
    phong = measure("tasks.on_time_share", units["QLVH"], period)
    assert (phong.numerator, phong.denominator) == (1, 2)


def test_the_e_mail_leaves_after_the_commit_and_a_retried_run_sends_none_twice(
    due_task, cast, django_capture_on_commit_callbacks
):
    """A run that dies before its commit has sent nothing (the e-mail waits for the commit); a run whose
    mail server refused part-way is retried and sends only the e-mails still unsent."""
    from unittest import mock

    from cchc.apps.directives.models import ReminderMail

    day = date(2026, 7, 1)
    # 1. The transaction is rolled back (a crash before the commit): no e-mail has left.
    with django_capture_on_commit_callbacks() as after_commit:
        with pytest.raises(RuntimeError), transaction.atomic():
            reminders.reminder_send(task_id=due_task.pk, kind="overdue_head", day=day)
            raise RuntimeError("worker died")
    assert mail.outbox == [] and after_commit == [] and not ReminderLog.objects.exists()
    # 2. The mail server refuses the second recipient: the job fails after its commit.
    from cchc.apps.core import mails

    real = mails.send_mail
    calls = []

    def flaky(subject, body, sender, to):
        calls.append(to)
        if len(calls) == 2:
            raise ConnectionRefusedError("mail server down")
        return real(subject, body, sender, to)

    with mock.patch.object(mails, "send_mail", flaky), pytest.raises(ConnectionRefusedError):
        with django_capture_on_commit_callbacks(execute=True):
            reminders.reminder_send(task_id=due_task.pk, kind="overdue_head", day=day)
    assert len(mail.outbox) == 1
    assert ReminderMail.objects.filter(sent_at__isnull=True).count() == 1
    # 3. The retry (the same job again) sends the one left, and a third run sends nothing.
    for _ in range(2):
        with django_capture_on_commit_callbacks(execute=True):
            assert reminders.reminder_send(task_id=due_task.pk, kind="overdue_head", day=day) is False
    addresses = sorted(m.to[0] for m in mail.outbox)
    assert addresses == sorted({cast["chuyenvien.vh"].email, cast["truongphong.vh"].email})
    assert Notification.objects.filter(kind="overdue_head").count() == 2  # one each, not one per run
