"""Autonomy groups of NĐ 60/2021 and nhóm 3 bands of NĐ 111/2025, from the data file."""

from __future__ import annotations

from decimal import Decimal

import pytest

from cchc.domain.finance import autonomy as a


def test_four_groups() -> None:
    rules = a.load_rules()
    assert sorted(rules.groups) == [1, 2, 3, 4]
    assert rules.groups[1].needs_investment and not rules.groups[2].needs_investment


@pytest.mark.parametrize(
    ("share", "invest", "group"),
    [
        ("120", True, 1),
        ("100", True, 1),
        ("100", False, 2),
        ("99.99", True, 3),
        ("10", False, 3),
        ("9.9", False, 4),
        ("0", False, 4),
    ],
)
def test_suggested_group(share: str, invest: bool, group: int) -> None:
    assert a.suggested_group(Decimal(share), self_finances_investment=invest) == group


@pytest.mark.parametrize(
    ("share", "months"),
    [
        ("99", "2.5"),
        ("70", "2.5"),
        ("69.9", "2"),
        ("30", "2"),
        ("29.9", "1.5"),
        ("10", "1.5"),
        ("9", None),
        ("100", None),
    ],
)
def test_group3_bands(share: str, months: str | None) -> None:
    b = a.band(Decimal(share))
    assert (b.reward_welfare_months if b else None) == (Decimal(months) if months else None)


def test_check_names_an_unsupported_group() -> None:
    assert a.check(2, Decimal(100)) == ""
    assert a.check(3, Decimal(100)) == ""  # placing lower than the share allows is not an error
    msg = a.check(1, Decimal(100))
    assert "Nhóm 1" in msg and "nhóm 2" in msg
    assert "nhóm 3" in a.check(2, Decimal(50))
    assert "không có" in a.check(5, Decimal(50))


def test_bad_rules() -> None:
    with pytest.raises(a.AutonomyRulesError, match="bốn nhóm"):
        a.parse_rules({"groups": {"1": {"min_share": 100}}})
    with pytest.raises(a.AutonomyRulesError, match="một số"):
        a.parse_rules({"groups": {str(n): {"min_share": "x"} for n in range(1, 5)}})
