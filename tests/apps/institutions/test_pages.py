"""The register and review pages: filters and paging, add/edit, opening a round (the domain's cut-off),
recording a finding with its proposal and task link, exports that read back, imports with a preview that
writes nothing and rejected rows kept with their reasons, the paged API and the role × unit scope."""

from __future__ import annotations

import io
from datetime import date

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import load_workbook

from cchc.apps.directives.models import Directive, Task
from cchc.apps.institutions import services
from cchc.apps.institutions.models import ImportBatch, LegalDocument, RejectedRow, ReviewItem, ReviewRound
from tests.malformed import xlsx_bytes

pytestmark = pytest.mark.django_db
HEADERS = ["STT", "Số, ký hiệu", "Loại văn bản", "Trích yếu", "Cơ quan ban hành", "Ngày ban hành", "Quan hệ với đơn vị", "Tình trạng hiệu lực", "Đơn vị"]  # fmt: skip
ROWS = [
    [1, "15/2019/QĐ-UBND", "Quyết định", "Quản lý di tích", "UBND tỉnh", "20/06/2019", "Chủ trì soạn thảo", "Còn hiệu lực", "QLVH"],
    [2, "05/2024/NQ-HĐND", "Nghị quyết", "Hỗ trợ du lịch", "HĐND tỉnh", "18/04/2024", "Áp dụng, thi hành", "", "QLDL"],
    [3, "", "Quyết định", "Thiếu số hiệu", "UBND tỉnh", "01/01/2020", "", "", "QLVH"],
    [4, "09/2020/QĐ-UBND", "Quyết định", "Ngày sai", "UBND tỉnh", "31/02/2020", "", "", "QLVH"],
    [5, "10/2020/QĐ-UBND", "Quyết định", "Hiệu lực lạ", "UBND tỉnh", "01/03/2020", "", "Còn dùng được", "Phòng Không Có"],
    [6, "15/2019/QĐ-UBND", "Quyết định", "Trùng", "UBND tỉnh", "20/06/2019", "", "", "QLVH"],
]  # fmt: skip


def _doc(unit, symbol: str, issued: date, **extra) -> LegalDocument:
    return services.register_document(
        actor=None, unit=unit, symbol=symbol, doc_type="Quyết định", title=f"Quy định {symbol}",
        issuer="UBND tỉnh Lai Châu", issued_on=issued, relation="chu_tri", **extra,
    )  # fmt: skip


def _upload(client, *, kind="documents", rows=ROWS, headers=HEADERS, unit=None, rnd=None):
    data = {"kind": kind, "file": SimpleUploadedFile("van-ban.xlsx", xlsx_bytes([headers, *rows]))}
    if unit is not None:
        data["unit"] = unit.pk
    if rnd is not None:
        data["round"] = rnd.pk
    return client.post(reverse("institutions:import_upload"), data)


def test_register_import_previews_then_keeps_every_bad_row(client, login, units):
    login("vanphong")
    assert _upload(client, unit=units[""]).status_code == 302
    preview = client.get(reverse("institutions:import_preview"))
    page = preview.content.decode()
    assert preview.status_code == 200 and "2 dòng hợp lệ, 4 dòng lỗi" in page
    assert LegalDocument.objects.count() == 0  # the preview writes nothing
    assert "Thiếu số, ký hiệu văn bản" in page and "Trùng với dòng 2" in page
    assert "Ngày ban hành không hợp lệ: “31/02/2020”" in page
    response = client.post(reverse("institutions:import_preview"))
    batch = ImportBatch.objects.get()
    assert response.url == reverse("institutions:batch_detail", args=[batch.pk]) and batch.imported_count == 2
    docs = {d.symbol: d for d in LegalDocument.objects.all()}
    assert docs["15/2019/QĐ-UBND"].unit == units["QLVH"] and docs["15/2019/QĐ-UBND"].relation == "chu_tri"
    assert docs["05/2024/NQ-HĐND"].unit == units["QLDL"] and docs["05/2024/NQ-HĐND"].effect == "con_hieu_luc"
    kept = {r.row_number: r for r in RejectedRow.objects.filter(batch=batch)}
    assert set(kept) == {4, 5, 6, 7}  # 2 written + 4 kept = the 6 data rows: nothing lost
    assert kept[6].raw["Đơn vị"] == "Phòng Không Có"
    assert any("Còn dùng được" in r for r in kept[6].reasons)
    detail = client.get(reverse("institutions:batch_detail", args=[batch.pk])).content.decode()
    assert "Phòng Không Có" in detail and "31/02/2020" in detail


