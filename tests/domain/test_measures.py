"""The registry of measured sources, without Django: periods, shares, keys, providers."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from cchc.domain.errors import UserError
from cchc.domain.measures import BadPeriod, Measurement, Registry, Source, UnknownSource, share, span


def _source(key: str, value: str = "1") -> Source:
    return Source(
        key=key,
        label="Thử",
        unit="%",
        measure=lambda scope, period: Measurement(Decimal(value), "%", period, "", f"test#{scope}"),
    )


@pytest.mark.parametrize(
    ("text", "start", "end"),
    [
        ("2026", date(2026, 1, 1), date(2026, 12, 31)),
        ("2026-Q1", date(2026, 1, 1), date(2026, 3, 31)),
        ("2026-q4", date(2026, 10, 1), date(2026, 12, 31)),
        ("2024-02", date(2024, 2, 1), date(2024, 2, 29)),
        ("2025-12-15..2026-03-14", date(2025, 12, 15), date(2026, 3, 14)),  # a legal reporting window
    ],
)
def test_span(text, start, end):
    assert (span(text).start, span(text).end) == (start, end)


@pytest.mark.parametrize(
    "text", ["", "2026-13", "2026-Q5", "2026-03-14..2026-03-01", "2026-02-30..2026-03-01"]
)
def test_bad_period_is_a_vietnamese_user_error(text):
    with pytest.raises(BadPeriod, match="không hợp lệ"):
        span(text)


def test_share_rounds_half_up_and_has_no_value_without_a_denominator():
    assert (
        share(1, 8) == Decimal("12.50")
        and share(1, 3) == Decimal("33.33")
        and share(2, 3) == Decimal("66.67")
    )
    assert share(1, 8, places=1) == Decimal("12.5") and share(0, 0) is None


def test_registry():
    registry = Registry()
    registry.register(_source("a.one"))
    registry.register_provider(lambda: [_source("b.two"), _source("a.one", "9")])  # registered ones win
    assert registry.keys() == ["a.one", "b.two"]
    m = registry.measure("a.one", "QLVH", "2026-Q1")
    assert (m.value, m.period, m.query_id) == (Decimal(1), "2026-Q1", "test#QLVH")
    with pytest.raises(UnknownSource):
        registry.measure("c.three", None, "2026")
    with pytest.raises(BadPeriod):
        registry.measure("a.one", None, "quý 1")
    with pytest.raises(ValueError, match="Two sources"):
        registry.register(_source("a.one", "2"))
    with pytest.raises(ValueError, match="Bad source key"):
        registry.register(_source("NoDot"))
    assert issubclass(UnknownSource, UserError)
    assert _source("a.one").citation("2026") == "Thử (2026)"
