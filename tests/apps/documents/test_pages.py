"""Pages and API: permissions per role, tampering shown on the verification page, registers in Excel,
KPI, archive with fixity and export."""

from __future__ import annotations

import datetime as dt
import io
import zipfile

import openpyxl
import pytest
from django.core import mail
from django.urls import reverse

from cchc.apps.documents.models import ArchiveFile, FixityCheck, OutgoingDocument, Status
from cchc.apps.documents.selectors import e_signature_kpi
from cchc.apps.documents.services import archive, drafting, signing
from tests.apps.documents.conftest import LETTER
from tests.apps.documents.test_flow import issue


def test_a_phong_cannot_see_another_phongs_drafts(client, login, make_draft):
    draft = make_draft("chuyenvien.vh", "QLVH", subject="dự thảo riêng của phòng Văn hóa")
    login("truongphong.dl")
    assert client.get(reverse("documents:detail", args=[draft.pk])).status_code == 404
    assert "dự thảo riêng" not in client.get(reverse("documents:list")).content.decode()
    assert client.get("/api/documents/documents").json() == []
    login("truongphong.vh")
    assert client.get(reverse("documents:detail", args=[draft.pk])).status_code == 200
    login("giamdoc")  # leaders see the whole Sở
    assert "dự thảo riêng" in client.get(reverse("documents:list")).content.decode()


def test_drafting_form_then_full_flow_through_pages(client, login, cast, keys, units):
    login("chuyenvien.vh")
    data = {**LETTER, "signer": cast["giamdoc"].pk, "unit": units["QLVH"].pk, "archive_copies": 2, "urgency": "NORMAL", "secrecy": "NONE",
            "is_electronic": "on", "signatory_authority": ""}  # fmt: skip
    response = client.post(reverse("documents:create"), data)
    assert response.status_code == 302, response.content.decode()[:2000]
    document = OutgoingDocument.objects.get()
    assert (
        client.get(reverse("documents:file", args=[document.pk, "preview"]))["Content-Type"]
        == "application/pdf"
    )
    client.post(reverse("documents:action", args=[document.pk, "submit"]))
    # an officer may not sign
    assert client.post(reverse("documents:action", args=[document.pk, "sign"])).status_code == 403
    login("giamdoc")
    client.post(reverse("documents:action", args=[document.pk, "sign"]))
    login("vanphong")
    client.post(reverse("documents:action", args=[document.pk, "issue"]))
    document.refresh_from_db()
    assert document.status == Status.ISSUED and document.number_symbol == "01/SVHTTDL-QLVHGĐ"
    signed = b"".join(client.get(reverse("documents:file", args=[document.pk, "signed"])).streaming_content)
    assert signed.startswith(b"%PDF")


def test_auditor_cannot_draft(client, login):
    login("kiemtra")
    assert client.get(reverse("documents:create")).status_code == 403
    assert client.get(reverse("documents:list")).status_code == 200


def test_tampered_signed_pdf_is_reported_as_modified(client, login, cast, keys, make_draft):
    document = issue(cast, make_draft())
    path = document.signed_pdf.path
    data = bytearray(open(path, "rb").read())
    at = data.find(b"SVHTTDL")  # change a byte inside the signed content
    data[at] = ord("X")
    open(path, "wb").write(bytes(data))
    login("vanphong")
    from django.core.files.uploadedfile import SimpleUploadedFile

    page = client.post(reverse("documents:verify"), {"upload": SimpleUploadedFile("x.pdf", bytes(data))})
    html = page.content.decode()
    assert "KHÔNG HỢP LỆ" in html and "Không đạt" in html
    ok = client.post(reverse("documents:verify"), {"upload": SimpleUploadedFile("y.pdf", b"")})
    assert ok.status_code == 200


def test_api_verify_returns_json_report(client, login, cast, keys, make_draft):
    from django.core.files.uploadedfile import SimpleUploadedFile

    document = issue(cast, make_draft())
    login("chuyenvien.vh")
    body = client.post(
        "/api/documents/verify", {"file": SimpleUploadedFile("a.pdf", document.signed_pdf.read())}
    ).json()
    assert body["ok"] is True and len(body["signatures"]) == 2 and "Kết luận" in body["report"]


def test_registers_excel_reads_back_with_the_decree_columns(client, login, cast, keys, make_draft):
    document = issue(cast, make_draft())
    login("vanphong")
    year = document.year
    response = client.get(reverse("documents:register", args=["di"]), {"year": year, "format": "xlsx"})
    sheet = openpyxl.load_workbook(io.BytesIO(response.content)).active
    header = [c.value for c in sheet[3]]
    assert header[0] == "Số, ký hiệu văn bản" and header[9] == "Ghi chú" and len(header) == 10
    assert sheet["A5"].value == "01/SVHTTDL-VP"
    api = client.get(f"/api/documents/registers/di?year={year}").json()
    assert api["entries"][0]["Số, ký hiệu văn bản"] == "01/SVHTTDL-VP"


def test_incoming_registration_numbers_and_verifies(client, login, cast, keys, make_draft, units):
    from django.core.files.uploadedfile import SimpleUploadedFile

    signed = issue(cast, make_draft()).signed_pdf.read()
    login("vanphong")
    for n in (1, 2):
        response = client.post(reverse("documents:incoming_create"), {
            "author": "UBND tỉnh Lai Châu", "number_symbol": f"19{n}/UBND-TH", "doc_date": "20/03/2026",
            "type_name": "Công văn", "subject": "về CCHC", "receiving_unit": units["VP"].pk,
            "upload": SimpleUploadedFile("den.pdf", signed),
        })  # fmt: skip
        assert response.status_code == 302
    page = client.get(response["Location"]).content.decode()
    assert "số 2/" in page and "Kết luận: tất cả chữ ký hợp lệ" in page
    login("chuyenvien.vh")
    assert client.get(reverse("documents:incoming_create")).status_code == 403


