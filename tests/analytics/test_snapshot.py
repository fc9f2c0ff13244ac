"""The pages' snapshot (cchc.analytics.snapshot): the cards it gives equal the store's, it is replaced
atomically at each commit, a crash between a commit and its publication is repaired, and it is read
while another process holds the store."""

from __future__ import annotations

import dataclasses
import subprocess
import sys
import textwrap
import time
from collections.abc import Iterator
from datetime import date, datetime, timedelta
from pathlib import Path

import duckdb
import pyarrow as pa
import pytest

from cchc.analytics import snapshot
from cchc.analytics.importer import import_file
from cchc.analytics.indicators import scorecard
from cchc.analytics.periods import GRAIN_INTERVAL, parse_period
from cchc.analytics.scorecard import SnapshotCannotServe, resolve, result_cache
from cchc.analytics.sql import PREJUDGED_GRAINS
from cchc.analytics.store import DossierStore
from cchc.analytics.synthetic import generate, write

NOW = datetime(2026, 12, 5, 9, 0)  # the publication's "today": after every receipt of the data


def _data(rows: int = 4000, seed: int = 7, end: date = date(2026, 10, 31)) -> pa.Table:
    return generate(rows, seed=seed, start=date(2025, 1, 1), end=end, units=4, procedures=15)


@pytest.fixture
def store(tmp_path: Path) -> DossierStore:
    s = DossierStore(tmp_path / "kho.duckdb")
    import_file(s, write(_data(), tmp_path / "hoso.csv"), source="mc")
    snapshot.publish(s.con, s.path, now=NOW)
    yield s  # type: ignore[misc]
    s.close()
    snapshot.forget_anchors()


SHAPES = [
    {},  # every month
    {"grain": "quarter"},
    {"grain": "year"},
    {"period": "2026"},
    {"period": "2026", "grain": "month"},
    {"period": "2026-Q4"},
    {"period": "2026-10"},
    {"period": "2025", "grain": "quarter"},
    {"unit": "DV1", "period": "2026", "grain": "month"},
    {"unit": "DV2", "period": "2026"},
    {"period": "2026", "unit_map": {"DV1": "DV2"}},  # two units merged into today's DV2
    {"unit": "DV2", "period": "2026", "grain": "month", "unit_map": {"DV1": "DV2"}},
]


@pytest.fixture
def computed_each_time() -> Iterator[None]:
    """The process's kept snapshot results off (every scorecard call computes)."""
    cache = result_cache()
    cache.clear()
    cache.enabled = False
    yield
    cache.enabled = True


def test_snapshot_cards_equal_the_store_for_every_cut_off_it_serves(
    store: DossierStore, computed_each_time: None
) -> None:
    """Also as a reader of an older file computes them: judging the open rows at their period end
    again instead of reading the judging published with them (format 4, sql.prejudged_sql)."""
    with snapshot.open_snapshot(store.path) as snap:
        assert snap is not None
        assert snap.format == snapshot.FORMAT == 4
        assert snap.horizon == datetime(2026, 10, 1)  # the month of the latest receipt (31/10/2026)
        older = dataclasses.replace(snap, format=3)
        as_ofs = [snap.horizon, datetime(2026, 10, 15, 12), datetime(2026, 11, 1), datetime(2027, 2, 1, 8)]
        checked = 0
        for as_of in as_ofs:
            for kw in SHAPES:
                p, g = resolve(kw.get("period"), kw.get("grain"))  # type: ignore[arg-type]
                assert snap.serves(p, g, as_of=as_of)
                from_snap = scorecard(snap, as_of=as_of, **kw)  # type: ignore[arg-type]
                from_rows = scorecard(store, as_of=as_of, use_rollup=False, **kw)  # type: ignore[arg-type]
                assert from_snap == from_rows, (as_of, kw)
                assert scorecard(older, as_of=as_of, **kw) == from_rows, (as_of, kw)  # type: ignore[arg-type]
                checked += len(from_snap)
        assert checked > 500


