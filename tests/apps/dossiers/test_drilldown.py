"""Drill-down of every dossier-fed 766 indicator: page, links from the scorecard, Excel, API and scope."""

from __future__ import annotations

import io
import re
from html import unescape

import openpyxl
import pytest
from django.urls import reverse

from cchc.analytics.indicators import DRILL_INDICATORS, drilldown, indicator_columns, scorecard
from cchc.analytics.sql import SUBSETS
from cchc.analytics.store import DossierStore
from cchc.domain.index766 import INDICATORS

from .conftest import DL, VH

pytestmark = pytest.mark.django_db
URL = "dossiers:drilldown"


@pytest.mark.parametrize("indicator", DRILL_INDICATORS)
def test_every_indicator_and_subset_lists_the_counted_dossiers(client, login, loaded, units, indicator):
    login("giamdoc")
    with DossierStore(loaded) as store:
        [card] = scorecard(store, unit=VH, period="2026-03", use_rollup=False)
    num, den = indicator_columns(card.counts)[0][indicator]
    listed = {}
    for subset in SUBSETS:
        resp = client.get(
            reverse(URL),
            {"unit": units["QLVH"].pk, "period": "03/2026", "indicator": indicator, "subset": subset},
        )
        assert resp.status_code == 200, (indicator, subset)
        listed[subset] = [ln.row for ln in resp.context["page"]]
        assert resp.context["count"] == len(listed[subset])
        html = resp.content.decode()
        assert f"<h1>Chỉ số {indicator} – " in html and INDICATORS[indicator].name in html
        assert all(ln.unit == units["QLVH"] for ln in resp.context["page"])
    if indicator == "3.5b":  # procedures
        procs = {s: {r.procedure for r in rows} for s, rows in listed.items()}
        assert (len(procs["numerator"]), len(procs["denominator"]), len(procs["gap"])) == (
            num,
            den,
            den - num,
        )
    elif indicator == "5.4":  # received − late − complaints; a late dossier with a complaint counts twice
        gap = listed["gap"]
        assert len(listed["denominator"]) == den
        assert num == den - sum(not r.on_time for r in gap) - sum(bool(r.complaint) for r in gap)
    else:
        assert (len(listed["numerator"]), len(listed["denominator"]), len(listed["gap"])) == (
            num,
            den,
            den - num,
        )


def test_title_says_which_indicator_and_set(client, login, loaded, units):
    login("truongphong.vh")
    resp = client.get(reverse(URL), {"period": "03/2026", "indicator": "3.3", "subset": "gap"})
    assert resp.context["title"].startswith("Chỉ số 3.3 – hồ sơ chưa trực tuyến — ")
    assert sorted(ln.row.dossier_code for ln in resp.context["page"]) == ["C", "D", "E", "F", "G"]
    html = resp.content.decode()
    assert "<th>Kênh thực hiện</th>" in html and "<th>Đạt chỉ số</th>" in html
    assert "Trực tiếp" in html and "Tỷ lệ hồ sơ trực tuyến" in html
    fee = client.get(reverse(URL), {"period": "03/2026", "indicator": "3.6", "subset": "denominator"})
    assert fee.context["title"].startswith("Chỉ số 3.6 – hồ sơ có phí, lệ phí")
    assert "16.000.000" in fee.content.decode()  # Vietnamese number format
    procs = client.get(reverse(URL), {"period": "03/2026", "indicator": "3.5b", "subset": "gap"})
    assert procs.context["procedures"] == 1 and 'id="note"' in procs.content.decode()
    dates = client.get(reverse(URL), {"period": "03/2026", "indicator": "4.1", "subset": "gap"})
    assert "03/03/2026 08:00" in dates.content.decode()  # dd/mm/yyyy


