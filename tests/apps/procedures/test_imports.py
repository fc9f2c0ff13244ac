"""Import flow: upload checks, preview writes nothing, all-or-nothing, valid rows only, fix and re-import."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from cchc.apps.procedures import imports
from cchc.apps.procedures.models import (
    ImportBatch,
    Procedure,
    ProcedureVersion,
    RejectedRow,
    SimplificationPlan,
)

pytestmark = pytest.mark.django_db


def _upload(client, path: Path, unit, **extra):
    with open(path, "rb") as f:
        return client.post("/thu-tuc/nhap/", {"file": f, "unit": unit.pk, **extra})


def _confirm(client, **data):
    """Post the preview's form as shown (with its fingerprint) and ``data``."""
    page = client.get("/thu-tuc/nhap/xem-truoc/").content.decode()
    found = re.search(r'name="fingerprint" value="([0-9a-f]+)"', page)
    assert found, page[:2000]
    return client.post("/thu-tuc/nhap/xem-truoc/", {"fingerprint": found.group(1), **data})


def test_preview_writes_nothing_and_shows_reasons(client, login, units, bad_csv):
    login("truongphong.vh")
    response = _upload(client, bad_csv, units["QLVH"])
    assert response.status_code == 302 and response.url.endswith("/nhap/xem-truoc/")
    page = client.get("/thu-tuc/nhap/xem-truoc/").content.decode()
    assert "1 dòng hợp lệ, 2 dòng lỗi" in page
    assert "Mức độ dịch vụ công trực tuyến không hợp lệ: &#x27;nửa vời&#x27;" in page
    assert 'value="all"' not in page  # "import all" is only offered without rejected rows
    assert not Procedure.objects.exists() and not ImportBatch.objects.exists()


def test_import_all_refused_with_rejected_rows(client, login, units, bad_csv):
    login("truongphong.vh")
    _upload(client, bad_csv, units["QLVH"])
    response = client.post("/thu-tuc/nhap/xem-truoc/", {"mode": "all"}, follow=True)
    assert "không nhập dòng nào" in response.content.decode()
    assert not Procedure.objects.exists() and not ImportBatch.objects.exists()


def test_import_all_when_clean(client, login, units, good_csv):
    login("truongphong.vh")
    _upload(client, good_csv, units["QLVH"], decision_number="12/QĐ-UBND", decision_date="15/01/2026")
    assert 'value="all"' in client.get("/thu-tuc/nhap/xem-truoc/").content.decode()
    response = _confirm(client, mode="all")
    batch = ImportBatch.objects.get()
    assert response.url == f"/thu-tuc/nhap/{batch.pk}/"
    assert batch.imported_count == 2 and str(batch.decision) == "12/QĐ-UBND (15/01/2026)"
    karaoke = Procedure.objects.get(code="1.100001")
    assert (
        karaoke.unit == units["QLVH"] and karaoke.online_level == "toan_trinh" and karaoke.working_days == 5
    )
    assert Procedure.objects.get(code="1.100002").level == "xa"
    assert ProcedureVersion.objects.filter(decision=batch.decision).count() == 2


def test_valid_only_keeps_rejected_rows_then_fix_and_reimport(client, login, units, bad_csv):
    login("truongphong.vh")
    _upload(client, bad_csv, units["QLVH"])
    _confirm(client, mode="valid")
    batch = ImportBatch.objects.get()
    assert batch.imported_count == 1 and list(Procedure.objects.values_list("code", flat=True)) == [
        "1.100001"
    ]
    rows = list(RejectedRow.objects.order_by("row_number"))
    assert [r.row_number for r in rows] == [3, 4]
    assert any("nửa vời" in reason for reason in rows[1].reasons)
    assert rows[1].raw["ten_tthc"] == "Công nhận làng văn hóa"
    # Still wrong: the reasons are shown again and nothing is written.
    # Columns in the order of the file (PostgreSQL's jsonb does not keep the key order of ``raw``).
    form = {f"c{i}": rows[1].raw[h] for i, h in enumerate(batch.headers)}
    response = client.post(f"/thu-tuc/nhap/dong/{rows[1].pk}/", {**form, "c5": "mức 5"})
    assert "không hợp lệ" in response.content.decode() and Procedure.objects.count() == 1
    # Fixed: imported into the same batch.
    response = client.post(f"/thu-tuc/nhap/dong/{rows[1].pk}/", {**form, "c5": "một phần"})
    assert response.status_code == 302
    rows[1].refresh_from_db()
    batch.refresh_from_db()
    assert rows[1].fixed_at is not None and batch.imported_count == 2
    assert Procedure.objects.get(code="1.100003").online_level == "mot_phan"


