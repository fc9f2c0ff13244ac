"""Why cchc's 766 scores differ from the national portal's: one explanation per gap, with its evidence.

For one unit × period, :func:`reconcile` compares the portal's scores (:class:`~cchc.domain.portal766.PortalSheet`)
with cchc's (:class:`LocalCard`, the scorecard the pages show) per indicator, per group and in total, and
explains each gap larger than :data:`TOLERANCE` (0,01 point, the portal's rounding) by these kinds, tried
in this order (docs/analytics.md, "Đối chiếu với Cổng DVCQG"):

(b) ``khong_tinh_duoc`` — an indicator cchc cannot compute from its data (the procedure catalogue's 1.1–1.3,
    satisfaction 5.2/5.3, 1.4 without the sync field…): the gap is the portal's whole score there;
(c) ``moc_cat`` — recomputed with another judging option (open dossiers judged as of the portal's export
    date or today instead of at the period end, a cut-off shifted to the export date), cchc's score
    equals the portal's;
(a) ``dong_bo`` — dossiers not synced: the portal counts a different number of dossiers for the unit ×
    period (or in the indicator's denominator); with that many dossiers added (removed), whatever their
    status, cchc's score can reach [low; high] — when the portal's score is inside, that explains it;
(d) ``trang_thai`` — the rest: the local dossiers whose status the portal most likely judges otherwise
    (finished on or near the due date, on a day off, with supplement pauses, open, not synced, paid
    through another gateway…), ranked, and how many of them would have to change to close the gap;
``chua_giai_thich`` — what none of these explains, said with its size. No gap is left without a line.

Plain Python: the scores are the domain's (:func:`cchc.domain.index766.score_many`), the dossiers plain
records (:class:`DossierFact`), the working days the domain calendar's.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from typing import Any, Literal

import numpy as np

from cchc.domain.calendar import WorkingCalendar
from cchc.domain.i18n import gettext_noop
from cchc.domain.index766 import GROUPS, Index766Params, Scorecard, score_many
from cchc.domain.index766_specs import specs
from cchc.domain.portal766 import PortalSheet

__all__ = [
    "KINDS",
    "TOLERANCE",
    "DossierFact",
    "Explanation",
    "Line",
    "LocalCard",
    "Msg",
    "Reconciliation",
    "Suspect",
    "Variant",
    "reconcile",
    "render",
]

TOLERANCE = 0.01  # points: a gap within it is rounding ("khớp")
Kind = Literal["khong_tinh_duoc", "moc_cat", "dong_bo", "trang_thai", "chua_giai_thich", "tong_hop"]
Status = Literal["khop", "giai_thich", "chua_giai_thich", "chi_cchc"]
KINDS: dict[str, str] = {
    "dong_bo": gettext_noop("Hồ sơ chưa đồng bộ"),
    "khong_tinh_duoc": gettext_noop("Chỉ số cchc không tính được"),
    "moc_cat": gettext_noop("Khác mốc đánh giá"),
    "trang_thai": gettext_noop("Hồ sơ có thể được đánh giá khác"),
    "chua_giai_thich": gettext_noop("Chưa giải thích được"),
    "tong_hop": gettext_noop("Tổng hợp từ các chỉ số"),
}
STATUSES: dict[str, str] = {
    "khop": gettext_noop("khớp"),
    "giai_thich": gettext_noop("đã giải thích"),
    "chua_giai_thich": gettext_noop("chưa giải thích được"),
    "chi_cchc": gettext_noop("Cổng không có điểm"),
}
MAX_SUSPECTS = 50  # dossiers listed per gap (the drill-down link gives the whole set)
_ON_TIME_COUNTS = ("on_time",)
_PAYMENT = ("3.5b", "3.6")


@dataclass(frozen=True, slots=True)
class LocalCard:
    """cchc's card of the unit × period as the pages show it, and the dossiers it counted."""

    card: Scorecard
    received: int


@dataclass(frozen=True, slots=True)
class Variant:
    """cchc's card recomputed with another judging option (kind c)."""

    key: str  # "as_of_export", "as_of_today", "cutoff_export"
    label: str  # Vietnamese: how it was judged, with the date
    card: Scorecard


