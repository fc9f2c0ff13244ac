"""Jobs run by the REAL worker process (`cchc worker --batch`) against the test database.

How the worker reaches the test database on SQLite and PostgreSQL: tests/apps/worker.py.
"""

from __future__ import annotations

import signal
import time
from datetime import date, timedelta

import pytest
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from cchc.apps.directives import jobs, services
from cchc.apps.directives.models import Notification, ReminderLog, ReminderMail

from ..worker import run_worker, workers

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
    # The reminder was decided and its notifications committed; its e-mails wait, none marked sent.
    assert (
        ReminderLog.objects.count() == 1 and not ReminderMail.objects.filter(sent_at__isnull=False).exists()
    )
    notified = Notification.objects.filter(kind="overdue_head").count()
    # The retry is due now: the worker sends it.
    DBTaskResult.objects.filter(pk=retry.pk).update(run_after=timezone.now() - timedelta(seconds=1))
    proc = run_worker(tmp_path)
    assert proc.returncode == 0, proc.stderr
    assert DBTaskResult.objects.get(pk=retry.pk).status == "SUCCESSFUL"
    assert ReminderLog.objects.filter(task=overdue_task, kind="overdue_head").count() == 1
    assert Notification.objects.filter(kind="overdue_head", user__username="truongphong.vh").exists()
    assert Notification.objects.filter(kind="overdue_head").count() == notified  # none twice
    assert not ReminderMail.objects.filter(sent_at__isnull=True).exists()
    assert proc.stdout.count("To: chuyenvien.vh@") == 1 and proc.stdout.count("To: truongphong.vh@") == 1


@pytest.mark.crash
def test_a_reminder_run_killed_after_its_first_e_mail_is_taken_back_and_sends_none_twice(
    overdue_task, tmp_path
):
    """kill -9 of the worker right after it handed the first of two e-mails to the mail server: the next
    worker takes the job back (its lease ran out) and sends the other one only."""
    today = timezone.localdate()
    jobs.send_task_reminder.enqueue(task_id=overdue_task.pk, kind="overdue_head", day=today.isoformat())
    mark = tmp_path / "failpoints" / "directives.reminder.mailed"
    lease = 2.0
    with workers(
        tmp_path, CCHC_JOB_FAILPOINTS="directives.reminder.mailed", CCHC_JOB_LEASE_SECONDS=str(lease)
    ) as pool:
        first = pool.start()
        pool.wait("the first e-mail", mark.is_file, timeout=120)
        first.send_signal(signal.SIGKILL)
        first.wait()
        time.sleep(1.5 * lease)
        pool.start()
        table = DBTaskResult._meta.db_table
        done = lambda: pool.query(f"SELECT status FROM {table}") == [("SUCCESSFUL",)]  # noqa: E731
        pool.wait("the job done", done, timeout=180)  # a worker starts slowly on a shared machine
        output = pool.output()
    assert output.count("To: chuyenvien.vh@") == 1 and output.count("To: truongphong.vh@") == 1, output
    assert output.count("abandoned by worker") == 1, output
    assert ReminderLog.objects.count() == 1 and ReminderMail.objects.count() == 2
    assert not ReminderMail.objects.filter(sent_at__isnull=True).exists()
    assert Notification.objects.filter(kind="overdue_head").count() == 2
