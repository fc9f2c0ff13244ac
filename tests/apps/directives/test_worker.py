"""Jobs run by the REAL worker process (`cchc manage db_worker --batch`) against the test database.

On PostgreSQL the worker connects to the test database directly. On SQLite the test database lives in
memory, which another process cannot open, so it is copied to a file (sqlite3 backup API), the worker runs
on the file, and the file is copied back before the assertions.
"""

from __future__ import annotations

import os
import sqlite3
import subprocess
import sys
from datetime import date, timedelta
from pathlib import Path

import pytest
from django.db import connection
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from cchc.apps.directives import jobs, services
from cchc.apps.directives.models import Notification, ReminderLog

pytestmark = pytest.mark.django_db(transaction=True)


def _database_url(tmp: Path) -> tuple[str, Path | None]:
    s = connection.settings_dict
    if connection.vendor == "sqlite":
        path = tmp / "worker.sqlite3"
        path.unlink(missing_ok=True)
        connection.ensure_connection()
        target = sqlite3.connect(path)
        connection.connection.backup(target)
        target.close()
        return f"sqlite:///{path}", path
    auth = s["USER"] + (f":{s['PASSWORD']}" if s.get("PASSWORD") else "")
    return f"postgres://{auth}@{s['HOST'] or '127.0.0.1'}:{s['PORT'] or 5432}/{s['NAME']}", None


def run_worker(tmp: Path, *, email_url: str = "console://") -> subprocess.CompletedProcess:
    url, copy = _database_url(tmp)
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "cchc.settings.test",
        "DATABASE_URL": url,
        "CCHC_EMAIL_URL": email_url,
        "CCHC_DATA_DIR": str(tmp),
    }
    proc = subprocess.run(
        [
            sys.executable,
            "-m",
            "cchc.cli",
            "manage",
            "db_worker",
            "--batch",
            "--no-startup-delay",
            "--no-reload",
        ],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    if copy is not None:
        source = sqlite3.connect(copy)
        source.backup(connection.connection)
        source.close()
    return proc


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
    assert "ConnectionRefusedError" in failed.exception_class_path or "Error" in failed.exception_class_path
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
