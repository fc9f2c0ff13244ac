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
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any, Literal

from cchc.analytics.periods import GRAIN_INTERVAL, Grain, JudgeOpen, midnight
from cchc.domain import index766_specs as registry
from cchc.domain.dossiers import FIELDS
from cchc.domain.index766_specs import DerivedMapping, DerivedSequence, derived

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


def _bucket(grain: Grain, prejudged: bool = False) -> tuple[str, str]:
    """The start and end of a dossier's period (``d``: the dossier). ``prejudged``: the start is read
    from the table's ``<grain>_start`` column (:func:`prejudged_sql`)."""
    if grain == "range":
        return "CAST(:start AS TIMESTAMP)", "CAST(:end AS TIMESTAMP)"
    start = f"d.{grain}_start" if prejudged else f"DATE_TRUNC('{grain}', d.received_at)"
    return start, f"{start} + INTERVAL '{GRAIN_INTERVAL[grain]}'"


DISLIKE_RATING = registry.DISLIKE_RATING  # value of :dislike_rating (5.4: rating ≤ 2 is "dislike")

# Every count of the counts SQL, in column order, from the indicator entries (cchc.domain.index766_specs).
COUNT_COLUMNS: Sequence[str] = DerivedSequence(lambda: [c.name for c in registry.counts()])

# The condition that puts a judged dossier in each per-dossier count: counts_sql counts the rows where it
# is TRUE (``COUNT(*) FILTER (WHERE …)``) and the drill-down lists the same rows (:data:`INDICATOR_SETS`).
# Names are the columns of the ``judged`` CTE (:func:`_judged_ctes`): the dossier columns plus ``fin``
# (finished before the cutoff), ``ok`` (on time) and ``no_paper`` (no paper result needed, or e-result).
COUNT_CONDITIONS: Mapping[str, str] = DerivedMapping(
    lambda: {c.name: c.condition for c in registry.counts() if not c.per_procedure}
)

# The counts of distinct procedures having a dossier that meets their condition (3.5b), per unit × period.
PROCEDURE_COUNTS: Mapping[str, str] = DerivedMapping(
    lambda: {c.name: c.condition for c in registry.counts() if c.per_procedure}
)

# The counts whose value depends on the cutoff (the moment open dossiers are judged at): those reading
# ``fin`` or ``ok``.
CUTOFF_COUNTS: Sequence[str] = DerivedSequence(
    lambda: [c.name for c in registry.counts() if not c.per_procedure and c.depends_on_cutoff]
)

# Dossier columns the ``base`` CTE passes on (the judging reads the first five); a column an indicator's
# condition or drill-down reads is added after these (:func:`_base_columns`).
_BASE_COLUMNS = (
    "finished_at", "supplement_pending_at", "due_at", "supplement_count", "supplement_days", "channel",
    "fee_amount", "paid_online", "result_required", "e_result", "attachments_digitised", "reused_data",
    "from_data_warehouse", "population_data", "synced", "rating", "complaint",
)  # fmt: skip


def _referenced_columns() -> list[str]:
    texts = [c.condition for c in registry.counts()] + [f.column for f in registry.drill_fields()]
    words = set(re.findall(r"[a-z_]+", " ".join(texts)))
    return [f.name for f in FIELDS if f.name in words and f.name not in _BASE_COLUMNS]


_base_columns = derived(lambda: (*_BASE_COLUMNS, *_referenced_columns()))


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


def late_at_sql() -> str:
    """The instant after which a dossier still open is late by :func:`_ok` (due + completed supplement
    time, whole seconds rounded down, + the rule's one second; NULL without a due date): for any cut-off
    up to it, ``ok`` stays as it is. The pages' kept results end there (cchc.analytics.scorecard)."""
    return "due_at + to_seconds(CAST(floor(COALESCE(supplement_days, 0) * 86400) AS BIGINT) + 1)"


# The grains whose period start and judging at the period end :func:`prejudged_sql` adds to a table.
PREJUDGED_GRAINS: tuple[Grain, ...] = ("month", "quarter", "year")


def prejudged_sql(source: str) -> str:
    """DuckDB only (the pages' snapshot, :mod:`cchc.analytics.snapshot`): the rows of ``source`` (a table,
    or a query in parentheses) with, for each grain of :data:`PREJUDGED_GRAINS`, the start of the
    dossier's period (``<grain>_start``, a DATE) and the dossier judged at the end of that period, not
    capped (``fin_<grain>_end``, ``ok_<grain>_end``).

    These do not depend on the cut-off, so a table holding them spares :func:`counts_sql`
    (``prejudged=True``) half of the re-judging of open periods: it reads them instead of judging each
    row at its period end again. They are written with the very expressions of the ``judged`` CTE
    (:func:`_fin`, :func:`_ok`), so the counts are the same (tests/analytics/test_snapshot.py)."""
    inner = ", ".join(
        f"CAST({_bucket(g)[0]} AS DATE) AS {g}_start, {_bucket(g)[1]} AS cutoff_{g}" for g in PREJUDGED_GRAINS
    )
    judged = ", ".join(
        f"{_fin('cutoff_' + g)} AS fin_{g}_end, {_ok('cutoff_' + g)} AS ok_{g}_end" for g in PREJUDGED_GRAINS
    )
    cutoffs = ", ".join(f"cutoff_{g}" for g in PREJUDGED_GRAINS)
    return f"SELECT b.* EXCLUDE ({cutoffs}), {judged} FROM (SELECT d.*, {inner} FROM {source} d) b"