@dataclass(frozen=True, slots=True)
class DossierFact:
    """One local dossier of an indicator's denominator, as the drill-down lists it."""

    code: str
    unit: str
    received_at: datetime
    meets: bool  # in the indicator's numerator (cchc counts it as meeting the indicator)
    due_at: datetime | None = None
    end_at: datetime | None = None
    finished: bool = True
    supplement_count: int | None = None
    synced: bool | None = None
    paid_online: int | None = None


# A sentence to show: a Vietnamese msgid (marked with gettext_noop, translated where it is shown) and its
# values, already written the Vietnamese way ("13,2", "14/03/2026").
Msg = tuple[str, Mapping[str, Any]]


def render(messages: Sequence[Msg], translate: Callable[[str], str] = lambda m: m) -> str:
    """The sentences joined, each through ``translate`` (the app's gettext) before its values go in."""
    return " ".join(translate(m) % dict(p) if p else translate(m) for m, p in messages)


@dataclass(frozen=True, slots=True)
class Suspect:
    code: str
    unit: str
    meets: bool
    weight: int
    reasons: tuple[Msg, ...]

    @property
    def texts(self) -> list[str]:
        return [render([r]) for r in self.reasons]


@dataclass(frozen=True, slots=True)
class Explanation:
    kind: Kind
    messages: tuple[Msg, ...]  # the sentences with the evidence
    points: float  # the part of the gap explained (for "chua_giai_thich": the unexplained size)
    suspects: tuple[Suspect, ...] = ()
    needed: int | None = None  # (d) how many dossiers would have to change status
    subset: str = ""  # (d) the drill-down subset the suspects come from ("gap" or "numerator")
    variant: str = ""  # (c) the variant that closes the gap

    @property
    def text(self) -> str:
        """The sentences in Vietnamese (the page translates them with :func:`render`)."""
        return render(self.messages)


@dataclass(frozen=True, slots=True)
class Line:
    level: Literal["indicator", "group", "total"]
    id: str  # indicator id, group code, "" for the total
    name: str  # Vietnamese msgid
    group: str
    portal: float | None
    local: float | None
    status: Status
    explanations: tuple[Explanation, ...] = ()
    portal_counts: tuple[float | None, float | None] | None = None
    local_counts: tuple[float | None, float | None] | None = None
    where: str = ""  # where the portal's figure is in the file

    @property
    def gap(self) -> float | None:
        if self.portal is None:
            return None
        return round(self.portal - (self.local or 0.0), 2)


@dataclass(slots=True)
class Reconciliation:
    unit: str
    period: str
    portal_dossiers: int | None
    local_dossiers: int
    lines: list[Line] = field(default_factory=list)

    @property
    def unexplained(self) -> list[Line]:
        return [ln for ln in self.lines if ln.status == "chua_giai_thich"]

    def line(self, level: str, ident: str) -> Line:
        return next(ln for ln in self.lines if ln.level == level and ln.id == ident)


# --- numbers -----------------------------------------------------------------------------------------


def fmt(x: float | None, places: int = 2) -> str:
    """13.2 → "13,2"; 1234 → "1.234" (Vietnamese, trailing zeros dropped)."""
    if x is None:
        return "—"
    text = f"{abs(x):,.{places}f}".replace(",", " ").replace(".", ",").replace(" ", ".")
    if "," in text:
        text = text.rstrip("0").rstrip(",")
    return ("−" if x < 0 and text not in ("0",) else "") + text


def _signed(x: float) -> str:
    return ("+" if x > 0 else "") + fmt(x)


def _day(d: date | datetime | None) -> str:
    return f"{d:%d/%m/%Y}" if d else "—"


def _store_day(moment: datetime) -> date:
    """The day of a dossier store timestamp: naive, already Vietnam time (docs/analytics.md), so its own
    date is the local day (no time-zone conversion to do)."""
    return moment.date()


def _close(a: float | None, b: float | None, tol: float = TOLERANCE) -> bool:
    return a is not None and b is not None and abs(a - b) <= tol + 1e-9


class _Scorer:
    """Points of one indicator for many hypothetical (numerator, denominator) pairs, by the domain rule."""

    def __init__(self, local: Scorecard, params: Index766Params) -> None:
        self.local = local
        self.params = params
        self.defs = params.indicators()

    def points(self, ind: str, nums: np.ndarray, dens: np.ndarray) -> np.ndarray:
        n = len(nums)
        counts: dict[str, tuple[np.ndarray, np.ndarray]] = {ind: (nums.astype(float), dens.astype(float))}
        by = self.defs[ind].multiplied_by
        other = self.local.indicators.get(by) if by else None
        if by and other is not None and other.numerator is not None and other.denominator is not None:
            counts[by] = (np.full(n, float(other.numerator)), np.full(n, float(other.denominator)))
        return score_many(counts, self.params, defs=self.defs, n=n).points[ind]


