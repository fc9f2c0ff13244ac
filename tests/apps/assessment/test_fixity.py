"""Evidence fixity: a library file keeps its identity and the SHA-256 taken when it entered; re-verification
hashes the bytes again and flags a changed or missing file (service, the library page's button and badge,
the criterion page, the CLI); re-attaching in another year copies nothing."""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from pathlib import Path

import pytest
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from cchc.apps.assessment import services
from cchc.apps.assessment.models import Attachment, Entry, EvidenceFile

from .conftest import issue

PLAN = b"%PDF-1.7 ke hoach cchc\n%%EOF\n"


def _stored_files() -> set[str]:
    found: set[str] = set()

    def walk(folder: str) -> None:
        dirs, files = default_storage.listdir(folder)
        found.update(f"{folder}/{f}" for f in files)
        for d in dirs:
            walk(f"{folder}/{d}")

    if default_storage.exists("assessment"):
        walk("assessment")
    return found


@pytest.fixture(autouse=True)
def own_media(settings, tmp_path):  # type: ignore[no-untyped-def]
    """This module compares the whole stored tree before and after: its own MEDIA_ROOT, so another test run
    writing to the project's var/media at the same time cannot change it."""
    settings.MEDIA_ROOT = str(tmp_path / "media")


@pytest.fixture
def library(cast, units, year_2026):  # type: ignore[no-untyped-def]
    clerk = cast["vanphong"]
    upload = services.upload_evidence(
        user=clerk, upload=SimpleUploadedFile("ke-hoach.pdf", PLAN, "application/pdf")
    )
    doc = issue(units["VP"], signed=True, day=dt.date(2026, 1, 10))
    reference = services.reference_evidence(user=clerk, model="documents.OutgoingDocument", pk=doc.pk)
    e = Entry.objects.get(assessment=year_2026, code="1.1.1")
    services.attach_evidence(user=clerk, entry=e, evidence=upload, requirement="Kế hoạch CCHC năm của Sở")
    services.attach_evidence(user=clerk, entry=Entry.objects.get(assessment=year_2026, code="2.2"), evidence=reference,
                             requirement="Báo cáo kết quả rà soát, hệ thống hóa VBQPPL")  # fmt: skip
    return {"upload": upload, "reference": reference, "doc": doc}


def test_untouched_files_match_and_reuse_across_years_copies_nothing(cast, year_2026, library) -> None:
    clerk = cast["vanphong"]
    before = _stored_files()
    results = services.verify_evidence(user=clerk)
    assert {r.evidence.pk: r.status for r in results} == {
        library["upload"].pk: "ok",
        library["reference"].pk: "ok",
    }
    assert library["upload"].sha256 == hashlib.sha256(PLAN).hexdigest()
    next_year = services.create_assessment(user=clerk, year=2027, version=year_2026.criteria_set)
    assert services.copy_evidence_from(user=clerk, assessment=next_year, previous=year_2026) == 2
    # the same bytes uploaded again (another name) are the same library file
    again = services.upload_evidence(
        user=clerk, upload=SimpleUploadedFile("ban-sao.pdf", PLAN, "application/pdf")
    )
    assert again.pk == library["upload"].pk
    assert EvidenceFile.objects.count() == 2 and _stored_files() == before  # no new row, no new file
    carried = Attachment.objects.filter(entry__assessment=next_year).values_list("evidence_id", flat=True)
    assert sorted(carried) == sorted([library["upload"].pk, library["reference"].pk])
    for e in EvidenceFile.objects.all():  # identity and hash unchanged by verification and reuse
        assert e.sha256 == {library["upload"].pk: library["upload"].sha256,
                            library["reference"].pk: library["reference"].sha256}[e.pk]  # fmt: skip


def test_changed_and_missing_files_are_flagged(client, login, cast, library) -> None:
    upload, reference, doc = library["upload"], library["reference"], library["doc"]
    Path(upload.file.path).write_bytes(b"%PDF-1.7 da sua\n%%EOF\n")  # changed behind the library's back
    default_storage.delete(doc.signed_pdf.name)  # the issued document's file is gone
    login("vanphong")
    response = client.post(reverse("assessment:verify_evidence"))
    assert response.status_code == 302
    messages = [str(m) for m in response.wsgi_request._messages]
    assert any("2 tài liệu bị thay đổi hoặc không còn tệp" in m for m in messages), messages
    upload.refresh_from_db()
    reference.refresh_from_db()
    assert (upload.fixity, reference.fixity) == ("changed", "missing")
    assert upload.sha256 == hashlib.sha256(PLAN).hexdigest()  # the recorded hash is kept, not overwritten
    assert upload.fixity_checked_at is not None
    page = client.get(reverse("assessment:library")).content.decode()
    assert f'<tr data-evidence="{upload.pk}">' in page
    row = page[page.index(f'<tr data-evidence="{upload.pk}">') :].split("</tr>")[0]
    assert 'data-fixity="changed"' in row and "Tệp đã bị thay đổi" in row
    row = page[page.index(f'<tr data-evidence="{reference.pk}">') :].split("</tr>")[0]
    assert 'data-fixity="missing"' in row and "Không tìm thấy tệp" in row
    entry = client.get(reverse("assessment:entry", args=[2026, "1.1.1"])).content.decode()
    assert 'data-fixity="changed"' in entry


def test_the_command_line_check(capsys, library) -> None:
    from cchc.cli import main

    assert main(["assessment", "verify-evidence", "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert {f["status"] for f in data["files"]} == {"ok"} and len(data["files"]) == 2
    Path(library["upload"].file.path).write_bytes(b"%PDF-1.7 khac\n%%EOF\n")
    assert main(["assessment", "verify-evidence"]) == 1
    out = capsys.readouterr().out
    assert "ĐÃ BỊ THAY ĐỔI" in out and "1 tài liệu bị thay đổi hoặc không còn tệp" in out


def test_only_the_coordinator_reverifies(client, login, library) -> None:
    login("truongphong.vh")
    assert client.post(reverse("assessment:verify_evidence")).status_code == 403
    assert 'id="verify-form"' not in client.get(reverse("assessment:library")).content.decode()
    login("vanphong")
    assert 'id="verify-form"' in client.get(reverse("assessment:library")).content.decode()
