"""Reminders before a review round is due: decided by the domain's windows, once per round × kind (whatever
the day the scan runs), to the unit's heads and the coordinator, e-mailed after the commit — and sent by the
REAL worker (`cchc worker`) exactly once even when the job is enqueued twice."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from django.core import mail
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from cchc.apps.directives.models import Notification
from cchc.apps.institutions import jobs, reminders, services
from cchc.apps.institutions.models import ReminderLog, ReminderMail
from tests.apps.worker import run_worker

pytestmark = pytest.mark.django_db


@pytest.fixture
def due_round(units):
    services.register_document(
        actor=None, unit=units["QLVH"], symbol="15/2019/QĐ-UBND", doc_type="Quyết định", title="Di tích",
        issuer="UBND tỉnh", issued_on=date(2019, 6, 20), relation="chu_tri",
    )  # fmt: skip
    return services.open_round(
        actor=None, unit=units["QLVH"], title="Rà soát Luật Di sản văn hóa", kind="ra_soat",
        trigger_date=date(2026, 3, 1), due_on=date(2026, 3, 31),
    )  # fmt: skip


def test_each_window_reminds_once_then_overdue_once(due_round, cast, django_capture_on_commit_callbacks):
    assert reminders.reminders_due(today=date(2026, 3, 20)) == []  # 11 days before: outside every window
    [d] = reminders.reminders_due(today=date(2026, 3, 23))
    assert d.kind == "truoc_10"
    with django_capture_on_commit_callbacks(execute=True):
        assert reminders.reminder_send(round_id=d.round_id, kind=d.kind, day=date(2026, 3, 23))
        assert not reminders.reminder_send(round_id=d.round_id, kind=d.kind, day=date(2026, 3, 23))
    assert reminders.reminders_due(today=date(2026, 3, 24)) == []  # the 10-day window is done
    assert {m.to[0] for m in mail.outbox} == {cast["truongphong.vh"].email, cast["vanphong"].email}
    assert "hạn 31/03/2026 (còn 8 ngày)" in mail.outbox[0].subject
    assert [x.kind for x in reminders.reminders_due(today=date(2026, 3, 31))] == ["truoc_1"]
    assert [x.kind for x in reminders.reminders_due(today=date(2026, 4, 2))] == ["qua_han"]
    services.record_finding(
        actor=None, item=due_round.items.get(), effect="con_hieu_luc", on=date(2026, 3, 25)
    )
    services.close_round(actor=None, rnd=due_round, on=date(2026, 3, 25))
    assert reminders.reminders_due(today=date(2026, 4, 2)) == []  # a finished round is not reminded of


@pytest.mark.django_db(transaction=True)  # the worker is another process: it must see committed rows
def test_the_real_worker_sends_the_enqueued_reminder_once(units, cast, tmp_path):
    today = timezone.localdate()
    services.register_document(
        actor=None, unit=units["QLVH"], symbol="08/2021/QĐ-UBND", doc_type="Quyết định", title="Gia đình văn hóa",
        issuer="UBND tỉnh", issued_on=date(2021, 4, 12), relation="chu_tri",
    )  # fmt: skip
    rnd = services.open_round(
        actor=None, unit=units["QLVH"], title="Rà soát sắp đến hạn", kind="chuyen_de", due_on=today + timedelta(days=3)
    )  # fmt: skip
    assert jobs.enqueue_due(today=today) == 1
    jobs.send_review_reminder.enqueue(round_id=rnd.pk, kind="truoc_10", day=today.isoformat())  # a duplicate
    proc = run_worker(tmp_path)
    assert proc.returncode == 0, proc.stderr
    assert DBTaskResult.objects.filter(status="SUCCESSFUL").count() == DBTaskResult.objects.count() == 2
    assert ReminderLog.objects.filter(round=rnd, kind="truoc_10").count() == 1
    assert not ReminderMail.objects.filter(sent_at__isnull=True).exists()
    assert ReminderMail.objects.count() == 2
    assert proc.stdout.count(f"To: {cast['truongphong.vh'].email}") == 1
    assert proc.stdout.count(f"To: {cast['vanphong'].email}") == 1
    assert Notification.objects.filter(kind="institutions_truoc_10", user=cast["truongphong.vh"]).count() == 1
    assert jobs.enqueue_due(today=today) == 0  # sent: the next scan of the day enqueues nothing
