"""An upload imported by the REAL worker process (`cchc manage db_worker --batch`).

On SQLite the in-memory test database is copied to a file for the worker and copied back afterwards
(same technique as tests/apps/directives/test_worker.py); on PostgreSQL the worker uses the test database.
The DuckDB store is a file in tmp_path, shared through CCHC_DATA_DIR.
"""

from __future__ import annotations

import os
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.urls import reverse

from cchc.apps.dossiers.models import ImportJob

from .conftest import BAD, HEADER, ROWS

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


def test_real_worker_imports_the_upload(client, login, data_dir):
    login("motcua")
    text = "\n".join([HEADER, *ROWS, *BAD]) + "\n"
    client.post(
        reverse("dossiers:import_list"),
        {"file": SimpleUploadedFile("hoso.csv", text.encode(), content_type="text/csv"), "source": "mot-cua"},
    )
    job = ImportJob.objects.get()
    assert job.status == "queued"
    url, copy = _database_url(data_dir)
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "cchc.settings.test",
        "DATABASE_URL": url,
        "CCHC_DATA_DIR": str(data_dir),
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
    assert proc.returncode == 0, proc.stderr
    job.refresh_from_db()
    assert (job.status, job.imported, job.quarantined, job.attempts) == ("done", len(ROWS), len(BAD), 1), (
        job.error
    )
    html = client.get(reverse("dossiers:import_detail", args=[job.pk])).content.decode()
    assert "Thiếu Mã hồ sơ" in html
