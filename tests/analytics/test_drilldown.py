"""Drill-down per indicator: the dossiers listed for a subset are exactly the ones the counts count.

For every dossier-fed indicator, unit and period, the denominator / numerator / gap lists of
``drilldown`` have the sizes of the scorecard's denominator / numerator / their difference
(``scorecard(use_rollup=False)``, i.e. ``counts_sql``), checked on the hand-made sample and on
synthetic data; 3.5b by distinct procedures, 5.4 through its rule received − late − complaints.
"""

from __future__ import annotations

from collections import defaultdict
from datetime import datetime
from pathlib import Path
from typing import Any

import pytest

from cchc.analytics.importer import import_file
from cchc.analytics.indicators import (
    DRILL_INDICATORS,
    DrillRow,
    UnknownIndicator,
    drill_query,
    drill_rows,
    drilldown,
    indicator_columns,
    scorecard,
)
from cchc.analytics.sql import COUNT_COLUMNS, DISLIKE_RATING, SUBSETS
from cchc.analytics.store import CALENDAR_DDL, DossierStore, dossier_columns, dossiers_ddl
from cchc.analytics.synthetic import generate

from .conftest import insert_rows

AS_OF = datetime(2026, 4, 15)
BIG = 10**7


@pytest.fixture
def loaded(store: DossierStore, sample_csv: Path) -> DossierStore:
    import_file(store, sample_csv, source="mc")
    return store


def _codes(store: DossierStore, indicator: str, subset: str, **kw: Any) -> list[str]:
    rows = drilldown(store, indicator=indicator, subset=subset, as_of=AS_OF, **kw)  # type: ignore[arg-type]
    return sorted(r.dossier_code for r in rows)


def test_every_dossier_indicator_has_drill_sets() -> None:
    counts, _present = indicator_columns(dict.fromkeys(COUNT_COLUMNS, 0))
    assert set(DRILL_INDICATORS) == set(counts)


def test_sample_sets_by_hand(loaded: DossierStore) -> None:
    kw = {"unit": "U", "period": "2026-03"}
    assert _codes(loaded, "2.1", "gap", **kw) == ["B", "D", "E"]
    assert _codes(loaded, "2.1", "numerator", **kw) == ["A", "C", "F", "G"]
    # Online = channel 2 and no paper result pending: C needs a paper result without an e-result.
    assert _codes(loaded, "3.3", "numerator", **kw) == ["A", "B"]
    assert _codes(loaded, "3.3", "gap", **kw) == ["C", "D", "E", "F", "G"]
    assert _codes(loaded, "3.6", "denominator", **kw) == ["A", "B"]  # fee > 0
    assert _codes(loaded, "3.6", "gap", **kw) == ["B"]  # not paid online
    assert _codes(loaded, "3.5b", "gap", **kw) == ["B"]  # P2 has no online payment at all
    assert _codes(loaded, "4.1", "denominator", **kw) == ["C", "D"]  # finished, paper result required
    assert _codes(loaded, "4.1", "gap", **kw) == ["C"]  # no electronic result
    assert _codes(loaded, "4.2", "gap", **kw) == ["C", "E", "F", "G"]  # not digitised (C: paper pending)
    # 5.4: late or complaint; B is both (the rule subtracts it twice, the list shows it once).
    assert _codes(loaded, "5.4", "gap", **kw) == ["B", "D", "E"]
    assert _codes(loaded, "1.4", "denominator", **kw) == []  # the export has no sync column
    rows = {
        r.dossier_code: r for r in drilldown(loaded, indicator="3.3", subset="denominator", as_of=AS_OF, **kw)
    }
    assert rows["A"].meets and not rows["C"].meets and rows["C"].channel == 2 and rows["C"].result_required
    assert rows["A"].fee_amount == 16_000_000 and rows["A"].paid_online == 1 and rows["A"].digitised


def test_only_late_still_means_the_2_1_gap(loaded: DossierStore) -> None:
    kw = {"unit": "U", "period": "2026-03", "as_of": AS_OF}
    assert drilldown(loaded, **kw) == drilldown(loaded, only_late=True, **kw)
    assert drilldown(loaded, only_late=True, **kw) == drilldown(loaded, indicator="2.1", subset="gap", **kw)
    every = drilldown(loaded, only_late=False, **kw)
    assert every == drilldown(loaded, indicator="2.1", subset="denominator", **kw) and len(every) == 7
    with pytest.raises(ValueError):
        drilldown(loaded, indicator="3.3", only_late=True, **kw)


@pytest.mark.parametrize(("indicator", "subset"), [("9.9", "gap"), ("3.1", "gap"), ("2.1", "late")])
def test_unknown_indicator_or_subset_is_refused(loaded: DossierStore, indicator: str, subset: str) -> None:
    with pytest.raises(UnknownIndicator, match="không"):
        drilldown(loaded, indicator=indicator, subset=subset)  # type: ignore[arg-type]


def _dislike(r: DrillRow) -> bool:
    return bool(r.complaint) or (r.rating is not None and r.rating <= DISLIKE_RATING)