def test_the_published_judging_at_each_period_end_is_the_stores(store: DossierStore) -> None:
    """Each open row's period starts and its judging at their ends, as published, equal what the
    counts SQL computes from the store's rows, at every grain (including rows finished, or with a
    supplement request pending, exactly at a period's end: the boundary belongs to the next period)."""
    store.con.execute(
        "UPDATE dossiers SET finished_at = DATE_TRUNC('month', received_at) + INTERVAL '1 month' "
        "WHERE dossier_code IN (SELECT dossier_code FROM dossiers WHERE received_at >= TIMESTAMP '2026-10-01' "
        "ORDER BY dossier_code LIMIT 20)"
    )
    store.con.execute(
        "UPDATE dossiers SET supplement_pending_at = DATE_TRUNC('year', received_at) + INTERVAL '1 year', "
        "finished_at = NULL WHERE dossier_code IN (SELECT dossier_code FROM dossiers "
        "WHERE received_at >= TIMESTAMP '2026-10-01' ORDER BY dossier_code DESC LIMIT 20)"
    )
    snapshot.publish(store.con, store.path, now=NOW)
    with snapshot.open_snapshot(store.path) as snap:
        assert snap is not None
        for grain in PREJUDGED_GRAINS:
            end = f"DATE_TRUNC('{grain}', received_at) + INTERVAL '{GRAIN_INTERVAL[grain]}'"
            expected = store.con.execute(
                f"""SELECT dossier_code, CAST(DATE_TRUNC('{grain}', received_at) AS DATE),
                     finished_at IS NOT NULL AND finished_at < {end},
                     CASE WHEN COALESCE(supplement_count, 0) > 1 THEN FALSE WHEN due_at IS NULL THEN TRUE
                     ELSE EXTRACT(EPOCH FROM CASE WHEN finished_at < {end} THEN finished_at
                          WHEN supplement_pending_at < {end} THEN supplement_pending_at
                          ELSE {end} - INTERVAL '1 second' END)
                          - COALESCE(supplement_days, 0) * 86400 <= EXTRACT(EPOCH FROM due_at) END
                   FROM dossiers WHERE received_at >= TIMESTAMP '2026-01-01'
                     AND (finished_at IS NULL OR finished_at >= TIMESTAMP '2026-10-01')
                   ORDER BY dossier_code"""
            ).fetchall()
            published = snap.con.execute(
                f"SELECT dossier_code, {grain}_start, fin_{grain}_end, ok_{grain}_end FROM {snapshot.OPEN_TABLE} "
                "ORDER BY dossier_code"
            ).fetchall()
            assert published == expected, grain
            assert {r[2] for r in published} == {True, False} and {r[3] for r in published} == {True, False}


def test_the_open_rows_are_exactly_those_a_correction_can_read(store: DossierStore) -> None:
    expected = store.con.execute(
        "SELECT count(*) FROM dossiers WHERE received_at >= TIMESTAMP '2026-01-01' "
        "AND (finished_at IS NULL OR finished_at >= TIMESTAMP '2026-10-01')"
    ).fetchone()
    with snapshot.open_snapshot(store.path) as snap:
        assert snap is not None
        held = snap.con.execute(f"SELECT count(*) FROM {snapshot.OPEN_TABLE}").fetchone()
        cells = snap.con.execute("SELECT count(*) FROM counts_rollup").fetchone()
    assert expected and held and held[0] == expected[0] > 0
    all_cells = store.con.execute("SELECT count(*) FROM counts_rollup").fetchone()
    assert cells == all_cells
    total = store.count()
    assert held[0] < total / 5  # a small part of the rows


def test_options_the_snapshot_cannot_serve_are_said(store: DossierStore) -> None:
    year = parse_period("2026")
    with snapshot.open_snapshot(store.path) as snap:
        assert snap is not None
        before = snap.horizon - timedelta(seconds=1)
        assert not snap.serves(year, "year", as_of=before)  # rows finished before the horizon are not there
        assert not snap.serves(year, "year", as_of=NOW, by_procedure=True)
        assert not snap.serves(year, "year", as_of=NOW, judge_open="as_of")
        custom = parse_period("2026-01-01..2026-03-31")
        assert not snap.serves(custom, "range", as_of=NOW)
        assert snap.received_by_unit(custom) is None
        with pytest.raises(SnapshotCannotServe):
            scorecard(snap, period="2026", as_of=before)
        # received per unit (the scorecard's "unassigned" bucket) from the cells, as counted from the rows
        by_rows = store.con.execute(
            "SELECT unit_code, count(*) FROM dossiers WHERE received_at >= TIMESTAMP '2026-04-01' "
            "AND received_at < TIMESTAMP '2026-07-01' GROUP BY 1 ORDER BY 2 DESC, 1"
        ).fetchall()
        assert snap.received_by_unit(parse_period("2026-Q2")) == [(str(c), int(n)) for c, n in by_rows]


