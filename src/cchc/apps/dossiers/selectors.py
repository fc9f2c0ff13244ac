"""Read side: 766 scorecards, ranking, trends and drill-down from the store, always through the user's scope.

The store knows dossiers by the unit code of the export; :func:`code_map` turns codes into our units
(``Unit.code`` or a :class:`UnitCodeAlias`). A unit whose dossiers carry several codes gets its counts
summed and scored again by the domain rule, so its points are computed exactly like a single code's.

Read onto today's tree (``mapped``, the default): the codes of a unit that ended in a merger (or a split
naming who carries its history) are folded into the unit carrying its history when the store is read
(:func:`history_map`, :mod:`cchc.analytics.unitmap`); ``mapped=False`` reads as it was. No stored row
changes (docs/org-history.md).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path
from typing import Any

import numpy as np
from django.core.exceptions import ValidationError
from django.db import connection
from django.db.models import QuerySet
from django.utils.translation import gettext

from cchc.analytics.indicators import (
    DRILL_INDICATORS,
    DrillRow,
    ScoreBatch,
    drilldown,
    scorecard,
    scorecard_dict,
    summed_counts,
)
from cchc.analytics.periods import JudgeOpen
from cchc.analytics.readers import open_source
from cchc.analytics.scorecard import resolve
from cchc.analytics.sql import COUNT_COLUMNS
from cchc.apps.org.access import is_organisation_wide, scope_for, visible_units
from cchc.apps.org.models import Unit, User
from cchc.apps.org.selectors import history_owners
from cchc.domain.dossiers import ColumnMapping, propose_mapping
from cchc.domain.errors import UserError
from cchc.domain.index766 import GROUPS, INDICATORS, Index766Params, Scorecard, rank
from cchc.domain.profiles import Profile

from . import drill, lookups
from .models import ImportJob, UnitCodeAlias
from .storage import open_snapshot, open_store

DRILL_LIMIT = 200_000  # a Sở has a few thousand late dossiers a year; the list is paginated in the page
FEW_CODES = 20  # up to this many store unit codes in scope, the drill-down asks the store code by code


@dataclass
class UnitCard:
    """Scores of one unit (or the whole scope, ``unit`` None) × [procedure ×] period."""

    unit: Unit | None
    procedure: str | None
    period: str
    period_start: date
    counts: dict[str, int]
    card: Scorecard
    position: int | None = None
    rows: list[Any] = field(default_factory=list, repr=False)  # the store's rows summed into this card

    @property
    def codes(self) -> list[str]:
        """The store unit codes of the rows this card sums."""
        return sorted({r.unit for r in self.rows})

    @property
    def late(self) -> int:
        return self.counts["received"] - self.counts["on_time"]

    @property
    def total(self) -> float:
        return self.card.total

    @property
    def on_time_ratio(self) -> float | None:
        s = self.card.indicators.get("2.1")
        return s.ratio if s else None

    def indicator_rows(self) -> list[dict[str, Any]]:
        out = []
        for ind_id, s in sorted(self.card.indicators.items(), key=lambda kv: _sort_key(kv[0])):
            d = INDICATORS[ind_id]
            gap = None if s.numerator is None or s.denominator is None else s.denominator - s.numerator
            out.append(
                {
                    "id": ind_id,
                    "name": gettext(d.name),  # marked with gettext_noop in domain/index766_specs.py
                    "group": d.group,
                    "pmax": d.pmax,
                    "score": s,
                    "gap": gap,  # count not meeting it (5.4: late + complaints, as the rule subtracts)
                    "drill": ind_id in DRILL_INDICATORS,
                }
            )
        return out

    def group_rows(self) -> list[dict[str, Any]]:
        return [
            {"code": c, "name": gettext(g.name), "max": g.max_points, "points": self.card.groups.get(c)}
            for c, g in GROUPS.items()
        ]

    def as_dict(self) -> dict[str, Any]:
        """Same shape as ``cchc indicators --json`` (ScoreRow.as_dict), plus our unit and rank."""
        return {
            "unit": self.codes[0] if len(self.codes) == 1 else (self.unit.code if self.unit else None),
            "unit_id": self.unit.pk if self.unit else None,
            "unit_name": self.unit.name if self.unit else None,
            "procedure": self.procedure,
            "period": self.period,
            "counts": self.counts,
            **scorecard_dict(self.card),
            "rank": self.position,
        }


def _sort_key(ind_id: str) -> tuple[int, str]:
    major, _, minor = ind_id.partition(".")
    return int(major), minor.zfill(3)


def is_org_wide(user: User) -> bool:
    return is_organisation_wide(user)


def code_map(*, units: Iterable[Unit]) -> dict[str, Unit]:
    """Store unit codes of ``units``: each unit's own code plus its aliases (any source)."""
    by_pk = {u.pk: u for u in units}
    out = {u.code: u for u in by_pk.values()}
    aliases = UnitCodeAlias.objects.filter(unit_id__in=by_pk).values_list("external_code", "unit_id")
    for code, unit_id in aliases:  # (tuples: a Sở may map hundreds of codes)
        out[code] = by_pk[unit_id]
    return out


