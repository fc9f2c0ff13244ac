"""An import whose worker died: taken back (queued to continue) by the page as well as by the next worker,
handed to a person after too many crashes ("Bị gián đoạn — có thể tiếp tục"), and the store's job
continued instead of a new one started. On the old code such a job said "Đang nhập" for ever and
resume, rollback and retry were refused."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from cchc.analytics.importer import import_file
from cchc.analytics.store import DossierStore
from cchc.apps.core.models import JobLease
from cchc.apps.dossiers import jobs
from cchc.apps.dossiers.models import ImportJob, JobStatus

from .conftest import ROWS, write_csv

pytestmark = pytest.mark.django_db


class Crash(Exception):
    pass


def crashed_in_store(data_dir, path) -> int:
    """The store side of a worker killed after the first chunk: the job stays 'staging'."""

    def progress(done: int, total: int) -> None:
        raise Crash

    with DossierStore(data_dir / "analytics.duckdb") as store:
        with pytest.raises(Crash):
            import_file(store, path, source="mot-cua", progress=progress, chunk_rows=3)
        return int(store.con.execute("SELECT max(job_id) FROM import_jobs").fetchone()[0])


def running_job(cast, path, *, heartbeat_age: float, runs: int = 1) -> ImportJob:
    """An ImportJob left 'Đang nhập' by ``runs`` dead workers, the last heartbeat ``heartbeat_age`` s ago."""
    job = ImportJob.objects.create(file_name=path.name, file_path=str(path), user=cast["motcua"])
    task = jobs.run_import.enqueue(job_id=job.pk, action="import")
    now = timezone.now()
    workers = [f"may-chu:{4000 + i}:x" for i in range(runs)]
    DBTaskResult.objects.filter(pk=task.id).update(
        status="RUNNING", started_at=now - timedelta(seconds=900), worker_ids=workers
    )
    JobLease.objects.create(
        task_id=task.id, worker_id=workers[-1], heartbeat_at=now - timedelta(seconds=heartbeat_age)
    )
    ImportJob.objects.filter(pk=job.pk).update(
        status=JobStatus.RUNNING, task_id=task.id, attempts=runs, rows_done=3
    )
    return ImportJob.objects.get(pk=job.pk)


def test_the_page_takes_back_an_import_whose_worker_died(client, login, cast, data_dir):
    login("motcua")
    job = running_job(cast, write_csv(data_dir / "a.csv", ROWS), heartbeat_age=600)
    status = client.get(reverse("dossiers:import_status", args=[job.pk])).json()
    assert status["status"] == "queued" and not status["finished"]
    assert DBTaskResult.objects.get(pk=job.task_id).status == "READY"  # the next worker continues it
    alive = running_job(cast, write_csv(data_dir / "b.csv", ROWS), heartbeat_age=2)
    assert client.get(reverse("dossiers:import_status", args=[alive.pk])).json()["status"] == "running"


def test_after_too_many_crashes_a_person_resumes_the_store_job(client, login, cast, data_dir, settings):
    settings.JOB_MAX_ATTEMPTS = 3
    login("motcua")
    path = write_csv(data_dir / "hoso.csv", ROWS)
    store_job = crashed_in_store(data_dir, path)
    job = running_job(cast, path, heartbeat_age=600, runs=3)
    html = client.get(reverse("dossiers:import_detail", args=[job.pk])).content.decode()
    job.refresh_from_db()
    assert job.status == JobStatus.INTERRUPTED and "Bị gián đoạn — có thể tiếp tục" in html
    assert reverse("dossiers:import_action", args=[job.pk, "resume"]) in html
    assert reverse("dossiers:import_action", args=[job.pk, "rollback"]) in html
    assert DBTaskResult.objects.get(pk=job.task_id).status == "FAILED"  # no worker runs it behind our back

    resp = client.post(reverse("dossiers:import_action", args=[job.pk, "resume"]))
    assert resp.status_code == 302
    job.refresh_from_db()
    assert job.status == JobStatus.QUEUED
    assert jobs.run_import.call(job_id=job.pk, action="resume") == "done"
    job.refresh_from_db()
    assert (job.imported, job.store_job_id, job.rows_total) == (len(ROWS), store_job, len(ROWS))


def test_an_interrupted_import_can_be_cancelled(client, login, cast, data_dir, settings):
    settings.JOB_MAX_ATTEMPTS = 1
    login("motcua")
    path = write_csv(data_dir / "hoso.csv", ROWS)
    crashed_in_store(data_dir, path)
    job = running_job(cast, path, heartbeat_age=600)
    client.post(reverse("dossiers:import_action", args=[job.pk, "rollback"]))
    job.refresh_from_db()
    assert job.status == JobStatus.ROLLED_BACK
    with DossierStore(data_dir / "analytics.duckdb") as store:
        assert store.con.execute("SELECT status FROM import_jobs").fetchall() == [("rolled_back",)]
        assert store.con.execute("SELECT count(*) FROM dossiers").fetchone() == (0,)


def test_a_run_after_a_crash_continues_the_store_job_instead_of_starting_again(cast, data_dir):
    path = write_csv(data_dir / "hoso.csv", ROWS)
    store_job = crashed_in_store(data_dir, path)
    job = ImportJob.objects.create(file_name="hoso.csv", file_path=str(path), user=cast["motcua"])
    assert jobs.run_import.call(job_id=job.pk, action="import") == "done"  # the re-queued original run
    job.refresh_from_db()
    assert (job.store_job_id, job.imported, job.updated) == (store_job, len(ROWS), 0)
    with DossierStore(data_dir / "analytics.duckdb") as store:
        assert store.con.execute("SELECT job_id, status FROM import_jobs").fetchall() == [
            (store_job, "committed")
        ]
        assert store.con.execute(
            "SELECT count(*), count(DISTINCT dossier_code) FROM dossiers"
        ).fetchone() == (
            len(ROWS),
            len(ROWS),
        )


def test_a_run_after_the_store_committed_only_records_the_result(cast, data_dir):
    # Killed after the store's commit, before the ImportJob said "done": nothing is imported twice.
    path = write_csv(data_dir / "hoso.csv", ROWS)
    with DossierStore(data_dir / "analytics.duckdb") as store:
        import_file(store, path, source="mot-cua")
    job = ImportJob.objects.create(
        file_name="hoso.csv", file_path=str(path), user=cast["motcua"], status=JobStatus.RUNNING
    )
    assert jobs.run_import.call(job_id=job.pk) == "done"
    job.refresh_from_db()
    assert (job.imported, job.updated, job.rows_total) == (len(ROWS), 0, len(ROWS))
    with DossierStore(data_dir / "analytics.duckdb") as store:
        assert store.con.execute("SELECT count(*) FROM import_jobs").fetchone() == (1,)


def test_a_job_left_running_before_leases_existed_is_taken_back_too(client, login, cast, data_dir):
    # No lease, no ImportJob.task_id: stuck by a worker of the old code; its lease time has long passed.
    login("motcua")
    path = write_csv(data_dir / "a.csv", ROWS)
    job = ImportJob.objects.create(file_name="a.csv", file_path=str(path), user=cast["motcua"])
    task = jobs.run_import.enqueue(job_id=job.pk, action="import")
    DBTaskResult.objects.filter(pk=task.id).update(
        status="RUNNING", started_at=timezone.now() - timedelta(hours=5), worker_ids=["old"]
    )
    ImportJob.objects.filter(pk=job.pk).update(status=JobStatus.RUNNING)
    html = client.get(reverse("dossiers:import_list")).content.decode()
    assert "Đang chờ" in html and "Đang nhập" not in html
    assert DBTaskResult.objects.get(pk=task.id).status == "READY"