def test_each_commit_publishes_a_new_file_and_readers_keep_the_one_they_opened(
    store: DossierStore, tmp_path: Path
) -> None:
    folder = snapshot.folder(store.path)
    kw = {"period": "2026", "as_of": datetime(2026, 11, 1)}
    with snapshot.open_snapshot(store.path) as old:
        assert old is not None
        before = scorecard(old, **kw)  # type: ignore[arg-type]
        # A re-export of the same source: other values for the same dossier codes, and a new month.
        import_file(store, write(_data(seed=8, end=date(2026, 11, 30)), tmp_path / "b.csv"), source="mc")
        assert scorecard(old, **kw) == before  # the page that opened it goes on with one state
    with snapshot.open_snapshot(store.path) as new:
        assert new is not None and new.path != old.path
        after = scorecard(new, **kw)  # type: ignore[arg-type]
        assert after != before
        assert after == scorecard(store, use_rollup=False, **kw)  # type: ignore[arg-type]
        assert new.key == snapshot.store_key(store.con)
    for seed in (9, 10):
        import_file(store, write(_data(seed=seed), tmp_path / f"{seed}.csv"), source="mc")
    files = sorted(p.name for p in folder.iterdir())
    assert len([f for f in files if f.startswith(snapshot.FILE_PREFIX)]) == 2  # current and previous
    assert not [f for f in files if f.endswith((".tmp", ".wal"))]


