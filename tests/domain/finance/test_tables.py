"""Reading the finance registers from a table: every row a record or a rejected row with its reasons."""

from __future__ import annotations

from decimal import Decimal

from cchc.domain.finance import tables


def _profile(kind):
    return next(p for p in tables.PROFILES if p.kind == kind)


def test_asset_rows_by_label_or_code_and_reasons():
    headers = [
        "Đơn vị",
        "Mã tài sản",
        "Tên tài sản",
        "Loại tài sản",
        "Nguyên giá",
        "Hiện trạng",
        "Tiến độ xử lý",
        "Cột lạ",
    ]
    rows = [
        (2, ["QLVH", "X1", "Xe", "Xe ô tô", "1.000.000", "dôi dư", "Đang xử lý", ""]),
        (3, ["QLVH", "X2", "Xe", "tàu bay", "abc", "", "da_xu_ly", ""]),
        (4, ["QLVH", "X1", "Xe", "xe", "1", "", "", ""]),
    ]
    result = tables.parse_rows(headers, rows, _profile("asset"))
    assert [r.row_number for r in result.records] == [2]
    rec = result.records[0].values
    assert (rec["kind"], rec["status"], rec["progress"], rec["value"]) == (
        "xe",
        "doi_du",
        "dang_xu_ly",
        Decimal(1000000),
    )
    reasons = {r.row_number: r.reasons for r in result.rejected}
    assert any("Loại tài sản không hợp lệ" in x for x in reasons[3])
    assert any("Nguyên giá không hợp lệ" in x for x in reasons[3])
    assert any("chưa ghi hình thức xử lý" in x for x in reasons[3])
    assert reasons[4] == ("Trùng với dòng 2",)
    assert result.warnings == ["Các cột không dùng: Cột lạ"]


def test_autonomy_row_checks_the_group_against_the_share():
    headers = ["Đơn vị", "Năm", "Nhóm tự chủ", "Nguồn thu sự nghiệp", "Chi thường xuyên"]
    rows = [
        (2, ["BT", "2026", "Nhóm 3", "300", "1000"]),
        (3, ["TV", "2026", "2", "300", "1000"]),
        (4, ["", "20x", "", "", ""]),
    ]
    result = tables.parse_rows(headers, rows, _profile("autonomy"))
    assert [r.values["group"] for r in result.records] == [3]
    reasons = {r.row_number: r.reasons for r in result.rejected}
    assert "chỉ đủ cho nhóm 3" in reasons[3][0]
    assert set(reasons[4]) >= {"Thiếu đơn vị", "Năm không hợp lệ: “20x”", "Thiếu nhóm tự chủ"}


def test_disclosure_row_needs_its_proof():
    headers = ["Đơn vị", "Năm", "Nghĩa vụ", "Kỳ", "Ngày công khai", "Hình thức công khai"]
    rows = [(2, ["VP", "2026", "thuc_hien_ky", "Quý I", "10/04/2026", "niem_yet"])]
    result = tables.parse_rows(headers, rows, _profile("disclosure"))
    assert result.rejected[0].reasons == (
        "Có ngày công khai nhưng thiếu minh chứng (đường dẫn hoặc số, ký hiệu văn bản)",
    )
