"""Importing the staff register and course results from Excel: preview first, valid rows written, every bad
row kept with its reasons (nothing lost), the scope respected row by row; the export reads back in."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from cchc.apps.people import imports
from cchc.apps.people.models import Attendance, Course, ImportBatch, RejectedRow, StaffRecord
from tests.malformed import xlsx_bytes

pytestmark = pytest.mark.django_db
HEADERS = ["STT", "Mã cán bộ", "Họ và tên", "Đơn vị", "Chức vụ", "Ngạch", "Vị trí việc làm", "Ngày sinh", "Tên đăng nhập"]  # fmt: skip
ROWS = [
    [1, "N001", "Hà Văn Tuấn", "QLVH", "", "Chuyên viên", "Quản lý văn hóa cơ sở", "02/03/1991", ""],
    [2, "N002", "Lù Thị Pảng", "Phòng Quản lý Du lịch", "", "Chuyên viên", "Xúc tiến du lịch", "", ""],
    [3, "N003", "Không Đơn Vị", "Phòng Không Có", "", "", "", "", ""],
    [4, "", "Thiếu Mã", "VP", "", "", "", "", ""],
    [5, "N005", "Sai Ngày", "VP", "", "", "", "31/02/1990", ""],
    [6, "N001", "Hà Văn Trùng", "QLVH", "", "", "", "", ""],
    [
        7,
        "LC008",
        "Lê Thị Mai",
        "QLVH",
        "Chuyên viên",
        "Chuyên viên chính",
        "Quản lý văn hóa cơ sở",
        "",
        "chuyenvien.vh",
    ],
]


def upload(client, rows=ROWS, headers=HEADERS, name="can-bo.xlsx", unit=None):
    data = {"file": SimpleUploadedFile(name, xlsx_bytes([headers, *rows]))}
    if unit is not None:
        data["unit"] = unit.pk
    return client.post(reverse("people:import_upload"), data)


def test_preview_then_import_keeps_every_bad_row(client, login, units, cast):
    login("vanphong")
    assert upload(client, unit=units[""]).status_code == 302
    preview = client.get(reverse("people:import_preview"))
    page = preview.content.decode()
    assert preview.status_code == 200 and "3 dòng hợp lệ, 4 dòng lỗi" in page
    assert StaffRecord.objects.count() == 0  # nothing written by the preview
    assert (
        "Không có đơn vị “Phòng Không Có”" in page
        and "Thiếu mã cán bộ" in page
        and "Trùng với dòng 2" in page
    )
    response = client.post(reverse("people:import_preview"))
    batch = ImportBatch.objects.get()
    assert response.status_code == 302 and response.url == reverse("people:batch_detail", args=[batch.pk])
    assert batch.imported_count == 3
    assert sorted(StaffRecord.objects.values_list("code", flat=True)) == ["LC008", "N001", "N002"]
    tuan = StaffRecord.objects.get(code="N001")
    assert (tuan.family_name, tuan.given_name, tuan.unit, tuan.birth_date.isoformat()) == (
        "Hà", "Văn Tuấn", units["QLVH"], "1991-03-02",
    )  # fmt: skip
    assert StaffRecord.objects.get(code="N002").unit == units["QLDL"]
    assert StaffRecord.objects.get(code="LC008").user == cast["chuyenvien.vh"]
    kept = {r.row_number: r for r in RejectedRow.objects.filter(batch=batch)}
    assert set(kept) == {4, 5, 6, 7}  # 3 valid + 4 kept = the 7 data rows
    assert kept[4].raw["Đơn vị"] == "Phòng Không Có" and "Phòng Không Có" in kept[4].reasons[0]
    assert kept[6].raw["Ngày sinh"] == "31/02/1990"
    page = client.get(reverse("people:batch_detail", args=[batch.pk])).content.decode()
    assert "Phòng Không Có" in page and "Ngày sinh không hợp lệ" in page


def test_rows_outside_the_importers_scope_are_refused_row_by_row(tmp_path, units, cast):
    """people.manage is the coordinator's, whose scope is the Sở; the row check is shown with the scope of a
    unit head of QLVH: the QLDL row is refused, the QLVH row kept."""
    path = tmp_path / "a.xlsx"
    path.write_bytes(xlsx_bytes([HEADERS, *ROWS[:2]]))
    analysis = imports.analyse(path, user=cast["truongphong.vh"], unit=units["QLVH"])
    assert [r[0].code for r in analysis.records] == ["N001"]
    assert analysis.rejected[0].row_number == 3 and "ngoài phạm vi" in analysis.rejected[0].reasons[0]


def test_attendance_import(client, login, units, staff):
    Course.objects.create(code="BDHVS-2026", name="Bình dân học vụ số", unit=units["VP"])
    login("vanphong")
    headers = ["Mã cán bộ", "Mã khóa học", "Ngày hoàn thành", "Số chứng nhận"]
    rows = [
        ["LC008", "BDHVS-2026", "15/03/2026", "C-1"],
        ["LC999", "BDHVS-2026", "", ""],
        ["LC007", "KHONG-CO", "", ""],
    ]
    assert upload(client, rows, headers, "hoc.xlsx", unit=units[""]).status_code == 302
    client.post(reverse("people:import_preview"))
    batch = ImportBatch.objects.get()
    assert batch.kind == "attendance" and batch.imported_count == 1
    assert Attendance.objects.get(staff=staff["chuyenvien.vh"]).certificate == "C-1"
    reasons = {r.row_number: r.reasons for r in batch.rejected_rows.all()}
    assert "Không có cán bộ mã “LC999”." in reasons[3] and "Không có khóa học mã “KHONG-CO”." in reasons[4]


def test_a_bad_file_is_refused_in_vietnamese(client, login, units):
    login("vanphong")
    response = client.post(
        reverse("people:import_upload"),
        {"file": SimpleUploadedFile("x.xlsx", b"not a zip"), "unit": units[""].pk},
    )
    assert response.status_code == 200
    page = response.content.decode()
    assert "Traceback" not in page and "errorlist" in page
    response = upload(client, [["1", "2"]], ["A", "B"], unit=units[""])
    follow = client.get(reverse("people:import_preview"), follow=True)
    assert "Không nhận ra cấu trúc bảng" in follow.content.decode()


def test_export_reads_back_in(client, login, units, staff):
    login("vanphong")
    exported = client.get(reverse("people:staff_export"))
    assert exported.status_code == 200
    StaffRecord.objects.filter(code="LC008").update(position="Sửa tạm")
    response = client.post(
        reverse("people:import_upload"),
        {"file": SimpleUploadedFile("xuat.xlsx", exported.content), "unit": units[""].pk},
    )
    assert response.status_code == 302
    client.post(reverse("people:import_preview"))
    batch = ImportBatch.objects.get()
    assert batch.rejected_rows.count() == 0 and batch.imported_count == len(staff)
    # the export writes units by name, the import finds them; nothing was changed on the way
    mai = StaffRecord.objects.get(code="LC008")
    assert mai.unit == units["QLVH"] and mai.position == "Chuyên viên" and mai.full_name == "Lê Thị Mai"


def test_only_the_personnel_office_imports(client, login):
    for who in ("truongphong.vh", "chuyenvien.vh", "kiemtra", "giamdoc"):
        login(who)
        assert client.get(reverse("people:import_upload")).status_code == 403