def _spec(ind: str):  # type: ignore[no-untyped-def]
    return next(s for s in specs() if s.id == ind)


def _step_down(ind: str) -> int:
    """How far one dossier can lower a numerator: 1 (5.4's "on time − complaints") or 0."""
    spec = _spec(ind)
    return 1 if spec.dossiers is not None and spec.dossiers.minus else 0


# --- (a) dossiers not synced ---------------------------------------------------------------------------


def _sync_range(
    scorer: _Scorer, ind: str, num: float, den: float, delta: int, exact: bool
) -> tuple[float, float]:
    """Lowest and highest points of ``ind`` with ``delta`` dossiers added (removed, when negative) to its
    counts, whatever their status; ``exact``: every one of them enters the denominator (it counts received
    dossiers), else any number of them from 0."""
    k = abs(delta)
    js = np.arange(k if exact else 0, k + 1)
    down = _step_down(ind)
    if delta > 0:
        dens = den + js
        lows = np.maximum(num - down * js, -dens)
        highs = num + js
    else:
        dens = np.maximum(den - js, 0)
        lows = np.maximum(num - js, 0) if num > 0 else np.full(len(js), float(num))
        highs = np.minimum(num + down * js, dens)
        lows = np.minimum(lows, dens)
    pts = np.concatenate([scorer.points(ind, lows, dens), scorer.points(ind, highs, dens)])
    pts = pts[~np.isnan(pts)]
    if not len(pts):
        return 0.0, 0.0
    return float(pts.min()), float(pts.max())


# --- (d) dossiers whose status likely differs ------------------------------------------------------------


def _reasons(
    f: DossierFact, ind: str, calendar: WorkingCalendar | None, period_last_day: date | None
) -> tuple[int, list[Msg]]:
    weight = 0
    out: list[Msg] = []
    spec = _spec(ind)
    judged_on_time = spec.dossiers is not None and spec.dossiers.numerator.name in _ON_TIME_COUNTS
    if f.synced is False:
        weight += 3
        out.append((gettext_noop("chưa đồng bộ lên Cổng DVCQG"), {}))
    if judged_on_time:
        if f.end_at is not None and f.due_at is not None:
            end_day, due_day = _store_day(f.end_at), _store_day(f.due_at)
            apart = calendar.working_days_between(due_day, end_day) if calendar else (end_day - due_day).days
            if abs(apart) <= 1:
                days = {"end": _day(f.end_at), "due": _day(f.due_at), "n": abs(apart)}
                if end_day == due_day:
                    out.append((gettext_noop("kết thúc %(end)s, đúng ngày hẹn trả"), days))
                elif apart == 0:
                    out.append(
                        (
                            gettext_noop(
                                "kết thúc %(end)s, sau hạn %(due)s nhưng chưa qua ngày làm việc nào"
                            ),
                            days,
                        )
                    )
                elif end_day > due_day:
                    out.append((gettext_noop("kết thúc %(end)s, sau hạn %(due)s %(n)s ngày làm việc"), days))
                else:
                    out.append(
                        (gettext_noop("kết thúc %(end)s, trước hạn %(due)s %(n)s ngày làm việc"), days)
                    )
                weight += 3
        if (
            f.end_at is not None
            and f.finished
            and calendar is not None
            and not calendar.is_working_day(_store_day(f.end_at))
        ):
            holiday = calendar.holiday_name(_store_day(f.end_at))
            weight += 3
            if holiday:
                out.append(
                    (
                        gettext_noop("kết thúc vào ngày nghỉ %(day)s (%(name)s)"),
                        {"day": _day(f.end_at), "name": holiday},
                    )
                )
            elif f.end_at.weekday() == 5:
                out.append(
                    (gettext_noop("kết thúc vào ngày nghỉ %(day)s (thứ Bảy)"), {"day": _day(f.end_at)})
                )
            else:
                out.append(
                    (gettext_noop("kết thúc vào ngày nghỉ %(day)s (Chủ nhật)"), {"day": _day(f.end_at)})
                )
        if f.supplement_count:
            weight += 2
            out.append(
                (gettext_noop("có %(n)s lần yêu cầu bổ sung (thời gian tạm dừng)"), {"n": f.supplement_count})
            )
        if not f.finished:
            weight += 2
            out.append((gettext_noop("chưa kết thúc xử lý tại mốc đánh giá"), {}))
        if f.due_at is None:
            weight += 1
            out.append((gettext_noop("không có ngày hẹn trả"), {}))
    elif ind in _PAYMENT:
        if f.paid_online == 2:
            weight += 2
            out.append(
                (
                    gettext_noop(
                        "thanh toán qua cổng thanh toán của bộ, ngành, địa phương (Cổng có thể chưa ghi nhận)"
                    ),
                    {},
                )
            )
        elif f.paid_online is None:
            weight += 1
            out.append((gettext_noop("không có thông tin thanh toán trực tuyến"), {}))
    else:
        weight += 1
        out.append(
            (
                gettext_noop("cchc đánh giá là đạt")
                if f.meets
                else gettext_noop("cchc đánh giá là chưa đạt"),
                {},
            )
        )
    if period_last_day is not None and _store_day(f.received_at) >= period_last_day - timedelta(days=1):
        weight += 1
        out.append(
            (
                gettext_noop("tiếp nhận sát cuối kỳ (%(day)s), có thể đồng bộ chậm"),
                {"day": _day(f.received_at)},
            )
        )
    return weight, out


