"""The page and the API take the judging cut-off (a day, included) and the judging choices, like the CLI."""

from __future__ import annotations

from datetime import datetime

import pytest
from django.urls import reverse

from cchc.analytics.indicators import scorecard
from cchc.analytics.store import DossierStore

from .conftest import VH

pytestmark = pytest.mark.django_db


def test_page_as_of_includes_that_day(client, login, loaded, units):
    login("giamdoc")
    url = reverse("dossiers:scorecard")
    base = {"unit": units["QLVH"].pk, "period": "03/2026"}
    # C finished on 10/03/2026 at 10:00: in "as of 10/03", not in "as of 09/03"
    on_10 = client.get(url, {**base, "as_of": "10/03/2026"})
    on_9 = client.get(url, {**base, "as_of": "09/03/2026"})
    assert on_10.status_code == on_9.status_code == 200
    assert on_10.context["card"].counts["finished"] == 4
    assert on_9.context["card"].counts["finished"] == 3
    with DossierStore(loaded) as store:
        [expected] = scorecard(store, unit=VH, period="2026-03", as_of=datetime(2026, 3, 10))
    assert on_9.context["card"].counts == expected.counts
    # the drill-down links keep the cut-off
    assert "as_of=09%2F03%2F2026" in on_9.content.decode()
    bad = client.get(url, {**base, "as_of": "31/02/2026"})
    assert bad.status_code == 200 and "Ngày đánh giá “31/02/2026” không hợp lệ" in bad.content.decode()


def test_page_judge_open_option(client, login, loaded, units):
    login("giamdoc")
    url = reverse("dossiers:scorecard")
    base = {"unit": units["QLVH"].pk, "period": "03/2026", "as_of": "30/04/2026"}
    end = client.get(url, base).context["card"]
    now = client.get(url, {**base, "judge_open": "as_of"}).context["card"]
    # F (received 30/03, due 10/04) and G (received 31/03, due derived 3 working days later), still
    # open, are on time at the end of March and late at 30/04
    assert now.counts["on_time"] == end.counts["on_time"] - 2
    with DossierStore(loaded) as store:
        [expected] = scorecard(
            store, unit=VH, period="2026-03", as_of=datetime(2026, 5, 1), judge_open="as_of"
        )
    assert now.counts == expected.counts
    drill = client.get(
        reverse("dossiers:drilldown"),
        {"unit": units["QLVH"].pk, "period": "03/2026", "as_of": "30/04/2026", "judge_open": "as_of"},
    )
    assert {"F", "G"} <= {ln.row.dossier_code for ln in drill.context["page"]}
    drill_end = client.get(
        reverse("dossiers:drilldown"), {"unit": units["QLVH"].pk, "period": "03/2026", "as_of": "30/04/2026"}
    )
    assert not {"F", "G"} & {ln.row.dossier_code for ln in drill_end.context["page"]}


def test_api_judging_parameters(client, login, loaded):
    login("giamdoc")
    api = "/api/dossiers/scorecard"
    by_unit = {d["unit"]: d for d in client.get(api, {"period": "2026-03", "as_of": "2026-03-10"}).json()}
    assert by_unit[VH]["counts"]["finished"] == 4
    by_unit = {d["unit"]: d for d in client.get(api, {"period": "2026-03", "as_of": "2026-03-09"}).json()}
    assert by_unit[VH]["counts"]["finished"] == 3
    q = {"period": "2026-03", "as_of": "2026-04-30"}
    end = {d["unit"]: d for d in client.get(api, q).json()}
    now = {d["unit"]: d for d in client.get(api, {**q, "judge_open": "as_of"}).json()}
    assert now[VH]["counts"]["on_time"] == end[VH]["counts"]["on_time"] - 2
    late = client.get("/api/dossiers/dossiers", {**q, "judge_open": "as_of"}).json()
    assert {"F", "G"} <= {r["dossier_code"] for r in late}
    for bad in ({"as_of": "hôm qua"}, {"judge_open": "today"}, {"unfinished_in_denominator": "2.1"}):
        resp = client.get(api, {"period": "2026-03", **bad})
        assert resp.status_code == 400
        assert "không hợp lệ" in resp.json()["detail"] or "4.1" in resp.json()["detail"]
