"""Gap analysis: where points are lost, which evidence is missing, and what would win the most back.

For each scored entry: the points lost (its counted maximum less its points), the points *at risk* (points
claimed while evidence the council asks for is missing and nothing explains why — the council scores them
0), the missing evidence by name, the next step (the nearest band above the value, with how many more cases
would reach it when the measured counts are known) and the levers passed in (open tasks and targets linked
to the entry, with their due dates). Entries are ranked by the points that could be won back (lost + at
risk), most first; ties by the next step's gain, then by code.
"""

from __future__ import annotations

import math
from collections.abc import Collection, Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from cchc.domain.numbers import format_number

from .criteria import CriteriaSet, Item, code_key
from .scoring import ZERO, SetScore, band_points


@dataclass(frozen=True, slots=True)
class Counts:
    """A measured value's counts (a share = numerator / denominator), when the source gives them."""

    value: Decimal | None
    numerator: int | None = None
    denominator: int | None = None


@dataclass(frozen=True, slots=True)
class Lever:
    """Something open that would move an entry: a task or a target, with its due date and page."""

    label: str
    due: date | None = None
    url: str = ""


@dataclass(frozen=True, slots=True)
class Step:
    text: str  # Vietnamese: what to reach
    gain: Decimal  # points it would win
    cases: int | None = None  # how many more (or fewer) cases, when the counts are known


@dataclass(frozen=True, slots=True)
class Gap:
    code: str
    name: str
    field_code: str
    max_points: Decimal
    points: Decimal | None
    lost: Decimal
    at_risk: Decimal
    missing_evidence: tuple[str, ...]
    step: Step | None
    levers: tuple[Lever, ...]

    @property
    def recoverable(self) -> Decimal:
        return self.lost + self.at_risk


def _n(value: Decimal) -> str:
    return format_number(value, 2, strip_zeros=True)


def next_step(item: Item, points: Decimal | None, counts: Counts | None) -> Step | None:
    """The nearest improvement that earns points, or None when nothing more can be earned."""
    rule = item.rule
    if points is None:
        return Step("Chưa chấm điểm: nhập giá trị hoặc chọn “Không phát sinh”", item.max_points)
    if points >= item.max_points:
        return None
    if rule.kind == "yes_no":
        return Step("Đạt yêu cầu của tiêu chí (hiện là “Không”)", item.max_points - points)
    if rule.kind == "manual":
        return Step("Hoàn thiện nội dung để được chấm đủ điểm", item.max_points - points)
    value = counts.value if counts is not None else None
    if rule.kind == "deduction":
        return Step(
            f"Mỗi lần vi phạm tránh được thêm {_n(rule.per)} điểm", min(rule.per, item.max_points - points), 1
        )
    if value is None:
        return None
    # the nearest band that earns more than now (bands are best first, so walk from the worst end)
    better = [b for b in reversed(rule.bands) if b.points > points]
    if not better:
        return None
    band = better[0]
    gain = band.points - points
    pct = "%" if rule.kind == "ratio" else ""
    sign = "≤" if rule.lower_is_better else "≥"
    text = f"Đạt {sign} {_n(band.threshold)}{pct} (hiện {_n(value)}{pct})"
    cases = None
    if rule.kind == "count":
        cases = int(abs(band.threshold - value))
    elif counts is not None and counts.numerator is not None and counts.denominator:
        den, num = counts.denominator, counts.numerator
        if rule.lower_is_better:
            allowed = math.floor(band.threshold * den / 100)
            cases = max(num - allowed, 0)
            text += f": bớt {cases} trường hợp trên {den}"
        else:
            needed = math.ceil(band.threshold * den / 100)
            cases = max(needed - num, 0)
            text += f": thêm {cases} trường hợp đạt trên {den}"
    assert band_points(item, band.threshold) == band.points
    return Step(text, gain, cases)


def gaps(
    cset: CriteriaSet,
    score: SetScore,
    *,
    evidence: Mapping[str, Collection[str]] | None = None,
    explained: Collection[str] = (),
    counts: Mapping[str, Counts] | None = None,
    levers: Mapping[str, Sequence[Lever]] | None = None,
) -> list[Gap]:
    """Every entry that loses or risks points, ranked: most recoverable first.

    ``evidence``: entry code → the names of its required evidence that have a file attached;
    ``explained``: codes whose missing evidence is explained (not at risk); ``counts``: measured counts.
    """
    evidence = evidence or {}
    counts = counts or {}
    levers = levers or {}
    out = []
    for item in cset.items():
        s = score.item(item.code)
        have = set(evidence.get(item.code, ()))
        missing = tuple(e for e in item.evidence if e not in have) if not s.na else ()
        at_risk = (s.points or ZERO) if missing and item.code not in explained and not item.measured else ZERO
        lost = s.lost
        if lost <= 0 and at_risk <= 0 and not missing:
            continue
        out.append(
            Gap(
                code=item.code,
                name=item.name,
                field_code=item.field_code,
                max_points=item.max_points,
                points=s.points,
                lost=lost,
                at_risk=at_risk,
                missing_evidence=missing,
                step=next_step(item, s.points, counts.get(item.code)),
                levers=tuple(
                    sorted(levers.get(item.code, ()), key=lambda lv: (lv.due or date.max, lv.label))
                ),
            )
        )
    out.sort(key=lambda g: (-g.recoverable, -(g.step.gain if g.step else ZERO), code_key(g.code)))
    return out


def lost_by_field(cset: CriteriaSet, score: SetScore) -> list[tuple[str, str, Decimal]]:
    """(field code, name, points lost), most lost first."""
    rows = [(f.code, f.name, f.counted_max - f.points) for f in score.fields]
    return sorted(rows, key=lambda r: (-r[2], code_key(r[0])))