def _suspects(
    facts: Sequence[DossierFact],
    ind: str,
    up: bool,
    calendar: WorkingCalendar | None,
    period_last_day: date | None,
) -> list[Suspect]:
    """The local dossiers the portal likely judges otherwise: not meeting (``up``: the portal scores
    higher) or meeting it, ranked by how many signs they carry, then by closeness to the due date."""
    out: list[tuple[int, float, str, Suspect]] = []
    for f in facts:
        if f.meets == up:
            continue
        weight, reasons = _reasons(f, ind, calendar, period_last_day)
        if weight <= 0:
            continue
        near = abs((f.end_at - f.due_at).total_seconds()) if f.end_at and f.due_at else float("inf")
        out.append((-weight, near, f.code, Suspect(f.code, f.unit, f.meets, weight, tuple(reasons))))
    out.sort(key=lambda t: t[:3])
    return [t[3] for t in out]


def _needed(scorer: _Scorer, ind: str, num: float, den: float, target: float, up: bool) -> tuple[int, float]:
    """How many dossiers must change status (into the numerator when ``up``) for the points to come
    closest to ``target``; and the points then."""
    if den <= 0:
        return 0, float("nan")
    room = int(den - num) if up else int(num + _step_down(ind) * den)
    ks = np.arange(0, max(room, 0) + 1)
    nums = num + ks if up else num - ks
    pts = scorer.points(ind, nums, np.full(len(ks), den))
    best = int(np.nanargmin(np.abs(pts - target)))
    return int(ks[best]), float(pts[best])


# --- one indicator -----------------------------------------------------------------------------------------


@dataclass
class _Context:
    sheet: PortalSheet
    local: LocalCard
    variants: Sequence[Variant]
    facts: Callable[[str], Sequence[DossierFact]]
    calendar: WorkingCalendar | None
    period_last_day: date | None
    scorer: _Scorer


