"""Output-based evaluation of công chức under NĐ 335/2025/NĐ-CP (../shared/standards.md §12).

A person is scored each month or quarter on 100 points: the *general criteria* (30 under NĐ 335, each
item's maximum set by the province as data: ``data/evaluation_schemes.toml``) and the *results* of their
tasks (70). Results come from the products/tasks the person was assigned in the period, each with a
weight (the "quy đổi" conversion factor):

* quantity (a) = completed weight / assigned weight, in %;
* quality (b) = weight of completed products that met the approver's quality requirement / assigned
  weight, in %, each failed quality assessment taking 25 % of that product's quality points;
* progress (c) = weight of completed products on time or early / assigned weight, in %, each delay taking
  25 % of that product's progress points;

an objective cause confirmed by the competent person cancels that product's deductions. The results points
are ``results_max × (wa·a + wb·b + wc·c) / (wa + wb + wc) / 100`` — the weights are the scheme's (equal
thirds for NĐ 335: the decree's formula is an image this project could not read; see the data file).

The rating follows the scheme's bands (NĐ 335: HTXSNV ≥ 90, HTTNV 70–<90, HTNV 50–<70, KHTNV < 50 or a
disqualifying fact: discipline from khiển trách up in the year, suy thoái…); at most 20 % of the number
rated HTTNV in the same unit may be HTXSNV (:func:`apply_cap`). The annual rating averages the period
scores and is due by 15/12 (15/01 of the next year for the units the decree names).
"""

from __future__ import annotations

import re
import tomllib
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from decimal import ROUND_HALF_UP, Decimal
from enum import StrEnum
from functools import cache
from importlib import resources
from typing import Any

from ..errors import UserError
from ..measures import span

ZERO = Decimal(0)
HUNDRED = Decimal(100)
CENT = Decimal("0.01")


class EvaluationError(UserError):
    """A score or a criterion that cannot be used (Vietnamese message)."""


class Rating(StrEnum):
    EXCELLENT = "xuat_sac"
    GOOD = "tot"
    DONE = "hoan_thanh"
    FAILED = "khong_hoan_thanh"


RATING_LABELS: dict[Rating, str] = {
    Rating.EXCELLENT: "Hoàn thành xuất sắc nhiệm vụ",
    Rating.GOOD: "Hoàn thành tốt nhiệm vụ",
    Rating.DONE: "Hoàn thành nhiệm vụ",
    Rating.FAILED: "Không hoàn thành nhiệm vụ",
}
RATING_SHORT: dict[Rating, str] = {
    Rating.EXCELLENT: "HTXSNV",
    Rating.GOOD: "HTTNV",
    Rating.DONE: "HTNV",
    Rating.FAILED: "KHTNV",
}
RATING_ORDER = [Rating.EXCELLENT, Rating.GOOD, Rating.DONE, Rating.FAILED]


def q2(value: Decimal) -> Decimal:
    return value.quantize(CENT, rounding=ROUND_HALF_UP)


# --- Schemes (data) ------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Criterion:
    code: str
    label: str
    max: Decimal


@dataclass(frozen=True, slots=True)
class Band:
    rating: Rating
    min: Decimal
    strict: bool = False  # score > min (Hải Phòng) instead of ≥ min (NĐ 335)
    all_on_time: bool = False  # also requires every product of the period on time

    def admits(self, score: Decimal, *, all_on_time: bool) -> bool:
        above = score > self.min if self.strict else score >= self.min
        return above and (all_on_time or not self.all_on_time)


@dataclass(frozen=True, slots=True)
class Scheme:
    key: str
    name: str
    general_max: Decimal
    results_max: Decimal
    penalty: Decimal
    excellent_cap: Decimal
    weights: tuple[Decimal, Decimal, Decimal]  # quantity, quality, progress
    bands: tuple[Band, ...]
    general: tuple[Criterion, ...]

    def criterion(self, code: str) -> Criterion:
        for c in self.general:
            if c.code == code:
                return c
        raise EvaluationError(f"Tiêu chí “{code}” không có trong bộ tiêu chí {self.name}.")


