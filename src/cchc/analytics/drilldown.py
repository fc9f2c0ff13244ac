"""The dossiers behind a number: an indicator's denominator, numerator or gap for a unit × period.

The sets are the conditions the counts use (:data:`cchc.analytics.sql.INDICATOR_SETS`, from the
indicator entries of :mod:`cchc.domain.index766_specs`), so a list has exactly the counted dossiers.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from cchc.analytics.periods import JudgeOpen, Period, check_judge_open
from cchc.analytics.scorecard import resolve
from cchc.analytics.scoring import denominator_count
from cchc.analytics.sql import (
    INDICATOR_SETS,
    SUBSETS,
    Dialect,
    Subset,
    bind,
    count_params,
    drilldown_sql,
    used_params,
)
from cchc.analytics.store import DossierStore
from cchc.domain import index766_specs as registry
from cchc.domain.errors import UserError
from cchc.domain.index766 import Index766Params
from cchc.domain.index766_specs import DerivedSequence


@dataclass(frozen=True, slots=True)
class DrillRow:
    dossier_code: str
    unit: str
    procedure: str
    received_at: datetime
    due_at: datetime | None
    end_at: datetime
    finished: bool
    on_time: bool
    supplement_count: int | None
    delay_working_days: int | None
    meets: bool | None = None  # in the indicator's numerator (3.5b: its procedure, in the unit × period)
    # The export fields the drill-downs show (DrillField.name → value, None when the export left it empty):
    # channel, fee_amount, paid_online, result_required, e_result, digitised … read as attributes too.
    fields: Mapping[str, Any] = field(default_factory=dict)

    def __getattr__(self, name: str) -> Any:
        if name == "fields" or name.startswith("__"):
            raise AttributeError(name)
        try:
            return self.fields[name]
        except KeyError:
            raise AttributeError(name) from None


# Every indicator computed from dossiers (from the indicator entries).
DRILL_INDICATORS: Sequence[str] = DerivedSequence(lambda: tuple(INDICATOR_SETS))


class UnknownIndicator(UserError):
    """An indicator id the dossiers do not feed, or a subset other than gap/numerator/denominator."""


def drill_query(
    dialect: Dialect,
    *,
    unit: str | None = None,
    period: Period | str | None = None,
    indicator: str = "2.1",
    subset: Subset = "gap",
    limit: int = 1000,
    as_of: datetime | None = None,
    judge_open: JudgeOpen = "period_end",
    params: Index766Params | None = None,
) -> tuple[str, dict[str, Any]]:
    """SQL and parameters of :func:`drilldown` for ``dialect`` (DuckDB or psycopg)."""
    if indicator not in INDICATOR_SETS:
        known = ", ".join(DRILL_INDICATORS)
        raise UnknownIndicator(f"Chỉ số “{indicator}” không tính từ hồ sơ; các chỉ số tính được: {known}.")
    if subset not in SUBSETS:
        raise UnknownIndicator(f"Tập hồ sơ “{subset}” không hợp lệ; chọn gap, numerator hoặc denominator.")
    p, g = resolve(period, None)
    g = "range" if period is None else g
    text = drilldown_sql(
        g,
        unit_filter=unit is not None,
        indicator=indicator,
        subset=subset,
        judge_open=check_judge_open(judge_open),
        denominator=denominator_count(indicator, params).condition,
    )
    sql = bind(text, dialect)
    values = count_params(p.start, p.end, as_of=as_of or datetime.now(), unit=unit) | {"limit": limit}
    return sql, used_params(sql, dialect, values)


def drill_rows(rows: Sequence[tuple[Any, ...]]) -> list[DrillRow]:
    """DrillRow per result row of the drill-down SQL (columns :data:`cchc.analytics.sql.DRILL_COLUMNS`)."""
    shown = registry.drill_fields()
    flags = [f.kind == "bool" for f in shown]
    out = []
    for r in rows:
        meets = None if r[10] is None else bool(r[10])
        extra = {
            f.name: v if v is None or not flag else bool(v)
            for f, flag, v in zip(shown, flags, r[11:], strict=True)
        }
        code, unit, procedure, received_at, due_at, end_at, fin, ok, supplements, delay = r[:10]
        common = (code, unit, procedure, received_at, due_at, end_at, bool(fin), bool(ok), supplements, delay)
        out.append(DrillRow(*common, meets, extra))
    return out


def drilldown(
    store: DossierStore,
    *,
    unit: str | None = None,
    period: Period | str | None = None,
    indicator: str = "2.1",
    subset: Subset | None = None,
    only_late: bool | None = None,
    limit: int = 1000,
    as_of: datetime | None = None,
    judge_open: JudgeOpen = "period_end",
    params: Index766Params | None = None,
) -> list[DrillRow]:
    """Dossiers behind an indicator (:data:`cchc.analytics.sql.INDICATOR_SETS`), most delayed first.

    ``subset``: ``"denominator"``, ``"numerator"`` or ``"gap"`` (in the denominator, not the numerator:
    for 2.1 the late dossiers, for 3.3 those not online…), the default. The same rules as the counts:
    for a unit × period, the rows of a subset are exactly the dossiers :func:`scorecard` counts (3.5b:
    their distinct procedures). ``only_late`` is the former switch of 2.1: True ≡ gap, False ≡
    denominator.
    """
    if only_late is not None:
        if subset is not None or indicator != "2.1":
            raise ValueError("only_late chỉ dùng cho chỉ số 2.1, không cùng subset")
        subset = "gap" if only_late else "denominator"
    sql, values = drill_query(
        "duckdb",
        unit=unit,
        period=period,
        indicator=indicator,
        subset=subset or "gap",
        limit=limit,
        as_of=as_of,
        judge_open=judge_open,
        params=params,
    )
    return drill_rows(store.con.execute(sql, values).fetchall())
