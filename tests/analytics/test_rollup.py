"""The counts rollup kept by imports gives exactly what a recomputation from the rows gives."""

from __future__ import annotations

from datetime import date, datetime
from pathlib import Path

import numpy as np
import pyarrow as pa
import pytest

from cchc.analytics import rollup
from cchc.analytics.importer import import_file
from cchc.analytics.indicators import scorecard
from cchc.analytics.periods import parse_period
from cchc.analytics.store import DossierStore
from cchc.analytics.synthetic import generate, write

AS_OFS = [datetime(2025, 12, 31, 23, 0), datetime(2026, 5, 15, 10, 0), datetime(2026, 11, 1)]


def _data(rows: int = 4000, seed: int = 7) -> pa.Table:
    return generate(rows, seed=seed, start=date(2025, 1, 1), end=date(2026, 10, 31), units=4, procedures=15)


def _same_as_rows(store: DossierStore, **kw: object) -> list:
    fast = scorecard(store, use_rollup=True, **kw)  # type: ignore[arg-type]
    slow = scorecard(store, use_rollup=False, **kw)  # type: ignore[arg-type]
    assert [(r.unit, r.period) for r in fast] == [(r.unit, r.period) for r in slow]
    assert fast == slow  # counts and every point
    assert all(r.procedure is None for r in fast + slow) or kw.get("by_procedure")
    return fast


def _check_everything(store: DossierStore) -> None:
    for as_of in AS_OFS:
        _same_as_rows(store, as_of=as_of)
        for grain in ("quarter", "year"):
            _same_as_rows(store, grain=grain, as_of=as_of)
        _same_as_rows(store, period="2026-Q1", as_of=as_of)
        _same_as_rows(store, unit="DV1", period="2025", grain="month", as_of=as_of)


@pytest.fixture
def loaded(tmp_path: Path) -> DossierStore:
    store = DossierStore(tmp_path / "kho.duckdb")
    import_file(store, write(_data(), tmp_path / "hoso.csv"), source="mc")
    yield store  # type: ignore[misc]
    store.close()


def test_closed_periods_read_from_rollup_equal_recomputation(loaded: DossierStore) -> None:
    assert rollup.is_valid(loaded.con)
    cells = loaded.con.execute(
        "SELECT grain, count(*) FROM counts_rollup GROUP BY grain ORDER BY grain"
    ).fetchall()
    assert cells == [("month", 4 * 22), ("quarter", 4 * 8), ("year", 4 * 2)]
    _check_everything(loaded)


def test_scorecard_reads_the_rollup_and_rejudges_open_periods_at_as_of(loaded: DossierStore) -> None:
    as_of = datetime(2026, 5, 15)
    loaded.con.execute(
        "UPDATE counts_rollup SET received = received + 1000 WHERE unit_code = 'DV0' AND grain = 'month'"
    )
    kw = {"unit": "DV0", "period": "2026", "grain": "month", "as_of": as_of}
    rows = {r.period: r for r in scorecard(loaded, **kw)}  # type: ignore[arg-type]
    live = {r.period: r for r in scorecard(loaded, use_rollup=False, **kw)}  # type: ignore[arg-type]
    for month in ("2026-04", "2026-05"):  # closed and open months both come from the rollup
        assert rows[month].counts["received"] == live[month].counts["received"] + 1000
    # May is open on 15/05: its cell (judged at 31/05) differs from the live card until the dossiers
    # not finished by 15/05 are judged again at 15/05.
    loaded.con.execute(
        "UPDATE counts_rollup SET received = received - 1000 WHERE unit_code = 'DV0' AND grain = 'month'"
    )
    stored = loaded.con.execute(
        "SELECT on_time, finished FROM counts_rollup WHERE grain = 'month' AND unit_code = 'DV0' "
        "AND period_start = DATE '2026-05-01'"
    ).fetchone()
    may = scorecard(loaded, **kw)[4]  # type: ignore[arg-type]
    assert may.period == "2026-05" and may == live["2026-05"]
    assert (may.counts["on_time"], may.counts["finished"]) != stored


def test_reimport_with_later_status_and_moved_dossiers_keeps_rollup_exact(
    loaded: DossierStore, tmp_path: Path
) -> None:
    table = _data()
    received = table["received_at"].to_numpy()
    june = (received >= np.datetime64("2025-06-01")) & (received < np.datetime64("2025-07-01"))
    moved = table.filter(pa.array(june))  # every June dossier now says it was received 40 days earlier
    i = moved.schema.get_field_index("received_at")
    moved = moved.set_column(
        i, "received_at", pa.array(moved["received_at"].to_numpy() - np.timedelta64(40, "D"))
    )
    job = import_file(loaded, write(moved, tmp_path / "doingay.csv"), source="mc")
    assert job.updated == moved.num_rows > 100 and job.quarantined == 0
    assert not [
        r for r in scorecard(loaded, period="2025-06", as_of=datetime(2026, 1, 1)) if r.counts["received"]
    ]

    n = 600
    part = table.slice(0, n)
    units = np.where(np.arange(n) % 4 == 1, "DV9", np.asarray(part["unit_code"].to_pylist()))
    part = part.set_column(part.schema.get_field_index("unit_code"), "unit_code", pa.array(units))
    finished = part["finished_at"].to_numpy(zero_copy_only=False)
    part = part.set_column(
        part.schema.get_field_index("finished_at"),
        "finished_at",
        pa.array(finished, mask=(np.arange(n) % 5 == 0) | np.isnat(finished)),  # some reopened
    )
    job = import_file(loaded, write(part, tmp_path / "capnhat.csv"), source="mc")
    assert job.updated == n and job.inserted == 0
    other = _data(rows=500, seed=8)  # a second one-stop-shop system, same units
    import_file(loaded, write(other, tmp_path / "khac.csv"), source="dvc")
    _check_everything(loaded)
    units_seen = {r.unit for r in scorecard(loaded, period="2026", as_of=datetime(2027, 1, 1))}
    assert "DV9" in units_seen


