"""A scanned letter becomes tasks in the browser: the upload queues an OCR job, the review screen shows its
progress, then the tasks, and says the text came from OCR."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from cchc.apps.directives.models import ImportDraft
from cchc.apps.directives.running import run_ocr_draft
from cchc.domain.directives.ocr import available
from tests.domain.directives.scans import scan_pdf

LETTER = """SỞ VĂN HÓA, THỂ THAO VÀ DU LỊCH
Số: 88/SVHTTDL-VP
V/v rà soát thủ tục hành chính
Lai Châu, ngày 02 tháng 4 năm 2026
Kính gửi: Các phòng chuyên môn thuộc Sở.
1. Phòng Quản lý Văn hóa rà soát thủ tục hành chính, hoàn thành trước ngày 30/6/2026.
2. Văn phòng Sở tổng hợp, báo cáo kết quả trước ngày 20 hằng tháng.
Nơi nhận:
- Như trên;
- Lưu: VT.
"""


@pytest.mark.ocr
@pytest.mark.skipif(not available(), reason="tesseract-ocr + tesseract-ocr-vie + poppler-utils not installed")
def test_scanned_letter_is_read_by_ocr_in_the_background_and_becomes_tasks(client, login, units):
    login("vanphong")
    pdf = scan_pdf(LETTER, dpi=200, angle=0.5)
    response = client.post(
        reverse("directives:directive_upload"),
        {"file": SimpleUploadedFile("scan.pdf", pdf, "application/pdf")},
    )
    draft = ImportDraft.objects.get()
    assert response.status_code == 302 and draft.ocr_status == "pending"
    waiting = client.get(response.url)
    assert (
        'id="ocr-progress"' in waiting.content.decode() and 'http-equiv="refresh"' in waiting.content.decode()
    )
    assert run_ocr_draft(draft_id=draft.pk) == "done"  # what the worker runs
    draft.refresh_from_db()
    assert draft.ocr_pages_done == draft.ocr_pages_total == 1 and draft.parsed["ocr"] is True
    page = client.get(response.url)
    html = page.content.decode()
    assert 'id="ocr-note"' in html
    rows = {f.initial["number"]: f.initial for f in page.context["formset"].forms}
    assert rows["1"]["deadline"] == "30/06/2026" and units["QLVH"].pk in rows["1"]["units"]
    assert rows["2"]["recurrence_day"] == 20


def test_failed_ocr_shows_its_vietnamese_error(client, login, units, monkeypatch):
    from cchc.domain.directives import ocr

    monkeypatch.setattr(ocr, "available", lambda: False)
    login("vanphong")
    response = client.post(
        reverse("directives:directive_upload"),
        {
            "file": SimpleUploadedFile(
                "scan.pdf", scan_pdf("Kính gửi: Các phòng.\n1. Rà soát."), "application/pdf"
            )
        },
    )
    draft = ImportDraft.objects.get()
    assert run_ocr_draft(draft_id=draft.pk) == "failed"
    html = client.get(response.url).content.decode()
    assert "chưa cài công cụ nhận dạng chữ" in html and 'http-equiv="refresh"' not in html