def _at_cutoff(condition: str, suffix: str) -> str:
    """A count condition judged at another cutoff: ``fin``/``ok`` → ``fin_<suffix>``/``ok_<suffix>``."""
    return re.sub(r"\b(fin|ok)\b", rf"\1_{suffix}", condition)


def _judged_ctes(
    start: str,
    end: str,
    where: str,
    table: str,
    extra: str = "",
    also: dict[str, str] | None = None,
    judge_open: JudgeOpen = "period_end",
    given: dict[str, str] | None = None,
) -> str:
    """CTEs ``base`` and ``judged`` (one row per dossier of the period with fin, ok, no_paper).

    Shared by the counts and the drill-down, so both judge a dossier with the very same expressions;
    ``extra`` adds dossier columns the drill-down shows (the counts' text is unchanged without it).
    ``also`` ({suffix: cutoff expression}) judges each dossier at more cutoffs: ``fin_<suffix>``,
    ``ok_<suffix>``. ``given`` ({suffix: column suffix}) reads such a judging from the table instead
    (``fin_<column suffix>``, ``ok_<column suffix>``, :func:`prejudged_sql`). ``judge_open``: the cutoff
    is the period end capped by ``:as_of`` (``"period_end"``) or ``:as_of`` itself (``"as_of"``: open
    dossiers of past periods judged at it).
    """
    cutoff = f"LEAST({end}, :as_of)" if judge_open == "period_end" else "CAST(:as_of AS TIMESTAMP)"
    no_paper = "(COALESCE(result_required, FALSE) = FALSE OR COALESCE(e_result, FALSE))"
    also = also or {}
    cutoffs = "".join(f", {e} AS cutoff_{k}" for k, e in also.items())
    read = "".join(f", d.fin_{c} AS fin_{k}, d.ok_{c} AS ok_{k}" for k, c in (given or {}).items())
    judged = "".join(
        f",\n    {_fin('cutoff_' + k)} AS fin_{k},\n    {_ok('cutoff_' + k)} AS ok_{k}" for k in also
    )
    columns = ", ".join(f"d.{c}" for c in _base_columns())
    return f"""base AS (
  SELECT {extra}d.unit_code, d.procedure_code, {start} AS period_start, {cutoff} AS cutoff{cutoffs}{read},
    {columns}
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
    judge_open: JudgeOpen = "period_end",
    procedure_counts: bool = True,
    prejudged: bool = False,
) -> str:
    """One row per unit × [procedure ×] period with every count the indicators need.

    Open dossiers are judged at the end of the period (capped by ``:as_of``). ``also_judged_at`` adds
    the :data:`CUTOFF_COUNTS` judged at other cutoffs, as columns ``<count>_<cutoff>`` after the others:
    ``"quarter"`` / ``"year"`` at the end of the dossier's quarter / year (capped by ``:as_of``; the
    rollup's months, :mod:`cchc.analytics.rollup`), ``"period_end"`` at the period's end, not capped.
    ``unfinished_only`` keeps the dossiers not finished before ``:unfinished_at`` (with ``period_end``:
    the correction of the rollup's open periods). ``judge_open="as_of"`` judges open dossiers at
    ``:as_of`` even in periods ended before it (:func:`_judged_ctes`).

    Same rules as the drill-down (:func:`drilldown_sql`: same ``judged`` CTE, same
    :data:`COUNT_CONDITIONS`), written for speed: only the needed columns,
    ``COUNT(*) FILTER (WHERE …)`` counts, and the distinct-procedure counts (3.5b) as a second, smaller
    aggregation over (unit, procedure, period) instead of ``COUNT(DISTINCT …)`` next to the other
    aggregates (DuckDB's distinct path made the whole aggregate ~2× slower). ``procedure_counts=False``
    leaves that second aggregation out (its columns are 0): for a caller reading only other counts (the
    open-period correction), as DuckDB computes a LEFT JOIN's side even when none of its columns is read.
    ``prejudged``: ``table`` holds the columns of :func:`prejudged_sql`; the period start and the
    judging at ``"period_end"`` are read from them (month / quarter / year grains).
    """
    if prejudged and grain not in PREJUDGED_GRAINS:
        raise ValueError(f"no judging is published for the grain {grain!r}")
    start, end = _bucket(grain, prejudged)
    given = {"period_end": f"{grain}_end"} if prejudged and "period_end" in also_judged_at else {}
    also = {
        g: end if g == "period_end" else f"LEAST({_bucket(g)[1]}, :as_of)"  # type: ignore[arg-type]
        for g in also_judged_at
        if g not in given
    }
    where = _where(unit_filter)
    if unfinished_only:
        where += " AND (d.finished_at IS NULL OR d.finished_at >= :unfinished_at)"
    key = "unit_code, procedure_code, period_start" if by_procedure else "unit_code, period_start"
    proc = "a.procedure_code" if by_procedure else "CAST(NULL AS VARCHAR)"
    conditions = COUNT_CONDITIONS
    counts = ",\n    ".join(
        "COUNT(*) AS " + name if cond == "TRUE" else f"COUNT(*) FILTER (WHERE {cond}) AS {name}"
        for name, cond in conditions.items()
    )
    more = [f"{name}_{g}" for g in also_judged_at for name in CUTOFF_COUNTS]
    counts += "".join(
        f",\n    COUNT(*) FILTER (WHERE {_at_cutoff(conditions[name], g)}) AS {name}_{g}"
        for g in also_judged_at
        for name in CUTOFF_COUNTS
    )
    per_proc = PROCEDURE_COUNTS if procedure_counts else {}
    columns = [
        f"COALESCE(p.{c}, 0) AS {c}"
        if c in per_proc
        else f"CAST(0 AS BIGINT) AS {c}"
        if c in PROCEDURE_COUNTS
        else f"a.{c}"
        for c in COUNT_COLUMNS
    ]
    procs_ctes, procs_join = "", ""
    if per_proc:
        # Distinct procedures as a second, smaller aggregation over (unit, procedure, period): one flag per
        # count, true when a dossier of the procedure meets its condition.
        flags = ", ".join(f"({cond}) AS {name}" for name, cond in per_proc.items())
        any_flag = " OR ".join(f"({cond})" for cond in per_proc.values())
        ors = ", ".join(f"BOOL_OR({name}) AS {name}" for name in per_proc)
        n_procs = ", ".join(f"COUNT(*) FILTER (WHERE {name}) AS {name}" for name in per_proc)
        procs_ctes = f""",
proc_flags AS (
  SELECT unit_code, procedure_code, period_start, {ors}
  FROM (SELECT d.unit_code, d.procedure_code, {start} AS period_start, {flags}
        FROM {table} d WHERE {where} AND ({any_flag})) f
  GROUP BY unit_code, procedure_code, period_start
),
procs AS (
  SELECT {key}, {n_procs}
  FROM proc_flags
  GROUP BY {key}
)"""
        proc_join = " AND p.procedure_code = a.procedure_code" if by_procedure else ""
        procs_join = (
            f"\nLEFT JOIN procs p ON p.unit_code = a.unit_code AND p.period_start = a.period_start{proc_join}"
        )
    judged_ctes = _judged_ctes(start, end, where, table, also=also, judge_open=judge_open, given=given)
    return f"""WITH {judged_ctes},
agg AS (
  SELECT {key},
    {counts}
  FROM judged
  GROUP BY {key}
){procs_ctes}
SELECT a.unit_code, {proc} AS procedure_code, CAST(a.period_start AS DATE) AS period_start,
  {", ".join(columns)}{"".join(", a." + c for c in more)}
FROM agg a{procs_join}
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


def _drill_sets() -> dict[str, DrillSet]:
    out = {}
    for spec in registry.dossier_specs():
        rule = spec.dossiers
        assert rule is not None
        out[spec.id] = DrillSet(rule.denominator.condition, rule.numerator_condition, rule.by_procedure)
    return out


# indicator → its dossier sets, for every indicator counted from dossiers (from the indicator entries).
INDICATOR_SETS: Mapping[str, DrillSet] = DerivedMapping(_drill_sets)

# The columns of a drill-down row: the common ones, ``meets``, then every field some indicator shows.
DRILL_COMMON = (
    "dossier_code", "unit_code", "procedure_code", "received_at", "due_at", "end_at", "fin", "ok",
    "supplement_count", "delay_working_days", "meets",
)  # fmt: skip
DRILL_COLUMNS: Sequence[str] = DerivedSequence(
    lambda: [*DRILL_COMMON, *(f.column for f in registry.drill_fields())]
)


def drilldown_sql(
    grain: Grain,
    *,
    unit_filter: bool,
    indicator: str = "2.1",
    subset: Subset = "gap",
    table: str = "dossiers",
    judge_open: JudgeOpen = "period_end",
    denominator: str | None = None,
) -> str:
    """The dossiers of an indicator's denominator, numerator or gap (denominator not numerator), columns
    :data:`DRILL_COLUMNS`, most delayed first, with the delay in working days (calendar-table index
    difference). Same ``judged`` CTE and conditions as :func:`counts_sql`; ``meets`` says whether the
    dossier (3.5b: its procedure) is in the numerator. ``denominator``: another denominator condition
    (an indicator's documented alternative, :func:`denominator_condition`)."""
    rule = INDICATOR_SETS[indicator]
    den_condition = denominator or rule.denominator
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
    shown = ", ".join(f"s.{c}" for c in DRILL_COLUMNS[len(DRILL_COMMON) - 1 :])
    extra = "d.dossier_code, d.received_at, "
    return f"""WITH {_judged_ctes(start, end, _where(unit_filter), table, extra=extra, judge_open=judge_open)},
sets AS (
  SELECT b.*, {_END_AT} AS end_at,
    COALESCE(({den_condition}), FALSE) AS in_den,
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