def _indicator_line(ind: str, ctx: _Context) -> Line:
    spec = _spec(ind)
    row = ctx.sheet.indicators.get(ind)
    mine = ctx.local.card.indicators.get(ind)
    local = mine.points if mine is not None else None
    portal = row.score if row is not None else None
    local_counts = (
        (mine.numerator, mine.denominator) if mine is not None and mine.numerator is not None else None
    )
    portal_counts = (
        (row.numerator, row.denominator)
        if row is not None and (row.numerator is not None or row.denominator is not None)
        else None
    )
    base = {
        "level": "indicator", "id": ind, "name": spec.name, "group": spec.group, "portal": portal, "local": local,
        "portal_counts": portal_counts, "local_counts": local_counts, "where": row.where if row else "",
    }  # fmt: skip
    if portal is None:
        return Line(**base, status="chi_cchc")  # type: ignore[arg-type]
    if local is None:
        if portal <= TOLERANCE:
            return Line(**base, status="khop")  # type: ignore[arg-type]
        if spec.dossiers is not None and ctx.local.received == 0 and ctx.sheet.dossiers != 0:
            # Not a rule cchc lacks: cchc has no dossier of the unit in the period at all (kind a).
            msg = gettext_noop(
                "cchc chưa có hồ sơ nào của đơn vị trong kỳ (Cổng đếm %(portal)s); chênh lệch là toàn bộ điểm Cổng "
                "chấm: %(p)s điểm."
            )
            values = {"portal": fmt(ctx.sheet.dossiers, 0), "p": fmt(portal)}
            e = Explanation("dong_bo", ((msg, values),), portal)
            return Line(**base, status="giai_thich", explanations=(e,))  # type: ignore[arg-type]
        why = (
            gettext_noop(
                "cchc không tính chỉ số này từ dữ liệu hồ sơ (điểm lấy từ nguồn khác: danh mục TTHC, hệ thống "
                "PAKN…); chênh lệch là toàn bộ điểm Cổng chấm: %(p)s điểm."
            )
            if spec.dossiers is None
            else gettext_noop(
                "Dữ liệu hồ sơ của cchc không có trường cần để tính chỉ số này trong kỳ; chênh lệch là toàn bộ "
                "điểm Cổng chấm: %(p)s điểm."
            )
        )
        e = Explanation("khong_tinh_duoc", ((why, {"p": fmt(portal)}),), portal)
        return Line(**base, status="giai_thich", explanations=(e,))  # type: ignore[arg-type]
    gap = portal - local
    if abs(gap) <= TOLERANCE + 1e-9:
        return Line(**base, status="khop")  # type: ignore[arg-type]
    explanations, residual = _explain_gap(ind, portal, local, mine, row.denominator if row else None, ctx)
    status: Status = "giai_thich" if abs(residual) <= TOLERANCE + 1e-9 else "chua_giai_thich"
    return Line(**base, status=status, explanations=tuple(explanations))  # type: ignore[arg-type]


