"""An upload imported by the REAL worker process (`cchc worker --batch`).

How the worker reaches the test database on SQLite and PostgreSQL: tests/apps/worker.py.
The DuckDB store is a file in tmp_path, shared through CCHC_DATA_DIR.
"""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from cchc.apps.dossiers.models import ImportJob

from ..worker import run_worker
from .conftest import BAD, HEADER, ROWS

pytestmark = pytest.mark.django_db(transaction=True)


def test_real_worker_imports_the_upload(client, login, data_dir):
    login("motcua")
    text = "\n".join([HEADER, *ROWS, *BAD]) + "\n"
    client.post(
        reverse("dossiers:import_list"),
        {"file": SimpleUploadedFile("hoso.csv", text.encode(), content_type="text/csv"), "source": "mot-cua"},
    )
    job = ImportJob.objects.get()
    assert job.status == "queued"
    proc = run_worker(data_dir)
    assert proc.returncode == 0, proc.stderr
    job.refresh_from_db()
    assert (job.status, job.imported, job.quarantined, job.attempts) == ("done", len(ROWS), len(BAD), 1), (
        job.error
    )
    html = client.get(reverse("dossiers:import_detail", args=[job.pk])).content.decode()
    assert "Thiếu Mã hồ sơ" in html