def test_only_late_links_keep_working(client, login, loaded, units):
    login("truongphong.vh")
    late = client.get(reverse(URL), {"period": "03/2026", "only_late": "1"})
    assert late.context["indicator"] == "2.1" and late.context["subset"] == "gap"
    assert late.context["title"].startswith("Chỉ số 2.1 – hồ sơ trễ hạn")
    every = client.get(reverse(URL), {"period": "03/2026", "only_late": "0"})
    assert every.context["subset"] == "denominator" and every.context["count"] == 7


def test_scorecard_rows_link_numerator_denominator_and_gap(client, login, loaded, units):
    login("truongphong.vh")
    resp = client.get(reverse("dossiers:scorecard"), {"period": "03/2026"})
    html = resp.content.decode()
    shown = resp.context["card"].indicator_rows()
    assert {i["id"] for i in shown} <= set(DRILL_INDICATORS)
    for i in shown:
        row = re.search(rf'<tr data-indicator="{re.escape(i["id"])}">(.*?)</tr>', html, re.S)
        assert row, i["id"]
        links = {
            m[1]: (unescape(m[0]), int(m[2]))
            for m in re.findall(r'<a class="drill" href="([^"]*subset=(\w+))">(\d+)</a>', row[1])
        }
        assert set(links) == set(SUBSETS), i["id"]
        for subset, (href, number) in links.items():
            assert f"indicator={i['id']}" in href and f"unit={units['QLVH'].pk}" in href
            assert number == {"numerator": i["score"].numerator, "denominator": i["score"].denominator}.get(
                subset, i["gap"]
            )
            if i["id"] in ("3.5b", "5.4"):  # procedures; 5.4 subtracts late-and-complaint twice
                continue
            listed = client.get(href)
            assert listed.status_code == 200 and listed.context["count"] == number, (i["id"], subset)


def test_excel_export_carries_the_indicator_columns(client, login, loaded, units):
    login("truongphong.vh")
    resp = client.get(
        reverse(URL), {"period": "03/2026", "indicator": "3.6", "subset": "denominator", "export": "xlsx"}
    )
    assert resp.status_code == 200
    sheet = openpyxl.load_workbook(io.BytesIO(resp.content)).active
    assert sheet.cell(1, 1).value.startswith("Chỉ số 3.6 – hồ sơ có phí, lệ phí")
    headers = [c.value for c in sheet[3]]
    assert headers[-3:] == ["Phí, lệ phí", "Thanh toán trực tuyến", "Đạt chỉ số"]
    rows = {r[0]: r for r in sheet.iter_rows(min_row=4, values_only=True)}
    assert set(rows) == {"A", "B"}
    assert rows["A"][-3:] == (16_000_000, "Cổng DVCQG", "Có") and rows["B"][-1] == "Không"


def test_unknown_indicator_or_subset_is_explained(client, login, loaded, units):
    login("truongphong.vh")
    resp = client.get(reverse(URL), {"period": "03/2026", "indicator": "3.1"})
    assert resp.status_code == 400 and "Chỉ số “3.1” không tính từ hồ sơ" in resp.content.decode()
    resp = client.get(reverse(URL), {"period": "03/2026", "indicator": "2.1", "subset": "late"})
    assert resp.status_code == 400 and "Tập hồ sơ “late” không hợp lệ" in resp.content.decode()


@pytest.mark.parametrize("username", ["chuyenvien.vh", "truongphong.vh"])
def test_unit_staff_cannot_drill_into_another_unit(client, login, loaded, units, username):
    login(username)
    for indicator in DRILL_INDICATORS:
        for subset in SUBSETS:
            params = {"unit": units["QLDL"].pk, "period": "03/2026", "indicator": indicator, "subset": subset}
            assert client.get(reverse(URL), params).status_code == 403
        own = client.get(reverse(URL), {"period": "03/2026", "indicator": indicator, "subset": "denominator"})
        assert own.status_code == 200 and {ln.unit.code for ln in own.context["page"]} <= {VH}
    api = client.get(
        "/api/dossiers/dossiers", {"unit_id": units["QLDL"].pk, "indicator": "3.3", "subset": "gap"}
    )
    assert api.status_code == 403
    mine = client.get(
        "/api/dossiers/dossiers", {"period": "2026-03", "indicator": "3.3", "subset": "denominator"}
    )
    assert mine.status_code == 200 and {r["unit"] for r in mine.json()} == {VH}