def _scheme(key: str, raw: Mapping[str, Any]) -> Scheme:
    w = raw["weights"]
    general = tuple(Criterion(c["code"], c["label"], Decimal(str(c["max"]))) for c in raw["general"])
    scheme = Scheme(
        key=key,
        name=raw["name"],
        general_max=Decimal(str(raw["general_max"])),
        results_max=Decimal(str(raw["results_max"])),
        penalty=Decimal(str(raw["penalty"])),
        excellent_cap=Decimal(str(raw["excellent_cap"])),
        weights=(Decimal(str(w["quantity"])), Decimal(str(w["quality"])), Decimal(str(w["progress"]))),
        bands=tuple(
            Band(
                Rating(b["rating"]),
                Decimal(str(b["min"])),
                b.get("strict", False),
                b.get("all_on_time", False),
            )
            for b in raw["bands"]
        ),
        general=general,
    )
    if scheme.general_max + scheme.results_max != HUNDRED:
        raise ValueError(f"Scheme {key}: general + results must be 100")
    if sum((c.max for c in general), ZERO) != scheme.general_max:
        raise ValueError(f"Scheme {key}: the general criteria must add up to {scheme.general_max}")
    return scheme


@cache
def schemes() -> dict[str, Scheme]:
    text = resources.files("cchc.domain.data").joinpath("evaluation_schemes.toml").read_text(encoding="utf-8")
    return {key: _scheme(key, raw) for key, raw in tomllib.loads(text)["schemes"].items()}


DEFAULT_SCHEME = "nd335"


def scheme(key: str = DEFAULT_SCHEME) -> Scheme:
    try:
        return schemes()[key]
    except KeyError:
        raise EvaluationError(f"Không có bộ tiêu chí đánh giá “{key}”.") from None


# --- Results: the person's products of the period ----------------------------------------------------


@dataclass(frozen=True, slots=True)
class Product:
    """One task/product assigned to the person in the period."""

    weight: Decimal = Decimal(1)  # the conversion factor ("đã quy đổi")
    completed: bool = False
    met_quality: bool = True  # the approver's grade of the finished product: meets the requirement or not
    quality_failures: int = 0  # assessments it failed before being accepted
    delays: int = 0  # 0: on time or early; each delay takes 25 % of its progress points
    objective_cause: bool = False  # confirmed: no deduction for this product
    label: str = ""

    @property
    def on_time(self) -> bool:
        return self.completed and (self.delays == 0 or self.objective_cause)


@dataclass(frozen=True, slots=True)
class Results:
    quantity: Decimal | None  # a, %
    quality: Decimal | None  # b, %
    progress: Decimal | None  # c, %
    points: Decimal | None  # out of the scheme's results_max; None when nothing was assigned
    assigned: Decimal  # assigned weight
    products: int
    all_on_time: bool


def _deducted(weight: Decimal, times: int, penalty: Decimal) -> Decimal:
    return max(ZERO, weight * (1 - penalty * times))


def product_points(p: Product, penalty: Decimal) -> tuple[Decimal, Decimal, Decimal]:
    """(quantity, quality, progress) points of one product, in units of its weight."""
    if not p.completed:
        return ZERO, ZERO, ZERO
    quality = ZERO
    if p.met_quality:
        quality = p.weight if p.objective_cause else _deducted(p.weight, p.quality_failures, penalty)
    progress = p.weight if p.objective_cause else _deducted(p.weight, p.delays, penalty)
    return p.weight, quality, progress


def results(products: Sequence[Product], sch: Scheme) -> Results:
    for p in products:
        if p.weight <= 0:
            raise EvaluationError("Hệ số quy đổi của mỗi sản phẩm phải lớn hơn 0.")
        if p.quality_failures < 0 or p.delays < 0:
            raise EvaluationError("Số lần không đạt hoặc chậm tiến độ không được âm.")
    assigned = sum((p.weight for p in products), ZERO)
    all_on_time = all(p.on_time for p in products)
    if not assigned:
        return Results(None, None, None, None, ZERO, 0, all_on_time)
    sums = [ZERO, ZERO, ZERO]
    for p in products:
        for i, pts in enumerate(product_points(p, sch.penalty)):
            sums[i] += pts
    a, b, c = (HUNDRED * s / assigned for s in sums)
    wa, wb, wc = sch.weights
    points = sch.results_max * (wa * a + wb * b + wc * c) / (wa + wb + wc) / HUNDRED
    return Results(q2(a), q2(b), q2(c), q2(points), assigned, len(products), all_on_time)


