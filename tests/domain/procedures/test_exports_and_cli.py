"""DOCX/XLSX exports read back with python-docx / openpyxl, and the `cchc procedures` CLI."""

from __future__ import annotations

import json
from decimal import Decimal
from pathlib import Path

import pytest
from docx import Document
from docx.enum.section import WD_ORIENT
from openpyxl import load_workbook

from cchc.cli import main
from cchc.domain.procedures.catalogue import OnlineLevel, Procedure
from cchc.domain.procedures.costs import DONG_NAI_2024, SimplifiedCostInput
from cchc.domain.procedures.exports import write_catalogue_xlsx, write_plans_docx, write_plans_xlsx
from cchc.domain.procedures.fees import TT110_2025_RULES
from cchc.domain.procedures.plans import SimplificationPlan
from cchc.domain.procedures.time_limits import parse_time_limit

D = Decimal


def _plans() -> list[SimplificationPlan]:
    return [
        SimplificationPlan(
            "1.001653", "Đổi, cấp lại Giấy xác nhận khuyết tật", time_before=D(5), time_after=D(3),
            cost_before=16_000_000, cost_after=9_600_000, content="Giảm thời gian giải quyết",
            basis_before=SimplifiedCostInput(D(5), D(10)), basis_after=SimplifiedCostInput(D(3), D(10)),
            income=DONG_NAI_2024,
        ),
        SimplificationPlan(
            "1.004082", "Xác nhận Hợp đồng tiếp cận nguồn gen và chia sẻ lợi ích", abolished=True,
            time_before=D(45), cost_before=18_509_608, content="Bãi bỏ thủ tục hành chính",
        ),
    ]  # fmt: skip


def test_plan_docx_is_landscape_times_new_roman_with_the_figures(tmp_path: Path) -> None:
    path = write_plans_docx(_plans(), tmp_path / "phuong_an.docx", subtitle="(Kèm theo Quyết định số ...)")
    document = Document(str(path))
    section = document.sections[0]
    assert section.orientation == WD_ORIENT.LANDSCAPE and section.page_width > section.page_height
    assert document.styles["Normal"].font.name == "Times New Roman"
    assert document.styles["Normal"].font.size.pt == 13
    rows = [[c.text for c in row.cells] for row in document.tables[0].rows]
    assert rows[0][1] == "Mã số TTHC"
    assert rows[1][1:] == ["1.001653", "Đổi, cấp lại Giấy xác nhận khuyết tật", "05", "03", "40%", "16.000.000", "9.600.000", "6.400.000", "40%"]  # fmt: skip
    assert rows[2][6:] == ["18.509.608", "0", "18.509.608", "100%"]
    body = "\n".join(p.text for p in document.paragraphs)
    assert "(05 ngày làm việc = 40 giờ x 40.000 đồng/giờ) x 10 hồ sơ/năm = 16.000.000 đồng/năm." in body
    assert "- Chi phí tuân thủ TTHC sau khi đơn giản hóa: 0 đồng/năm." in body


def test_plan_xlsx_has_numbers_with_thousands_format_and_a_total(tmp_path: Path) -> None:
    path = write_plans_xlsx(_plans(), tmp_path / "phuong_an.xlsx")
    sheet = load_workbook(path).active
    assert sheet.cell(2, 7).value == "Chi phí tuân thủ trước (đồng/năm)"
    assert [sheet.cell(3, c).value for c in (2, 4, 5, 7, 8, 9)] == [
        "1.001653",
        5,
        3,
        16_000_000,
        9_600_000,
        6_400_000,
    ]
    assert sheet.cell(3, 7).number_format == "#,##0"
    assert sheet.cell(3, 10).value == pytest.approx(0.4) and sheet.cell(3, 10).number_format == "0%"
    assert sheet.cell(5, 3).value == "Tổng cộng"
    assert [sheet.cell(5, c).value for c in (7, 8, 9)] == [34_509_608, 9_600_000, 24_909_608]


def test_catalogue_xlsx(tmp_path: Path) -> None:
    procedure = Procedure(
        "1.001029", "Thủ tục cấp Giấy phép đủ điều kiện kinh doanh dịch vụ karaoke", field="Văn hóa cơ sở",
        time_limit=parse_time_limit("05 ngày làm việc, kể từ ngày nhận đủ hồ sơ hợp lệ"),
        fees=(TT110_2025_RULES[0],), online_level=OnlineLevel.PARTIAL,
    )  # fmt: skip
    sheet = load_workbook(write_catalogue_xlsx([procedure], tmp_path / "dm.xlsx")).active
    assert sheet.cell(1, 1).value == "Mã TTHC"
    assert [sheet.cell(2, c).value for c in (1, 7, 9)] == ["1.001029", 5, "một phần"]
    assert "6.000.000 đồng" in sheet.cell(2, 8).value


def test_cli_cost_on_the_dong_nai_table(shared_dir: Path, capsys: pytest.CaptureFixture[str]) -> None:
    table = shared_dir / "realdata/tables/dongnai_qd2816_2025_cases.csv"
    assert main(["procedures", "cost", str(table)]) == 0
    out = capsys.readouterr().out
    assert "1.001653" in out and "16.000.000" in out and "40%" in out and "192.000.000" in out
    assert main(["procedures", "cost", str(table), "--json"]) == 0
    payload = json.loads(capsys.readouterr().out)
    assert [p["percent"] for p in payload["procedures"]] == [10, 8, 10, 40, 10]
    assert payload["total"]["saving"] == 22_400_000
    assert main(["procedures", "cost", str(table), "--json", "--hourly-income", "50000"]) == 0
    assert json.loads(capsys.readouterr().out)["procedures"][3]["cost_before"] == 20_000_000


def test_cli_parse_reports_rejected_rows(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "dm.csv"
    path.write_text("ma_tthc,ten_tthc\n1.001653,Tốt\nxyz,Xấu\n", encoding="utf-8")
    assert main(["procedures", "parse", str(path), "--json"]) == 1
    payload = json.loads(capsys.readouterr().out)
    assert payload["valid"] == 1 and payload["rejected"][0]["row"] == 3
    assert main(["procedures", "parse", str(tmp_path / "none.csv")]) == 2
    assert "Lỗi: Không tìm thấy tệp" in capsys.readouterr().err
