"""Scoring a criteria set: each scored entry by its rule, totals per field, the index with the survey's share.

Rules (criteria.RULE_KINDS): *yes_no* — "Có" earns the maximum, "Không" the rule's ``no_points``; *ratio*
and *count* — the points of the best band the value reaches (≥ threshold, or ≤ when lower is better), 0
when it reaches none; *deduction* — the maximum less ``per`` for each occurrence, never below ``floor``;
*manual* — the points entered, between 0 and the maximum.

"Không phát sinh" (N/A) follows the entry's policy: *full* — counted as the maximum; *exclude* — left out
of both the points and the maximum, and the self-assessed part is converted back to its full scale
(points × self_max / counted maximum), as provinces do for criteria that do not apply to a sở; *none* —
refused.

Index = self-assessed points (converted) + the survey's points as published; without a survey the
result is the self-assessed points as a percentage of their (counted) maximum (standards.md §7).
Every figure is rounded half up to 2 decimals only where it is shown; sums use exact decimals.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from decimal import Decimal

from cchc.domain.errors import UserError
from cchc.domain.numbers import format_number, round_half_up

from .criteria import CriteriaSet, Item

ZERO = Decimal(0)


class ScoreError(UserError):
    """An answer that the entry's rule cannot score (Vietnamese message naming the entry)."""


@dataclass(frozen=True, slots=True)
class Answer:
    """What is known about one entry: a value for its rule, or "không phát sinh"."""

    value: Decimal | int | bool | None = (
        None  # ratio: %, count/deduction: a count, yes_no: bool, manual: points
    )
    na: bool = False


@dataclass(frozen=True, slots=True)
class ItemScore:
    code: str
    max_points: Decimal
    points: Decimal | None  # None: not answered yet
    counted_max: Decimal  # the maximum counted in totals (0 when excluded as N/A)
    na: bool = False

    @property
    def lost(self) -> Decimal:
        return self.counted_max - (self.points or ZERO)


@dataclass(frozen=True, slots=True)
class FieldScore:
    code: str
    name: str
    max_points: Decimal
    counted_max: Decimal
    points: Decimal
    unanswered: int
    items: tuple[ItemScore, ...]


@dataclass(frozen=True, slots=True)
class SetScore:
    fields: tuple[FieldScore, ...]
    points: Decimal  # self-assessed points, as scored
    counted_max: Decimal
    self_max: Decimal
    converted: (
        Decimal  # points on the self-assessed part's full scale (differs when N/A entries are excluded)
    )
    survey: Decimal | None
    index: Decimal | None  # converted + survey; None without a survey
    percent: Decimal  # index / scale, or without a survey converted / self_max, in %
    unanswered: int

    def item(self, code: str) -> ItemScore:
        for f in self.fields:
            for i in f.items:
                if i.code == code:
                    return i
        raise KeyError(code)

    def field(self, code: str) -> FieldScore:
        return next(f for f in self.fields if f.code == code)


def _n(value: Decimal) -> str:
    return format_number(value, 2, strip_zeros=True)


def _decimal(value: Decimal | int | bool, item: Item) -> Decimal:
    if isinstance(value, bool):
        raise ScoreError(f"Tiêu chí {item.code}: cần một số, không phải Có/Không.")
    return Decimal(value)


def band_points(item: Item, value: Decimal) -> Decimal:
    """The points of the best band ``value`` reaches (0 when none)."""
    rule = item.rule
    reached = [
        b.points
        for b in rule.bands
        if (value <= b.threshold if rule.lower_is_better else value >= b.threshold)
    ]
    return max(reached, default=ZERO)