# --- General criteria ----------------------------------------------------------------------------------


def general_points(marks: Mapping[str, Decimal | int | str], sch: Scheme) -> Decimal:
    """The general part: one mark per criterion of the scheme, each between 0 and its maximum."""
    total = ZERO
    for criterion in sch.general:
        if criterion.code not in marks:
            raise EvaluationError(f"Chưa chấm tiêu chí “{criterion.label}”.")
        value = Decimal(str(marks[criterion.code]))
        if not ZERO <= value <= criterion.max:
            raise EvaluationError(
                f"Điểm tiêu chí “{criterion.label}” phải từ 0 đến {str(criterion.max).replace('.', ',')}."
            )
        total += value
    unknown = set(marks) - {c.code for c in sch.general}
    if unknown:
        raise EvaluationError(f"Tiêu chí “{sorted(unknown)[0]}” không có trong bộ tiêu chí {sch.name}.")
    return q2(total)


# --- Rating and the cap on "xuất sắc" ---------------------------------------------------------------


def rate(score: Decimal, sch: Scheme, *, all_on_time: bool = True, disqualified: bool = False) -> Rating:
    """The rating of a total score by the scheme's bands; a disqualifying fact gives KHTNV whatever the score."""
    if disqualified:
        return Rating.FAILED
    for band in sch.bands:
        if band.admits(score, all_on_time=all_on_time):
            return band.rating
    return Rating.FAILED


@dataclass(frozen=True, slots=True)
class Rated:
    key: Any  # who (a person's id)
    score: Decimal
    rating: Rating
    results_points: Decimal = ZERO  # breaks a tie at the cap: more output first


@dataclass(frozen=True, slots=True)
class Capped:
    key: Any
    score: Decimal
    rating: Rating  # after the cap
    capped: bool  # scored "xuất sắc" but rated HTTNV because of the cap


def excellent_allowed(candidates: int, good: int, cap: Decimal) -> int:
    """How many of ``candidates`` (scored HTXSNV) keep it when ``good`` more scored HTTNV: the largest k
    with k ≤ cap × (good + candidates − k) — the candidates who lose it are rated HTTNV and count among
    the HTTNV the cap is a share of."""
    k = candidates
    while k > 0 and Decimal(k) > cap * (good + candidates - k):
        k -= 1
    return k


def apply_cap(group: Iterable[Rated], cap: Decimal, *, exempt: bool = False) -> list[Capped]:
    """Apply the cap on HTXSNV within one unit (or group of similar tasks): the highest scores keep it,
    ties by the results part then by key; ``exempt`` for a unit the competent authority excepts."""
    people = list(group)
    candidates = sorted(
        (r for r in people if r.rating == Rating.EXCELLENT),
        key=lambda r: (-r.score, -r.results_points, str(r.key)),
    )
    good = sum(1 for r in people if r.rating == Rating.GOOD)
    keep = len(candidates) if exempt else excellent_allowed(len(candidates), good, cap)
    kept = {id(r) for r in candidates[:keep]}
    out = []
    for r in people:
        if r.rating == Rating.EXCELLENT and id(r) not in kept:
            out.append(Capped(r.key, r.score, Rating.GOOD, True))
        else:
            out.append(Capped(r.key, r.score, r.rating, False))
    return out


# --- One person's period -----------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class PeriodScore:
    general: Decimal
    results: Results
    total: Decimal | None
    rating: Rating | None


def score_period(
    marks: Mapping[str, Decimal | int | str],
    products: Sequence[Product],
    sch: Scheme,
    *,
    disqualified: bool = False,
) -> PeriodScore:
    general = general_points(marks, sch)
    res = results(products, sch)
    if res.points is None:
        return PeriodScore(general, res, None, Rating.FAILED if disqualified else None)
    total = q2(general + res.points)
    return PeriodScore(
        general, res, total, rate(total, sch, all_on_time=res.all_on_time, disqualified=disqualified)
    )


