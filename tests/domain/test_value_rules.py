"""Numbers and flags of dossier values are read by one rule in two engines: the Python of
cchc.domain.dossiers (forms, small files) and the SQL of cchc.analytics.normalise (every import). Both
are built from the same constants (NUMBER_NOISE, VN_NUMBER, COMMA_DECIMAL, DECIMAL_SQL, INTEGER_SQL,
TRUE_WORDS, FALSE_WORDS); this one table of cases runs through Python, the SQL full rule and the SQL
fast path, and each must give the value written here (None: refused)."""

from __future__ import annotations

from decimal import Decimal

import duckdb
import pytest

from cchc.analytics.normalise import lit, value_expr
from cchc.domain.dossiers import FIELD_BY_NAME, ValueProblem, _parse

D = Decimal
# (field, text, value): fee_amount is kind "fee", supplement_days "number", supplement_count "int",
# channel "channel", synced "bool", paid_online "paid".
CASES: list[tuple[str, str, object]] = [
    ("supplement_days", "16.000.000", D(16_000_000)),
    ("supplement_days", "1.234,5", D("1234.5")),
    ("supplement_days", "2,5", D("2.5")),
    ("supplement_days", "1500.5", D("1500.5")),
    ("supplement_days", "50.000 đồng", D(50_000)),
    ("supplement_days", "5 VNĐ", D(5)),
    ("supplement_days", "5đ", D(5)),
    ("supplement_days", "1 000", D(1000)),
    ("supplement_days", "-5", D(-5)),
    ("supplement_days", "+5", D(5)),
    ("supplement_days", "007", D(7)),
    ("supplement_days", "1e3", D(1000)),
    ("supplement_days", "4.199999999999999", D("4.20")),  # the store keeps 2 decimals
    ("supplement_days", "4.1850", D("4.19")),  # half away from zero
    ("supplement_days", "-4.1850", D("-4.19")),
    ("supplement_days", "4.185", D(4185)),  # three digits after one dot: Vietnamese thousands
    ("supplement_days", "9999999999999999.99", D("9999999999999999.99")),
    ("supplement_days", "99999999999999999", None),  # beyond DECIMAL(18,2)
    ("supplement_days", "NaN", None),
    ("supplement_days", "inf", None),
    ("supplement_days", "0x10", None),
    ("supplement_days", "abc", None),
    ("supplement_days", "1,000,000", None),
    ("fee_amount", "16.000.000", D(16_000_000)),
    ("fee_amount", "0", D(0)),
    ("fee_amount", "Có", D(1)),
    ("fee_amount", "không", D(0)),
    ("fee_amount", "x", D(1)),
    ("fee_amount", "TRUE", D(1)),
    ("fee_amount", "False", D(0)),
    ("fee_amount", "Có lẽ", None),
    ("supplement_count", "3", 3),
    ("supplement_count", "3,0", 3),
    ("supplement_count", "2,5", None),
    ("supplement_count", "2147483647", 2147483647),
    ("supplement_count", "2147483648", None),  # beyond INTEGER
    ("supplement_count", "inf", None),
    ("channel", "2", 2),
    ("channel", "2.00", 2),
    ("channel", "9", None),
    ("channel", "2,5", None),
    ("channel", "1.4", None),
    ("synced", "Có", True),
    ("synced", "CÓ", True),
    ("synced", "co\u0301", True),  # decomposed accents (NFD) read as composed
    ("synced", "Đúng", True),
    ("synced", "Đã", True),
    ("synced", "yes", True),
    ("synced", "Y", True),
    ("synced", "1", True),
    ("synced", "KHÔNG", False),
    ("synced", "Khong", False),
    ("synced", "chưa", False),
    ("synced", "n", False),
    ("synced", "0", False),
    ("synced", "-0", None),
    ("synced", "Có lẽ", None),
    ("synced", "2", None),
    ("paid_online", "2", 2),
    ("paid_online", "0", 0),
    ("paid_online", "Có", 1),
    ("paid_online", "không", 0),
    ("paid_online", "-0", None),
    ("paid_online", "3", None),
]


def _python(field: str, text: str) -> object:
    try:
        return _parse(FIELD_BY_NAME[field], text)
    except ValueProblem:
        return None


def _sql(field: str, text: str, *, fast: bool) -> object:
    row = duckdb.execute(f"SELECT {value_expr(FIELD_BY_NAME[field], lit(text), fast=fast)}").fetchone()
    assert row is not None
    return row[0]


@pytest.mark.parametrize(("field", "text", "value"), CASES)
def test_python_and_sql_read_each_value_alike(field: str, text: str, value: object) -> None:
    assert _python(field, text) == value
    assert _sql(field, text, fast=False) == value
    assert _sql(field, text, fast=True) == value


def test_the_table_covers_every_number_and_flag_kind() -> None:
    kinds = {FIELD_BY_NAME[f].kind for f, _, _ in CASES}
    assert kinds == {"number", "fee", "int", "channel", "bool", "paid"}