def _explain_gap(ind, portal, local, mine, portal_den, ctx: _Context) -> tuple[list[Explanation], float]:  # type: ignore[no-untyped-def]
    out: list[Explanation] = []
    gap = portal - local
    # (c) another judging option gives the portal's score
    tried: list[str] = []
    for v in ctx.variants:
        s = v.card.indicators.get(ind)
        if s is None or s.points is None:
            continue
        if _close(s.points, portal):
            msg = gettext_noop("Tính lại với %(how)s: cchc được %(v)s điểm, khớp với Cổng (%(p)s).")
            return [
                Explanation(
                    "moc_cat",
                    ((msg, {"how": v.label, "v": fmt(s.points), "p": fmt(portal)}),),
                    gap,
                    variant=v.key,
                )
            ], 0.0
        tried.append(f"{v.label}: {fmt(s.points)}")
    tried_msg: tuple[Msg, ...] = (
        ((gettext_noop("Đã thử tính lại (%(tried)s): không khớp."), {"tried": "; ".join(tried)}),)
        if tried
        else ()
    )
    residual = gap
    num, den = float(mine.numerator or 0), float(mine.denominator or 0)
    # (a) the portal counts a different number of dossiers
    spec = _spec(ind)
    delta, exact, said = None, False, None
    if portal_den is not None and mine.denominator is not None and round(portal_den) != round(den):
        delta, exact = round(portal_den - den), True
        said = (
            gettext_noop("Mẫu số của Cổng %(portal)s, của cchc %(local)s;"),
            {"portal": fmt(portal_den, 0), "local": fmt(den, 0)},
        )
    elif ctx.sheet.dossiers is not None and ctx.sheet.dossiers != ctx.local.received:
        delta = ctx.sheet.dossiers - ctx.local.received
        exact = spec.dossiers is not None and spec.dossiers.denominator.name == "received"
        said = (
            gettext_noop("Cổng đếm %(portal)s hồ sơ tiếp nhận trong kỳ, cchc có %(local)s;"),
            {"portal": fmt(ctx.sheet.dossiers, 0), "local": fmt(ctx.local.received, 0)},
        )
    if delta and said and spec.dossiers is not None and not spec.dossiers.by_procedure:
        lo, hi = _sync_range(ctx.scorer, ind, num, den, delta, exact)
        which = (
            gettext_noop("%(n)s hồ sơ có trên Cổng nhưng chưa có trong cchc")
            if delta > 0
            else gettext_noop("%(n)s hồ sơ có trong cchc nhưng chưa đồng bộ lên Cổng")
        )
        head: tuple[Msg, ...] = (said, (which, {"n": fmt(abs(delta), 0)}))  # the page names the kind
        values = {"lo": fmt(lo), "hi": fmt(hi), "p": fmt(portal)}
        if lo - TOLERANCE <= portal <= hi + TOLERANCE:
            closing = gettext_noop(
                "— tính cả số chênh đó, điểm của cchc nằm trong khoảng %(lo)s–%(hi)s, chứa điểm của Cổng (%(p)s)."
            )
            out.append(Explanation("dong_bo", (*head, (closing, values)), gap))
            return out, 0.0
        nearest = min(max(portal, lo), hi)
        part = nearest - local
        if abs(part) > TOLERANCE:
            partial = gettext_noop(
                "— tính cả số chênh đó, cchc được từ %(lo)s đến %(hi)s điểm: giải thích được %(part)s điểm."
            )
            out.append(Explanation("dong_bo", (*head, (partial, {**values, "part": _signed(part)})), part))
            residual = portal - nearest
    # (d) the dossiers the portal most likely judges otherwise
    up = residual > 0
    target = local + residual
    k, reached = _needed(ctx.scorer, ind, num, den, target, up)
    suspects = _suspects(ctx.facts(ind), ind, up, ctx.calendar, ctx.period_last_day)
    subset = "gap" if up else "numerator"
    closes = k >= 1 and _close(reached, target, TOLERANCE * 2) and len(suspects) >= k
    values2 = {"k": k, "r": _signed(residual), "n": len(suspects)}
    if closes:
        msg = (
            gettext_noop(
                "Cần %(k)s hồ sơ được Cổng tính là đạt để khớp (%(r)s điểm); %(n)s hồ sơ cchc tính là chưa đạt có "
                "dấu hiệu được đánh giá khác, xếp theo khả năng."
            )
            if up
            else gettext_noop(
                "Cần %(k)s hồ sơ được Cổng tính là chưa đạt để khớp (%(r)s điểm); %(n)s hồ sơ cchc tính là đạt có "
                "dấu hiệu được đánh giá khác, xếp theo khả năng."
            )
        )
        out.append(
            Explanation(
                "trang_thai",
                ((msg, values2), *tried_msg),
                residual,
                tuple(suspects[:MAX_SUSPECTS]),
                k,
                subset,
            )
        )
        return out, 0.0
    detail: Msg = (
        (gettext_noop("%(n)s hồ sơ có dấu hiệu được đánh giá khác (cần khoảng %(k)s)."), values2)
        if suspects
        else (gettext_noop("Không thấy hồ sơ nào có dấu hiệu được đánh giá khác."), {})
    )
    msgs = ((gettext_noop("Chưa giải thích được %(r)s điểm."), values2), detail, *tried_msg)
    out.append(
        Explanation("chua_giai_thich", msgs, residual, tuple(suspects[:MAX_SUSPECTS]), k or None, subset)
    )
    return out, residual


# --- groups and the total ----------------------------------------------------------------------------------


def _group_line(code: str, ctx: _Context, lines: Sequence[Line]) -> Line:
    g = GROUPS[code]
    mine = [ln for ln in lines if ln.group == code]
    given = [ln for ln in mine if ln.portal is not None]
    portal = ctx.sheet.groups.get(code)
    if portal is None and given:
        portal = round(sum(ln.portal or 0.0 for ln in given), 2)
    local = ctx.local.card.groups.get(code)
    base = {"level": "group", "id": code, "name": g.name, "group": code, "portal": portal, "local": local}
    if portal is None:
        return Line(**base, status="chi_cchc")  # type: ignore[arg-type]
    gap = portal - (local or 0.0)
    explained = sum((ln.gap or 0.0) for ln in given)
    rest = gap - explained
    out: list[Explanation] = []
    unexplained_parts = [ln for ln in given if ln.status == "chua_giai_thich"]
    if given and abs(explained) > TOLERANCE:
        parts = ", ".join(
            f"{ln.id} ({_signed(ln.gap or 0.0)})" for ln in given if abs(ln.gap or 0.0) > TOLERANCE
        )
        msg = gettext_noop("Gồm chênh lệch của các chỉ số: %(parts)s.")
        out.append(Explanation("tong_hop", ((msg, {"parts": parts}),), explained))
    tol = TOLERANCE * max(1, len(mine))
    if abs(rest) > tol:
        # The portal gives this group's score without (all) its indicators: explain the rest by the
        # indicators it does not list.
        missing = [s.id for s in specs() if s.group == code and s.id not in ctx.sheet.indicators]
        rest_out, rest = _explain_group_rest(code, rest, missing, ctx)
        out.extend(rest_out)
    if abs(gap) <= TOLERANCE + 1e-9 and not out:
        return Line(**base, status="khop")  # type: ignore[arg-type]
    status: Status = "chua_giai_thich" if unexplained_parts or abs(rest) > tol else "giai_thich"
    if abs(gap) <= TOLERANCE + 1e-9 and status == "giai_thich":
        status = "khop"
    return Line(**base, status=status, explanations=tuple(out))  # type: ignore[arg-type]