def score_item(item: Item, answer: Answer | None) -> ItemScore:
    """One entry's points under its rule (see the module's docstring)."""
    if answer is not None and answer.na:
        if item.na == "full":
            return ItemScore(item.code, item.max_points, item.max_points, item.max_points, na=True)
        if item.na == "exclude":
            return ItemScore(item.code, item.max_points, ZERO, ZERO, na=True)
        raise ScoreError(f"Tiêu chí {item.code} không được chọn “Không phát sinh”.")
    if answer is None or answer.value is None:
        return ItemScore(item.code, item.max_points, None, item.max_points)
    rule, value = item.rule, answer.value
    if rule.kind == "yes_no":
        if not isinstance(value, bool):
            raise ScoreError(f"Tiêu chí {item.code}: chọn Có hoặc Không.")
        points = item.max_points if value else rule.no_points
    elif rule.kind in ("ratio", "count"):
        number = _decimal(value, item)
        if number < 0 or (rule.kind == "ratio" and number > 100):
            raise ScoreError(f"Tiêu chí {item.code}: tỷ lệ phải từ 0 đến 100%, đang là {_n(number)}.")
        if rule.kind == "count" and number != number.to_integral_value():
            raise ScoreError(f"Tiêu chí {item.code}: số lượng phải là số nguyên, đang là {_n(number)}.")
        points = band_points(item, number)
    elif rule.kind == "deduction":
        number = _decimal(value, item)
        if number < 0 or number != number.to_integral_value():
            raise ScoreError(
                f"Tiêu chí {item.code}: số lần phải là số nguyên không âm, đang là {_n(number)}."
            )
        points = max(rule.floor, item.max_points - rule.per * number)
    else:  # manual
        number = _decimal(value, item)
        if number < 0 or number > item.max_points:
            raise ScoreError(
                f"Tiêu chí {item.code}: điểm phải từ 0 đến {_n(item.max_points)}, đang là {_n(number)}."
            )
        points = number
    return ItemScore(item.code, item.max_points, points, item.max_points)


def score_set(cset: CriteriaSet, answers: Mapping[str, Answer], *, survey: Decimal | None = None) -> SetScore:
    """Every entry scored, totals per field, and the index (with the survey's points when given)."""
    if survey is not None and not ZERO <= survey <= cset.survey_max:
        raise ScoreError(
            f"Điểm điều tra xã hội học phải từ 0 đến {_n(cset.survey_max)}, đang là {_n(survey)}."
        )
    fields = []
    for f in cset.fields:
        items = tuple(score_item(i, answers.get(i.code)) for i in f.items())
        fields.append(
            FieldScore(
                code=f.code,
                name=f.name,
                max_points=f.max_points,
                counted_max=sum((i.counted_max for i in items), ZERO),
                points=sum((i.points or ZERO for i in items), ZERO),
                unanswered=sum(1 for i in items if i.points is None),
                items=items,
            )
        )
    points = sum((f.points for f in fields), ZERO)
    counted = sum((f.counted_max for f in fields), ZERO)
    converted = points * cset.self_max / counted if counted and counted != cset.self_max else points
    index = converted + survey if survey is not None else None
    if index is not None:
        percent = index * 100 / cset.scale
    else:
        percent = converted * 100 / cset.self_max if cset.self_max else ZERO
    return SetScore(
        fields=tuple(fields), points=points, counted_max=counted, self_max=cset.self_max,
        converted=round_half_up(converted, 2), survey=survey,
        index=None if index is None else round_half_up(index, 2), percent=round_half_up(percent, 2),
        unanswered=sum(f.unanswered for f in fields),
    )  # fmt: skip


def measured_answer(item: Item, value: Decimal | None) -> Answer | None:
    """The answer a measured value gives an entry: a share in % for *ratio* (held within 0–100), a count
    for *count* and *deduction* (whole, rounded down); None when the source has nothing for the period."""
    if value is None or not item.measured:
        return None
    if item.rule.kind == "ratio":
        return Answer(min(max(Decimal(value), ZERO), Decimal(100)))
    if item.rule.kind in ("count", "deduction"):
        return Answer(max(int(Decimal(value)), 0))
    return None
