"""The job page lists the file's columns the import did not use and flags those like a known field."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from cchc.apps.dossiers import jobs
from cchc.apps.dossiers.models import ImportJob

from .conftest import HEADER, ROWS

pytestmark = pytest.mark.django_db
PROPOSED = HEADER.split(",")  # the canonical profile names each field by itself


def test_job_page_lists_unused_columns(client, login, data_dir):
    login("motcua")
    text = "\n".join([HEADER + ",CoPhiLePhi,GhiChu", *(r + ",1,ghi chú" for r in ROWS[:2])]) + "\n"
    f = SimpleUploadedFile("a.csv", text.encode(), content_type="text/csv")
    resp = client.post(reverse("dossiers:import_list"), {"file": f, "source": "mot-cua"})
    assert resp["Location"] == reverse("dossiers:import_preview")  # two columns feed no field: asked
    html = client.get(reverse("dossiers:import_preview")).content.decode()
    assert 'data-column="CoPhiLePhi"' in html and "không dùng: sẽ ghi trong kết quả nhập" in html
    headers = (HEADER + ",CoPhiLePhi,GhiChu").split(",")
    chosen = {f"col_{i}": "" for i in range(len(headers))}
    chosen.update({f"col_{i}": f for i, f in enumerate(PROPOSED)})
    client.post(reverse("dossiers:import_preview"), {**chosen, "import": "1"})  # as proposed: both unused
    job = ImportJob.objects.get()
    assert jobs.run_import.call(job_id=job.pk) == "done"
    job.refresh_from_db()
    assert job.columns["unused"] == ["CoPhiLePhi", "GhiChu"]
    assert job.columns["suspect"] == {}  # the person decided: not used
    assert (
        job.columns["mapping"] == dict(zip(headers, PROPOSED, strict=False)) and job.columns["profile"] == ""
    )
    html = client.get(reverse("dossiers:import_detail", args=[job.pk])).content.decode()
    assert "Cột của tệp không được dùng: CoPhiLePhi, GhiChu" in html
