"""Rows whose unit or procedure code the organisation does not know are counted on the job page and,
as the uploader chose, imported (and shown as "chưa xác định đơn vị") or quarantined."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from cchc.apps.dossiers import jobs
from cchc.apps.dossiers.models import ImportJob

from .conftest import HEADER, ROWS

pytestmark = pytest.mark.django_db

FOREIGN = [
    ROWS[0],
    ROWS[1].replace("LC-SVHTTDL-QLVH", "XA-LA-01"),
    ROWS[2].replace("LC-SVHTTDL-QLVH", "XA-LA-01"),
]


def _upload(client, choice: str | None):
    f = SimpleUploadedFile("a.csv", ("\n".join([HEADER, *FOREIGN]) + "\n").encode(), content_type="text/csv")
    data = {"file": f, "source": "mot-cua"} | ({"unknown_codes": choice} if choice else {})
    client.post(reverse("dossiers:import_list"), data)
    job = ImportJob.objects.latest("pk")
    assert jobs.run_import.call(job_id=job.pk) == "done"
    job.refresh_from_db()
    return job


def test_unknown_unit_codes_are_counted_and_kept_by_default(client, login, data_dir):
    login("motcua")
    job = _upload(client, None)
    assert (job.imported, job.quarantined) == (3, 0)
    assert job.unknown == {"action": "keep", "units": {"XA-LA-01": 2}, "procedures": {}}
    html = client.get(reverse("dossiers:import_detail", args=[job.pk])).content.decode()
    assert "Mã đơn vị không có trong cơ cấu tổ chức: 2 dòng — XA-LA-01 (2)" in html
    assert "chưa xác định đơn vị" in html


def test_unknown_unit_codes_quarantined_on_request(client, login, data_dir):
    login("motcua")
    job = _upload(client, "quarantine")
    assert (job.imported, job.quarantined) == (1, 2)
    html = client.get(reverse("dossiers:import_detail", args=[job.pk])).content.decode()
    assert "Mã đơn vị “XA-LA-01” không có trong cơ cấu tổ chức" in html
    assert "đã được đưa vào khu cách ly" in html


def test_scorecard_shows_the_unassigned_bucket(client, login, data_dir):
    login("motcua")
    _upload(client, None)
    login("giamdoc")
    resp = client.get(reverse("dossiers:scorecard"), {"period": "03/2026"})
    assert resp.context["unassigned"] == [("XA-LA-01", 2)]
    html = resp.content.decode()
    assert 'id="unassigned"' in html and "Chưa xác định đơn vị" in html and "<code>XA-LA-01</code>: 2" in html
    # the dossiers are in no unit's card
    assert sum(c.counts["received"] for c in resp.context["ranking"]) == 1
