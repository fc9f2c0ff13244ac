"""Judging cut-offs said plainly: ``--as-of`` a day includes that day, open dossiers are judged at the
period end or at the cut-off by an explicit option, and 4.1's denominator with or without unfinished
dossiers is a documented choice (docs/analytics.md, "Cut-off")."""

from __future__ import annotations

import json
from datetime import datetime
from pathlib import Path

import pytest

from cchc.analytics.importer import import_file
from cchc.analytics.indicators import drilldown, scorecard
from cchc.analytics.periods import PeriodError, parse_as_of
from cchc.analytics.scorecard import judging
from cchc.analytics.store import DossierStore
from cchc.domain.index766 import Index766Params

from .conftest import write_csv

# February 2026 (dossier, received, due, finished, result required, e-result):
FEB = [
    # finished on 28/02 in the afternoon: inside "--as-of 2026-02-28"
    "X1,P3,U,1,28/02/2026 08:00,03/03/2026 17:00,28/02/2026 15:00,0,0,,,,Không,Có,Có,Không",
    # still open, due 27/02: late at any cut-off
    "X2,P3,U,1,27/02/2026 08:00,27/02/2026 17:00,,0,0,,,,Không,Có,Không,Không",
    # finished in March before its due date: open (on time) at the end of February, finished on time later
    "X3,P3,U,1,26/02/2026 08:00,05/03/2026 17:00,04/03/2026 10:00,0,0,,,,Không,Có,Có,Không",
    # finished in March after its due date: open (on time) at the end of February, late when judged later
    "X4,P3,U,1,26/02/2026 08:00,02/03/2026 17:00,10/03/2026 10:00,0,0,,,,Không,Không,Không,Không",
]
LATER = datetime(2026, 4, 15)


@pytest.fixture
def feb(store: DossierStore, tmp_path: Path) -> DossierStore:
    import_file(store, write_csv(tmp_path / "feb.csv", FEB), source="mc")
    return store


def test_as_of_a_day_is_the_next_midnight() -> None:
    assert parse_as_of("2026-02-28") == datetime(2026, 3, 1)
    assert parse_as_of("28/02/2026") == datetime(2026, 3, 1)
    assert parse_as_of("31/12/2025") == datetime(2026, 1, 1)
    assert parse_as_of("2026-02-28T17:30") == datetime(2026, 2, 28, 17, 30)
    for bad in ("2026-02-30", "hôm qua", "28/13/2026"):
        with pytest.raises(PeriodError, match="không hợp lệ"):
            parse_as_of(bad)