def test_failed_refresh_rolls_back_the_whole_import(
    loaded: DossierStore, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    before = loaded.con.execute("SELECT count(*), sum(received) FROM counts_rollup").fetchone()
    count = loaded.count()

    def broken(con: object, months: object) -> None:
        raise RuntimeError("đĩa đầy")

    monkeypatch.setattr(rollup, "refresh", broken)
    with pytest.raises(RuntimeError):
        import_file(loaded, write(_data(rows=300, seed=9), tmp_path / "moi.csv"), source="khac")
    assert loaded.count() == count
    assert loaded.con.execute("SELECT count(*), sum(received) FROM counts_rollup").fetchone() == before


def test_store_from_another_sql_version_falls_back_to_rows_until_rebuilt(tmp_path: Path) -> None:
    path = tmp_path / "kho.duckdb"
    with DossierStore(path) as store:
        import_file(store, write(_data(rows=1500), tmp_path / "a.csv"), source="mc")
        store.con.execute("UPDATE rollup_meta SET signature = 'phien-ban-cu'")
        store.con.execute("UPDATE counts_rollup SET received = 0")  # stale counts of the old version
    with DossierStore(path) as store:
        assert not rollup.is_valid(store.con)
        assert store.con.execute("SELECT count(*) FROM counts_rollup").fetchone() == (0,)
        _same_as_rows(store, as_of=datetime(2026, 11, 1))
        rollup.rebuild(store.con)
        assert rollup.is_valid(store.con)
        _check_everything(store)


def test_store_filled_before_the_rollup_existed_is_rebuilt_by_the_next_import(tmp_path: Path) -> None:
    path = tmp_path / "kho.duckdb"
    with DossierStore(path) as store:
        import_file(store, write(_data(rows=1500), tmp_path / "a.csv"), source="mc")
        store.con.execute("DELETE FROM rollup_meta")
        store.con.execute("DELETE FROM counts_rollup")
    with DossierStore(path) as store:
        assert not rollup.is_valid(store.con)
        import_file(store, write(_data(rows=200, seed=3), tmp_path / "b.csv"), source="dvc")
        assert rollup.is_valid(store.con)
        _check_everything(store)


@pytest.mark.parametrize(
    ("period", "grain", "as_of", "expected"),
    [
        ("2026", "month", datetime(2026, 5, 15), date(2026, 5, 1)),
        ("2026", "month", datetime(2026, 5, 1), date(2026, 5, 1)),  # May starts now: still open
        ("2026", "quarter", datetime(2026, 5, 15), date(2026, 4, 1)),
        ("2026", "year", datetime(2030, 1, 1), date(2027, 1, 1)),  # all closed
        ("2026-Q2", "quarter", datetime(2020, 1, 1), date(2026, 4, 1)),  # all open
        ("2026-01-15..2026-03-31", "month", datetime(2030, 1, 1), None),  # not aligned on months
        ("2026-01-01..2026-03-31", "range", datetime(2030, 1, 1), None),
    ],
)
def test_closed_until(period: str, grain: str, as_of: datetime, expected: date | None) -> None:
    assert rollup.closed_until(parse_period(period), grain, as_of) == expected  # type: ignore[arg-type]


def test_period_helpers() -> None:
    assert rollup.period_start(date(2026, 8, 31), "quarter") == date(2026, 7, 1)
    assert rollup.next_start(date(2026, 10, 1), "quarter") == date(2027, 1, 1)
    assert rollup._runs([date(2026, 1, 1), date(2026, 2, 1), date(2026, 6, 1)], "month") == [
        (date(2026, 1, 1), date(2026, 3, 1)),
        (date(2026, 6, 1), date(2026, 7, 1)),
    ]


def test_cli_rollup_rebuilds_an_invalid_rollup(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    from cchc.cli import main

    path = tmp_path / "kho.duckdb"
    assert (
        main(["dossiers", "--store", str(path), "import", str(write(_data(rows=800), tmp_path / "a.csv"))])
        == 0
    )
    with DossierStore(path) as store:
        store.con.execute("UPDATE rollup_meta SET signature = 'cu'")
    with DossierStore(path) as store:
        assert not rollup.is_valid(store.con)
    capsys.readouterr()
    assert main(["dossiers", "--store", str(path), "rollup"]) == 0
    assert (
        "Đã tính lại số liệu tổng hợp: 128 ô" in capsys.readouterr().out
    )  # 4 units × (22 months + 8 quarters + 2 years)
    with DossierStore(path) as store:
        assert rollup.is_valid(store.con)
        _same_as_rows(store, as_of=datetime(2026, 11, 1))
