"""Jobs run by the REAL worker process (`cchc worker --batch`) against the test database.

How the worker reaches the test database on SQLite and PostgreSQL: tests/apps/worker.py.
"""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from cchc.apps.directives import jobs, services
from cchc.apps.directives.models import Notification, ReminderLog

from ..worker import run_worker

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def overdue_task(make_directive, units, cast):
    task = make_directive(deadline=date(2026, 4, 10)).tasks.get(unit=units["QLVH"])
    services.task_assign(user=cast["truongphong.vh"], task_id=task.pk, assignee_id=cast["chuyenvien.vh"].pk)
    return task


def test_worker_sends_the_enqueued_reminder_once(overdue_task, tmp_path):
    today = timezone.localdate()
    assert jobs.enqueue_due(today=today) >= 2
    jobs.send_task_reminder.enqueue(
        task_id=overdue_task.pk, kind="overdue_head", day=today.isoformat()
    )  # a duplicate
    proc = run_worker(tmp_path)
    assert proc.returncode == 0, proc.stderr
    assert DBTaskResult.objects.filter(status="SUCCESSFUL").count() == DBTaskResult.objects.count()
    assert ReminderLog.objects.filter(task=overdue_task, kind="overdue_head", day=today).count() == 1
    assert (
        Notification.objects.filter(
            task=overdue_task, kind="overdue_head", user__username="chuyenvien.vh"
        ).count()
        == 1
    )
    assert "Quá hạn (hạn 10/04/2026)" in proc.stdout and "chuyenvien.vh@vhttdl.laichau.example" in proc.stdout
    assert proc.stdout.count("To: chuyenvien.vh@") == 1  # the duplicate job sent nothing


def test_failed_job_is_retried_later_and_then_succeeds(overdue_task, tmp_path):
    today = timezone.localdate()
    jobs.send_task_reminder.enqueue(task_id=overdue_task.pk, kind="overdue_head", day=today.isoformat())
    # First run: the mail server refuses (nothing listens on port 9), the job fails and schedules a retry.
    proc = run_worker(tmp_path, email_url="smtp://127.0.0.1:9")
    assert proc.returncode == 0, proc.stderr
    failed = DBTaskResult.objects.get(status="FAILED")
    assert failed.exception_class_path == "builtins.ConnectionRefusedError", failed.traceback
    retry = DBTaskResult.objects.get(status="READY")
    assert retry.args_kwargs["kwargs"]["attempt"] == 2 and retry.run_after > timezone.now() + timedelta(
        seconds=30
    )
    assert not ReminderLog.objects.exists() and not Notification.objects.filter(kind="overdue_head").exists()
    # The retry is due now: the worker sends it.
    DBTaskResult.objects.filter(pk=retry.pk).update(run_after=timezone.now() - timedelta(seconds=1))
    proc = run_worker(tmp_path)
    assert proc.returncode == 0, proc.stderr
    assert DBTaskResult.objects.get(pk=retry.pk).status == "SUCCESSFUL"
    assert ReminderLog.objects.filter(task=overdue_task, kind="overdue_head").count() == 1
    assert Notification.objects.filter(kind="overdue_head", user__username="truongphong.vh").exists()
