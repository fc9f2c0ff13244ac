"""kill -9 of the REAL worker (`cchc worker`) in the middle of a dossier import, of an issuing (number +
organisation signature) and of a reminder run: every job still completes, exactly once.

Each kill happens at a named point (``CCHC_JOB_FAILPOINTS``, cchc.apps.core.failpoints): the first worker
to reach it writes a marker file and stops there, so the test kills it exactly there. A new worker,
started once the lease (``CCHC_JOB_LEASE_SECONDS``=3) has passed, takes the job back. On the old code the
import stayed "Đang nhập" for ever and the next worker never ran it again.
"""

from __future__ import annotations

import json
import shutil
import signal
import time
from datetime import UTC, date, datetime
from pathlib import Path

import pytest
from django.core.files import File
from django.db.models import Count
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from cchc.analytics import rollup
from cchc.analytics.store import DossierStore
from cchc.analytics.synthetic import generate, write
from cchc.apps.core.models import JobLease
from cchc.apps.directives import jobs as directive_jobs
from cchc.apps.directives import services as directive_services
from cchc.apps.directives.models import Notification, ReminderLog
from cchc.apps.documents import jobs as document_jobs
from cchc.apps.documents.models import NumberSeries, OutgoingDocument, SignatureRecord, Status
from cchc.apps.documents.services import drafting, signing
from cchc.apps.dossiers import services as dossier_services
from cchc.apps.dossiers.models import ImportJob
from cchc.domain.documents.verify import verify_pdf

from ..worker import workers

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.crash]

ROWS = 200_000
LEASE = 3.0
IMPORT, ISSUE, REMIND = "dossiers.import.chunk", "documents.number.taken", "directives.reminder.logged"


def _aware(value) -> datetime:  # SQLite gives text, PostgreSQL a datetime
    value = datetime.fromisoformat(value) if isinstance(value, str) else value
    return value if value.tzinfo else value.replace(tzinfo=UTC)