def test_cli_as_of_includes_that_day(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    from cchc.cli import main

    path = tmp_path / "kho.duckdb"
    assert main(["dossiers", "--store", str(path), "import", str(write_csv(tmp_path / "f.csv", FEB))]) == 0
    capsys.readouterr()
    args = ["indicators", "--store", str(path), "--period", "2026-02", "--json"]
    assert main([*args, "--as-of", "2026-02-28"]) == 0
    [row] = json.loads(capsys.readouterr().out)
    assert row["counts"]["finished"] == 1  # X1, finished on 28/02 at 15:00
    assert row["indicators"]["4.1"]["denominator"] == 1
    assert main([*args, "--as-of", "2026-02-27"]) == 0
    [row] = json.loads(capsys.readouterr().out)
    assert row["counts"]["finished"] == 0 and row["counts"]["received"] == 4


def test_cli_judging_options(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    from cchc.cli import main

    path = tmp_path / "kho.duckdb"
    assert main(["dossiers", "--store", str(path), "import", str(write_csv(tmp_path / "f.csv", FEB))]) == 0
    capsys.readouterr()
    args = ["indicators", "--store", str(path), "--period", "2026-02", "--as-of", "2026-04-14", "--json"]
    assert main(args) == 0
    [end] = json.loads(capsys.readouterr().out)
    assert main([*args, "--judge-open", "as_of", "--unfinished-in-denominator", "4.1"]) == 0
    [now] = json.loads(capsys.readouterr().out)
    assert (end["counts"]["on_time"], end["counts"]["finished"]) == (3, 1)
    assert (now["counts"]["on_time"], now["counts"]["finished"]) == (2, 3)
    assert now["indicators"]["4.1"]["denominator"] == 3  # X1, X2 (open), X3
    with pytest.raises(SystemExit):
        main([*args, "--judge-open", "today"])
    assert main([*args, "--unfinished-in-denominator", "2.1"]) != 0
    assert "không có lựa chọn mẫu số" in capsys.readouterr().err


def test_open_dossiers_judged_at_the_period_end_or_at_the_cut_off(feb: DossierStore) -> None:
    [end] = scorecard(feb, unit="U", period="2026-02", as_of=LATER)
    [now] = scorecard(feb, unit="U", period="2026-02", as_of=LATER, judge_open="as_of")
    assert end == scorecard(feb, unit="U", period="2026-02", as_of=LATER, use_rollup=False)[0]
    assert (end.counts["on_time"], end.counts["finished"], end.counts["result_required"]) == (3, 1, 1)
    assert (now.counts["on_time"], now.counts["finished"], now.counts["result_required"]) == (2, 3, 2)
    assert now.card.indicators["2.1"].ratio == 50.0 and end.card.indicators["2.1"].ratio == 75.0
    # within the current period both choices judge at the cut-off
    inside = datetime(2026, 2, 28, 12)
    a = scorecard(feb, unit="U", period="2026-02", as_of=inside)
    assert a == scorecard(feb, unit="U", period="2026-02", as_of=inside, judge_open="as_of")
    # the drill-down lists the dossiers the chosen judging counts
    for how, card in (("period_end", end), ("as_of", now)):
        late = drilldown(feb, unit="U", period="2026-02", indicator="2.1", as_of=LATER, judge_open=how)
        assert len(late) == card.counts["received"] - card.counts["on_time"]
    late_now = drilldown(feb, unit="U", period="2026-02", indicator="2.1", as_of=LATER, judge_open="as_of")
    assert sorted(r.dossier_code for r in late_now) == ["X2", "X4"]
    with pytest.raises(PeriodError):
        scorecard(feb, period="2026-02", judge_open="today")  # type: ignore[arg-type]


def test_unfinished_in_4_1_denominator_is_an_option(feb: DossierStore) -> None:
    params = Index766Params(unfinished_in_denominator=frozenset({"4.1"}))
    [default] = scorecard(feb, unit="U", period="2026-02", as_of=LATER)
    [wide] = scorecard(feb, unit="U", period="2026-02", as_of=LATER, params=params)
    assert (default.card.indicators["4.1"].numerator, default.card.indicators["4.1"].denominator) == (1, 1)
    assert (wide.card.indicators["4.1"].numerator, wide.card.indicators["4.1"].denominator) == (1, 3)
    assert wide.card.indicators["4.1"].points < default.card.indicators["4.1"].points
    # other indicators do not move
    others = {k: v for k, v in default.card.indicators.items() if k != "4.1"}
    assert others == {k: v for k, v in wide.card.indicators.items() if k != "4.1"}
    den = drilldown(
        feb, unit="U", period="2026-02", indicator="4.1", subset="denominator", as_of=LATER, params=params
    )
    assert sorted(r.dossier_code for r in den) == ["X1", "X2", "X3"]
    gap = drilldown(feb, unit="U", period="2026-02", indicator="4.1", as_of=LATER, params=params)
    assert sorted(r.dossier_code for r in gap) == ["X2", "X3"]
    base = drilldown(feb, unit="U", period="2026-02", indicator="4.1", subset="denominator", as_of=LATER)
    assert [r.dossier_code for r in base] == ["X1"]


def test_judging_options_are_checked_in_vietnamese() -> None:
    assert judging(None, None, "") == (None, "period_end", Index766Params())
    cut, how, params = judging("2026-02-28", "as_of", "4.1")
    assert (cut, how, params.unfinished_in_denominator) == (datetime(2026, 3, 1), "as_of", frozenset({"4.1"}))
    with pytest.raises(PeriodError, match="period_end"):
        judging(None, "hom-nay", "")
    with pytest.raises(PeriodError, match=r"4\.1"):
        judging(None, None, "2.1")
