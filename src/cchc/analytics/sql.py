"""Indicator SQL, written once in the dialect DuckDB and PostgreSQL share (Trino/Spark: docs/analytics.md).

Placeholders are ``:name``; :func:`bind` rewrites them for DuckDB (``$name``) or psycopg
(``%(name)s``). Avoid ``::`` casts and ``%`` literals here so the rewrite stays trivial.
Rules implemented (standards.md §1.3): a dossier belongs to the period of its NgayTiepNhan; its
processing ends at NgayKetThucXuLy, or at a pending supplement request, or — still open — at the
period end (capped by ``as_of``); on time iff end − completed supplement time ≤ NgayHenTra; more than
one supplement request is late; no NgayHenTra (and none derivable) counts as on time.
"""

from __future__ import annotations

import re
from typing import Literal

from cchc.analytics.periods import GRAIN_INTERVAL, Grain

Dialect = Literal["duckdb", "postgres"]


def bind(sql: str, dialect: Dialect) -> str:
    repl = r"$\1" if dialect == "duckdb" else r"%(\1)s"
    return re.sub(r"(?<![:\w]):([a-z_]+)\b", repl, sql)


def _bucket(grain: Grain) -> tuple[str, str]:
    if grain == "range":
        return "CAST(:start AS TIMESTAMP)", "CAST(:end AS TIMESTAMP)"
    start = f"DATE_TRUNC('{grain}', d.received_at)"
    return start, f"{start} + INTERVAL '{GRAIN_INTERVAL[grain]}'"


def judged_sql(grain: Grain, *, unit_filter: bool, table: str = "dossiers") -> str:
    """Per-dossier CTE text ``judged``: period bucket, end of processing, on_time flag."""
    start, end = _bucket(grain)
    unit = "AND d.unit_code = :unit" if unit_filter else ""
    return f"""
base AS (
  SELECT d.*, {start} AS period_start, LEAST({end}, :as_of) AS cutoff
  FROM {table} d
  WHERE d.received_at >= :start AND d.received_at < :end {unit}
),
ended AS (
  SELECT b.*,
    CASE WHEN b.finished_at IS NOT NULL AND b.finished_at < b.cutoff THEN b.finished_at
         WHEN b.supplement_pending_at IS NOT NULL AND b.supplement_pending_at < b.cutoff
              THEN b.supplement_pending_at
         ELSE b.cutoff - INTERVAL '1 second' END AS end_at,
    CASE WHEN b.finished_at IS NOT NULL AND b.finished_at < b.cutoff THEN 1 ELSE 0 END AS is_finished
  FROM base b
),
judged AS (
  SELECT e.*,
    CASE WHEN COALESCE(e.supplement_count, 0) > 1 THEN 0
         WHEN e.due_at IS NULL THEN 1
         WHEN EXTRACT(EPOCH FROM e.end_at) - COALESCE(e.supplement_days, 0) * 86400
              <= EXTRACT(EPOCH FROM e.due_at) THEN 1
         ELSE 0 END AS on_time
  FROM ended e
)"""


DISLIKE_RATING = 2  # rating 1..5; ≤ 2 counts as "dislike" for 5.4 (threshold not in the sources)

COUNT_COLUMNS = (
    "received", "synced_known", "synced", "on_time", "finished", "online", "fee_dossiers", "paid_dossiers",
    "fee_procedures", "paid_procedures", "result_required", "e_result", "digitised", "reused", "shared",
    "population", "complaints",
)  # fmt: skip


