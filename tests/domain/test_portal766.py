"""Reading the national portal's 766 scores (docs/examples/): layouts, spellings, Vietnamese numbers, and
clear refusals naming the row and the column."""

from __future__ import annotations

from pathlib import Path

import pytest

from cchc.domain.files import FileProblem
from cchc.domain.portal766 import PortalFileError, normalise_period, read_portal, sheets
from tests.portal_case import EXAMPLE_CSV, EXAMPLE_JSON


def _csv(tmp_path: Path, text: str, name: str = "cong.csv") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def test_the_example_csv_and_json_give_the_same_scores() -> None:
    from_csv, from_json = read_portal(EXAMPLE_CSV), read_portal(EXAMPLE_JSON)
    assert (from_csv.layout, from_json.layout) == ("dài", "JSON")
    assert from_csv.exported_on == from_json.exported_on
    assert from_csv.exported_on is not None and from_csv.exported_on.isoformat() == "2026-04-10"
    a, b = sheets(from_csv.rows), sheets(from_json.rows)
    assert (
        set(a) == set(b) == {(u, "2026-03") for u in ("LC-SVHTTDL-QLVH", "LC-SVHTTDL-QLDL", "LC-SVHTTDL-TV")}
    )
    for key in a:
        assert a[key].groups == b[key].groups
        assert a[key].dossiers == b[key].dossiers
        assert {i: r.score for i, r in a[key].indicators.items()} == {
            i: r.score for i, r in b[key].indicators.items()
        }
    vh = a[("LC-SVHTTDL-QLVH", "2026-03")]
    assert vh.indicators["2.1"].score == 16.67  # written "16,67"
    assert (vh.indicators["2.1"].numerator, vh.indicators["2.1"].denominator) == (10, 12)
    assert vh.dossiers == 12 and vh.total == 74.67


def test_wide_layout_with_group_names_endpoint_ids_and_indicator_columns(tmp_path: Path) -> None:
    text = (
        "STT;Tên đơn vị;Mã ĐV;Thời gian;Công khai, minh bạch;dvc-progress-tree;Chỉ số 2.1;ONLINE;Tổng điểm;Số hồ sơ tiếp nhận\n"
        "1;Sở A;H21.17;Quý I/2026;13,2;18,4;18,4;7,7;39,3;1.234\n"
    )
    got = read_portal(_csv(tmp_path, text))
    assert got.layout == "rộng"
    sheet = sheets(got.rows)[("H21.17", "2026-Q1")]
    assert sheet.groups == {"CKMB": 13.2, "TDGQ": 18.4, "ONLINE": 7.7}
    assert sheet.indicators["2.1"].score == 18.4 and sheet.total == 39.3
    assert sheet.dossiers == 1234  # "1.234": Vietnamese thousands


@pytest.mark.parametrize(
    ("text", "period"),
    [("03/2026", "2026-03"), ("Tháng 3/2026", "2026-03"), ("T3-2026", "2026-03"), ("2026-Q1", "2026-Q1"),
     ("Quý IV/2026", "2026-Q4"), ("Q2/2026", "2026-Q2"), ("Năm 2026", "2026"), ("2026", "2026"),
     ("01/01/2026 - 31/03/2026", "2026-01-01..2026-03-31")],
)  # fmt: skip
def test_period_spellings(text: str, period: str) -> None:
    assert normalise_period(text) == period