def test_a_unit_head_imports_only_into_their_unit(client, login, units):
    login("truongphong.vh")
    assert _upload(client, unit=units["QLVH"]).status_code == 302
    page = client.get(reverse("institutions:import_preview")).content.decode()
    assert "không thuộc đơn vị đã chọn" in page  # the QLDL row
    client.post(reverse("institutions:import_preview"))
    assert list(LegalDocument.objects.values_list("unit__code", flat=True)) == [units["QLVH"].code]


def test_findings_import_and_export_read_back(client, login, units):
    a = _doc(units["QLVH"], "10/2020/QĐ-UBND", date(2020, 5, 4))
    _doc(units["QLVH"], "07/2022/QĐ-UBND", date(2022, 3, 1))
    rnd = services.open_round(
        actor=None, unit=units["QLVH"], title="Rà soát di sản", kind="ra_soat", trigger_date=date(2026, 1, 5)
    )
    login("truongphong.vh")
    rows = [
        ["10/2020/QĐ-UBND", "Hết hiệu lực một phần", "Sửa đổi, bổ sung", "Điều 5 trái Luật", "10/01/2026"],
        [
            "07/2022/QĐ-UBND",
            "Hết hiệu lực toàn bộ",
            "Bãi bỏ toàn bộ",
            "",
            "",
        ],  # cannot repeal what has no effect
        ["99/2020/QĐ-UBND", "Còn hiệu lực", "", "", ""],  # not in the round
    ]
    headers = ["Số, ký hiệu", "Kết quả rà soát", "Hình thức xử lý", "Lý do, nội dung đề nghị", "Ngày rà soát"]
    assert _upload(client, kind="findings", rows=rows, headers=headers, rnd=rnd).status_code == 302
    page = client.get(reverse("institutions:import_preview")).content.decode()
    assert "1 dòng hợp lệ, 2 dòng lỗi" in page and "không thể đề nghị bãi bỏ toàn bộ" in page
    assert not ReviewItem.objects.exclude(effect="").exists()
    client.post(reverse("institutions:import_preview"))
    item = ReviewItem.objects.get(document=a)
    assert (item.effect, item.form, item.proposal_status, item.reviewed_on) == (
        "het_mot_phan", "sua_doi_bo_sung", "de_nghi", date(2026, 1, 10),
    )  # fmt: skip
    assert RejectedRow.objects.count() == 2
    book = load_workbook(io.BytesIO(client.get(reverse("institutions:round_export", args=[rnd.pk])).content))
    cells = [[c.value for c in r] for r in book.active.iter_rows()]
    assert cells[0][1:5] == ["Số, ký hiệu", "Trích yếu", "Kết quả rà soát", "Hình thức xử lý"]
    assert ["10/2020/QĐ-UBND", "Quy định 10/2020/QĐ-UBND", "Hết hiệu lực một phần", "Sửa đổi, bổ sung"] in [
        r[1:5] for r in cells
    ]


def test_register_pages_filter_page_add_edit_and_export(client, login, units):
    for n in range(55):
        _doc(units["QLVH"], f"{n + 1}/2021/QĐ-UBND", date(2021, 1, 1))
    _doc(units["QLDL"], "3/2023/QĐ-UBND", date(2023, 1, 1), effect="het_toan_bo")
    login("vanphong")
    url = reverse("institutions:document_list")
    assert "56 văn bản" in client.get(url).content.decode()
    assert "Trang 2/2" in client.get(url, {"page": 2}).content.decode()
    only = client.get(url, {"effect": "het_toan_bo"}).content.decode()
    assert "1 văn bản" in only and "3/2023/QĐ-UBND" in only
    response = client.post(reverse("institutions:document_create"), {
        "unit": units["VP"].pk, "symbol": "03/2022/QĐ-UBND", "doc_type": "Quyết định", "title": "Chức năng của Sở",
        "issuer": "UBND tỉnh", "issued_on": "14/02/2022", "effective_on": "24/02/2022", "relation": "chu_tri",
        "effect": "con_hieu_luc",
    })  # fmt: skip
    doc = LegalDocument.objects.get(symbol="03/2022/QĐ-UBND")
    assert response.url == reverse("institutions:document_detail", args=[doc.pk])
    assert doc.issued_on == date(2022, 2, 14)
    book = load_workbook(
        io.BytesIO(client.get(reverse("institutions:document_export"), {"unit": units["VP"].pk}).content)
    )
    assert [c.value for c in book.active[2]][1:4] == ["03/2022/QĐ-UBND", "Quyết định", "Chức năng của Sở"]
    # a unit head of another phòng neither sees nor edits it
    login("truongphong.vh")
    assert client.get(reverse("institutions:document_detail", args=[doc.pk])).status_code == 404
    assert client.post(reverse("institutions:document_edit", args=[doc.pk]), {}).status_code == 404
    login("kiemtra")  # the inspector reads, never writes
    assert client.get(reverse("institutions:document_detail", args=[doc.pk])).status_code == 200
    assert client.get(reverse("institutions:document_edit", args=[doc.pk])).status_code == 403
    assert "Thêm văn bản" not in client.get(url).content.decode()


