"""The finance import pages (upload → preview → confirm → batch page), through the shared import flow: the
preview writes nothing and shows each rejected row with its cells and reasons, the confirmation keeps them on
the batch page, and the recent batches name the register."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from cchc.apps.finance.models import Asset, ImportBatch
from tests.malformed import xlsx_bytes

pytestmark = pytest.mark.django_db


def _upload(client, units, name="tai-san.xlsx", rows=None):
    rows = rows or [
        [
            "Đơn vị",
            "Mã tài sản",
            "Tên tài sản",
            "Loại tài sản",
            "Nguyên giá",
            "Hiện trạng",
            "Hình thức xử lý",
        ],
        [units["QLVH"].code, "A1", "Xe 7 chỗ", "Xe ô tô", "850000000", "Dôi dư", "Điều chuyển"],
        [units["QLVH"].code, "A2", "Máy chiếu", "thiet_bi", "-5", "", ""],
        ["KHONG-CO", "A3", "Bàn", "khac", "10", "", ""],
    ]
    data = {"kind": "asset", "unit": units[""].pk, "file": SimpleUploadedFile(name, xlsx_bytes(rows))}
    return client.post(reverse("finance:import_upload"), data)


def test_preview_confirm_and_batch_page(client, login, units):
    login("vanphong")
    assert _upload(client, units).url == reverse("finance:import_preview")
    page = client.get(reverse("finance:import_preview")).content.decode()
    assert "Tài sản công" in page and "1 dòng hợp lệ, 2 dòng lỗi." in page
    assert "Mã tài sản: A2" in page and "Nguyên giá không được âm" in page  # cells and reasons of a bad row
    assert "Nhập các dòng hợp lệ, giữ các dòng lỗi cùng lý do" in page
    assert not Asset.objects.exists()  # the preview writes nothing
    response = client.post(reverse("finance:import_preview"))
    batch = ImportBatch.objects.get()
    assert response.url == reverse("finance:import_batch", args=[batch.pk])
    assert (batch.kind, batch.imported_count, batch.rejected_rows.count()) == ("asset", 1, 2)
    detail = client.get(response.url).content.decode()
    assert "Tài sản công" in detail and "1 dòng đã nhập, 2 dòng lỗi được giữ lại." in detail
    assert "Không có đơn vị “KHONG-CO”" in detail
    listing = client.get(reverse("finance:import_upload")).content.decode()
    assert reverse("finance:import_batch", args=[batch.pk]) in listing and "<td>Tài sản công</td>" in listing
    assert client.get(reverse("finance:import_preview")).status_code == 404  # nothing pending any more


def test_an_unreadable_table_goes_back_to_the_upload_page_in_vietnamese(client, login, units):
    login("vanphong")
    _upload(client, units, name="x.xlsx", rows=[["Tên", "Khác"], ["A", "B"]])
    response = client.get(reverse("finance:import_preview"), follow=True)
    assert response.redirect_chain[-1][0] == reverse("finance:import_upload")
    assert "Không nhận ra cấu trúc bảng" in response.content.decode()
    assert not ImportBatch.objects.exists()
