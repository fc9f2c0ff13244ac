"""Import parsing on hand-made tables (tmp files, no shared data): header variants, XLSX input,
per-row rejections with row number, raw values and Vietnamese reasons; the full SCM form."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest
import xlsxwriter

from cchc.domain.procedures.catalogue import OnlineLevel
from cchc.domain.procedures.costs import HourlyIncome
from cchc.domain.procedures.full_cost_table import parse_full_cost
from cchc.domain.procedures.importers import parse_catalogue, parse_table
from cchc.domain.procedures.plans import evaluate_plan, plan_from_full_cost
from cchc.domain.procedures.tables import TableError


def _csv(tmp_path: Path, text: str, name: str = "t.csv") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8-sig")
    return path


def test_vietnamese_headers_in_any_case_and_spacing_are_mapped(tmp_path: Path) -> None:
    path = _csv(
        tmp_path,
        "STT;MÃ SỐ TTHC;Tên  thủ tục hành chính;Cấp thực hiện;Thời hạn giải quyết;Mức độ DVCTT;Phí, lệ phí\n"
        "1;1.001653.H42;Đổi, cấp lại Giấy xác nhận khuyết tật;Cấp xã;05 ngày làm việc;Toàn trình;Không\n",
    )
    result = parse_catalogue(path)
    assert result.ok and len(result.records) == 1
    procedure = result.records[0].procedure
    assert (procedure.code, procedure.online_level) == ("1.001653", OnlineLevel.FULL)
    assert procedure.time_limit is not None and procedure.time_limit.value == 5


def test_bad_rows_are_rejected_with_row_number_raw_values_and_reasons(tmp_path: Path) -> None:
    path = _csv(
        tmp_path,
        "ma_tthc,ten_tthc,thoi_han_giai_quyet,thoi_han_ngay_lam_viec,muc_do_dvctt,cap\n"
        "1.001653,Thủ tục tốt,03 ngày làm việc,3,một phần,Cấp tỉnh\n"
        "abc,,5 tuần,x,mức 4,Cấp huyện cũ\n"
        "1.001654,Thủ tục lệch,03 ngày làm việc,4,,\n",
    )
    result = parse_catalogue(path)
    assert not result.ok
    assert [r.row_number for r in result.rejected] == [3, 4]
    bad = result.rejected[0]
    assert bad.raw["ma_tthc"] == "abc"
    text = " | ".join(bad.reasons)
    for expected in ("Mã TTHC không hợp lệ", "Thiếu tên thủ tục", "Không rõ đơn vị thời hạn", "Mức độ dịch vụ công", "Cấp thực hiện không hợp lệ"):  # fmt: skip
        assert expected in text
    assert "không khớp thời hạn" in result.rejected[1].reasons[0]
    assert len(result.records) == 1  # valid rows are still returned; the caller decides


def test_xlsx_catalogue_with_numeric_cells(tmp_path: Path) -> None:
    path = tmp_path / "danh_muc.xlsx"
    workbook = xlsxwriter.Workbook(str(path))
    sheet = workbook.add_worksheet()
    sheet.write_row(0, 0, ["Mã TTHC", "Tên TTHC", "Lĩnh vực", "Thời hạn (ngày làm việc)"])
    sheet.write_row(1, 0, [1.00144, "Cấp thẻ hướng dẫn viên du lịch tại điểm", "Du lịch", 3])
    workbook.close()
    result = parse_table(path)
    assert result.ok
    procedure = result.records[0].procedure
    assert procedure.code == "1.001440"
    assert procedure.time_limit is not None and procedure.time_limit.working_days() == 3


def test_unknown_shape_and_missing_file_raise_table_errors(tmp_path: Path) -> None:
    with pytest.raises(TableError, match="Không nhận ra cấu trúc"):
        parse_table(_csv(tmp_path, "a,b\n1,2\n"))
    with pytest.raises(TableError, match="Không tìm thấy tệp"):
        parse_table(tmp_path / "none.csv")
    with pytest.raises(TableError, match="không hỗ trợ"):
        parse_table(_csv(tmp_path, "x", "t.pdf"))


FULL = (
    "ma_tthc,ten_tthc,phuong_an,cong_viec,loai_cong_viec,so_gio,so_lan,chi_phi_thue_ngoai,chi_phi_di_lai,"
    "phi_le_phi,so_lan_thuc_hien_per_nam,so_doi_tuong_per_nam\n"
    "1.001029,Cấp GP karaoke,trước,Chuẩn bị hồ sơ,chuẩn bị hồ sơ,4,1,20.000,,6.000.000,1,100\n"
    "1.001029,Cấp GP karaoke,trước,Đi nộp hồ sơ,đi lại,2,2,,50.000,,,\n"
    "1.001029,Cấp GP karaoke,sau,Chuẩn bị hồ sơ,chuẩn bị hồ sơ,3,1,,,6.000.000,1,100\n"
    "1.001029,Cấp GP karaoke,sau,Nộp trực tuyến,nộp hồ sơ,0.5,1,,,,,\n"
    "1.000963,Điều chỉnh GP,trước,Chuẩn bị hồ sơ,,2,1,,,500.000,1,10\n"
)


def test_full_form_table_gives_before_and_after_costs(tmp_path: Path) -> None:
    result = parse_full_cost(_csv(tmp_path, FULL))
    assert [r.row_number for r in result.rejected] == [6]  # 1.000963 has no "sau" phase
    assert "thiếu phương án 'sau'" in result.rejected[0].reasons[0]
    case = result.records[0]
    plan = plan_from_full_cost(case, HourlyIncome(40_000))
    # before: (4 + 2×2) h × 40.000 + 20.000 + 2 × 50.000 + 6.000.000 = 6.440.000 × 100
    # after: 3,5 h × 40.000 + 6.000.000 = 6.140.000 × 100
    assert (plan.cost_before, plan.cost_after) == (644_000_000, 614_000_000)
    assert evaluate_plan(plan).cost.percent == Decimal("4.66")
    assert parse_table(_csv(tmp_path, FULL, "again.csv")).kind == "full_cost"
