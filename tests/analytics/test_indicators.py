"""Indicators against a hand-computed case (holidays, supplements, open dossiers) to 2 decimals."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

import pytest

from cchc.analytics.importer import import_file
from cchc.analytics.indicators import drilldown, scorecard
from cchc.analytics.periods import PeriodError, parse_period
from cchc.analytics.store import DossierStore

AS_OF = datetime(2026, 4, 15)


@pytest.fixture
def loaded(store: DossierStore, sample_csv: Path) -> DossierStore:
    import_file(store, sample_csv, source="mc")
    return store


def test_march_2026_scorecard_matches_hand_computation(loaded: DossierStore) -> None:
    [row] = scorecard(loaded, unit="U", period="2026-03", as_of=AS_OF)
    c, ind = row.counts, row.card.indicators
    # On time: A (finished before due), C (10/03 minus 5 supplement days ≤ due), F (open, due after the
    # period), G (no due: derived 03/04). Late: B (after due), D (two supplement requests), E (open past due).
    assert (c["received"], c["on_time"], c["finished"]) == (7, 4, 4)
    assert ind["2.1"].ratio == 57.14 and ind["2.1"].points == 11.43
    assert ind["3.3"].points == 6.86  # 2/7 online (C needs a paper result without e-result) → 12 × 28.57/50
    assert ind["3.5b"].points == 1.25 and ind["3.6"].points == 3.0
    assert ind["4.1"].points == 3.0  # e-result 1 of 2 finished paper-result dossiers
    assert ind["4.2"].points == 2.14  # 3/7 digitised, T = 80 %
    assert ind["4.4"].points == 0.57
    assert ind["5.4"].points == 2.86  # 100 % − (3/7 late + 1/7 complaint) = 42.86 % → 6 × 42.86/90
    assert row.card.groups == {
        "CKMB": None, "TDGQ": 11.43, "ONLINE": 6.86, "TTTT": 4.25, "MDHL": 2.86, "MDSH": 5.71,
    }  # fmt: skip
    assert row.card.total == 31.11


def test_missing_due_date_is_derived_in_working_days_across_holidays(loaded: DossierStore) -> None:
    due = dict(loaded.con.execute("SELECT dossier_code, due_at FROM dossiers WHERE due_derived").fetchall())
    assert due["G"] == datetime(2026, 4, 3, 23, 59, 59)
    # 29/04 + 2 working days: 30/4 and 1/5 are holidays, 2–3/5 the weekend → Tue 05/05.
    assert due["H"] == datetime(2026, 5, 5, 23, 59, 59)


def test_drilldown_lists_late_dossiers_with_delay_in_working_days(loaded: DossierStore) -> None:
    rows = drilldown(loaded, unit="U", period="2026-03", as_of=AS_OF)
    assert [(r.dossier_code, r.delay_working_days) for r in rows] == [("E", 7), ("B", 1), ("D", -4)]


def test_open_dossier_is_judged_at_as_of_within_the_current_period(loaded: DossierStore) -> None:
    [row] = scorecard(loaded, unit="U", period="2026-03", as_of=datetime(2026, 3, 15))
    assert row.counts["on_time"] == 5  # E (due 20/03) is still within its deadline on 15/03


def test_monthly_grain_without_period_and_by_procedure(loaded: DossierStore) -> None:
    months = scorecard(loaded, as_of=AS_OF)
    assert [(r.period, r.counts["received"]) for r in months] == [("2026-03", 7), ("2026-04", 1)]
    per_proc = scorecard(loaded, period="2026-Q1", by_procedure=True, as_of=AS_OF)
    assert {r.procedure: r.counts["received"] for r in per_proc} == {"P1": 1, "P2": 1, "P3": 5}


def test_periods() -> None:
    assert parse_period("2026-Q1").end.isoformat() == "2026-04-01"
    assert parse_period("2026-01-01..2026-03-31").last_day.isoformat() == "2026-03-31"
    assert parse_period("2026").grain == "year"
    with pytest.raises(PeriodError, match="không hợp lệ"):
        parse_period("2026-13")


def test_vectorised_scorecard_equals_scalar_domain_score(loaded: DossierStore) -> None:
    from cchc.analytics.indicators import indicator_counts
    from cchc.domain.index766 import score

    rows = scorecard(loaded, as_of=AS_OF) + scorecard(
        loaded, period="2026-Q1", by_procedure=True, as_of=AS_OF
    )
    assert rows
    for r in rows:
        assert r.card == score(indicator_counts(r.counts))
        assert r.as_dict()["total"] == r.card.total
