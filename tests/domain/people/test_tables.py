"""Staff and attendance tables: every row either a record or a rejected row with its reasons."""

from __future__ import annotations

from datetime import date

import pytest

from cchc.domain.people import tables as t
from tests.malformed import xlsx_bytes

HEADERS = ["STT", "Mã cán bộ", "Họ và tên", "Đơn vị", "Chức vụ", "Ngạch", "Vị trí việc làm", "Ngày sinh", "Số CCCD", "Ghi chú"]  # fmt: skip
ROWS = [
    [
        1,
        "CB001",
        "Trần Mạnh Hùng",
        "VP",
        "Chánh Văn phòng",
        "Chuyên viên chính",
        "Quản lý văn phòng",
        "05/04/1980",
        "012345678901",
        "",
    ],
    [2, "CB002", "Lò Thị Mai", "QLVH", "", "Chuyên viên", "Quản lý văn hóa", "1990-12-31", "", "mới"],
    [3, "", "Không Có Mã", "VP", "", "", "", "", "", ""],
    [4, "CB004", "Nguyễn", "VP", "", "", "", "31/02/1990", "12345", ""],
    [5, "CB001", "Trần Văn Trùng", "VP", "", "", "", "", "", ""],
    [6, "CB006", "Đỗ An", "", "", "", "", "", "", ""],
]


def write(tmp_path, headers, rows, name="can_bo.xlsx"):
    path = tmp_path / name
    path.write_bytes(xlsx_bytes([headers, *rows]))
    return path


def test_staff_rows_and_rejections_lose_nothing(tmp_path):
    result = t.parse(write(tmp_path, HEADERS, ROWS))
    assert result.kind == "staff"
    assert [r.code for r in result.records] == ["CB001", "CB002"]
    first = result.records[0]
    assert (first.family_name, first.given_name, first.unit, first.rank, first.job_position) == (
        "Trần",
        "Mạnh Hùng",
        "VP",
        "Chuyên viên chính",
        "Quản lý văn phòng",
    )
    assert first.birth_date == date(1980, 4, 5) and first.id_number == "012345678901"
    assert result.records[1].birth_date == date(1990, 12, 31)
    assert result.records[1].raw["Ghi chú"] == "mới"  # the row as printed travels with the record
    rejected = {r.row_number: r.reasons for r in result.rejected}
    assert set(rejected) == {4, 5, 6, 7}  # header is row 1
    assert rejected[4] == ("Thiếu mã cán bộ",)
    assert any("Thiếu họ và tên" in x for x in rejected[5])
    assert any("Ngày sinh không hợp lệ" in x for x in rejected[5])
    assert any("CCCD" in x for x in rejected[5])
    assert rejected[6] == ("Trùng với dòng 2",)
    assert rejected[7] == ("Thiếu đơn vị",)
    assert result.total_rows == len(ROWS)
    # the raw cells of a rejected row are kept as printed, to fix and re-import
    assert result.rejected[0].raw["Họ và tên"] == "Không Có Mã"
    assert "Ghi chú" in result.unmapped_headers and "STT" in result.unmapped_headers


def test_separate_family_and_given_columns(tmp_path):
    path = write(
        tmp_path,
        ["Mã CBCCVC", "Họ", "Đệm và tên", "Phòng", "Loại"],
        [["A1", "Giàng", "A Páo", "VP", "Viên chức"]],
    )
    (row,) = t.parse(path).records
    assert (row.family_name, row.given_name, row.staff_kind) == ("Giàng", "A Páo", "vien_chuc")
    bad = t.parse(write(tmp_path, ["Mã cán bộ", "Họ và tên", "Đơn vị", "Loại"], [["A2", "Vàng Thị Dua", "VP", "thực tập"]], "b.xlsx"))  # fmt: skip
    assert "Loại cán bộ không hợp lệ" in bad.rejected[0].reasons[0]


def test_attendance_table(tmp_path):
    path = write(
        tmp_path,
        ["Mã cán bộ", "Mã khóa học", "Ngày hoàn thành", "Số chứng nhận"],
        [
            ["CB001", "BDHVS-2026", "15/03/2026", "VNeID-1"],
            ["CB002", "BDHVS-2026", "", ""],
            ["CB003", "BDHVS-2026", "", "X"],
        ],
        "hoc.xlsx",
    )
    result = t.parse(path)
    assert result.kind == "attendance"
    assert [(r.code, r.completed_on, r.certificate) for r in result.records] == [
        ("CB001", date(2026, 3, 15), "VNeID-1"),
        ("CB002", None, ""),
    ]
    assert result.rejected[0].row_number == 4 and "thiếu ngày hoàn thành" in result.rejected[0].reasons[0]


def test_unknown_table_is_refused_with_a_sentence(tmp_path):
    with pytest.raises(t.TableError, match="Không nhận ra cấu trúc bảng"):
        t.parse(write(tmp_path, ["A", "B"], [["1", "2"]]))
    with pytest.raises(t.TableError):
        t.parse(write(tmp_path, HEADERS, ROWS), kind="attendance")


def test_split_full_name():
    assert t.split_full_name("  Trần  Mạnh Hùng ") == ("Trần", "Mạnh Hùng")
    assert t.split_full_name("") == ("", "")
