"""Every list endpoint of the API is paged, with one maximum (cchc.apps.core.paging).

The endpoints are not listed here: every GET operation of the API is taken from the URL map
(tests/security/routes.py) and called with the objects of the security suite's world and a small dossier
store. A response that is a JSON array, or an object holding one, must come from an operation taking
``limit`` and ``offset``; with the maximum lowered to 1 it returns one row, ``offset`` moves along the
same rows, and bad values get a Vietnamese 4xx. A new list endpoint is checked without editing this file.
(/api/dossiers/dossiers answered 543 KB in one response before.)
"""

from __future__ import annotations

import inspect
from typing import Any

import pytest

from cchc.analytics.importer import import_file
from cchc.analytics.store import DossierStore
from cchc.apps.core import paging
from tests.apps.dossiers.conftest import ROWS, write_csv
from tests.malformed import looks_technical
from tests.security.matrix import cases
from tests.security.routes import project_routes
from tests.security.world import build_world

# Objects that hold lists but are one thing, not a list: what each list is bounded by.
ONE_OBJECT = {
    "api/directives/directives/<pk>": "the tasks of one directive",
    "api/directives/tasks/<pk>": "one task",
    "api/procedures/procedures/<pk>": "one procedure's legal bases, channels and versions",
    "api/procedures/portfolio": "one year's summary; its units are the units in the user's scope",
    "api/dossiers/imports/<job_id>": "one import job",
    "api/assessment/years/<year>": "one year's self-assessment: its lines are the criteria of its set (tens, bounded by the set)",
}


def _lists(body: Any) -> dict[str | None, list]:
    if isinstance(body, list):
        return {None: body}
    if isinstance(body, dict):
        return {k: v for k, v in body.items() if isinstance(v, list)}
    return {}


IDENTITY = ("id", "dossier_code", "unit", "unit_id", "period", "procedure", "code")


def _rows(body: Any, key: str | None) -> list:
    """The rows of a list, each reduced to what identifies it when it has such fields (an open dossier's
    figures move with the clock between two calls)."""
    rows = body if key is None else body[key]
    out = []
    for row in rows:
        ident = {k: row[k] for k in IDENTITY if isinstance(row, dict) and k in row}
        out.append(ident or row)
    return out


def _get(client, url: str, **params: Any):
    sep = "&" if "?" in url else "?"
    query = "&".join(f"{k}={v}" for k, v in params.items())
    return client.get(url + (sep + query if query else ""))


@pytest.fixture
def world_with_dossiers(cast, units, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.DATA_DIR = tmp_path / "data"
    (tmp_path / "data").mkdir()
    world = build_world(cast, units)
    with DossierStore(tmp_path / "data" / "analytics.duckdb") as store:
        import_file(store, write_csv(tmp_path / "hoso.csv", ROWS), source="mot-cua")
    return world


def test_every_list_endpoint_is_paged_with_the_one_maximum(client, world_with_dossiers, monkeypatch):
    world = world_with_dossiers
    routes = [r for r in project_routes() if r.api and "GET" in r.methods]
    assert len(routes) >= 10
    chosen = {}
    for case in cases(world, routes):
        if case.method == "GET" and case.expect == "allowed" and case.username in ("giamdoc", "quantri"):
            chosen.setdefault(case.route.pattern, case)
    assert set(chosen) == {r.pattern for r in routes}, "every GET endpoint has a case a leader may call"
    paged, problems = [], []
    for pattern, case in sorted(chosen.items()):
        client.force_login(world.users[case.username])
        response = client.get(case.url)
        assert response.status_code == 200, (case.url, response.content[:300])
        lists = _lists(response.json())
        if not lists or pattern in ONE_OBJECT:
            continue
        params = inspect.signature(case.route.view).parameters
        if not {"limit", "offset"} <= set(params):
            problems.append(f"{case.url}: a list without limit/offset")
            continue
        assert params["limit"].default == paging.DEFAULT_LIMIT, case.url
        key = next(iter(lists)) if len(lists) == 1 else "entries"
        assert key in lists, (case.url, list(lists))
        paged.append((case, key))
    assert not problems, problems

    assert len(paged) >= 8
    for case, key in paged:
        client.force_login(world.users[case.username])
        full = _rows(_get(client, case.url, limit=paging.MAX_LIMIT).json(), key)
        assert len(full) >= 2, f"{case.url}: the world has fewer than two rows, the cap is not observable"
        assert _rows(_get(client, case.url, limit=1).json(), key) == full[:1]
        assert _rows(_get(client, case.url, limit=1, offset=1).json(), key) == full[1:2]
        with monkeypatch.context() as m:
            m.setattr(paging, "MAX_LIMIT", 1)
            capped = _rows(_get(client, case.url, limit=100000).json(), key)
            assert capped == full[:1], case.url
        for params, status, needle in (
            ({"limit": 0}, 400, "limit phải lớn hơn hoặc bằng 1"),
            ({"offset": -1}, 400, "offset phải lớn hơn hoặc bằng 0"),
            ({"limit": "abc"}, 422, "limit phải là số nguyên"),
            ({"offset": "9" * 30}, 400, "offset quá lớn"),
        ):
            bad = _get(client, case.url, **params)
            assert bad.status_code == status, (case.url, params, bad.status_code, bad.content[:200])
            assert needle in bad.json()["detail"] and not looks_technical(bad.content.decode()), bad.content