# --- The year ----------------------------------------------------------------------------------------


def periods_of(year: int, kind: str) -> list[str]:
    """The period texts of a year: "2026-01"… (month) or "2026-Q1"… (quarter)."""
    if kind == "month":
        return [f"{year}-{m:02d}" for m in range(1, 13)]
    if kind == "quarter":
        return [f"{year}-Q{q}" for q in range(1, 5)]
    raise EvaluationError("Kỳ đánh giá là tháng hoặc quý.")


def periods_within(start: date, end: date, kind: str) -> list[str]:
    """The evaluation periods (months or quarters, by ``kind``) that count in the window ``start``–``end``:
    those whose middle day falls inside it. Calendar windows (a year, a quarter) hold exactly their own
    months and quarters; a reporting window of ../shared/standards.md §8 (15/12 → 14/3) holds the quarter
    most of whose days it covers, and a month split by the 15th (March: 1–14 | 15–31) goes to the window
    holding its larger part — so windows that follow each other never count a period twice."""
    if kind not in ("month", "quarter"):
        raise EvaluationError("Kỳ đánh giá là tháng hoặc quý.")
    out: list[str] = []
    for year in range(start.year - 1, end.year + 2):
        for text in periods_of(year, kind):
            days = span(text)
            middle = days.start + (days.end - days.start) // 2
            if start <= middle <= end:
                out.append(text)
    return out


def period_kind(text: str) -> str:
    """ "month" or "quarter" for a period's text; anything else is refused."""
    text = text.strip()
    span(text)  # a month 13 or a bad year is refused with the registry's sentence
    if re.fullmatch(r"\d{4}-[Qq][1-4]", text):
        return "quarter"
    if re.fullmatch(r"\d{4}-\d{2}", text):
        return "month"
    raise EvaluationError(f"Kỳ đánh giá “{text}” phải là một tháng (2026-03) hoặc một quý (2026-Q1).")


def annual_deadline(year: int, *, special_unit: bool = False) -> date:
    """NĐ 335 Art. 21: the annual rating is done before 15/12; the units it names by 15/01 of the next year."""
    return date(year + 1, 1, 15) if special_unit else date(year, 12, 15)


@dataclass(frozen=True, slots=True)
class Annual:
    score: Decimal | None  # mean of the period scores
    rating: Rating | None
    periods: int  # how many periods were scored
    missing: tuple[str, ...] = field(default=())  # the periods of the year without a score


def annual(
    scores: Mapping[str, Decimal | None],
    year: int,
    kind: str,
    sch: Scheme,
    *,
    disqualified: bool = False,
) -> Annual:
    """The annual rating from the scores of the year's months or quarters (their mean, rated by the bands);
    discipline from khiển trách up in the year, or another disqualifying fact, gives KHTNV."""
    expected = periods_of(year, kind)
    scored = [Decimal(scores[p]) for p in expected if scores.get(p) is not None]  # type: ignore[arg-type]
    missing = tuple(p for p in expected if scores.get(p) is None)
    if not scored:
        return Annual(None, Rating.FAILED if disqualified else None, 0, missing)
    mean = q2(sum(scored, ZERO) / len(scored))
    return Annual(mean, rate(mean, sch, disqualified=disqualified), len(scored), missing)


def unit_result_share(ratings: Iterable[Rating]) -> Decimal:
    """A leader's "kết quả hoạt động" of the unit managed: 100 % when every civil servant under them is
    rated HTNV or above, 50 % when any is KHTNV (§12, leaders)."""
    return Decimal(50) if any(r == Rating.FAILED for r in ratings) else HUNDRED


def distribution(ratings: Iterable[Rating | None]) -> dict[str, int]:
    """How many of each rating (and "chua_xep" for none), in the order of the ratings, for a unit rollup."""
    counts = {r.value: 0 for r in RATING_ORDER} | {"chua_xep": 0}
    for r in ratings:
        counts[r.value if r is not None else "chua_xep"] += 1
    return counts
