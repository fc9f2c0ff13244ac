"""The pages and the API show the analytics numbers, unchanged, and the drill-down the exact dossiers."""

from __future__ import annotations

from datetime import date

import pytest
from django.urls import reverse

from cchc.analytics.indicators import drilldown, scorecard
from cchc.analytics.store import DossierStore

from .conftest import DL, VH

pytestmark = pytest.mark.django_db


def _vn(x: float) -> str:
    return f"{x:.2f}".replace(".", ",")


def test_scorecard_page_equals_the_analytics_scorecard(client, login, loaded, units):
    login("giamdoc")
    resp = client.get(reverse("dossiers:scorecard"), {"unit": units["QLVH"].pk, "period": "03/2026"})
    assert resp.status_code == 200
    with DossierStore(loaded) as store:
        [expected] = scorecard(store, unit=VH, period="2026-03")
    card = resp.context["card"]
    assert card.card == expected.card and card.counts == expected.counts
    html = resp.content.decode()
    assert f'id="total">{_vn(expected.card.total)}<' in html
    for ind_id, s in expected.card.indicators.items():
        if s.points is not None:
            assert f'data-indicator="{ind_id}"' in html and _vn(s.points) in html
    assert resp.context["sel"].label == "03/2026"


@pytest.mark.parametrize("text", ["Q1/2026", "2026", "01/03/2026–31/03/2026"])
def test_period_forms(client, login, loaded, units, text):
    login("giamdoc")
    resp = client.get(reverse("dossiers:scorecard"), {"unit": units["QLVH"].pk, "period": text})
    assert resp.context["card"].counts["received"] == 7 and resp.context["sel"].label == text


def test_bad_period_is_explained(client, login, loaded):
    login("giamdoc")
    resp = client.get(reverse("dossiers:scorecard"), {"period": "13/2026"})
    assert "Kỳ “13/2026” không hợp lệ" in resp.content.decode()


def test_ranking_among_units_for_the_leader(client, login, loaded, units):
    login("giamdoc")
    resp = client.get(reverse("dossiers:scorecard"), {"period": "03/2026"})
    ranking = resp.context["ranking"]
    with DossierStore(loaded) as store:
        totals = {r.unit: r.card.total for r in scorecard(store, period="2026-03")}
    assert [(c.unit.code, c.total) for c in ranking] == sorted(totals.items(), key=lambda kv: -kv[1])
    assert [c.position for c in ranking] == [1, 2]
    one = client.get(reverse("dossiers:scorecard"), {"unit": units["QLDL"].pk, "period": "03/2026"})
    assert one.context["position"].position == (1 if totals[DL] > totals[VH] else 2)
    assert 'id="rank">' in one.content.decode()


def test_drilldown_lists_exactly_the_late_dossiers(client, login, loaded, units):
    login("truongphong.vh")
    resp = client.get(reverse("dossiers:drilldown"), {"unit": units["QLVH"].pk, "period": "03/2026"})
    codes = [ln.row.dossier_code for ln in resp.context["page"]]
    with DossierStore(loaded) as store:
        expected = [r.dossier_code for r in drilldown(store, unit=VH, period="2026-03", only_late=True)]
        [card] = scorecard(store, unit=VH, period="2026-03")
    assert sorted(codes) == sorted(expected) == ["B", "D", "E"]
    assert len(codes) == card.counts["received"] - card.counts["on_time"]
    delays = {ln.row.dossier_code: ln.row.delay_working_days for ln in resp.context["page"]}
    assert delays["B"] == 1  # finished Fri 06/03 09:00, due Thu 05/03 17:00: one working day late
    every = client.get(
        reverse("dossiers:drilldown"), {"unit": units["QLVH"].pk, "period": "03/2026", "only_late": "0"}
    )
    assert every.context["count"] == 7
    xlsx = client.get(
        reverse("dossiers:drilldown"), {"unit": units["QLVH"].pk, "period": "03/2026", "export": "xlsx"}
    )
    assert xlsx.status_code == 200 and xlsx.content[:2] == b"PK"


def test_scorecard_links_lead_to_the_drilldown(client, login, loaded, units):
    login("truongphong.vh")
    html = client.get(reverse("dossiers:scorecard"), {"period": "03/2026"}).content.decode()
    assert f"/ho-so/danh-sach/?unit={units['QLVH'].pk}&amp;period=03/2026&amp;only_late=1" in html


def test_api_returns_the_same_numbers_as_the_cli_json(client, login, loaded):
    login("giamdoc")
    data = client.get("/api/dossiers/scorecard", {"period": "2026-03"}).json()
    with DossierStore(loaded) as store:
        expected = {r.unit: r.as_dict() for r in scorecard(store, period="2026-03")}
    assert {d["unit"] for d in data} == {VH, DL}
    for d in data:
        exp = expected[d["unit"]]
        for key in ("period", "counts", "groups", "total", "max_known"):
            assert d[key] == exp[key]
        assert d["procedure"] is None
        assert d["indicators"] == exp["indicators"]
        assert d["rank"] in (1, 2)
    late = client.get("/api/dossiers/dossiers", {"period": "2026-03"}).json()
    assert sorted(r["dossier_code"] for r in late) == ["B", "D", "E", "K2"]


def test_api_import_status(client, login, data_dir):
    from cchc.apps.dossiers.models import ImportJob

    job = ImportJob.objects.create(
        file_name="a.csv", file_path="/x", source="mot-cua", rows_total=10, rows_done=5
    )
    login("motcua")
    assert client.get(f"/api/dossiers/imports/{job.pk}").json()["percent"] == 50
    login("giamdoc")
    assert client.get(f"/api/dossiers/imports/{job.pk}").status_code == 403


def test_dashboard_renders_charts_with_vendored_echarts(client, login, loaded):
    login("giamdoc")
    resp = client.get(reverse("dossiers:dashboard"))
    html = resp.content.decode()
    assert resp.status_code == 200
    assert "/static/vendor/echarts/echarts.min.js" in html and "/static/vendor/echarts/langVI.js" in html
    assert 'data-chart="total"' in html and 'data-chart="groups"' in html and 'data-chart="units"' in html
    assert resp.context["chart"]["units"]  # ranked units for the leader


def test_home_widget_shows_the_scope_total(client, login, loaded):
    from cchc.apps.dossiers.apps import DossiersConfig

    user = login("truongphong.vh")
    widget = DossiersConfig.home_widget(None, user)  # type: ignore[arg-type]
    assert widget is not None and widget["title"] == f"Chỉ số 766 năm {date.today().year}"