def test_upload_validation_messages(client, login, units, tmp_path, settings):
    settings.MAX_UPLOAD_MB = 1
    login("truongphong.vh")
    cases = [
        ("a.pdf", b"%PDF-1.4", "Chỉ nhận tệp .csv hoặc .xlsx (tệp đã chọn: “a.pdf”)."),
        ("a.xlsx", b"ma_tthc,ten_tthc\n", "không phải tệp Excel (.xlsx) hợp lệ"),
        (
            "a.csv",
            b"ma_tthc,ten_tthc\n1.1,T\x90n\n",
            "Tệp “a.csv” dòng 2: có ký tự không đọc được (byte 0x90)",
        ),
        ("a.csv", b"ma\x00\x01", "nhị phân"),
        ("a.csv", b"", "Tệp “a.csv” rỗng."),
        ("b.csv", b"ma_tthc\n" + b"1" * 1024 * 1024, "Tệp “b.csv” lớn hơn 1 MB."),
    ]
    for name, content, message in cases:
        response = client.post(
            "/thu-tuc/nhap/", {"file": SimpleUploadedFile(name, content), "unit": units["QLVH"].pk}
        )
        assert message in response.content.decode(), name


def test_unknown_table_shape_is_a_clear_error(client, login, units, tmp_path):
    login("truongphong.vh")
    path = tmp_path / "x.csv"
    path.write_text("cot_a,cot_b\n1,2\n", encoding="utf-8")
    _upload(client, path, units["QLVH"])
    response = client.get("/thu-tuc/nhap/xem-truoc/", follow=True)
    assert "Không nhận ra cấu trúc bảng" in response.content.decode()


def test_unit_cannot_overwrite_another_units_procedure(cast, units, good_csv):
    imports.import_file(good_csv, user=cast["truongphong.vh"], unit=units["QLVH"])
    analysis = imports.analyse(good_csv, user=cast["truongphong.dl"], unit=units["QLDL"])
    assert len(analysis.rejected) == 2 and "thuộc đơn vị khác" in analysis.rejected[0].reasons[0]


def test_shared_tables_import(cast, units, shared_dir):
    tables = shared_dir / "realdata" / "tables"
    unit = units["QLVH"]
    batch = imports.import_file(tables / "caobang_qd2031_2025_vhttdl.csv", user=None, unit=unit)
    assert batch.kind == "catalogue" and batch.imported_count == 10 and not batch.rejected_rows.exists()
    ninhbinh = tables / "ninhbinh_qd1498_2025_vhtt_danh_muc.csv"
    # TTHC 2.001641 is in both tables: changing it is the user's choice, never silent.
    with pytest.raises(imports.ImportRefused, match="1 dòng thay đổi"):
        imports.import_file(ninhbinh, user=None, unit=unit, valid_only=True)
    batch = imports.import_file(
        ninhbinh, user=None, unit=unit, valid_only=True, changes=imports.Changes.APPLY
    )
    assert batch.imported_count == 68 and batch.summary["counts"]["changed"] == 1
    assert batch.summary["counts"]["new"] == 67 and batch.summary["counts"]["name_conflicts"] == 0
    fees = imports.import_file(
        tables / "fees_tt110_2025_karaoke_vu_truong.csv", user=None, unit=unit, changes=imports.Changes.APPLY
    )
    assert fees.kind == "fee_rules"
    karaoke = Procedure.objects.get(code="1.001029")
    assert any(f["amount"] == 1_000_000 and f["cap"] == 6_000_000 for f in karaoke.fees)
    cases = imports.import_file(tables / "dongnai_qd2816_2025_cases.csv", user=None, unit=unit, year=2025)
    assert cases.imported_count == 5
    plan = SimplificationPlan.objects.get(procedure__code="1.001653", year=2025)
    # QĐ 2816/QĐ-UBND Đồng Nai: 16.000.000 → 9.600.000 đồng/năm, through the plan service.
    assert (plan.cost_before, plan.cost_after) == (16_000_000, 9_600_000)


def test_xlsx_import(cast, units, tmp_path):
    from openpyxl import Workbook

    wb = Workbook()
    ws = wb.active
    ws.append(["Mã TTHC", "Tên thủ tục hành chính", "Lĩnh vực", "Thời hạn giải quyết"])
    ws.append([1.00144, "Cấp phép quảng cáo", "Quảng cáo", "07 ngày làm việc"])
    path = tmp_path / "bang.xlsx"
    wb.save(path)
    batch = imports.import_file(path, user=None, unit=units["QLVH"])
    assert batch.imported_count == 1 and Procedure.objects.get().code == "1.001440"
