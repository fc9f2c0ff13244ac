"""Indicator SQL, written once in the dialect DuckDB and PostgreSQL share (Spark/Trino: docs/distributed.md).

Placeholders are ``:name``; :func:`bind` rewrites them for DuckDB (``$name``) or psycopg
(``%(name)s``). Avoid ``::`` casts and ``%`` literals here so the rewrite stays trivial.
Rules implemented (standards.md §1.3): a dossier belongs to the period of its NgayTiepNhan; its
processing ends at NgayKetThucXuLy, or at a pending supplement request, or — still open — at the
period end (capped by ``as_of``); on time iff end − completed supplement time ≤ NgayHenTra; more than
one supplement request is late; no NgayHenTra (and none derivable) counts as on time.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any, Literal

from cchc.analytics.periods import GRAIN_INTERVAL, Grain, midnight

Dialect = Literal["duckdb", "postgres"]


def bind(sql: str, dialect: Dialect) -> str:
    repl = r"$\1" if dialect == "duckdb" else r"%(\1)s"
    return re.sub(r"(?<![:\w]):([a-z_]+)\b", repl, sql)


def used_params(sql: str, dialect: Dialect, params: Mapping[str, Any]) -> dict[str, Any]:
    """The values a text bound for ``dialect`` refers to (DuckDB and psycopg refuse names it lacks)."""
    marker = "${}" if dialect == "duckdb" else "%({})s"
    return {k: v for k, v in params.items() if marker.format(k) in sql}


def count_params(start: date, end: date, *, as_of: datetime, unit: str | None = None) -> dict[str, Any]:
    """Values of the placeholders of :func:`counts_sql` and :func:`drilldown_sql` for dossiers received
    in [start, end), judged at ``as_of`` (capped by the period end)."""
    return {
        "start": midnight(start),
        "end": midnight(end),
        "as_of": as_of,
        "unit": unit,
        "dislike_rating": DISLIKE_RATING,
    }


def _bucket(grain: Grain) -> tuple[str, str]:
    if grain == "range":
        return "CAST(:start AS TIMESTAMP)", "CAST(:end AS TIMESTAMP)"
    start = f"DATE_TRUNC('{grain}', d.received_at)"
    return start, f"{start} + INTERVAL '{GRAIN_INTERVAL[grain]}'"


DISLIKE_RATING = 2  # rating 1..5; ≤ 2 counts as "dislike" for 5.4 (threshold not in the sources)

COUNT_COLUMNS = (
    "received", "synced_known", "synced", "on_time", "finished", "online", "fee_dossiers", "paid_dossiers",
    "fee_procedures", "paid_procedures", "result_required", "e_result", "digitised", "reused", "shared",
    "population", "complaints",
)  # fmt: skip


# The condition that puts a judged dossier in each per-dossier count: counts_sql counts the rows where it
# is TRUE (``COUNT(*) FILTER (WHERE …)``) and the drill-down lists the same rows (:data:`INDICATOR_SETS`).
# Names are the columns of the ``judged`` CTE (:func:`_judged_ctes`): the dossier columns plus ``fin``
# (finished before the cutoff), ``ok`` (on time) and ``no_paper`` (no paper result needed, or e-result).
COUNT_CONDITIONS: dict[str, str] = {
    "received": "TRUE",
    "synced_known": "synced IS NOT NULL",
    "synced": "synced",
    "on_time": "ok",
    "finished": "fin",
    "online": "channel = 2 AND no_paper",
    "fee_dossiers": "fee_amount > 0",
    "paid_dossiers": "fee_amount > 0 AND paid_online IN (1, 2)",
    "result_required": "fin AND result_required",
    "e_result": "fin AND result_required AND e_result",
    "digitised": "attachments_digitised AND no_paper",
    "reused": "reused_data",
    "shared": "from_data_warehouse OR e_result",
    "population": "population_data",
    "complaints": "complaint OR rating <= :dislike_rating",
}

# The counts whose value depends on the cutoff (the moment open dossiers are judged at).
CUTOFF_COUNTS = ("on_time", "finished", "result_required", "e_result")


def _end_at(cut: str = "cutoff") -> str:
    """End of processing (2.1): finished, else an unanswered supplement request, else just before the cutoff."""
    return f"""CASE WHEN b.finished_at < b.{cut} THEN b.finished_at
                                      WHEN b.supplement_pending_at < b.{cut} THEN b.supplement_pending_at
                                      ELSE b.{cut} - INTERVAL '1 second' END"""


_END_AT = _end_at()


def _fin(cut: str) -> str:
    return f"(b.finished_at IS NOT NULL AND b.finished_at < b.{cut})"


def _ok(cut: str) -> str:
    return f"""CASE WHEN COALESCE(b.supplement_count, 0) > 1 THEN FALSE
         WHEN b.due_at IS NULL THEN TRUE
         ELSE EXTRACT(EPOCH FROM {_end_at(cut)})
              - COALESCE(b.supplement_days, 0) * 86400 <= EXTRACT(EPOCH FROM b.due_at) END"""


def _at_cutoff(condition: str, suffix: str) -> str:
    """A count condition judged at another cutoff: ``fin``/``ok`` → ``fin_<suffix>``/``ok_<suffix>``."""
    return re.sub(r"\b(fin|ok)\b", rf"\1_{suffix}", condition)


def _judged_ctes(
    start: str, end: str, where: str, table: str, extra: str = "", also: dict[str, str] | None = None
) -> str:
    """CTEs ``base`` and ``judged`` (one row per dossier of the period with fin, ok, no_paper).

    Shared by the counts and the drill-down, so both judge a dossier with the very same expressions;
    ``extra`` adds dossier columns the drill-down shows (the counts' text is unchanged without it).
    ``also`` ({suffix: cutoff expression}) judges each dossier at more cutoffs: ``fin_<suffix>``,
    ``ok_<suffix>``.
    """
    no_paper = "(COALESCE(result_required, FALSE) = FALSE OR COALESCE(e_result, FALSE))"
    also = also or {}
    cutoffs = "".join(f", {e} AS cutoff_{k}" for k, e in also.items())
    judged = "".join(
        f",\n    {_fin('cutoff_' + k)} AS fin_{k},\n    {_ok('cutoff_' + k)} AS ok_{k}" for k in also
    )
    return f"""base AS (
  SELECT {extra}d.unit_code, d.procedure_code, {start} AS period_start, LEAST({end}, :as_of) AS cutoff{cutoffs},
    d.finished_at, d.supplement_pending_at, d.due_at, d.supplement_count, d.supplement_days, d.channel,
    d.fee_amount, d.paid_online, d.result_required, d.e_result, d.attachments_digitised, d.reused_data,
    d.from_data_warehouse, d.population_data, d.synced, d.rating, d.complaint
  FROM {table} d
  WHERE {where}
),
judged AS (
  SELECT b.*,
    {_fin("cutoff")} AS fin,
    {_ok("cutoff")} AS ok,
    {no_paper} AS no_paper{judged}
  FROM base b
)"""


def _where(unit_filter: bool) -> str:
    return "d.received_at >= :start AND d.received_at < :end" + (
        " AND d.unit_code = :unit" if unit_filter else ""
    )


def counts_sql(
    grain: Grain,
    *,
    unit_filter: bool,
    by_procedure: bool,
    table: str = "dossiers",
    also_judged_at: tuple[str, ...] = (),
    unfinished_only: bool = False,
) -> str:
    """One row per unit × [procedure ×] period with every count the indicators need.

    Open dossiers are judged at the end of the period (capped by ``:as_of``). ``also_judged_at`` adds
    the :data:`CUTOFF_COUNTS` judged at other cutoffs, as columns ``<count>_<cutoff>`` after the others:
    ``"quarter"`` / ``"year"`` at the end of the dossier's quarter / year (capped by ``:as_of``; the
    rollup's months, :mod:`cchc.analytics.rollup`), ``"period_end"`` at the period's end, not capped.
    ``unfinished_only`` keeps the dossiers not finished before ``:unfinished_at`` (with ``period_end``:
    the correction of the rollup's open periods).

    Same rules as the drill-down (:func:`drilldown_sql`: same ``judged`` CTE, same
    :data:`COUNT_CONDITIONS`), written for speed: only the needed columns,
    ``COUNT(*) FILTER (WHERE …)`` counts, and the distinct-procedure counts (3.5b) as a second, smaller
    aggregation over (unit, procedure, period) instead of ``COUNT(DISTINCT …)`` next to the other
    aggregates (DuckDB's distinct path made the whole aggregate ~2× slower).
    """
    start, end = _bucket(grain)
    also = {
        g: end if g == "period_end" else f"LEAST({_bucket(g)[1]}, :as_of)"  # type: ignore[arg-type]
        for g in also_judged_at
    }
    where = _where(unit_filter)
    if unfinished_only:
        where += " AND (d.finished_at IS NULL OR d.finished_at >= :unfinished_at)"
    key = "unit_code, procedure_code, period_start" if by_procedure else "unit_code, period_start"
    proc = "a.procedure_code" if by_procedure else "CAST(NULL AS VARCHAR)"
    proc_join = " AND p.procedure_code = a.procedure_code" if by_procedure else ""
    counts = ",\n    ".join(
        "COUNT(*) AS received" if name == "received" else f"COUNT(*) FILTER (WHERE {cond}) AS {name}"
        for name, cond in COUNT_CONDITIONS.items()
    )
    more = [f"{name}_{g}" for g in also for name in CUTOFF_COUNTS]
    counts += "".join(
        f",\n    COUNT(*) FILTER (WHERE {_at_cutoff(COUNT_CONDITIONS[name], g)}) AS {name}_{g}"
        for g in also
        for name in CUTOFF_COUNTS
    )
    return f"""WITH {_judged_ctes(start, end, where, table, also=also)},
agg AS (
  SELECT {key},
    {counts}
  FROM judged
  GROUP BY {key}
),
fee_procs AS (
  SELECT unit_code, procedure_code, period_start, BOOL_OR(paid_online IN (1, 2)) AS paid
  FROM (SELECT d.unit_code, d.procedure_code, {start} AS period_start, d.paid_online
        FROM {table} d WHERE {where} AND d.fee_amount > 0) f
  GROUP BY unit_code, procedure_code, period_start
),
procs AS (
  SELECT {key}, COUNT(*) AS fee_procedures, COUNT(*) FILTER (WHERE paid) AS paid_procedures
  FROM fee_procs
  GROUP BY {key}
)
SELECT a.unit_code, {proc} AS procedure_code, CAST(a.period_start AS DATE) AS period_start,
  a.received, a.synced_known, a.synced, a.on_time, a.finished, a.online, a.fee_dossiers, a.paid_dossiers,
  COALESCE(p.fee_procedures, 0) AS fee_procedures, COALESCE(p.paid_procedures, 0) AS paid_procedures,
  a.result_required, a.e_result, a.digitised, a.reused, a.shared, a.population, a.complaints{"".join(", a." + c for c in more)}
FROM agg a
LEFT JOIN procs p ON p.unit_code = a.unit_code AND p.period_start = a.period_start{proc_join}
ORDER BY a.unit_code, {proc}, a.period_start"""


Subset = Literal["gap", "numerator", "denominator"]
SUBSETS: tuple[Subset, ...] = ("gap", "numerator", "denominator")


@dataclass(frozen=True, slots=True)
class DrillSet:
    """The dossiers behind one indicator, as conditions over the ``judged`` columns.

    ``denominator`` and ``numerator`` are :data:`COUNT_CONDITIONS` entries (the very text the counts
    filter on), so listing the rows where a condition holds gives the count's dossiers. The gap is the
    denominator without the numerator. ``by_procedure`` (3.5b) counts procedures, not dossiers: the
    numerator lists the fee dossiers paid online (their distinct unit × procedure are the numerator),
    the gap the fee dossiers of procedures with no such dossier in the unit × period.
    """

    denominator: str
    numerator: str
    by_procedure: bool = False


_C = COUNT_CONDITIONS
INDICATOR_SETS: dict[str, DrillSet] = {
    "2.1": DrillSet(_C["received"], _C["on_time"]),
    "3.3": DrillSet(_C["received"], _C["online"]),
    "3.5b": DrillSet(_C["fee_dossiers"], _C["paid_dossiers"], by_procedure=True),
    "3.6": DrillSet(_C["fee_dossiers"], _C["paid_dossiers"]),
    "4.1": DrillSet(_C["result_required"], _C["e_result"]),
    "4.2": DrillSet(_C["received"], _C["digitised"]),
    "4.3": DrillSet(_C["received"], _C["reused"]),
    "4.4": DrillSet(_C["received"], _C["shared"]),
    "4.5b": DrillSet(_C["received"], _C["population"]),
    # 5.4 scores received − late − complaints: the dossiers meeting it are on time without complaint or
    # dislike, the gap is late or complaint/dislike (a late dossier with a complaint is subtracted twice
    # by the rule but listed once).
    "5.4": DrillSet(_C["received"], f"({_C['on_time']}) AND NOT COALESCE(({_C['complaints']}), FALSE)"),
    "1.4": DrillSet(_C["synced_known"], _C["synced"]),
}

DRILL_COLUMNS = (
    "dossier_code", "unit_code", "procedure_code", "received_at", "due_at", "end_at", "fin", "ok",
    "supplement_count", "delay_working_days", "meets", "channel", "fee_amount", "paid_online",
    "result_required", "e_result", "attachments_digitised", "reused_data", "from_data_warehouse",
    "population_data", "synced", "rating", "complaint",
)  # fmt: skip


def drilldown_sql(
    grain: Grain,
    *,
    unit_filter: bool,
    indicator: str = "2.1",
    subset: Subset = "gap",
    table: str = "dossiers",
) -> str:
    """The dossiers of an indicator's denominator, numerator or gap (denominator not numerator), columns
    :data:`DRILL_COLUMNS`, most delayed first, with the delay in working days (calendar-table index
    difference). Same ``judged`` CTE and conditions as :func:`counts_sql`; ``meets`` says whether the
    dossier (3.5b: its procedure) is in the numerator."""
    rule = INDICATOR_SETS[indicator]
    start, end = _bucket(grain)
    in_num = f"COALESCE(({rule.numerator}), FALSE)"
    meets = in_num
    if rule.by_procedure:
        group = "PARTITION BY b.unit_code, b.procedure_code, b.period_start"
        meets = f"COALESCE(BOOL_OR({in_num}) OVER ({group}), FALSE)"
    keep = {
        "denominator": "s.in_den",
        "numerator": "s.in_den AND s.in_num",
        "gap": "s.in_den AND NOT s.meets",
    }[subset]
    shown = ", ".join(f"s.{c}" for c in DRILL_COLUMNS[10:])
    return f"""WITH {_judged_ctes(start, end, _where(unit_filter), table, extra="d.dossier_code, d.received_at, ")},
sets AS (
  SELECT b.*, {_END_AT} AS end_at,
    COALESCE(({rule.denominator}), FALSE) AS in_den,
    {in_num} AS in_num,
    {meets} AS meets
  FROM judged b
)
SELECT s.dossier_code, s.unit_code, s.procedure_code, s.received_at, s.due_at, s.end_at, s.fin, s.ok,
  s.supplement_count,
  CASE WHEN s.due_at IS NULL THEN NULL ELSE ce.wd_index - cd.wd_index END AS delay_working_days,
  {shown}
FROM sets s
LEFT JOIN calendar ce ON ce.day = CAST(s.end_at AS DATE)
LEFT JOIN calendar cd ON cd.day = CAST(s.due_at AS DATE)
WHERE {keep}
ORDER BY delay_working_days DESC NULLS LAST, s.dossier_code
LIMIT :limit"""
