"""Finance reminders sent by the REAL worker process (`cchc worker --batch`) against the test database: the
scan enqueues one job per duty, a duplicate job sends nothing, each recipient gets the e-mail once.

How the worker reaches the test database on SQLite and PostgreSQL: tests/apps/worker.py."""

from __future__ import annotations

from datetime import date

import pytest
from django_tasks_db.models import DBTaskResult

from cchc.apps.finance import jobs, services
from cchc.apps.finance.models import Disclosure, ReminderLog, ReminderMail

from ..worker import run_worker

pytestmark = pytest.mark.django_db(transaction=True)


def test_worker_sends_the_disclosure_reminder_once(units, cast, tmp_path):
    services.open_year(user=None, unit=units["QLVH"], year=2026)
    q1 = Disclosure.objects.get(unit=units["QLVH"], year=2026, period="Q1")
    day = date(2026, 4, 12)  # Q1 due 15/04/2026
    assert jobs.enqueue_due(today=day) == 1
    jobs.send_finance_reminder.enqueue(key=f"disclosure:{q1.pk}", day=day.isoformat())  # a duplicate
    proc = run_worker(tmp_path)
    assert proc.returncode == 0, proc.stderr
    assert DBTaskResult.objects.filter(status="SUCCESSFUL").count() == DBTaskResult.objects.count() == 2
    assert ReminderLog.objects.filter(key=f"disclosure:{q1.pk}", day=day).count() == 1
    assert ReminderMail.objects.filter(sent_at__isnull=False).count() == 1
    assert proc.stdout.count(f"To: {cast['truongphong.vh'].email}") == 1
    assert "hạn 15/04/2026" in proc.stdout or "15/04/2026" in proc.stdout
