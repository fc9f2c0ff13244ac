"""The job page lists the file's columns the import did not use and flags those like a known field."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from cchc.apps.dossiers import jobs
from cchc.apps.dossiers.models import ImportJob

from .conftest import HEADER, ROWS

pytestmark = pytest.mark.django_db


def test_job_page_lists_unused_columns(client, login, data_dir):
    login("motcua")
    text = "\n".join([HEADER + ",CoPhiLePhi,GhiChu", *(r + ",1,ghi chú" for r in ROWS[:2])]) + "\n"
    f = SimpleUploadedFile("a.csv", text.encode(), content_type="text/csv")
    client.post(reverse("dossiers:import_list"), {"file": f, "source": "mot-cua"})
    job = ImportJob.objects.get()
    assert jobs.run_import.call(job_id=job.pk) == "done"
    job.refresh_from_db()
    assert job.columns == {"unused": ["CoPhiLePhi", "GhiChu"], "suspect": {"CoPhiLePhi": "fee_amount"}}
    html = client.get(reverse("dossiers:import_detail", args=[job.pk])).content.decode()
    assert "Cột của tệp không được dùng: CoPhiLePhi, GhiChu" in html
    assert "Cột “CoPhiLePhi” giống trường “Phí, lệ phí” nhưng chưa được ghép" in html
