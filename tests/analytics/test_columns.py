"""An import never drops a column silently: the file's columns no field reads are listed with the job,
and those that look like a known field are flagged (issue 16's export: CoPhiLePhi as a 0/1 flag,
CoFileThanhPhan, NgayHoanThanhBoSung, TaiSuDungDuLieuSo, DungDuLieuDanCu, MucDoDVC)."""

from __future__ import annotations

from pathlib import Path

import pytest

from cchc.analytics.importer import import_file, result
from cchc.analytics.store import DossierStore
from cchc.domain.dossiers import looks_like, unused_columns

ISSUE_COLUMNS = [
    "CoPhiLePhi",
    "CoFileThanhPhan",
    "NgayHoanThanhBoSung",
    "TaiSuDungDuLieuSo",
    "DungDuLieuDanCu",
    "MucDoDVC",
]
UNMAPPED = [c for c in ISSUE_COLUMNS if c != "NgayHoanThanhBoSung"]
HEADER = [
    "MaHoSo",
    "MaTTHC",
    "MaDonVi",
    "KenhThucHien",
    "NgayTiepNhan",
    "NgayHenTra",
    "NgayKetThucXuLy",
    *ISSUE_COLUMNS,
    "GhiChu",
]
ROW = [
    "H1",
    "1.008",
    "U",
    "2",
    "02/03/2026 08:00",
    "05/03/2026 17:00",
    "04/03/2026 10:00",
    "1",
    "x",
    "04/03/2026 09:00",
    "Có",
    "TRUE",
    "4",
    "ghi chú",
]


def _file(tmp_path: Path) -> Path:
    path = tmp_path / "xuat.csv"
    path.write_text(",".join(HEADER) + "\n" + ",".join(ROW) + "\n", encoding="utf-8")
    return path


def test_issue_columns_are_listed_and_flagged(store: DossierStore, tmp_path: Path) -> None:
    res = import_file(store, _file(tmp_path), source="s")
    assert res.inserted == 1
    assert res.mapping["NgayHoanThanhBoSung"] == "supplement_done_at"  # a spelling of the national profile
    assert res.unused_columns == [*UNMAPPED, "GhiChu"]  # nothing ignored without being listed
    assert set(res.suspect_columns) == set(UNMAPPED)  # GhiChu (a note) looks like no field
    assert res.suspect_columns["CoPhiLePhi"] == "fee_amount"
    assert res.suspect_columns["MucDoDVC"] == "online_level"
    assert res.suspect_columns["DungDuLieuDanCu"] == "population_data"
    assert result(store, res.job_id) == res  # stored with the job


@pytest.mark.parametrize("header", ["Ghi chú", "Người nộp", "Số điện thoại", "Địa chỉ"])
def test_columns_unlike_any_field_are_listed_not_flagged(header: str) -> None:
    assert looks_like(header) is None
    assert unused_columns([header, "MaHoSo"], {"MaHoSo": "dossier_code"}) == ([header], {})


def test_cli_import_lists_unused_columns(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    from cchc.cli import main

    args = [
        "dossiers",
        "--store",
        str(tmp_path / "k.duckdb"),
        "import",
        str(_file(tmp_path)),
        "--known-units",
        "U",
    ]
    assert main(args) == 0
    out = capsys.readouterr().out
    assert "cột không dùng: " + ", ".join([*UNMAPPED, "GhiChu"]) in out
    assert "! cột “CoPhiLePhi” giống trường fee_amount nhưng chưa được ghép" in out


FEES = {
    "F1": "Có",
    "F2": "Không",
    "F3": "x",
    "F4": "TRUE",
    "F5": "1",
    "F6": "0",
    "F7": "16.000.000",
    "F8": "false",
}


def test_fee_column_as_flag_or_amount(store: DossierStore, tmp_path: Path) -> None:
    from cchc.domain.dossiers import FIELD_BY_NAME, _parse

    head = "MaHoSo,MaTTHC,MaDonVi,NgayTiepNhan,PhiLePhi"
    rows = [f"{code},P1,U,02/03/2026 08:00,{fee}" for code, fee in FEES.items()]
    path = tmp_path / "phi.csv"
    path.write_text("\n".join([head, *rows]) + "\n", encoding="utf-8")
    res = import_file(store, path, source="s")
    assert (res.inserted, res.quarantined) == (8, 0)
    got = {
        c: float(v) for c, v in store.con.execute("SELECT dossier_code, fee_amount FROM dossiers").fetchall()
    }
    expected = {"F1": 1, "F2": 0, "F3": 1, "F4": 1, "F5": 1, "F6": 0, "F7": 16_000_000, "F8": 0}
    assert got == expected
    spec = FIELD_BY_NAME["fee_amount"]
    assert {c: float(_parse(spec, v)) for c, v in FEES.items()} == expected  # the Python rule agrees