def test_every_job_completes_exactly_once_across_kill_9_of_the_worker(
    tmp_path,
    settings,
    cast,
    units,
    keys,
    make_draft,
    make_directive,
    demo_pki,
):
    data = tmp_path / "data"
    settings.DATA_DIR, settings.MEDIA_ROOT, settings.MAX_UPLOAD_MB = data, data / "media", 500
    (data / "pki").mkdir(parents=True)
    shutil.copy(demo_pki.ca.cert_pem, data / "pki" / "ca.pem")  # the worker's trust root

    # 1. An import of ROWS synthetic dossiers, uploaded as a person would.
    csv = write(generate(ROWS, seed=12), tmp_path / "hoso.csv")
    with csv.open("rb") as fh:
        job = dossier_services.create_import_job(
            user=cast["motcua"], upload=File(fh, "hoso.csv"), source="mot-cua"
        )
    # 2. A letter signed by the director, to be numbered, sealed and issued by the worker.
    document = make_draft()
    drafting.submit_for_signing(user=cast["vanphong"], document=document)
    signing.sign_as_person(user=cast["giamdoc"], document=document)
    document_jobs.issue_document.enqueue(document_id=document.pk, user_id=cast["vanphong"].pk)
    # 3. Overdue tasks: reminders to the officer and the heads, escalations to the leaders.
    task = make_directive(deadline=date(2026, 4, 10)).tasks.get(unit=units["QLVH"])
    directive_services.task_assign(
        user=cast["truongphong.vh"], task_id=task.pk, assignee_id=cast["chuyenvien.vh"].pk
    )
    today = timezone.localdate()
    reminders = directive_jobs.enqueue_due(today=today)
    assert reminders >= 3

    started = time.monotonic()
    marks = data / "failpoints"
    with workers(
        tmp_path,
        CCHC_DATA_DIR=str(data),
        CCHC_JOB_FAILPOINTS=f"{IMPORT},{ISSUE},{REMIND}",
        CCHC_JOB_LEASE_SECONDS=str(LEASE),
    ) as pool:
        table = DBTaskResult._meta.db_table

        def frozen(mark: str) -> int | None:  # the pid of the worker stopped at ``mark``
            text = (marks / mark).read_text() if (marks / mark).is_file() else ""
            return int(text) if text else None

        def kill(mark: str) -> None:
            proc = next(p for p in pool.procs if p.pid == frozen(mark))
            proc.send_signal(signal.SIGKILL)
            proc.wait()

        # The import: the first worker stops after its first chunk. A second worker polling next to it
        # must leave that job alone (its worker is alive) and takes the next one, the issuing, which
        # stops after taking its number, before the commit: killed at once, as a crash would.
        pool.start()
        pool.wait(IMPORT, lambda: frozen(IMPORT), timeout=120)
        frozen_at = time.monotonic()
        pool.start()
        pool.wait(ISSUE, lambda: frozen(ISSUE), timeout=120)
        kill(ISSUE)
        time.sleep(max(0.0, frozen_at + 1.5 * LEASE - time.monotonic()))
        (task_id,) = pool.query(f"SELECT task_id FROM {ImportJob._meta.db_table} WHERE id = %s", (job.pk,))[0]
        (beat, status, runs) = pool.query(
            f"SELECT l.heartbeat_at, t.status, t.worker_ids FROM {JobLease._meta.db_table} l "
            f"JOIN {table} t ON t.id = l.task_id WHERE l.task_id = %s",
            (task_id,),
        )[0]
        assert status == "RUNNING" and (timezone.now() - _aware(beat)).total_seconds() < LEASE
        assert len(runs if isinstance(runs, list) else json.loads(runs)) == 1
        # Killed, the import stays "Đang nhập"; the next worker takes both jobs back once their lease
        # has passed, finishes them, then stops in a reminder (after logging it, before the commit).
        kill(IMPORT)
        assert pool.query(f"SELECT status FROM {ImportJob._meta.db_table}") == [("running",)]
        pool.start()
        pool.wait(REMIND, lambda: frozen(REMIND), timeout=120)
        kill(REMIND)
        pool.start()
        # A worker marks a job SUCCESSFUL, then removes its lease: wait for both, so that stopping the pool
        # between the two steps (a race seen once on PostgreSQL) is not taken for a lease left behind.
        pool.wait(
            "every job done and its lease removed",
            lambda: (
                not pool.query(f"SELECT id FROM {table} WHERE status <> 'SUCCESSFUL'")
                and not pool.query(f"SELECT task_id FROM {JobLease._meta.db_table}")
            ),
        )
        elapsed = time.monotonic() - started
        output = pool.output()

    # Every job ran to success; the three killed ones twice (same row: its history of workers).
    results = list(DBTaskResult.objects.all())
    assert {r.status for r in results} == {"SUCCESSFUL"} and not JobLease.objects.exists()
    runs = sorted(len(r.worker_ids) for r in results)
    assert runs == [1] * (len(results) - 3) + [2, 2, 2], output
    assert output.count("abandoned by worker") == 3, output

    # Import: every row once, the rollup equal to a recomputation from the rows.
    job.refresh_from_db()
    assert (job.status, job.rows_total, job.imported, job.updated, job.quarantined) == (
        "done",
        ROWS,
        ROWS,
        0,
        0,
    )
    with DossierStore(data / "analytics.duckdb") as store:
        con = store.con
        assert con.execute("SELECT count(*), count(DISTINCT dossier_code) FROM dossiers").fetchone() == (
            ROWS,
            ROWS,
        )
        assert con.execute("SELECT status, count(*) FROM import_jobs GROUP BY 1").fetchall() == [
            ("committed", 1)
        ]
        cells = "SELECT * FROM counts_rollup ORDER BY ALL"
        kept = con.execute(cells).fetchall()
        assert rollup.is_valid(con) and kept
        rollup.rebuild(con)
        assert con.execute(cells).fetchall() == kept
        assert con.execute("SELECT sum(received) FROM counts_rollup WHERE grain = 'year'").fetchone() == (
            ROWS,
        )

    # Issuing: one number (the first of the series), one organisation signature, a valid PDF.
    document = OutgoingDocument.objects.get(pk=document.pk)
    assert document.status == Status.ISSUED and document.number == 1
    assert list(NumberSeries.objects.values_list("last_number", flat=True)) == [1]
    assert sorted(SignatureRecord.objects.filter(document=document).values_list("role", flat=True)) == [
        "org",
        "person",
    ]
    result = verify_pdf(Path(document.signed_pdf.path).read_bytes(), trust_roots=[demo_pki.ca.cert_pem])
    assert result.ok and len(result.signatures) == 2, result.to_dict()

    # Reminders: each sent once — one log row, one notification per person, one e-mail.
    assert ReminderLog.objects.filter(day=today).count() == reminders
    dup = Notification.objects.values("user", "task", "kind").annotate(n=Count("id")).filter(n__gt=1)
    assert not dup.exists()
    assert (
        Notification.objects.filter(task=task, kind="overdue_head", user=cast["chuyenvien.vh"]).count() == 1
    )
    assert output.count("To: chuyenvien.vh@") == 1, output
    assert elapsed < 180, elapsed  # measured 60–90 s on a shared 2-core machine at load 9
