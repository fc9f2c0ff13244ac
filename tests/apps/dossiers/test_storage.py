"""A page reading several scorecards opens the store file once (storage.one_store)."""

from __future__ import annotations

from pathlib import Path

import duckdb
import pytest

from cchc.apps.dossiers.storage import one_store, open_store


def test_one_store_shares_one_connection_then_closes_it(db, data_dir: Path) -> None:
    with one_store():
        with open_store() as first:
            pass
        with open_store() as second:  # the block's store is not closed by its users
            assert second is first
            assert second.count() == 0
    with open_store() as later:  # outside the block: a fresh store, the shared one was closed
        assert later is not first
    with pytest.raises(duckdb.ConnectionException):  # the shared store was closed with the block
        first.count()


def test_dashboard_reads_the_snapshot_once_and_never_opens_the_store(
    client, login, loaded, monkeypatch
) -> None:
    from cchc.analytics import snapshot
    from cchc.apps.dossiers import storage

    opened: list[object] = []
    snapshots: list[object] = []
    real, real_snapshot = storage._connect, snapshot.open_snapshot

    def counting(path, wait):
        opened.append(path)
        return real(path, wait)

    def counting_snapshot(path):
        snapshots.append(path)
        return real_snapshot(path)

    monkeypatch.setattr(storage, "_connect", counting)
    monkeypatch.setattr(snapshot, "open_snapshot", counting_snapshot)
    login("giamdoc")
    assert client.get("/ho-so/").status_code == 200
    assert len(snapshots) == 1  # the page's scorecards share one snapshot
    assert opened == []  # the store (and its lock) is not touched


def test_a_page_the_snapshot_cannot_serve_opens_the_store_once(client, login, loaded, monkeypatch) -> None:
    from cchc.apps.dossiers import storage

    opened: list[object] = []
    real = storage._connect

    def counting(path, wait):
        opened.append(path)
        return real(path, wait)

    monkeypatch.setattr(storage, "_connect", counting)
    login("giamdoc")
    # a custom range is computed from the rows
    assert client.get("/ho-so/chi-so-766/", {"period": "01/03/2026-31/03/2026"}).status_code == 200
    assert len(opened) == 1
