"""Procedure and unit codes stay text: "1.008" and "1.010" keep their trailing digits from CSV and from
XLSX cells typed as numbers."""

from __future__ import annotations

from pathlib import Path

from openpyxl import Workbook

from cchc.analytics.importer import import_file
from cchc.analytics.store import DossierStore

from .conftest import HEADER, write_csv

ROW = "{code},{proc},U,1,02/03/2026 08:00,05/03/2026 17:00,,0,0,,,,Không,Không,Không,Không"


def _procedures(store: DossierStore) -> dict[str, str]:
    return dict(store.con.execute("SELECT dossier_code, procedure_code FROM dossiers").fetchall())


def test_csv_procedure_codes_keep_trailing_zeros(store: DossierStore, tmp_path: Path) -> None:
    rows = [
        ROW.format(code="A", proc="1.008"),
        ROW.format(code="B", proc="1.010"),
        ROW.format(code="C", proc="2.000"),
    ]
    import_file(store, write_csv(tmp_path / "a.csv", rows), source="s")
    assert _procedures(store) == {"A": "1.008", "B": "1.010", "C": "2.000"}


def test_xlsx_numeric_procedure_cells_read_as_shown(store: DossierStore, tmp_path: Path) -> None:
    book = Workbook()
    sheet = book.active
    sheet.append(HEADER.split(","))
    for code, proc, fmt in (
        ("A", 1.008, "General"),
        ("B", 1.01, "0.000"),
        ("C", 2, "0.000"),
        ("D", "1.010", "@"),
    ):
        values = ROW.format(code=code, proc="P").split(",")
        sheet.append(values)
        cell = sheet.cell(row=sheet.max_row, column=2, value=proc)
        cell.number_format = fmt
    # a number field with a fixed-decimals format keeps its value (1,5 days, not "1.500" = 1500)
    sheet.cell(row=2, column=9, value=1.5).number_format = "0.000"
    path = tmp_path / "a.xlsx"
    book.save(path)
    import_file(store, path, source="s")
    assert _procedures(store) == {"A": "1.008", "B": "1.010", "C": "2.000", "D": "1.010"}
    days = store.con.execute("SELECT supplement_days FROM dossiers WHERE dossier_code = 'A'").fetchone()
    assert days is not None and float(days[0]) == 1.5


UNITS = frozenset({"U"})
PROCS = frozenset({"1.008", "P3"})
MIXED = [
    ROW.format(code="A", proc="1.008"),
    ROW.format(code="B", proc="9.999"),  # unknown procedure
    ROW.format(code="C", proc="1.008").replace(",U,", ",LA,"),  # unknown unit
    ROW.format(code="D", proc="9.999").replace(",U,", ",LA,"),  # both
]


def test_unknown_codes_are_counted_and_kept(store: DossierStore, tmp_path: Path) -> None:
    from cchc.analytics.importer import KnownCodes

    res = import_file(store, write_csv(tmp_path / "m.csv", MIXED), source="s", known=KnownCodes(UNITS, PROCS))
    assert (res.inserted, res.quarantined) == (4, 0)
    assert res.unknown_units == {"LA": 2} and res.unknown_procedures == {"9.999": 2}
    assert res.unknown_action == "keep"


def test_unknown_codes_quarantined_on_request(store: DossierStore, tmp_path: Path) -> None:
    from cchc.analytics.importer import KnownCodes, export_quarantine

    known = KnownCodes(UNITS, PROCS, action="quarantine")
    res = import_file(store, write_csv(tmp_path / "m.csv", MIXED), source="s", known=known)
    assert (res.inserted, res.quarantined) == (1, 3)
    assert res.unknown_units == {"LA": 2} and res.unknown_procedures == {"9.999": 2}
    reasons = dict(store.con.execute("SELECT dossier_code, reason FROM quarantine").fetchall())
    assert reasons["B"] == "Mã TTHC “9.999” không có trong danh mục thủ tục"
    assert reasons["C"] == "Mã đơn vị “LA” không có trong cơ cấu tổ chức"
    assert "LA" in reasons["D"] and "9.999" in reasons["D"]
    out = tmp_path / "q.csv"
    assert export_quarantine(store, out) == 3
    assert "LA" in out.read_text(encoding="utf-8")


def test_cli_import_reports_unknown_codes(tmp_path: Path, capsys) -> None:  # type: ignore[no-untyped-def]
    from cchc.cli import main

    path = tmp_path / "kho.duckdb"
    csv = write_csv(tmp_path / "m.csv", MIXED)
    args = [
        "dossiers",
        "--store",
        str(path),
        "import",
        str(csv),
        "--known-units",
        "U",
        "--known-procedures",
        "1.008,P3",
    ]
    assert main(args) == 0
    out = capsys.readouterr().out
    assert "mã đơn vị chưa xác định: 2 dòng (LA: 2)" in out
    assert "mã TTHC không có trong danh mục: 2 dòng (9.999: 2)" in out
    assert main([*args, "--unknown-codes", "quarantine"]) == 0
    assert "cách ly 3" in capsys.readouterr().out