def _explain_group_rest(
    code: str, rest: float, missing: Sequence[str], ctx: _Context
) -> tuple[list[Explanation], float]:
    """The part of a group's gap the portal does not split by indicator, over the indicators it omits."""
    out: list[Explanation] = []
    card = ctx.local.card
    not_computable = [
        i for i in missing if card.indicators.get(i) is None or card.indicators[i].points is None
    ]
    computable = [i for i in missing if i not in not_computable]
    # (c) another judging option moves the computable ones by exactly the rest
    for v in ctx.variants:
        moved = sum(
            (v.card.indicators[i].points or 0.0) - (card.indicators[i].points or 0.0)
            for i in computable
            if i in v.card.indicators
        )
        if computable and _close(moved, rest):
            msg = gettext_noop("Tính lại với %(how)s: các chỉ số %(ids)s thay đổi %(d)s điểm, khớp với Cổng.")
            values = {"how": v.label, "ids": ", ".join(computable), "d": _signed(moved)}
            return [Explanation("moc_cat", ((msg, values),), rest, variant=v.key)], 0.0
    # (b) the indicators cchc cannot compute: the portal's points there, up to their maxima
    defs = ctx.scorer.defs
    room = sum(defs[i].pmax for i in not_computable) if not_computable else 0.0
    if not_computable and rest > TOLERANCE and room > 0:
        part = min(rest, room)
        msg = gettext_noop(
            "Điểm nhóm %(code)s của Cổng gồm cả các chỉ số cchc không tính được (%(ids)s, tối đa %(room)s điểm); "
            "tệp Cổng không tách điểm từng chỉ số, nên phần chênh %(part)s điểm được quy cho chúng."
        )
        values = {"code": code, "ids": ", ".join(not_computable), "room": fmt(room), "part": fmt(part)}
        out.append(Explanation("khong_tinh_duoc", ((msg, values),), part))
        rest -= part
    if abs(rest) <= TOLERANCE * max(1, len(missing)):
        return out, 0.0
    # (a) a different dossier count: the range of the computable ones together
    if ctx.sheet.dossiers is not None and ctx.sheet.dossiers != ctx.local.received and computable:
        delta = ctx.sheet.dossiers - ctx.local.received
        lo = hi = 0.0
        for i in computable:
            s = card.indicators[i]
            spec = _spec(i)
            if (
                spec.dossiers is None
                or spec.dossiers.by_procedure
                or s.numerator is None
                or s.denominator is None
            ):
                continue
            exact = spec.dossiers.denominator.name == "received"
            a, b = _sync_range(ctx.scorer, i, float(s.numerator), float(s.denominator), delta, exact)
            lo += a - (s.points or 0.0)
            hi += b - (s.points or 0.0)
        if lo - TOLERANCE <= rest <= hi + TOLERANCE:
            msg = gettext_noop(
                "Cổng đếm %(portal)s hồ sơ, cchc có %(local)s; tính cả số chênh đó, các chỉ số %(ids)s có thể thay "
                "đổi từ %(lo)s đến %(hi)s điểm."
            )
            values = {
                "portal": fmt(ctx.sheet.dossiers, 0), "local": fmt(ctx.local.received, 0), "ids": ", ".join(computable),
                "lo": _signed(lo), "hi": _signed(hi),
            }  # fmt: skip
            out.append(Explanation("dong_bo", ((msg, values),), rest))
            return out, 0.0
    # (d) the dossiers of the computable ones, in the direction of the rest
    suspects: list[Suspect] = []
    for i in computable:
        suspects += _suspects(ctx.facts(i), i, rest > 0, ctx.calendar, ctx.period_last_day)
    msgs: list[Msg] = [
        (gettext_noop("Chưa giải thích được %(r)s điểm của nhóm %(code)s (Cổng không tách theo chỉ số)."),
         {"r": _signed(rest), "code": code}),
    ]  # fmt: skip
    if suspects:
        msgs.append((gettext_noop("%(n)s hồ sơ có dấu hiệu được đánh giá khác."), {"n": len(suspects)}))
    subset = "gap" if rest > 0 else "numerator"
    out.append(
        Explanation("chua_giai_thich", tuple(msgs), rest, tuple(suspects[:MAX_SUSPECTS]), None, subset)
    )
    return out, rest