def test_kpi_excludes_secret_documents_and_shows_on_home(client, login, cast, keys, make_draft):
    day = dt.date.today()
    issue(cast, make_draft())
    for paper in (make_draft("truongphong.vh", "QLVH"), make_draft(secrecy="MAT")):
        drafting.submit_for_signing(user=cast["vanphong"], document=paper)
        signing.issue_paper(user=cast["vanphong"], document=paper, day=day)
    rows, total = e_signature_kpi(
        user=cast["giamdoc"], start=dt.date(day.year, 1, 1), end=dt.date(day.year, 12, 31)
    )
    assert (total.issued, total.electronic_signed, total.share) == (2, 1, 50.0)
    assert {r.unit: r.share for r in rows} == {
        "Văn phòng Sở": 100.0,
        "Phòng Quản lý Văn hóa và Gia đình": 0.0,
    }
    login("giamdoc")
    home = client.get("/").content.decode()
    assert "Văn bản điện tử ký số" in home and "50%" in home  # one percent style (vn_numbers.pct)
    assert client.get(reverse("documents:kpi")).status_code == 200


def test_fixity_check_detects_a_changed_file_and_alerts(client, login, cast, keys, make_draft, units):
    document = issue(cast, make_draft())
    hoso = archive.create_archive_file(user=cast["vanphong"], unit=units["VP"], data={
        "organ_id": "LC-SVHTTDL", "file_catalog": 2026, "file_notation": "VP.01", "title": "Hồ sơ CCHC 2026",
        "creator": "Lò Thu Hương", "start_date": dt.date(2026, 1, 1), "due_date": dt.date.today(),
    })  # fmt: skip
    item = archive.add_document(user=cast["vanphong"], archive_file=hoso, document=document)
    assert archive.run_fixity_check()[1] == []
    with open(item.file.path, "ab") as fh:
        fh.write(b"%tampered")
    checked, failures = archive.run_fixity_check()
    assert checked == 1 and len(failures) == 1 and not FixityCheck.objects.latest("checked_at").ok
    assert mail.outbox and "không còn nguyên vẹn" in mail.outbox[0].subject
    login("vanphong")
    assert "sai lệch" in client.get(reverse("documents:archive_detail", args=[hoso.pk])).content.decode()
    export = client.get(reverse("documents:archive_export", args=[hoso.pk]))
    names = zipfile.ZipFile(io.BytesIO(export.content)).namelist()
    assert names == ["001.pdf", "hoso.xml"]
    assert b"<FileNotation>VP.01</FileNotation>" in zipfile.ZipFile(io.BytesIO(export.content)).read(
        "hoso.xml"
    )


def test_archive_reminders_and_jobs(cast, units):
    from cchc.apps.documents import jobs
    from cchc.apps.documents.selectors import archive_due

    ArchiveFile.objects.create(organisation=units[""], unit=units["VP"], organ_id="LC", file_catalog=2025,
                               file_notation="VP.09", title="Hồ sơ cũ", creator="x", start_date=dt.date(2025, 1, 1),
                               due_date=dt.date.today() + dt.timedelta(days=20))  # fmt: skip
    assert archive_due().count() == 1 and archive_due(within_days=10).count() == 0
    assert jobs.archive_reminders.call(30) == {"due": 1}
    assert jobs.fixity_check.call() == {"checked": 0, "failed": 0}
    assert mail.outbox


@pytest.mark.parametrize("username", ["chuyenvien.vh", "kiemtra"])
def test_only_archivists_create_hoso(client, login, username):
    login(username)
    assert client.get(reverse("documents:archive_create")).status_code == 403


def test_the_e_signed_share_source_is_the_documents_kpi(cast, keys, make_draft, units):
    """The registry of measured sources gives the KPI page's own figure, over the Sở and over one phòng."""
    from cchc.apps.core.measures import measure

    day = dt.date.today()
    issue(cast, make_draft())
    for paper in (make_draft("truongphong.vh", "QLVH"), make_draft("truongphong.vh", "QLVH")):
        drafting.submit_for_signing(user=cast["vanphong"], document=paper)
        signing.issue_paper(user=cast["vanphong"], document=paper, day=day)
    start, end = dt.date(day.year, 1, 1), dt.date(day.year, 12, 31)
    _rows, total = e_signature_kpi(user=cast["giamdoc"], start=start, end=end)
    m = measure("documents.e_signed_share", None, str(day.year))
    assert total.share == 33.3 and float(m.value) == total.share
    assert (m.numerator, m.denominator, m.unit) == (1, 3, "%")
    assert m.query_id == "documents.selectors.e_signature_kpi" and m.detail_url.startswith(
        reverse("documents:kpi")
    )
    phong = measure("documents.e_signed_share", units["QLVH"], str(day.year))
    _rows, of_phong = e_signature_kpi(user=cast["truongphong.vh"], start=start, end=end)
    assert float(phong.value) == of_phong.share == 0.0 and phong.denominator == 2
    # Another year holds nothing: no value rather than 0 %.
    assert measure("documents.e_signed_share", None, str(day.year - 1)).value is None
