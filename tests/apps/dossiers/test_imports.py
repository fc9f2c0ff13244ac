"""Import through the pages: upload → job → progress/result → quarantine → fix and re-import;
resume, rollback and retry of a failed job; upload validation."""

from __future__ import annotations

import csv
import io
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from cchc.analytics.importer import import_file
from cchc.analytics.store import DossierStore
from cchc.apps.core.datapaths import resolve
from cchc.apps.dossiers import jobs
from cchc.apps.dossiers.models import ImportJob, JobStatus

from .conftest import BAD, HEADER, ROWS

pytestmark = pytest.mark.django_db


def _upload(client, name: str, text: str, source: str = "mot-cua"):
    f = SimpleUploadedFile(name, text.encode("utf-8"), content_type="text/csv")
    return client.post(reverse("dossiers:import_list"), {"file": f, "source": source})


def _csv(rows: list[str]) -> str:
    return "\n".join([HEADER, *rows]) + "\n"


def test_upload_runs_the_job_and_shows_counts_and_quarantine(
    client, login, data_dir, django_capture_on_commit_callbacks
):
    login("motcua")
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        resp = _upload(client, "hoso-thang3.csv", _csv(ROWS[:4] + BAD))
    job = ImportJob.objects.get()
    assert resp.status_code == 302 and resp["Location"] == reverse("dossiers:import_detail", args=[job.pk])
    assert len(callbacks) == 1 and job.status == JobStatus.QUEUED and job.user.username == "motcua"
    page = client.get(resp["Location"])
    assert 'id="job-progress"' in page.content.decode() and "dossiers-progress.js" in page.content.decode()

    assert jobs.run_import.call(job_id=job.pk) == "done"  # the worker's call, synchronously
    job.refresh_from_db()
    assert (job.status, job.imported, job.updated, job.quarantined, job.percent) == ("done", 4, 0, 2, 100)
    status = client.get(reverse("dossiers:import_status", args=[job.pk])).json()
    assert status["finished"] and status["imported"] == 4 and status["quarantined"] == 2
    html = client.get(reverse("dossiers:import_detail", args=[job.pk])).content.decode()
    assert "Dòng bị cách ly (2)" in html
    assert "Ngày tiếp nhận: &#x27;31/02/2026&#x27; không hợp lệ" in html and "Thiếu Mã hồ sơ" in html
    assert "channel: 9" in html and "fee_amount: abc" in html  # the raw row, as it was


def test_quarantined_rows_export_fix_and_reimport(client, login, data_dir):
    login("motcua")
    _upload(client, "a.csv", _csv([ROWS[0], BAD[0]]))
    job = ImportJob.objects.get()
    jobs.run_import.call(job_id=job.pk)
    resp = client.get(reverse("dossiers:quarantine_export", args=[job.pk]) + "?format=csv")
    assert resp.status_code == 200 and resp["Content-Disposition"].endswith('cach-ly-mot-cua.csv"')
    rows = list(csv.DictReader(io.StringIO(resp.content.decode("utf-8-sig"))))
    assert len(rows) == 1 and rows[0]["dossier_code"] == "X1" and "31/02/2026" in rows[0]["received_at"]
    xlsx = client.get(reverse("dossiers:quarantine_export", args=[job.pk]) + "?format=xlsx")
    assert xlsx.status_code == 200 and xlsx.content[:2] == b"PK"
    # The steward fixes the date and the channel in the exported file and uploads it again.
    fixed = resp.content.decode("utf-8-sig").replace("31/02/2026", "27/02/2026").replace(",9,", ",1,")
    fixed = fixed.replace(",abc,", ",,").replace("Có lẽ", "Có")
    _upload(client, "sua.csv", fixed)
    second = ImportJob.objects.order_by("-pk").first()
    jobs.run_import.call(job_id=second.pk)
    second.refresh_from_db()
    assert (second.status, second.imported, second.quarantined) == ("done", 1, 0), second.error
    html = client.get(reverse("dossiers:import_detail", args=[job.pk])).content.decode()
    assert f"lô {second.store_job_id}" in html  # the first job's row is marked fixed
    again = client.get(reverse("dossiers:quarantine_export", args=[job.pk]) + "?format=csv")
    assert list(csv.DictReader(io.StringIO(again.content.decode("utf-8-sig")))) == []


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("hoso.txt", "abc", "Chỉ nhận tệp .csv, .xlsx hoặc .json (tệp đã chọn: “hoso.txt”)."),
        ("hoso.csv", "", "Tệp “hoso.csv” rỗng."),
    ],
)
def test_upload_validation_in_vietnamese(client, login, data_dir, name, content, message):
    login("motcua")
    f = SimpleUploadedFile(name, content.encode(), content_type="text/plain")
    resp = client.post(reverse("dossiers:import_list"), {"file": f, "source": "mot-cua"})
    assert resp.status_code == 200 and message in resp.content.decode()
    assert not ImportJob.objects.exists()


