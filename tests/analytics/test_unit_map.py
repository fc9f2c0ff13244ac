"""Counts read onto today's tree (cchc.analytics.unitmap): a merged unit's card is the sum of its former
units' cards on every path (rollup cells, live rows, open periods re-judged), nothing stored changes."""

from __future__ import annotations

from datetime import date, datetime

import pytest

from cchc.analytics.importer import import_file
from cchc.analytics.indicators import scorecard
from cchc.analytics.scorecard import count_query
from cchc.analytics.sql import COUNT_COLUMNS
from cchc.analytics.store import DossierStore
from cchc.analytics.synthetic import generate, write
from cchc.analytics.unitmap import fold, values_table

MERGED = {"DV0": "MOI", "DV1": "MOI"}
AS_OFS = [datetime(2025, 12, 31, 23, 0), datetime(2026, 5, 15, 10, 0)]


@pytest.fixture(scope="module")
def loaded(tmp_path_factory: pytest.TempPathFactory) -> DossierStore:
    tmp = tmp_path_factory.mktemp("unitmap")
    data = generate(3000, seed=11, start=date(2025, 1, 1), end=date(2026, 6, 30), units=4, procedures=12)
    store = DossierStore(tmp / "kho.duckdb")
    import_file(store, write(data, tmp / "hoso.csv"), source="mc")
    yield store  # type: ignore[misc]
    store.close()


def _by_unit(rows: list) -> dict[tuple[str, str], dict[str, int]]:
    return {(r.unit, r.period): dict(r.counts) for r in rows}


@pytest.mark.parametrize("use_rollup", [True, False])
@pytest.mark.parametrize("as_of", AS_OFS)
@pytest.mark.parametrize("grain", ["month", "quarter", "year"])
def test_merged_unit_counts_are_the_sum_of_the_two(loaded, use_rollup, as_of, grain) -> None:
    kw = {"period": "2025", "grain": grain, "as_of": as_of, "use_rollup": use_rollup}
    was = _by_unit(scorecard(loaded, **kw))  # type: ignore[arg-type]
    now = _by_unit(scorecard(loaded, unit_map=MERGED, **kw))  # type: ignore[arg-type]
    periods = {p for _u, p in was}
    assert {u for u, _p in now} == {"MOI", "DV2", "DV3"}
    for p in periods:
        for col in COUNT_COLUMNS:
            parts = [was.get((u, p), {}).get(col, 0) for u in ("DV0", "DV1")]
            assert now[("MOI", p)][col] == sum(parts), (p, col)
        for u in ("DV2", "DV3"):  # the other units are read as they were
            assert now.get((u, p)) == was.get((u, p))


def test_received_of_the_merged_unit_equals_a_count_of_the_raw_rows(loaded) -> None:
    rows = scorecard(loaded, unit="MOI", period="2025", grain="month", unit_map=MERGED)  # type: ignore[arg-type]
    raw = dict(
        loaded.con.execute(
            "SELECT strftime(received_at, '%Y-%m'), count(*) FROM dossiers WHERE unit_code IN ('DV0', 'DV1') "
            "AND received_at >= DATE '2025-01-01' AND received_at < DATE '2026-01-01' GROUP BY 1"
        ).fetchall()
    )
    assert {r.period: r.counts["received"] for r in rows} == raw
    assert {r.unit for r in rows} == {"MOI"}


@pytest.mark.parametrize("as_of", AS_OFS)
def test_rollup_and_rows_agree_under_the_mapping_with_a_unit_filter(loaded, as_of) -> None:
    kw = {"unit": "MOI", "period": "2026", "grain": "month", "as_of": as_of, "unit_map": MERGED}
    fast = scorecard(loaded, **kw)  # type: ignore[arg-type]
    slow = scorecard(loaded, use_rollup=False, **kw)  # type: ignore[arg-type]
    assert fast == slow and fast and {r.unit for r in fast} == {"MOI"}


def test_a_former_unit_code_is_not_a_unit_of_todays_tree(loaded) -> None:
    assert scorecard(loaded, unit="DV0", period="2025", unit_map=MERGED) == []  # type: ignore[arg-type]
    assert scorecard(loaded, unit="DV0", period="2025")  # type: ignore[arg-type]


def test_no_mapping_leaves_the_sql_unchanged() -> None:
    as_it_was, _ = count_query(
        "duckdb", unit="DV0", period="2025", grain=None, by_procedure=False, as_of=None
    )
    empty, _ = count_query(
        "duckdb", unit="DV0", period="2025", grain=None, by_procedure=False, as_of=None, unit_map={}
    )
    assert as_it_was == empty and fold("SELECT 1", {}, counts=()) == "SELECT 1"


def test_codes_are_quoted_as_literals() -> None:
    assert values_table({"O'B": "X"}) == "(VALUES ('O''B', 'X')) AS um(from_code, to_code)"