def scorecard_units(*, user: User) -> QuerySet[Unit]:
    """Units offered in the filter: the scope, without the leadership board (it handles no dossiers)."""
    return visible_units(user).exclude(kind="leadership").order_by("path", "order", "name")


def history_map(*, mapped: bool = True) -> dict[str, Unit]:
    """{store code of a historical unit: the unit carrying its history on today's tree} (empty when
    reading as it was, or without changes): the old unit's own code and its aliases."""
    owners = history_owners() if mapped else {}
    if not owners:
        return {}
    units = Unit.objects.in_bulk({*owners, *owners.values()})
    old = code_map(units=[units[pk] for pk in owners if pk in units])
    return {code: units[owners[u.pk]] for code, u in old.items() if owners[u.pk] in units}


def _codes_in_scope(*, user: User | None, unit: Unit | None, mapped: bool = True) -> dict[str, Unit]:
    """``unit``'s subtree, else the user's scope; with neither, every unit (the measured sources).
    ``mapped``: plus the codes of the historical units whose history a unit of the selection carries.
    Read once per :func:`~cchc.apps.core.measures.measuring_pass` (a page asks it for each of its cards)."""
    from cchc.apps.core.measures import shared

    key = (
        "dossiers.codes_in_scope",
        user.pk if user is not None else None,
        unit.pk if unit else None,
        mapped,
    )
    return shared(key, lambda: _read_codes_in_scope(user=user, unit=unit, mapped=mapped))


def _read_codes_in_scope(*, user: User | None, unit: Unit | None, mapped: bool) -> dict[str, Unit]:
    if unit is not None:
        codes = code_map(units=unit.subtree())
    else:
        codes = code_map(units=visible_units(user) if user is not None else Unit.objects.all())
    folded = {
        code: owner
        for code, owner in history_map(mapped=mapped).items()
        if owner.pk in {u.pk for u in codes.values()}
    }
    return codes | folded


def _store_map(codes: dict[str, Unit], *, mapped: bool) -> dict[str, str]:
    """{stored code: today's code} for the store's read (:func:`cchc.analytics.scorecard.scorecard`)."""
    return {code: owner.code for code, owner in history_map(mapped=mapped).items() if code in codes}


def _combined(
    groups: list[list[Any]], params: Index766Params | None = None
) -> list[tuple[dict[str, int], Scorecard]]:
    """(counts, card) of each group of rows: a single row as scored, several rows' counts summed and
    scored again by the domain rule, all such groups in one vectorised pass (one ScoreBatch)."""
    summed = {i: summed_counts(rows) for i, rows in enumerate(groups) if len(rows) > 1}
    batch = None
    if summed:
        batch = ScoreBatch(
            {k: np.array([c[k] for c in summed.values()], dtype=np.int64) for k in COUNT_COLUMNS},
            params,
        )
    at = {i: j for j, i in enumerate(summed)}
    out = []
    for i, rows in enumerate(groups):
        if i in summed and batch is not None:
            out.append((summed[i], batch.scores.card(at[i])))
        else:
            out.append((dict(rows[0].counts), rows[0].card))
    return out