def test_api_indicator_and_subset(client, login, loaded, units):
    login("giamdoc")
    with DossierStore(loaded) as store:
        expected = sorted(
            r.dossier_code for r in drilldown(store, period="2026-03", indicator="4.3", subset="gap")
        )
    data = client.get(
        "/api/dossiers/dossiers", {"period": "2026-03", "indicator": "4.3", "subset": "gap"}
    ).json()
    assert sorted(r["dossier_code"] for r in data) == expected and len(expected) == 10  # nothing reused
    assert {r["unit"] for r in data} == {VH, DL} and all(r["meets"] is False for r in data)
    assert "digitised" in data[0] and "channel" in data[0]
    fee = client.get(
        "/api/dossiers/dossiers", {"period": "2026-03", "indicator": "3.6", "subset": "numerator"}
    )
    assert [(r["dossier_code"], r["fee_amount"], r["paid_online"]) for r in fee.json()] == [
        ("A", 16_000_000, 1)
    ]
    every = client.get("/api/dossiers/dossiers", {"period": "2026-03", "only_late": "false"}).json()
    assert len(every) == 10  # only_late=false without subset: 2.1's denominator, as before
    bad = client.get("/api/dossiers/dossiers", {"period": "2026-03", "indicator": "9.9"})
    assert bad.status_code == 400 and "Chỉ số “9.9” không tính từ hồ sơ" in bad.json()["detail"]
    bad = client.get("/api/dossiers/dossiers", {"period": "2026-03", "indicator": "3.3", "subset": "tre"})
    assert bad.status_code == 400 and "không hợp lệ" in bad.json()["detail"]


def test_unit_with_an_alias_code_lists_the_dossiers_of_both_codes_in_order(
    client, login, loaded, units, data_dir, monkeypatch
):
    from cchc.analytics.importer import import_file
    from cchc.apps.dossiers import selectors
    from cchc.apps.dossiers.models import UnitCodeAlias

    from .conftest import write_csv

    # The old one-stop-shop system wrote the Phòng QLVH as "VH-CU": its late dossiers belong to QLVH too.
    UnitCodeAlias.objects.create(external_code="VH-CU", unit=units["QLVH"])
    old = [
        "Z1,P9,VH-CU,1,02/03/2026 08:00,04/03/2026 17:00,20/03/2026 09:00,0,0,,,,Không,Không,Không,Không",
        "Z2,P9,VH-CU,1,02/03/2026 08:00,04/03/2026 17:00,05/03/2026 09:00,0,0,,,,Không,Không,Không,Không",
        # the most delayed dossier of the whole store is the Phòng QLDL's
        f"Y1,P9,{DL},1,02/03/2026 08:00,03/03/2026 17:00,31/03/2026 09:00,0,0,,,,Không,Không,Không,Không",
    ]
    with DossierStore(loaded) as store:
        import_file(store, write_csv(data_dir / "cu.csv", old), source="he-thong-cu")
    login("giamdoc")
    params = {"period": "03/2026", "indicator": "2.1", "subset": "gap", "unit": units["QLVH"].pk}
    rows = [ln.row for ln in client.get(reverse(URL), params).context["page"]]
    assert {r.unit for r in rows} == {VH, "VH-CU"}
    delays = [r.delay_working_days for r in rows]
    assert delays == sorted(delays, key=lambda d: (d is None, -(d or 0)))  # most delayed first
    assert {"Z1", "Z2", "B", "D", "E"} == {r.dossier_code for r in rows}
    # With a tiny limit the unit still gets its own most delayed dossiers, not other units' ones.
    monkeypatch.setattr(selectors, "DRILL_LIMIT", 1)
    [top] = client.get(reverse(URL), params).context["page"]
    assert top.row.dossier_code == rows[0].dossier_code
