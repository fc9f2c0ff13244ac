"""Financial autonomy of đơn vị sự nghiệp công lập (../shared/standards.md §9, NĐ 60/2021, NĐ 111/2025).

The four groups and the fund caps of the three bands of nhóm 3 are data (``data/finance_autonomy.toml``).
The self-financing share (mức tự bảo đảm chi thường xuyên, %) is entered as approved: the Điều 10 formula is
not held (§9 "Not found"). :func:`suggested_group` gives the group a share supports, :func:`band` the nhóm 3
band and its caps, :func:`check` whether a recorded group is consistent with its share.
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass
from decimal import Decimal
from functools import cache
from importlib import resources
from typing import Any

from ..errors import UserError

_DATA_FILE = "finance_autonomy.toml"


class AutonomyRulesError(UserError):
    """The autonomy rules file cannot be used (Vietnamese message)."""


@dataclass(frozen=True, slots=True)
class Group:
    number: int
    label: str
    min_share: Decimal
    needs_investment: bool = False


@dataclass(frozen=True, slots=True)
class Band:
    min_share: Decimal
    reward_welfare_months: Decimal
    income_fund_times: Decimal


@dataclass(frozen=True, slots=True)
class AutonomyRules:
    groups: dict[int, Group]
    bands: tuple[Band, ...]  # highest first


def _dec(value: Any, where: str) -> Decimal:
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise AutonomyRulesError(f"Tệp nhóm tự chủ tài chính: {where} phải là một số.")
    return Decimal(str(value))


def parse_rules(raw: dict[str, Any]) -> AutonomyRules:
    groups: dict[int, Group] = {}
    for key, item in (raw.get("groups") or {}).items():
        if not str(key).isdigit():
            raise AutonomyRulesError(f"Tệp nhóm tự chủ tài chính: nhóm “{key}” phải là một số.")
        n = int(key)
        groups[n] = Group(
            n,
            str(item.get("label", f"Nhóm {n}")),
            _dec(item.get("min_share"), f"nhóm {n} “min_share”"),
            bool(item.get("needs_investment", False)),
        )
    if sorted(groups) != [1, 2, 3, 4]:
        raise AutonomyRulesError(
            "Tệp nhóm tự chủ tài chính: cần đúng bốn nhóm 1, 2, 3, 4 (NĐ 60/2021 Điều 9)."
        )
    bands = tuple(
        sorted(
            (
                Band(
                    _dec(b.get("min_share"), "mức “min_share” của khoảng nhóm 3"),
                    _dec(b.get("reward_welfare_months"), "“reward_welfare_months”"),
                    _dec(b.get("income_fund_times"), "“income_fund_times”"),
                )
                for b in raw.get("group3_bands", [])
            ),
            key=lambda b: b.min_share,
            reverse=True,
        )
    )
    return AutonomyRules(groups, bands)


@cache
def load_rules() -> AutonomyRules:
    text = resources.files("cchc.domain.data").joinpath(_DATA_FILE).read_text(encoding="utf-8")
    return parse_rules(tomllib.loads(text))


def suggested_group(
    share: Decimal, *, self_finances_investment: bool = False, rules: AutonomyRules | None = None
) -> int:
    """The best group a self-financing share (%) supports: 1/2 at ≥ 100 % (1 with investment), 3, else 4."""
    rules = rules or load_rules()
    for n in (1, 2, 3):
        g = rules.groups[n]
        if share >= g.min_share and (self_finances_investment or not g.needs_investment):
            return n
    return 4


def band(share: Decimal, rules: AutonomyRules | None = None) -> Band | None:
    """The nhóm 3 band of a share (its fund caps), None outside nhóm 3's range."""
    rules = rules or load_rules()
    if share >= rules.groups[2].min_share:
        return None
    for b in rules.bands:
        if share >= b.min_share:
            return b
    return None


def check(
    group: int, share: Decimal, *, self_finances_investment: bool = False, rules: AutonomyRules | None = None
) -> str:
    """'' when a recorded group is consistent with its share; otherwise a Vietnamese sentence saying why not."""
    rules = rules or load_rules()
    if group not in rules.groups:
        return f"Nhóm tự chủ “{group}” không có; chọn nhóm 1, 2, 3 hoặc 4."
    best = suggested_group(share, self_finances_investment=self_finances_investment, rules=rules)
    if group >= best:
        return ""
    need = rules.groups[group]
    extra = " và tự bảo đảm chi đầu tư" if need.needs_investment else ""
    return (
        f"Nhóm {group} cần mức tự bảo đảm chi thường xuyên từ {need.min_share} %{extra}; "
        f"mức đã ghi ({share} %) chỉ đủ cho nhóm {best}."
    )


def estimated_share(revenue: Decimal | None, spending: Decimal | None) -> Decimal | None:
    """Nguồn thu sự nghiệp ÷ chi thường xuyên × 100 (%, two places) — an estimate shown beside the approved
    share: the Điều 10 formula is not held (§9 "Not found"), so the approved share, when entered, is the one
    that justifies the group. None without a positive spending."""
    if revenue is None or spending is None or spending <= 0:
        return None
    return (Decimal(100) * revenue / spending).quantize(Decimal("0.01"))


def meets_target(group: int | None, target: int | None) -> bool | None:
    """Whether a unit's group is at or above (more autonomous than) its target group: nhóm 1 is the most
    autonomous, so a smaller number is better. None when either is missing."""
    if group is None or target is None:
        return None
    return group <= target