def unit_cards(
    *,
    user: User | None,
    period: str | None,
    unit: Unit | None = None,
    grain: str | None = None,
    by_procedure: bool = False,
    per_unit: bool = True,
    as_of: datetime | None = None,
    judge_open: JudgeOpen = "period_end",
    params: Index766Params | None = None,
    mapped: bool = True,
) -> list[UnitCard]:
    """Cards per unit (``per_unit``) or for the whole selection, × [procedure ×] period.

    ``as_of`` (the cut-off, exclusive), ``judge_open`` and ``params``: as :func:`scorecard`; ``mapped``:
    onto today's tree (default) or as it was."""
    codes = _codes_in_scope(user=user, unit=unit, mapped=mapped)
    if not codes:
        return []
    rows = _scored(
        codes,
        mapped=mapped,
        period=period,
        grain=grain,
        by_procedure=by_procedure,
        as_of=as_of,
        judge_open=judge_open,
        params=params,
    )
    return _cards(rows, codes, unit=unit, per_unit=per_unit, params=params)


def overview(
    *,
    user: User,
    period: str | None,
    unit: Unit | None = None,
    as_of: datetime | None = None,
    judge_open: JudgeOpen = "period_end",
    params: Index766Params | None = None,
    mapped: bool = True,
) -> tuple[list[UnitCard], list[UnitCard]]:
    """The card of the selection (``unit``'s subtree, or the scope) and, for organisation-wide users, the
    ranked cards of every unit of the scope, from one scorecard (dashboard and scorecard page)."""
    if not is_org_wide(user):
        cards = unit_cards(
            user=user,
            period=period,
            unit=unit,
            per_unit=False,
            as_of=as_of,
            judge_open=judge_open,
            params=params,
            mapped=mapped,
        )
        return cards, []
    scope = _codes_in_scope(user=user, unit=None, mapped=mapped)
    if not scope:
        return [], []
    selected = scope if unit is None else _codes_in_scope(user=user, unit=unit, mapped=mapped)
    rows = _scored(
        scope,
        mapped=mapped,
        period=period,
        grain=None,
        by_procedure=False,
        as_of=as_of,
        judge_open=judge_open,
        params=params,
    )
    overall = _cards(rows, selected, unit=unit, per_unit=False, params=params)
    return overall, ranked(_cards(rows, scope, unit=None, per_unit=True, params=params))


def _scored(
    codes: dict[str, Unit],
    *,
    period: str | None,
    grain: str | None,
    by_procedure: bool,
    as_of: datetime | None,
    judge_open: JudgeOpen = "period_end",
    params: Index766Params | None = None,
    mapped: bool = True,
) -> list[Any]:
    only = next(iter(codes)) if len(codes) == 1 else None
    p, g = resolve(period, grain)  # type: ignore[arg-type]
    how: dict[str, Any] = {
        "unit": only,
        "period": p,
        "grain": g,
        "by_procedure": by_procedure,
        "as_of": as_of or datetime.now(),
        "judge_open": judge_open,
        "params": params,
        "unit_map": _store_map(codes, mapped=mapped),
    }
    # The pages' snapshot when it holds what these cards read (never waits for an import), else the store.
    with open_snapshot() as snap:
        if snap is not None and snap.serves(
            p, g, by_procedure=by_procedure, as_of=how["as_of"], judge_open=judge_open
        ):
            return scorecard(snap, **how)
    with open_store() as store:
        return scorecard(store, **how)


def _cards(
    rows: list[Any],
    codes: dict[str, Unit],
    *,
    unit: Unit | None,
    per_unit: bool,
    params: Index766Params | None = None,
) -> list[UnitCard]:
    groups: dict[tuple[int | None, str | None, str], list[Any]] = defaultdict(list)
    owners: dict[int | None, Unit | None] = {}
    key_unit, pk = unit, unit.pk if unit else None
    for r in rows:
        owner = codes.get(r.unit)
        if owner is None:
            continue
        if per_unit:
            key_unit, pk = owner, owner.pk
        owners[pk] = key_unit
        groups[(pk, r.procedure, r.period)].append(r)
    scored = _combined(list(groups.values()), params)
    cards = [
        UnitCard(
            owners[pk],
            rs[0].procedure,
            str(rs[0].period),
            rs[0].period_start,
            counts,
            card,
            rows=rs,
        )
        for ((pk, _p, _per), rs), (counts, card) in zip(groups.items(), scored, strict=True)
    ]
    cards.sort(key=lambda c: (c.period_start, c.unit.path if c.unit else "", c.procedure or ""))
    return cards