def assert_drill_matches_counts(
    store: DossierStore, *, unit: str | None, period: str, as_of: datetime
) -> int:
    """Every indicator × subset of the drill-down against the scorecard counts, unit by unit."""
    cards = {r.unit: r for r in scorecard(store, unit=unit, period=period, as_of=as_of, use_rollup=False)}
    checked = 0
    for ind in DRILL_INDICATORS:
        lists: dict[str, dict[str, list[DrillRow]]] = {}
        for subset in SUBSETS:
            by_unit: dict[str, list[DrillRow]] = defaultdict(list)
            for r in drilldown(
                store, unit=unit, period=period, indicator=ind, subset=subset, limit=BIG, as_of=as_of
            ):
                by_unit[r.unit].append(r)
            lists[subset] = by_unit
        for code, card in cards.items():
            num, den = indicator_columns(card.counts)[0][ind]
            ctx = (ind, code, period)
            d_rows, n_rows, g_rows = (lists[s].get(code, []) for s in ("denominator", "numerator", "gap"))
            if ind == "3.5b":  # procedures, not dossiers
                procs = [{r.procedure for r in rows} for rows in (d_rows, n_rows, g_rows)]
                assert (len(procs[0]), len(procs[1]), len(procs[2])) == (den, num, den - num), ctx
                assert procs[1] | procs[2] == procs[0] and not procs[1] & procs[2], ctx
            else:
                assert len(d_rows) == den, ctx
                d, n, g = ({r.dossier_code for r in rows} for rows in (d_rows, n_rows, g_rows))
                assert n | g == d and not n & g, ctx  # the gap is the denominator without the numerator
                assert sum(bool(r.meets) for r in d_rows) == len(n_rows), ctx
                if ind == "5.4":  # received − late − complaints: each late and each complaint off once
                    late = sum(not r.on_time for r in g_rows)
                    assert num == den - late - sum(_dislike(r) for r in g_rows), ctx
                    assert all(r.on_time and not _dislike(r) for r in n_rows), ctx
                else:
                    assert len(n_rows) == num and len(g_rows) == den - num, ctx
            checked += 1
        # No dossier of a unit without a card (nothing received there) slips into a list.
        assert set(lists["denominator"]) <= set(cards), (ind, period)
    return checked


def test_sample_drill_sets_equal_the_counts(loaded: DossierStore) -> None:
    for period in ("2026-03", "2026-04", "2026-Q1", "2026", "2026-03-02..2026-03-03"):
        for as_of in (AS_OF, datetime(2026, 3, 15)):
            assert_drill_matches_counts(loaded, unit="U", period=period, as_of=as_of)


@pytest.fixture(scope="module")
def synthetic() -> DossierStore:
    store = DossierStore(":memory:")
    table = generate(6000, seed=11, units=4, procedures=25)
    insert_rows(store, table)
    yield store  # type: ignore[misc]
    store.close()


@pytest.mark.parametrize(
    ("unit", "period", "as_of"),
    [
        (None, "2025-03", datetime(2026, 6, 1)),
        ("DV1", "2025-Q2", datetime(2025, 5, 20)),  # an open quarter judged mid-way
        ("DV2", "2025", datetime(2026, 6, 1)),
        (None, "2024-02-01..2024-02-29", datetime(2026, 6, 1)),
        ("DV0", "2026-10", datetime(2026, 10, 15)),  # open month, dossiers still running
    ],
)
def test_synthetic_drill_sets_equal_the_counts(
    synthetic: DossierStore, unit: str | None, period: str, as_of: datetime
) -> None:
    assert assert_drill_matches_counts(synthetic, unit=unit, period=period, as_of=as_of) >= len(
        DRILL_INDICATORS
    )


def test_synthetic_sets_are_not_trivial(synthetic: DossierStore) -> None:
    """A synthetic month has dossiers in every subset of every indicator (the equalities above bite)."""
    for ind in DRILL_INDICATORS:
        for subset in SUBSETS:
            assert drilldown(synthetic, period="2025-03", indicator=ind, subset=subset, limit=1), (
                ind,
                subset,
            )


@pytest.mark.postgres
def test_same_drill_sql_same_rows_on_postgres(synthetic: DossierStore, pg: Any) -> None:
    cols = [n for n, _ in dossier_columns()]
    pg.execute(dossiers_ddl())
    pg.execute(CALENDAR_DDL)
    with pg.cursor().copy(f"COPY dossiers ({', '.join(cols)}) FROM STDIN") as copy:
        for r in synthetic.con.execute(f"SELECT {', '.join(cols)} FROM dossiers").fetchall():
            copy.write_row(r)
    with pg.cursor().copy("COPY calendar (day, is_working, wd_index) FROM STDIN") as copy:
        for r in synthetic.con.execute("SELECT day, is_working, wd_index FROM calendar").fetchall():
            copy.write_row(r)
    as_of = datetime(2025, 3, 20)  # an open month: running dossiers judged at as_of
    for ind in DRILL_INDICATORS:
        for subset in SUBSETS:
            kw = {"unit": None, "period": "2025-03", "indicator": ind, "subset": subset, "as_of": as_of}
            sql, params = drill_query("postgres", limit=BIG, **kw)  # type: ignore[arg-type]
            post = drill_rows(pg.execute(sql, params).fetchall())
            duck = drilldown(synthetic, limit=BIG, **kw)  # type: ignore[arg-type]
            assert duck and post == duck, (ind, subset)
