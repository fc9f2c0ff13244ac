"""A province's XLSX criteria table: written and read back unchanged; a bad sheet names the sheet row."""

from __future__ import annotations

from pathlib import Path

import pytest

from cchc.domain.assessment.criteria import CriteriaError, load_sample
from cchc.domain.assessment.table import load_table, read_table, write_table
from cchc.domain.cells import workbook


def test_sample_round_trips_through_xlsx(tmp_path: Path) -> None:
    sample = load_sample()
    path = tmp_path / "bo.xlsx"
    write_table(sample, path)
    back, table = load_table(path)
    assert back.fields == sample.fields
    assert back.header() == sample.header()
    assert table.ignored == []


def _sheet(path: Path, rows: list[list[object]]) -> None:
    book = workbook(path)
    sheet = book.add_worksheet()
    for r, row in enumerate(rows):
        for c, value in enumerate(row):
            if value is not None:
                sheet.write(r, c, value)
    book.close()


def test_province_table_with_other_spellings_and_a_bad_row(tmp_path: Path) -> None:
    path = tmp_path / "tinh.xlsx"
    _sheet(path, [
        ["BỘ TIÊU CHÍ XÁC ĐỊNH CHỈ SỐ CCHC"],
        ["Phiên bản", "QĐ 123/QĐ-UBND"],
        [],
        ["STT", "Tiêu chí", "Điểm chuẩn", "Phương pháp chấm", "Mức điểm", "Cột lạ"],
        ["1", "Chỉ đạo điều hành", 3, None, None, "?"],
        ["1.1", "Kế hoạch", 1, "Có/Không", None, None],
        ["1.2", "Đúng hạn", 2, "Tỷ lệ", "100:2; 80:abc", None],
    ])  # fmt: skip
    table = read_table(path)
    assert table.header == {"version": "QĐ 123/QĐ-UBND", "sample": False}
    assert table.ignored == ["Cột lạ"] and table.row_numbers == [5, 6, 7]
    with pytest.raises(CriteriaError) as info:
        load_table(path, defaults={"code": "t", "name": "T", "scale": 3, "survey_max": 0})
    [problem] = info.value.problems
    assert (problem.row, problem.code, problem.field) == (7, "1.2", "bands")
    assert "Dòng 7 (mã 1.2), cột “Mức điểm”: “abc” không phải là số" in str(info.value)


def test_sheet_without_a_header_row(tmp_path: Path) -> None:
    path = tmp_path / "x.xlsx"
    _sheet(path, [["a", "b"], ["1", "2"]])
    with pytest.raises(CriteriaError, match="không tìm thấy dòng tiêu đề"):
        read_table(path)
