"""Vietnamese number parsing and formatting (pure values, no shared data)."""

from __future__ import annotations

from decimal import Decimal

import pytest

from cchc.domain.numbers import (
    NumberFormatError,
    format_number,
    format_percent,
    format_vnd,
    parse_decimal,
    parse_int,
    parse_money,
    parse_percent,
    percent_of,
    round_half_up,
    round_vnd,
    split_number_unit,
)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("16.000.000", Decimal(16000000)),
        ("1.000", Decimal(1000)),
        ("30,5", Decimal("30.5")),
        ("1.234.567,89", Decimal("1234567.89")),
        ("1,234,567.89", Decimal("1234567.89")),
        ("16,000,000", Decimal(16000000)),
        ("30.5", Decimal("30.5")),
        ("03", Decimal(3)),
        (" 6.000.000 đồng ", Decimal(6000000)),
        ("40.000đ", Decimal(40000)),
        ("500.000 VNĐ", Decimal(500000)),
        ("40 %", Decimal(40)),
        ("40%", Decimal(40)),
        ("1 000 000", Decimal(1000000)),
        ("1\u00a0000\u00a0000", Decimal(1000000)),
        ("−5", Decimal(-5)),
        ("-2,5", Decimal("-2.5")),
        (18509608, Decimal(18509608)),
        (0.1, Decimal("0.1")),
    ],
)
def test_parse_decimal_reads_vietnamese_and_english_layouts(text: str, expected: Decimal) -> None:
    assert parse_decimal(text) == expected


def test_single_comma_is_a_decimal_comma_even_before_three_digits() -> None:
    # Vietnamese convention: "1,500" is one and a half, not fifteen hundred.
    assert parse_decimal("1,500") == Decimal("1.5")


@pytest.mark.parametrize("text", ["", "abc", "1.2.3", "1,2,3", ".5", "đồng", "1.000,00,0", "True"])
def test_parse_decimal_rejects_non_numbers_with_a_vietnamese_message(text: str) -> None:
    with pytest.raises(NumberFormatError, match="Không đọc được số"):
        parse_decimal(text)


def test_parse_decimal_rejects_bool() -> None:
    with pytest.raises(NumberFormatError):
        parse_decimal(True)  # type: ignore[arg-type]


def test_parse_int_and_money() -> None:
    assert parse_int("03") == 3
    assert parse_int("16.000.000") == 16000000
    with pytest.raises(NumberFormatError, match="số nguyên"):
        parse_int("2,5")
    assert parse_money("18.509.608 đồng") == 18509608
    assert parse_money("0,5") == 1  # half a đồng rounds up


def test_parse_percent_returns_percent_units() -> None:
    assert parse_percent("30,5 %") == Decimal("30.5")


def test_split_number_unit() -> None:
    assert split_number_unit("03 ngày") == (Decimal(3), "ngày")
    assert split_number_unit("1.000.000 đồng/phòng") == (Decimal(1000000), "đồng/phòng")
    assert split_number_unit("0,5 ngày làm việc") == (Decimal("0.5"), "ngày làm việc")
    with pytest.raises(NumberFormatError):
        split_number_unit("Trong ngày")


def test_rounding_is_half_up_not_bankers() -> None:
    assert round_half_up(Decimal("2.345"), 2) == Decimal("2.35")
    assert round_half_up(Decimal("0.5")) == Decimal(1)
    assert round_vnd(Decimal("2.5")) == 3  # Python's round() would give 2
    assert round_vnd(Decimal("-2.5")) == -3


def test_percent_of() -> None:
    assert percent_of(6400000, 16000000) == Decimal("40.00")
    assert percent_of(1, 3) == Decimal("33.33")
    assert percent_of(2, 3, places=0) == Decimal(67)
    assert percent_of(5, 0) is None


def test_format_number_and_vnd() -> None:
    assert format_vnd(16000000) == "16.000.000"
    assert format_vnd(0) == "0"
    assert format_vnd(999) == "999"
    assert format_vnd(18509608, unit="đồng") == "18.509.608 đồng"
    assert format_vnd(-3200000) == "-3.200.000"
    assert format_number(Decimal("30.5"), 2) == "30,50"
    assert format_number(Decimal("1234567.891"), 2) == "1.234.567,89"
    assert format_number(Decimal("30.50"), 2, strip_zeros=True) == "30,5"


def test_format_percent_prints_like_the_decisions() -> None:
    assert format_percent(Decimal("40.00")) == "40%"
    assert format_percent(Decimal(8)) == "8%"
    assert format_percent(Decimal("33.333")) == "33,33%"
    assert format_percent(Decimal(40), space=True) == "40 %"
    assert format_percent(None) == "—"


@pytest.mark.parametrize("amount", [0, 7, 1000, 40000, 16000000, 18509608, 1234567890])
def test_format_then_parse_round_trips(amount: int) -> None:
    assert parse_money(format_vnd(amount)) == amount