def _total_line(ctx: _Context, groups: Sequence[Line]) -> Line | None:
    given = [g for g in groups if g.portal is not None]
    portal = ctx.sheet.total
    if portal is None:
        if len(given) < len(GROUPS):
            return None
        portal = round(sum(g.portal or 0.0 for g in given), 2)
    local = ctx.local.card.total
    base = {
        "level": "total",
        "id": "",
        "name": gettext_noop("Tổng điểm"),
        "group": "",
        "portal": portal,
        "local": local,
    }
    gap = portal - local
    explained = sum(g.gap or 0.0 for g in given)
    rest = gap - explained
    out: list[Explanation] = []
    if abs(explained) > TOLERANCE:
        parts = ", ".join(f"{g.id} ({_signed(g.gap or 0.0)})" for g in given if abs(g.gap or 0.0) > TOLERANCE)
        msg = gettext_noop("Gồm chênh lệch của các nhóm: %(parts)s.")
        out.append(Explanation("tong_hop", ((msg, {"parts": parts}),), explained))
    if abs(rest) > TOLERANCE * len(GROUPS):
        out.append(
            Explanation(
                "chua_giai_thich",
                (
                    (
                        gettext_noop(
                            "Chưa giải thích được %(r)s điểm: tổng điểm của Cổng khác tổng các nhóm trong tệp."
                        ),
                        {"r": _signed(rest)},
                    ),
                ),
                rest,
            )
        )
    if abs(gap) <= TOLERANCE + 1e-9 and abs(rest) <= TOLERANCE * len(GROUPS):
        return Line(**base, status="khop", explanations=tuple(out))  # type: ignore[arg-type]
    bad = any(g.status == "chua_giai_thich" for g in given) or abs(rest) > TOLERANCE * len(GROUPS)
    return Line(**base, status="chua_giai_thich" if bad else "giai_thich", explanations=tuple(out))  # type: ignore[arg-type]


# --- entry point -------------------------------------------------------------------------------------------


def reconcile(
    sheet: PortalSheet,
    local: LocalCard,
    *,
    variants: Sequence[Variant] = (),
    facts: Callable[[str], Sequence[DossierFact]] | Mapping[str, Sequence[DossierFact]] | None = None,
    calendar: WorkingCalendar | None = None,
    period_last_day: date | None = None,
    params: Index766Params | None = None,
) -> Reconciliation:
    """Compare the portal's scores of one unit × period with cchc's and explain every gap.

    ``variants``: cchc's card under the other judging options (c). ``facts``: the local dossiers of an
    indicator's denominator (with ``meets``), asked only for the gaps that reach step (d). ``calendar``:
    the working days (near the due date, days off). ``period_last_day``: flags dossiers received at the
    very end of the period."""
    if facts is None:
        get: Callable[[str], Sequence[DossierFact]] = lambda _i: ()  # noqa: E731
    elif callable(facts):
        get = facts
    else:
        table = facts
        get = lambda i: table.get(i, ())  # noqa: E731
    ctx = _Context(
        sheet,
        local,
        variants,
        get,
        calendar,
        period_last_day,
        _Scorer(local.card, params or Index766Params()),
    )
    ids = [s.id for s in specs()]
    shown = [i for i in ids if i in sheet.indicators or i in local.card.indicators]
    lines = [_indicator_line(i, ctx) for i in shown]
    groups = [_group_line(code, ctx, lines) for code in GROUPS]
    total = _total_line(ctx, groups)
    rec = Reconciliation(sheet.unit_code or sheet.unit_name, sheet.period, sheet.dossiers, local.received)
    rec.lines = [*lines, *groups, *([total] if total else [])]
    return rec