def counts_sql(grain: Grain, *, unit_filter: bool, by_procedure: bool, table: str = "dossiers") -> str:
    """One row per unit × [procedure ×] period with every count the indicators need.

    Same rules as :func:`judged_sql` (the drill-down), written for speed: only the needed columns,
    ``COUNT(*) FILTER (WHERE …)`` counts, and the distinct-procedure counts (3.5b) as a second, smaller
    aggregation over (unit, procedure, period) instead of ``COUNT(DISTINCT …)`` next to the other
    aggregates (DuckDB's distinct path made the whole aggregate ~2× slower).
    """
    start, end = _bucket(grain)
    where = "d.received_at >= :start AND d.received_at < :end" + (
        " AND d.unit_code = :unit" if unit_filter else ""
    )
    key = "unit_code, procedure_code, period_start" if by_procedure else "unit_code, period_start"
    proc = "a.procedure_code" if by_procedure else "CAST(NULL AS VARCHAR)"
    proc_join = " AND p.procedure_code = a.procedure_code" if by_procedure else ""
    no_paper = "(COALESCE(result_required, FALSE) = FALSE OR COALESCE(e_result, FALSE))"
    return f"""WITH base AS (
  SELECT d.unit_code, d.procedure_code, {start} AS period_start, LEAST({end}, :as_of) AS cutoff,
    d.finished_at, d.supplement_pending_at, d.due_at, d.supplement_count, d.supplement_days, d.channel,
    d.fee_amount, d.paid_online, d.result_required, d.e_result, d.attachments_digitised, d.reused_data,
    d.from_data_warehouse, d.population_data, d.synced, d.rating, d.complaint
  FROM {table} d
  WHERE {where}
),
judged AS (
  SELECT b.*,
    (b.finished_at IS NOT NULL AND b.finished_at < b.cutoff) AS fin,
    CASE WHEN COALESCE(b.supplement_count, 0) > 1 THEN FALSE
         WHEN b.due_at IS NULL THEN TRUE
         ELSE EXTRACT(EPOCH FROM CASE WHEN b.finished_at < b.cutoff THEN b.finished_at
                                      WHEN b.supplement_pending_at < b.cutoff THEN b.supplement_pending_at
                                      ELSE b.cutoff - INTERVAL '1 second' END)
              - COALESCE(b.supplement_days, 0) * 86400 <= EXTRACT(EPOCH FROM b.due_at) END AS ok,
    {no_paper} AS no_paper
  FROM base b
),
agg AS (
  SELECT {key},
    COUNT(*) AS received,
    COUNT(*) FILTER (WHERE synced IS NOT NULL) AS synced_known,
    COUNT(*) FILTER (WHERE synced) AS synced,
    COUNT(*) FILTER (WHERE ok) AS on_time,
    COUNT(*) FILTER (WHERE fin) AS finished,
    COUNT(*) FILTER (WHERE channel = 2 AND no_paper) AS online,
    COUNT(*) FILTER (WHERE fee_amount > 0) AS fee_dossiers,
    COUNT(*) FILTER (WHERE fee_amount > 0 AND paid_online IN (1, 2)) AS paid_dossiers,
    COUNT(*) FILTER (WHERE fin AND result_required) AS result_required,
    COUNT(*) FILTER (WHERE fin AND result_required AND e_result) AS e_result,
    COUNT(*) FILTER (WHERE attachments_digitised AND no_paper) AS digitised,
    COUNT(*) FILTER (WHERE reused_data) AS reused,
    COUNT(*) FILTER (WHERE from_data_warehouse OR e_result) AS shared,
    COUNT(*) FILTER (WHERE population_data) AS population,
    COUNT(*) FILTER (WHERE complaint OR rating <= :dislike_rating) AS complaints
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
  a.result_required, a.e_result, a.digitised, a.reused, a.shared, a.population, a.complaints
FROM agg a
LEFT JOIN procs p ON p.unit_code = a.unit_code AND p.period_start = a.period_start{proc_join}
ORDER BY a.unit_code, {proc}, a.period_start"""


ROLLUP_DDL = (
    "CREATE TABLE IF NOT EXISTS counts_rollup (grain VARCHAR, unit_code VARCHAR, period_start DATE, "
    + ", ".join(f"{c} BIGINT" for c in COUNT_COLUMNS)
    + ")"
)


def rollup_insert_sql(grain: Grain) -> str:
    """Insert the unit × period counts of ``grain`` for received_at in [:start, :end), judged at period end.

    The counts are :func:`counts_sql` itself (``:as_of`` far in the future, so the cutoff is the period
    end): a closed period read from the rollup is by construction what the live query would return.
    """
    cols = ", ".join(COUNT_COLUMNS)
    inner = counts_sql(grain, unit_filter=False, by_procedure=False)
    return f"INSERT INTO counts_rollup SELECT '{grain}', unit_code, period_start, {cols} FROM ({inner}) q"


def rollup_read_sql(*, unit_filter: bool) -> str:
    """Stored counts of the closed periods in [:start, :open_start), in the column order of counts_sql."""
    unit = "AND unit_code = :unit" if unit_filter else ""
    return f"""SELECT unit_code, CAST(NULL AS VARCHAR) AS procedure_code, period_start, {", ".join(COUNT_COLUMNS)}
FROM counts_rollup
WHERE grain = :grain AND period_start >= CAST(:start AS DATE) AND period_start < CAST(:open_start AS DATE) {unit}
ORDER BY unit_code, period_start"""


def drilldown_sql(grain: Grain, *, unit_filter: bool, only_late: bool, table: str = "dossiers") -> str:
    """The dossiers behind a number, with the delay in working days (calendar-table index difference)."""
    late = "WHERE j.on_time = 0" if only_late else ""
    return f"""WITH {judged_sql(grain, unit_filter=unit_filter, table=table)}
SELECT j.dossier_code, j.unit_code, j.procedure_code, j.received_at, j.due_at, j.end_at,
  j.is_finished, j.on_time, j.supplement_count,
  CASE WHEN j.due_at IS NULL THEN NULL ELSE ce.wd_index - cd.wd_index END AS delay_working_days
FROM judged j
LEFT JOIN calendar ce ON ce.day = CAST(j.end_at AS DATE)
LEFT JOIN calendar cd ON cd.day = CAST(j.due_at AS DATE)
{late}
ORDER BY delay_working_days DESC, j.dossier_code
LIMIT :limit"""
