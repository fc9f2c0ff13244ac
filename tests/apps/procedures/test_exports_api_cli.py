"""Exports read back (openpyxl, python-docx, LibreOffice when installed), API payloads, CLI import."""

from __future__ import annotations

import io
import shutil
import subprocess
from decimal import Decimal
from pathlib import Path

import pytest
from docx import Document
from openpyxl import load_workbook

from cchc.apps.procedures.models import ImportBatch, Procedure, RejectedRow
from cchc.cli import main

pytestmark = pytest.mark.django_db


def test_catalogue_xlsx_export_reads_back(client, login, catalogue):
    login("vanphong")
    response = client.get("/thu-tuc/xuat-danh-muc.xlsx?internal=1")
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    sheet = load_workbook(io.BytesIO(response.content)).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][:2] == ("Mã số TTHC", "Tên thủ tục hành chính") or rows[0][0].startswith("Mã")
    assert {r[0] for r in rows[1:]} == {"NB.LC.01", "NB.LC.02", "NB.LC.03", "NB.LC.04"}
    assert rows[1][6] == 20 and rows[1][5] == "20 ngày làm việc"  # working days stay numbers


def test_plans_xlsx_export_reads_back(client, login, catalogue):
    login("vanphong")
    sheet = load_workbook(io.BytesIO(client.get("/thu-tuc/phuong-an.xlsx?nam=2026").content)).active
    values = [list(r) for r in sheet.iter_rows(values_only=True)]
    karaoke = next(r for r in values if "1.009301" in r)
    # 5 → 3 days, 40 hồ sơ/năm: 64.000.000 → 38.400.000 đồng/năm.
    assert 64_000_000 in karaoke and 38_400_000 in karaoke


def test_plans_docx_export_reads_back_and_converts(client, login, catalogue, tmp_path: Path):
    login("vanphong")
    response = client.get("/thu-tuc/phuong-an.docx?nam=2026")
    path = tmp_path / "phuong-an.docx"
    path.write_bytes(response.content)
    document = Document(str(path))
    text = "\n".join(p.text for p in document.paragraphs)
    cells = {c.text for t in document.tables for row in t.rows for c in row.cells}
    assert "Năm 2026" in text and "1.009301" in cells
    assert "(05 ngày làm việc = 40 giờ x 40.000 đồng/giờ) x 40 hồ sơ/năm = 64.000.000 đồng/năm." in text
    soffice = shutil.which("soffice") or "/usr/bin/soffice"
    if not Path(soffice).exists():
        pytest.skip("LibreOffice (soffice) không có trên máy này")
    run = subprocess.run(
        [soffice, "--headless", f"-env:UserInstallation=file://{tmp_path}/lo", "--convert-to", "pdf",
         "--outdir", str(tmp_path), str(path)],
        capture_output=True, timeout=120, check=False,
    )  # fmt: skip
    pdf = tmp_path / "phuong-an.pdf"
    assert run.returncode == 0 and pdf.exists() and pdf.read_bytes().startswith(b"%PDF"), run.stderr


def test_api_detail_and_portfolio(client, login, catalogue):
    login("vanphong")
    detail = client.get(f"/api/procedures/procedures/{catalogue['1.009301'].pk}").json()
    assert detail["time_limit"] == "05 ngày làm việc" and detail["versions"][0]["action"] == "add"
    portfolio = client.get("/api/procedures/portfolio?year=2026").json()
    checks = {c["key"]: c for c in portfolio["checks"]}
    assert (
        Decimal(str(checks["time_cut"]["actual"])) == Decimal("32.72")
        and checks["time_cut"]["colour"] == "green"
    )
    filtered = client.get("/api/procedures/procedures?internal=1").json()
    assert {p["code"] for p in filtered} == {"NB.LC.01", "NB.LC.02", "NB.LC.03", "NB.LC.04"}


def test_cli_import_all_or_nothing_then_valid_only(units, bad_csv, good_csv, capsys):
    assert main(["procedures", "import", str(bad_csv), "--unit", units["QLVH"].code]) == 1
    assert "không nhập dòng nào" in capsys.readouterr().out and not Procedure.objects.exists()
    assert main(["procedures", "import", str(bad_csv), "--unit", "QLVHGĐ", "--valid-only"]) == 1
    out = capsys.readouterr().out
    assert "Đã nhập 1 dòng" in out and "Giữ lại dòng 3" in out and RejectedRow.objects.count() == 2
    code = main(["procedures", "import", str(good_csv), "--unit", "QLVHGĐ", "--decision", "5/QĐ-UBND", "--decision-date", "02/03/2026"])  # fmt: skip
    assert code == 0 and ImportBatch.objects.latest("id").decision.signed_on.isoformat() == "2026-03-02"


def test_cli_errors(units, good_csv, capsys):
    assert main(["procedures", "import", str(good_csv), "--unit", "KHONGCO"]) == 2
    assert "Không tìm thấy đơn vị" in capsys.readouterr().err
    assert main(["procedures", "import", str(good_csv), "--decision", "5/QĐ-UBND"]) == 2
    assert (
        main(["procedures", "import", str(good_csv), "--decision", "5/QĐ", "--decision-date", "31/02/2026"])
        == 2
    )


def test_cli_sync_targets_without_links(db, capsys):
    assert main(["sources", "sync-targets", "--source", "procedures."]) == 0
    assert "Chưa có chỉ tiêu" in capsys.readouterr().out