def test_the_period_chosen_at_import_fills_rows_without_one_and_must_agree(tmp_path: Path) -> None:
    path = _csv(tmp_path, 'Mã đơn vị,Chỉ số,Điểm\nX,2.1,"19,5"\n')
    assert read_portal(path, period="2026-03").rows[0].period == "2026-03"
    with pytest.raises(PortalFileError, match="không có kỳ"):
        read_portal(path)
    other = _csv(tmp_path, "Mã đơn vị,Kỳ,Chỉ số,Điểm\nX,04/2026,2.1,19\n", "b.csv")
    with pytest.raises(PortalFileError, match=r"dòng 2, cột “Kỳ”: kỳ 2026-04 khác kỳ đã chọn"):
        read_portal(other, period="03/2026")


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("Mã đơn vị,Kỳ,Chỉ số,Điểm\nX,03/2026,2.1,abc\n", r"dòng 2, cột “Điểm”: “abc” không phải là số"),
        ("Mã đơn vị,Kỳ,Chỉ số,Điểm\nX,03/2026,2.1,25\n", r"dòng 2, cột “Điểm”: giá trị 25 nằm ngoài khoảng 0 đến 20"),
        ("Mã đơn vị,Kỳ,Chỉ số,Điểm\nX,03/2026,9.9,1\n", r"dòng 2, cột “Chỉ số”: chỉ số “9.9” không có"),
        ("Mã đơn vị,Kỳ,Nhóm,Điểm\nX,03/2026,ABC,1\n", r"dòng 2, cột “Nhóm”: nhóm “ABC” không có"),
        ("Mã đơn vị,Kỳ,Nhóm,Chỉ số,Điểm\nX,03/2026,CKMB,2.1,1\n", r"chỉ số 2.1 thuộc nhóm TDGQ, không thuộc nhóm CKMB"),
        ("Mã đơn vị,Kỳ,Chỉ số,Điểm\nX,13/2026,2.1,1\n", r"dòng 2, cột “Kỳ”: kỳ “13/2026” không đọc được"),
        ("Mã đơn vị,Kỳ,Chỉ số,Điểm\nX,03/2026,2.1,1\nX,03/2026,2.1,2\n", r"dòng 3: chỉ số 2.1 của đơn vị X, kỳ 2026-03 đã có ở dòng 2"),
        ("Mã đơn vị,Kỳ,Chỉ số,Điểm\n,03/2026,2.1,1\n", r"dòng 2, cột “Mã đơn vị”: không có mã hoặc tên đơn vị"),
        ("Mã đơn vị,Kỳ,Điểm\nX,03/2026,1\n", r"không có cột “Nhóm” hoặc “Chỉ số”"),
        ("a,b,c\n1,2,3\n", r"không tìm thấy dòng tiêu đề"),
        ("Mã đơn vị,Kỳ,Chỉ số,Điểm\n", r"không có dòng điểm nào"),
        ("Mã đơn vị,Kỳ,Chỉ số,Điểm,Tổng số hồ sơ\nX,03/2026,2.1,1,10\nX,03/2026,5.4,1,11\n",
         r"dòng 3, cột “Tổng số hồ sơ”: số hồ sơ 11 khác số đã ghi cho cùng đơn vị và kỳ ở dòng 2 \(10\)"),
        ("Mã đơn vị,Kỳ,Nhóm,Chỉ số,Điểm\nX,03/2026,TDGQ,,20\nX,03/2026,TDGQ,2.1,18\n",
         r"điểm nhóm TDGQ \(20\) khác tổng điểm các chỉ số của nhóm \(18\)"),
        ("Mã đơn vị,Kỳ,CKMB,TDGQ\nX,03/2026,,\n", r"dòng 2: dòng không có điểm nào"),
    ],
)  # fmt: skip
def test_bad_tables_are_refused_naming_row_and_column(tmp_path: Path, text: str, message: str) -> None:
    with pytest.raises(PortalFileError, match=message):
        read_portal(_csv(tmp_path, text))


def test_bad_json_is_refused_naming_the_record(tmp_path: Path) -> None:
    path = tmp_path / "cong.json"
    path.write_text(
        '{"period": "03/2026", "dvc-progress-tree": {"data": [{"agencyCode": "X", "score": "mười"}]}}',
        encoding="utf-8",
    )
    with pytest.raises(
        PortalFileError, match=r"bản ghi dvc-progress-tree.data\[0\], cột “score”: “mười” không phải là số"
    ):
        read_portal(path)
    path.write_text('{"data": [{"ten": 1}]}', encoding="utf-8")
    with pytest.raises(PortalFileError, match="không có bản ghi điểm nào"):
        read_portal(path)
    path.write_text('{"data": [', encoding="utf-8")
    with pytest.raises(FileProblem, match="sai cú pháp"):
        read_portal(path)


def test_a_damaged_workbook_and_another_extension_are_refused(tmp_path: Path) -> None:
    bad = tmp_path / "cong.xlsx"
    bad.write_bytes(b"not a zip")
    with pytest.raises(FileProblem, match="không phải tệp Excel"):
        read_portal(bad)
    with pytest.raises(PortalFileError, match=r"chỉ nhận tệp .csv, .xlsx hoặc .json"):
        read_portal(_csv(tmp_path, "x", "cong.txt"))


def test_xlsx_reads_like_csv(tmp_path: Path) -> None:
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    sheet.append(["Bảng điểm 766"])
    sheet.append(["Mã đơn vị", "Tên đơn vị", "Kỳ", "Nhóm", "Chỉ số", "Điểm"])
    sheet.append(["X", "Sở X", "03/2026", "TDGQ", "2.1", 18.4])
    sheet.append(["X", "Sở X", "03/2026", "MDHL", "", "13,2"])
    book.save(tmp_path / "cong.xlsx")
    got = sheets(read_portal(tmp_path / "cong.xlsx").rows)[("X", "2026-03")]
    assert got.indicators["2.1"].score == 18.4 and got.groups == {"MDHL": 13.2}


@pytest.mark.parametrize("extension", [".csv", ".xlsx", ".json"])
def test_every_malformed_file_gets_a_clear_vietnamese_refusal(tmp_path: Path, extension: str) -> None:
    """tests/malformed.py's cases, read by the portal reader itself (the form checks them first): each is
    refused with a UserError in Vietnamese, never a library's exception or text."""
    from cchc.domain.errors import UserError
    from tests.malformed import looks_technical, malformed_files

    for case in malformed_files(extension, limit_mb=1):
        path = tmp_path / case.filename
        path.write_bytes(case.data)
        with pytest.raises(UserError) as refused:
            read_portal(path)
        message = str(refused.value)
        assert case.filename in message and not looks_technical(message), (case.name, message)