def test_a_file_over_the_limit_gets_the_shared_message_and_the_cli_hint(client, login, data_dir, settings):
    settings.MAX_UPLOAD_MB = 1
    login("motcua")
    big = _csv(ROWS) + "x" * 1024 * 1024
    f = SimpleUploadedFile("lon.csv", big.encode(), content_type="text/csv")
    resp = client.post(reverse("dossiers:import_list"), {"file": f, "source": "mot-cua"})
    message = "Tệp “lon.csv” lớn hơn 1 MB. Với tệp rất lớn, hãy dùng lệnh “cchc dossiers import”."
    assert resp.status_code == 200 and message in resp.content.decode()
    assert not ImportJob.objects.exists()


def test_file_without_required_columns_stops_at_the_column_step_with_a_clear_message(client, login, data_dir):
    login("motcua")
    resp = _upload(client, "x.csv", "foo,bar\n1,2\n")
    assert resp.status_code == 302 and resp["Location"] == reverse("dossiers:import_preview")
    html = client.get(reverse("dossiers:import_preview")).content.decode()
    assert "Chưa có cột cho trường bắt buộc: Mã hồ sơ, Mã TTHC, Mã đơn vị, Ngày tiếp nhận" in html
    resp = client.post(reverse("dossiers:import_preview"), {"col_0": "", "col_1": "", "import": "1"})
    assert resp.status_code == 200 and "Chưa có cột cho trường bắt buộc" in resp.content.decode()
    assert not ImportJob.objects.exists()  # nothing imported without its required columns


class Crash(Exception):
    pass


def _crash(done: int, total: int) -> None:
    raise Crash


def _interrupted_job(client, data_dir: Path) -> ImportJob:
    """A job whose import died after its first chunk (as a killed worker would leave it)."""
    _upload(client, "lon.csv", _csv(ROWS))
    job = ImportJob.objects.get()
    with DossierStore(data_dir / "analytics.duckdb") as store, pytest.raises(Crash):
        import_file(store, resolve(job.file_path), source=job.source, chunk_rows=3, progress=_crash)
    ImportJob.objects.filter(pk=job.pk).update(
        status=JobStatus.FAILED, store_job_id=1, error="Máy chủ khởi động lại"
    )
    job.refresh_from_db()
    return job


def test_resume_button_finishes_an_interrupted_job(
    client, login, data_dir, django_capture_on_commit_callbacks
):
    login("motcua")
    job = _interrupted_job(client, data_dir)
    html = client.get(reverse("dossiers:import_detail", args=[job.pk])).content.decode()
    assert "Tiếp tục" in html and "Hủy lô nhập" in html
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        resp = client.post(reverse("dossiers:import_action", args=[job.pk, "resume"]))
    assert resp.status_code == 302 and len(callbacks) == 1
    jobs.run_import.call(job_id=job.pk, action="resume")
    job.refresh_from_db()
    assert (job.status, job.imported, job.store_job_id) == ("done", len(ROWS), 1)
    with DossierStore(data_dir / "analytics.duckdb") as store:
        assert store.count() == len(ROWS)


def test_rollback_button_discards_an_interrupted_job(client, login, data_dir):
    login("vanphong")  # the coordinator may import too
    job = _interrupted_job(client, data_dir)
    client.post(reverse("dossiers:import_action", args=[job.pk, "rollback"]))
    job.refresh_from_db()
    assert job.status == "rolled_back"
    with DossierStore(data_dir / "analytics.duckdb") as store:
        assert store.count() == 0
        assert store.con.execute("SELECT status FROM import_jobs WHERE job_id = 1").fetchone() == (
            "rolled_back",
        )
    # A finished job cannot be resumed again.
    resp = client.post(reverse("dossiers:import_action", args=[job.pk, "resume"]), follow=True)
    assert "Chỉ lô nhập bị lỗi" in resp.content.decode()


def test_retry_runs_a_failed_job_again_from_the_start(client, login, data_dir):
    login("motcua")
    job = _interrupted_job(client, data_dir)
    client.post(reverse("dossiers:import_action", args=[job.pk, "retry"]))
    job.refresh_from_db()
    assert job.status == "queued" and job.store_job_id is None
    jobs.run_import.call(job_id=job.pk)
    job.refresh_from_db()
    assert job.status == "done" and job.imported == len(ROWS) and job.store_job_id == 2
    assert job.attempts == 1