def ranked(cards: list[UnitCard]) -> list[UnitCard]:
    """Rank units by total within one period (1, 2, 2, 4), best first."""
    by_key = {str(i): c for i, c in enumerate(cards)}
    out = []
    for key, _total, position in rank((k, c.total) for k, c in by_key.items()):
        by_key[key].position = position
        out.append(by_key[key])
    return out


def unit_rank(
    *, user: User, unit: Unit, period: str, as_of: datetime | None = None
) -> tuple[int, int] | None:
    """(position, number of units) of ``unit`` among the Sở's units; None unless the user sees the Sở."""
    if not is_org_wide(user):
        return None
    cards = ranked(unit_cards(user=user, period=period, as_of=as_of))
    for c in cards:
        if c.unit is not None and c.unit.pk == unit.pk:
            return c.position or 0, len(cards)
    return None


def trend(
    *,
    user: User,
    unit: Unit | None,
    period: str | None,
    as_of: datetime | None = None,
    judge_open: JudgeOpen = "period_end",
    params: Index766Params | None = None,
    mapped: bool = True,
) -> list[UnitCard]:
    """Monthly cards of the selection (whole scope when ``unit`` is None)."""
    return unit_cards(
        mapped=mapped,
        user=user,
        period=period,
        unit=unit,
        grain="month",
        per_unit=False,
        as_of=as_of,
        judge_open=judge_open,
        params=params,
    )


@dataclass(frozen=True)
class DossierLine:
    row: DrillRow
    unit: Unit


def drill_subset(indicator: str, subset: str | None, only_late: bool | None = None) -> str:
    """The checked subset of ``indicator``'s drill-down (ValidationError in Vietnamese otherwise).

    Without ``subset``: the gap (2.1: the late dossiers), or the denominator when ``only_late`` is False
    (the former switch of the 2.1 list)."""
    subset = subset or ("denominator" if only_late is False else "gap")
    try:
        drill.check(indicator, subset)
    except UserError as exc:
        raise ValidationError(str(exc)) from exc
    return subset


def dossier_lines(
    *,
    user: User,
    unit: Unit | None,
    period: str | None,
    indicator: str = "2.1",
    subset: str | None = None,
    only_late: bool | None = None,
    procedure: str = "",
    as_of: datetime | None = None,
    judge_open: JudgeOpen = "period_end",
    params: Index766Params | None = None,
    mapped: bool = True,
) -> list[DossierLine]:
    """The dossiers behind an indicator, inside the scope, most delayed first.

    ``subset``: "gap" (default; 2.1: the late ones), "numerator" or "denominator" — the very dossiers
    the scorecard counts (:func:`cchc.analytics.indicators.drilldown`)."""
    chosen = drill_subset(indicator, subset, only_late)
    codes = _codes_in_scope(user=user, unit=unit, mapped=mapped)
    if not codes:
        return []
    # A unit's few codes (its own and its aliases) are asked one by one, so the store filters them;
    # the whole organisation, or a wide scope, is asked in one query and filtered here.
    narrow = (unit is not None or not is_org_wide(user)) and len(codes) <= FEW_CODES
    asked: list[str | None] = list(codes) if narrow else [None]
    with open_store() as store:
        rows = [
            row
            for code in asked
            for row in drilldown(
                store,
                unit=code,
                period=period,
                indicator=indicator,
                subset=chosen,  # type: ignore[arg-type]
                limit=DRILL_LIMIT,
                as_of=as_of,
                judge_open=judge_open,
                params=params,
            )
        ]
    if len(asked) > 1:  # the order of one query: most delayed first (no delay last), then by code
        rows.sort(key=lambda r: (r.delay_working_days is None, -(r.delay_working_days or 0), r.dossier_code))
        rows = rows[:DRILL_LIMIT]
    return [
        DossierLine(r, codes[r.unit])
        for r in rows
        if r.unit in codes and (not procedure or r.procedure == procedure)
    ]