def test_open_round_record_finding_link_task_and_close(client, login, units, cast):
    _doc(units["QLVH"], "10/2020/QĐ-UBND", date(2020, 5, 4))
    _doc(units["QLVH"], "02/2029/QĐ-UBND", date(2029, 1, 15))
    directive = Directive.objects.create(
        subject="Chỉ đạo rà soát", unit=units["QLVH"], created_by=cast["vanphong"]
    )
    task = Task.objects.create(
        directive=directive, unit=units["QLVH"], number="1", summary="Sửa Quyết định 10"
    )
    login("vanphong")
    response = client.post(reverse("institutions:round_create"), {
        "unit": units[""].pk, "title": "Hệ thống hóa kỳ 2024–2028", "kind": "he_thong_hoa",
        "previous_cutoff": "31/12/2023",
    })  # fmt: skip
    rnd = ReviewRound.objects.get()
    assert response.url == reverse("institutions:round_detail", args=[rnd.pk])
    assert (rnd.cutoff, rnd.due_on) == (date(2028, 12, 31), date(2028, 12, 31))
    assert list(rnd.items.values_list("document__symbol", flat=True)) == ["10/2020/QĐ-UBND"]
    item = rnd.items.get()
    bad = client.post(reverse("institutions:item_edit", args=[item.pk]), {
        "effect": "het_toan_bo", "form": "thay_the", "reviewed_on": "05/01/2027",
    }, follow=True)  # fmt: skip
    assert "không thể đề nghị thay thế" in bad.content.decode()
    client.post(reverse("institutions:item_edit", args=[item.pk]), {
        "effect": "con_hieu_luc", "form": "thay_the", "reason": "Căn cứ đã thay", "reviewed_on": "05/01/2027",
        "proposal_status": "dang_xu_ly", "task": task.pk,
    })  # fmt: skip
    item.refresh_from_db()
    assert (item.effect, item.form, item.proposal_status, item.task) == (
        "con_hieu_luc",
        "thay_the",
        "dang_xu_ly",
        task,
    )
    page = client.get(reverse("institutions:round_detail", args=[rnd.pk])).content.decode()
    assert "Sửa Quyết định 10" in page and "31/12/2028" in page
    assert (
        "Sửa Quyết định 10"
        in client.get(reverse("institutions:document_detail", args=[item.document_id])).content.decode()
    )
    client.post(reverse("institutions:round_close", args=[rnd.pk]))
    rnd.refresh_from_db()
    assert rnd.done_on is not None


def test_api_lists_are_paged_and_scoped(client, login, units):
    for n in range(3):
        _doc(units["QLVH"], f"{n + 1}/2021/QĐ-UBND", date(2021, 1, 1))
    _doc(units["QLDL"], "9/2021/QĐ-UBND", date(2021, 1, 1))
    services.open_round(
        actor=None, unit=units["QLVH"], title="Rà soát", kind="ra_soat", trigger_date=date(2026, 1, 5)
    )
    login("truongphong.vh")
    body = client.get("/api/institutions/documents", {"limit": 2}).json()
    assert len(body) == 2 and {d["unit"] for d in body} == {units["QLVH"].code}
    assert len(client.get("/api/institutions/documents", {"limit": 2, "offset": 2}).json()) == 1
    reviews = client.get("/api/institutions/reviews").json()
    assert reviews[0]["documents"] == 3 and reviews[0]["status"] == "chua_den_han"
    assert len(client.get(f"/api/institutions/reviews/{reviews[0]['id']}/items", {"limit": 2}).json()) == 2
