"""Dossier value rules in Python, and the SQL normaliser agreeing with them."""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal

import duckdb
import pytest

from cchc.analytics.normalise import lit, value_expr
from cchc.domain.dossiers import (
    FIELD_BY_NAME,
    ValueProblem,
    map_headers,
    missing_required,
    parse_bool,
    parse_datetime,
    parse_number,
    parse_status,
    validate_row,
)


def test_vietnamese_dates_and_offsets() -> None:
    assert parse_datetime("05/03/2026") == datetime(2026, 3, 5)
    assert parse_datetime("5/3/2026 8:05") == datetime(2026, 3, 5, 8, 5)
    assert parse_datetime("05/03/2026 08:05:09") == datetime(2026, 3, 5, 8, 5, 9)
    assert parse_datetime("2026-03-05T01:00:00Z") == datetime(2026, 3, 5, 8, 0)
    with pytest.raises(ValueProblem, match="dd/mm/yyyy"):
        parse_datetime("31/02/2026")


def test_vietnamese_numbers_and_booleans() -> None:
    assert parse_number("16.000.000") == Decimal(16_000_000)
    assert parse_number("2,5") == Decimal("2.5")
    assert parse_number("50.000 đ") == Decimal(50_000)
    assert parse_number("1500.5") == Decimal("1500.5")
    assert parse_bool("Có") and parse_bool("x") and not parse_bool("Không") and not parse_bool("0")
    with pytest.raises(ValueProblem, match="Có/Không"):
        parse_bool("Có lẽ")


def test_status_phrases() -> None:
    assert parse_status("Đã trả kết quả") == "returned"
    assert parse_status("ĐÃ XỬ LÝ XONG") == "done"
    assert parse_status("Yêu cầu bổ sung hồ sơ") == "supplement"
    assert parse_status("Công dân rút hồ sơ") == "stopped"


def test_row_validation_collects_vietnamese_errors() -> None:
    rec, errors = validate_row({"dossier_code": "H1", "received_at": "02/03/2026", "due_at": "01/03/2026"})
    assert rec is None
    assert "Thiếu Mã TTHC" in errors and "Thiếu Mã đơn vị" in errors
    assert "Ngày hẹn trả trước Ngày tiếp nhận" in errors
    rec, errors = validate_row(
        {"dossier_code": "H1", "procedure_code": "1.001", "unit_code": "U", "received_at": "02/03/2026 08:00",
         "due_at": "05/03/2026", "channel": "2", "fee_amount": "16.000.000", "paid_online": "Có"}
    )  # fmt: skip
    assert errors == [] and rec is not None
    assert rec.due_at == datetime(2026, 3, 5, 23, 59, 59)  # a bare-date deadline ends at the end of the day
    assert rec.paid_online == 1 and rec.fee_amount == Decimal(16_000_000)


def test_header_profiles_map_national_and_one_stop_shop_names() -> None:
    profile, mapping = map_headers(
        ["MaHoSo", "MaTTHC", "MaDonVi", "NgayTiepNhan", "NgayHenTra", "KenhThucHien"]
    )
    assert profile == "national" and mapping["NgayHenTra"] == "due_at" and missing_required(mapping) == []
    profile, mapping = map_headers(["Mã hồ sơ", "MÃ TTHC", "Don vi", "ngay_tiep_nhan"])
    assert profile == "mot_cua" and set(mapping.values()) >= {"dossier_code", "procedure_code", "unit_code"}


@pytest.mark.parametrize(
    ("field", "text"),
    [
        ("received_at", "5/3/2026 8:05"), ("received_at", "2026-03-05 08:05:00"), ("received_at", "31/02/2026"),
        ("received_at", "2026-03-05T01:00:00Z"), ("fee_amount", "16.000.000"), ("fee_amount", "2,5"),
        ("fee_amount", "abc"), ("attachments_digitised", "Có"), ("attachments_digitised", "không"),
        ("attachments_digitised", "Có lẽ"), ("channel", "2"), ("channel", "9"), ("paid_online", "Có"),
        ("paid_online", "2"), ("status", "Đã trả kết quả"), ("supplement_count", "1"),
    ],
)  # fmt: skip
def test_sql_normaliser_agrees_with_python(field: str, text: str) -> None:
    spec = FIELD_BY_NAME[field]
    sql_value = duckdb.execute(f"SELECT {value_expr(spec, lit(text))}").fetchone()[0]  # type: ignore[index]
    rec, errors = validate_row({"dossier_code": "H", "procedure_code": "P", "unit_code": "U",
                                "received_at": "01/01/2026", field: text})  # fmt: skip
    py_value = getattr(rec, field) if rec else None
    if isinstance(sql_value, Decimal) or isinstance(py_value, Decimal):
        sql_value = None if sql_value is None else Decimal(sql_value)
    assert sql_value == py_value, (errors, sql_value, py_value)


TRICKY = [
    "0", "7", "-5", "+5", "007", "1e3", "1_000", "16.000", "16.000.000", "2,5", "1.4", "4.199999999999999",
    "99999999999", "99999999999999999999", "-0", "0x10", "5 đ", "Có", "có", "CÓ", "Không", "KHÔNG", "không",
    "x", "X", "Yes", "Có lẽ", "1", "2", "3", "9", "05/03/2026 08:05:00", "5/3/2026 8:05:00", "5/3/2026 8:05",
    "31/02/2026 10:00:00", "2026-03-05T01:00:00Z", "2026-03-05 08:05:00", "05/03/2026", "2026-03-05",
]  # fmt: skip


@pytest.mark.parametrize(
    "field",
    ["received_at", "fee_amount", "supplement_days", "supplement_count", "rating", "channel", "synced",
     "paid_online"],
)  # fmt: skip
def test_fast_paths_of_the_sql_normaliser_equal_the_full_rule(field: str) -> None:
    spec = FIELD_BY_NAME[field]
    values = ", ".join(f"({lit(t)})" for t in TRICKY)
    fast, full = value_expr(spec, "v"), value_expr(spec, "v", fast=False)
    rows = duckdb.execute(f"SELECT v, {fast}, {full} FROM (VALUES {values}) AS t(v)").fetchall()
    assert [(v, a) for v, a, _ in rows] == [(v, b) for v, _, b in rows]