def unassigned(*, user: User, period: str | None) -> list[tuple[str, int]]:
    """(unit code, dossiers received in ``period``) of the codes no unit or alias has: the
    "chưa xác định đơn vị" bucket of the scorecard, shown to organisation-wide users (the dossiers are
    in no unit's card until the unit or an alias is added)."""
    if not is_org_wide(user):
        return []
    from cchc.analytics.periods import midnight

    p, _g = resolve(period, None)
    units = known_unit_codes()
    with open_snapshot() as snap:
        counted = snap.received_by_unit(p) if snap is not None else None
    if counted is None:  # a custom range, or no snapshot yet: the store's rows
        with open_store() as store:
            rows = store.con.execute(
                "SELECT unit_code, count(*) FROM dossiers WHERE received_at >= ? AND received_at < ? "
                "GROUP BY 1 ORDER BY 2 DESC, 1",
                [midnight(p.start), midnight(p.end)],
            ).fetchall()
        counted = [(str(c), int(n)) for c, n in rows]
    return [(c, n) for c, n in counted if c not in units]


def known_unit_codes() -> frozenset[str]:
    """The organisation's unit codes with their aliases."""
    with connection.cursor() as cursor:
        return lookups.unit_codes(cursor)


def known_codes() -> tuple[frozenset[str], frozenset[str]]:
    """(unit codes with their aliases, procedure codes of the catalogue): what an import checks rows
    against (:class:`cchc.analytics.importer.KnownCodes`)."""
    with connection.cursor() as cursor:
        return lookups.unit_codes(cursor), lookups.procedure_codes(cursor)


def unmapped_codes() -> list[tuple[str, int]]:
    """Unit codes in the store that match no unit or alias (their dossiers are in nobody's scorecard)."""
    known = known_unit_codes()
    with open_store() as store:
        rows = store.con.execute("SELECT unit_code, count(*) FROM dossiers GROUP BY 1 ORDER BY 1").fetchall()
    return [(str(c), int(n)) for c, n in rows if c not in known]


def import_jobs(*, user: User) -> QuerySet[ImportJob]:
    return ImportJob.objects.select_related("user").all()


def quarantine_rows(*, job: ImportJob, limit: int = 500, offset: int = 0) -> tuple[int, list[dict[str, Any]]]:
    """(count, rows) of the job's quarantined rows: row number, code, Vietnamese reason, raw row, fixed?"""
    if job.store_job_id is None:
        return 0, []
    import json

    with open_store() as store:
        total = store.con.execute(
            "SELECT count(*) FROM quarantine WHERE job_id = ?", [job.store_job_id]
        ).fetchone()
        rows = store.con.execute(
            "SELECT row_no, dossier_code, reason, raw, resolved_by_job FROM quarantine WHERE job_id = ? "
            "ORDER BY row_no LIMIT ? OFFSET ?",
            [job.store_job_id, limit, offset],
        ).fetchall()
    out = [
        {"row_no": r[0], "code": r[1] or "", "reason": r[2], "raw": json.loads(r[3]), "resolved_by": r[4]}
        for r in rows
    ]
    return int(total[0]) if total else 0, out


def scope_label(user: User) -> str:
    scope = scope_for(user)
    return "all" if scope.everything else scope.unit_path or ""


# -- the column-mapping step ----------------------------------------------------------------------------

PREVIEW_ROWS = 5


def saved_profiles(source: str) -> tuple[Profile, ...]:
    """The column profile saved for ``source`` (none: empty), tried before the built-in profiles."""
    with connection.cursor() as cursor:
        return lookups.saved_profiles(cursor, source)


@dataclass(frozen=True, slots=True)
class Preview:
    columns: ColumnMapping
    samples: dict[str, list[str]]  # column → its first values


def preview_file(path: Path, source: str) -> Preview:
    """The file's columns, their first values and the mapping the import would use (no store touched:
    the file is read by DuckDB in memory, the way the import reads it)."""
    import tempfile

    import duckdb

    with duckdb.connect() as con, tempfile.TemporaryDirectory() as tmp:
        with open_source(con, path, Path(tmp)) as (sql, headers):
            rows = con.execute(f"SELECT * FROM {sql} LIMIT {PREVIEW_ROWS}").fetchall()
    samples = {h: [str(r[i]) for r in rows if r[i] not in (None, "")] for i, h in enumerate(headers)}
    return Preview(propose_mapping(headers, saved_profiles(source)), samples)
