"""The dossier reader refuses what could hurt the server or lose rows, in Vietnamese naming the cause:
zip bomb, lying <dimension> tag, undecodable bytes, NUL bytes, deep JSON, DuckDB's own CSV errors."""

from __future__ import annotations

import codecs
from pathlib import Path

import pytest

from cchc.analytics.importer import import_file
from cchc.analytics.readers import ReadError
from cchc.analytics.store import DossierStore
from cchc.domain.errors import UserError
from tests.malformed import (
    DIMENSION_ROWS,
    deep_json,
    looks_technical,
    lying_dimension_xlsx,
    xlsx_bytes,
    zip_bomb_xlsx,
)

from .conftest import HEADER, ROWS


def _refusal(store: DossierStore, path: Path) -> str:
    with pytest.raises(UserError) as exc:
        import_file(store, path)
    message = str(exc.value)
    assert not looks_technical(message), message
    assert store.count() == 0
    return message


def test_a_zip_bomb_is_refused_from_its_directory_before_inflating(
    store: DossierStore, tmp_path: Path
) -> None:
    path = tmp_path / "bom.xlsx"
    path.write_bytes(zip_bomb_xlsx())
    assert "bom nén" in _refusal(store, path)


def test_a_workbook_with_a_lying_dimension_tag_is_read_to_its_last_row(
    store: DossierStore, tmp_path: Path
) -> None:
    header = ["MaHoSo", "MaTTHC", "MaDonVi", "KenhThucHien", "NgayTiepNhan"]
    rows = [header, *([f"X{i}", "1.001", "U", 1, "02/03/2026"] for i in range(1, DIMENSION_ROWS + 1))]
    path = tmp_path / "kich-thuoc.xlsx"
    path.write_bytes(lying_dimension_xlsx(rows))
    assert b'<dimension ref="A1:E1"' in __import__("zipfile").ZipFile(path).read("xl/worksheets/sheet1.xml")
    assert import_file(store, path).inserted == DIMENSION_ROWS
    assert store.count() == DIMENSION_ROWS


def test_a_renamed_file_gets_a_vietnamese_message_not_the_zip_library_text(
    store: DossierStore, tmp_path: Path
) -> None:
    path = tmp_path / "doi-duoi.xlsx"
    path.write_text("MaHoSo\nX1\n", encoding="utf-8")
    message = _refusal(store, path)
    assert "không phải tệp Excel (.xlsx) hợp lệ" in message and "doi-duoi.xlsx" in message


def test_an_undecodable_byte_is_refused_naming_its_line(store: DossierStore, tmp_path: Path) -> None:
    path = tmp_path / "ma.csv"
    path.write_bytes(
        (HEADER + "\n" + ROWS[0] + "\n").encode("utf-8").replace(b"\xc3\xb3", b"\x90")
    )  # "ó" → 0x90
    message = _refusal(store, path)
    assert "dòng 2" in message and "0x90" in message and "UTF-8" in message


def test_a_late_undecodable_byte_in_a_utf8_file_names_its_line(store: DossierStore, tmp_path: Path) -> None:
    # Over 1 MB of valid UTF-8 first: DuckDB reads the file directly and fails only at row 20 002
    rows = [ROWS[2].replace("C,", f"C{i},", 1) for i in range(20_000)] + [
        "Z,P1,U,1,02/03/2026,,,0,0,,,,Zó,,,"
    ]
    path = tmp_path / "muon.csv"
    path.write_bytes(("\n".join([HEADER, *rows]) + "\n").encode("utf-8").replace(b"Z\xc3\xb3", b"Z\xf3"))
    assert path.stat().st_size > 1 << 20
    message = _refusal(store, path)
    assert "dòng 20002" in message and "0xF3" in message and "UTF-8" in message, message


def test_a_broken_character_in_a_small_utf8_file_is_refused_not_read_as_cp1258(
    store: DossierStore, tmp_path: Path
) -> None:
    rows = [*ROWS[:3], "Z,P1,U,1,02/03/2026,,,0,0,,,,Zó,,,"]
    path = tmp_path / "hong.csv"
    path.write_bytes(("\n".join([HEADER, *rows]) + "\n").encode("utf-8").replace(b"Z\xc3\xb3", b"Z\xf3"))
    assert "dòng 5" in _refusal(store, path)


def test_nul_bytes_are_refused_naming_the_line(store: DossierStore, tmp_path: Path) -> None:
    path = tmp_path / "nul.csv"
    path.write_bytes(
        (HEADER + "\n" + ROWS[0] + "\n" + ROWS[1] + "\n").encode("utf-8").replace(b"B,P2", b"B\x00,P2")
    )
    message = _refusal(store, path)
    assert "NUL" in message and "dòng 3" in message


def test_utf16_without_bom_is_read(store: DossierStore, tmp_path: Path) -> None:
    rows = [r.replace(",U,", ",Sở Văn hóa,") for r in ROWS[:3]]
    path = tmp_path / "u16.csv"
    path.write_bytes(("\n".join([HEADER, *rows]) + "\n").encode("utf-16-le"))
    assert not path.read_bytes().startswith(codecs.BOM_UTF16_LE)
    assert import_file(store, path).inserted == 3


def test_deeply_nested_json_is_refused_without_recursion_error(store: DossierStore, tmp_path: Path) -> None:
    path = tmp_path / "sau.json"
    path.write_bytes(deep_json())
    assert "lồng nhau quá sâu" in _refusal(store, path)


def test_broken_json_names_the_line(store: DossierStore, tmp_path: Path) -> None:
    path = tmp_path / "hong.json"
    path.write_text('[{"MaHoSo": "X1"},\n {"MaHoSo": }]', encoding="utf-8")
    assert "sai cú pháp ở dòng 2" in _refusal(store, path)


def test_duckdb_csv_errors_become_vietnamese(store: DossierStore, tmp_path: Path) -> None:
    path = tmp_path / "dai.csv"
    path.write_bytes(HEADER.encode() + b'\nA,P1,U,1,02/03/2026,,,0,0,,"' + b"x" * (3 << 20) + b'",,,,,\n')
    message = _refusal(store, path)
    assert "sai cấu trúc" in message and "dai.csv" in message


def test_a_workbook_that_is_not_a_workbook_inside_is_refused(store: DossierStore, tmp_path: Path) -> None:
    import io
    import zipfile

    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as z:
        z.writestr("hello.txt", "not a workbook")
    path = tmp_path / "zip.xlsx"
    path.write_bytes(buf.getvalue())
    assert "bị hỏng hoặc sai định dạng" in _refusal(store, path)
    assert xlsx_bytes([["a"]])[:2] == b"PK"
    assert issubclass(ReadError, UserError)
