"""Charts click through to their rows: every bar and point of the dashboard's and the scorecard's charts
carries the URL of the list behind it, and that URL shows that month's or that unit's figures."""

from __future__ import annotations

from urllib.parse import parse_qs, urlparse

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db


def _follow(client, url: str):
    response = client.get(url)
    assert response.status_code == 200, url
    return response.context


def test_dashboard_bars_and_points_open_their_scorecards(client, login, loaded, units):
    login("giamdoc")
    chart = client.get(reverse("dossiers:dashboard")).context["chart"]
    assert len(chart["month_urls"]) == len(chart["months"]) == len(chart["total"]) >= 1
    assert len(chart["unit_urls"]) == len(chart["units"]) >= 2
    for label, total, url in zip(chart["months"], chart["total"], chart["month_urls"], strict=True):
        assert parse_qs(urlparse(url).query)["period"] == [label]
        ctx = _follow(client, url)
        assert ctx["card"] is not None and ctx["card"].total == total  # the point's own figure
    for abbreviation, total, url in zip(
        chart["units"], chart["unit_totals"], chart["unit_urls"], strict=True
    ):
        ctx = _follow(client, url)
        assert ctx["sel"].unit.abbreviation == abbreviation
        assert ctx["position"] is not None and ctx["position"].total == total  # the bar's own figure


def test_scorecard_trend_points_keep_the_unit_and_the_cut_off(client, login, loaded, units):
    login("giamdoc")
    qlvh = units["QLVH"]
    page = client.get(
        reverse("dossiers:scorecard"), {"period": "2026", "unit": qlvh.pk, "judge_open": "as_of"}
    )
    chart = page.context["chart"]
    assert chart["month_urls"]
    for label, total, url in zip(chart["months"], chart["total"], chart["month_urls"], strict=True):
        query = parse_qs(urlparse(url).query)
        assert query["unit"] == [str(qlvh.pk)] and query["period"] == [label]
        assert query["judge_open"] == ["as_of"]
        ctx = _follow(client, url)
        assert ctx["sel"].unit == qlvh and ctx["card"].total == total


def test_the_script_opens_the_url_of_the_clicked_item():
    from pathlib import Path

    import cchc

    js = (Path(cchc.__file__).parent / "static/js/dossiers-charts.js").read_text()
    assert 'zr.on("click"' in js and "window.location.assign(url)" in js
    for kind in ("total", "groups", "trend", "units"):
        assert f"{kind}: {{ axis:" in js