def test_a_crash_between_commit_and_publication_is_repaired_on_the_next_opening(
    store: DossierStore, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    kw = {"period": "2026", "as_of": datetime(2026, 11, 1)}
    with snapshot.open_snapshot(store.path) as snap:
        assert snap is not None
        published = scorecard(snap, **kw)  # type: ignore[arg-type]

    def crash(self: DossierStore) -> None:
        raise OSError("killed")

    monkeypatch.setattr(DossierStore, "publish_snapshot", crash)
    with pytest.raises(OSError):
        import_file(store, write(_data(seed=11), tmp_path / "c.csv"), source="other")
    monkeypatch.undo()
    assert not snapshot.is_current(store.con, store.path)
    with snapshot.open_snapshot(store.path) as snap:  # pages still show the last published figures
        assert snap is not None and scorecard(snap, **kw) == published  # type: ignore[arg-type]
    path = store.path
    store.close()
    with DossierStore(path) as reopened:  # e.g. the worker's rerun of the job
        assert snapshot.is_current(reopened.con, path)
        fresh = scorecard(reopened, use_rollup=False, **kw)  # type: ignore[arg-type]
    with snapshot.open_snapshot(path) as snap:
        assert snap is not None and scorecard(snap, **kw) == fresh != published  # type: ignore[arg-type]


def test_a_new_store_file_at_the_same_place_replaces_the_old_snapshot(store: DossierStore) -> None:
    path = Path(store.path)
    store.close()
    path.unlink()
    with DossierStore(path) as empty:
        assert snapshot.is_current(empty.con, str(path))
    with snapshot.open_snapshot(path) as snap:
        assert snap is not None
        assert scorecard(snap, period="2026", as_of=NOW) == []


def test_an_empty_store_publishes_nothing_until_its_first_import(tmp_path: Path) -> None:
    with DossierStore(tmp_path / "new.duckdb") as s:
        assert not snapshot.folder(s.path).exists()
    with snapshot.open_snapshot(tmp_path / "new.duckdb") as snap:
        assert snap is None


def test_the_snapshot_is_read_while_another_process_holds_the_store(
    store: DossierStore, tmp_path: Path
) -> None:
    path = store.path
    kw = {"period": "2026", "as_of": datetime(2026, 11, 1)}
    expected = scorecard(store, use_rollup=False, **kw)  # type: ignore[arg-type]
    store.close()
    ready, go = tmp_path / "ready", tmp_path / "go"
    holder = subprocess.Popen(
        [
            sys.executable,
            "-c",
            textwrap.dedent(
                f"""
                import time, duckdb
                from pathlib import Path
                con = duckdb.connect({path!r})  # the store, read-write: the file's lock
                Path({str(ready)!r}).touch()
                deadline = time.monotonic() + 60
                while not Path({str(go)!r}).exists() and time.monotonic() < deadline:
                    time.sleep(0.05)
                con.close()
                """
            ),
        ]
    )
    try:
        for _ in range(600):
            if ready.exists():
                break
            assert holder.poll() is None
            time.sleep(0.05)
        with pytest.raises(duckdb.IOException):
            duckdb.connect(path, read_only=True)  # the store itself is locked
        snapshot.forget_anchors()
        with snapshot.open_snapshot(path) as snap:
            assert snap is not None
            assert scorecard(snap, **kw) == expected  # type: ignore[arg-type]
    finally:
        go.touch()
        holder.wait(timeout=60)


def test_kept_results_equal_fresh_ones_at_every_cut_off_around_each_change(store: DossierStore) -> None:
    """The process keeps a snapshot's cards until the first instant a dossier may be judged differently
    (scorecard.ResultCache): walking the cut-off forward through every such instant of the open rows
    (finishes, pending supplement requests, due + supplement days), just before, at and after each,
    the kept answer always equals the cards counted from the rows at that cut-off."""
    from cchc.analytics.scorecard import _next_change

    late = "due_at + to_seconds(CAST(floor(COALESCE(supplement_days, 0) * 86400) AS BIGINT))"  # (− 1 s)
    instants = [
        r[0]
        for r in store.con.execute(
            f"SELECT DISTINCT t FROM (SELECT finished_at AS t FROM dossiers UNION ALL "
            f"SELECT supplement_pending_at FROM dossiers UNION ALL SELECT {late} FROM dossiers) "
            "WHERE t >= TIMESTAMP '2026-10-01' AND t < TIMESTAMP '2026-10-20' ORDER BY t LIMIT 40"
        ).fetchall()
    ]
    assert len(instants) >= 20
    steps = (
        timedelta(seconds=-1), timedelta(0), timedelta(microseconds=1), timedelta(seconds=1),
        timedelta(seconds=1, microseconds=1), timedelta(seconds=2),
    )  # fmt: skip
    cuts = sorted({t + d for t in instants for d in steps})
    cache = result_cache()
    cache.clear()
    hits = 0
    with snapshot.open_snapshot(store.path) as snap:
        assert snap is not None
        for kw in (
            {"period": "2026"},
            {"period": "2026", "grain": "month"},
            {"unit": "DV1", "period": "2026-Q4"},
        ):
            for as_of in cuts:
                key_hit = cache.get(
                    (str(snap.path), kw.get("unit"), *resolve(kw.get("period"), kw.get("grain")), "None", ()),  # type: ignore[arg-type]
                    as_of,
                )
                hits += key_hit is not None
                kept = scorecard(snap, as_of=as_of, **kw)  # type: ignore[arg-type]
                assert kept == scorecard(store, as_of=as_of, use_rollup=False, **kw), (as_of, kw)  # type: ignore[arg-type]
        # The published instants (all open rows) may end a kept result earlier than the rows of the
        # period ask, never later; files of older formats compute it from the rows (same instant).
        year = date(2026, 1, 1), date(2027, 1, 1)
        for as_of in cuts[::5]:
            exact = _next_change(dataclasses.replace(snap, format=1), *year, as_of)
            assert _next_change(dataclasses.replace(snap, format=2), *year, as_of) == exact
            assert as_of <= _next_change(snap, *year, as_of) <= exact
    assert hits > len(cuts)  # the kept results were used, not only recomputed
    cache.clear()
