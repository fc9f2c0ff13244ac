"""Adding a 766 indicator is one entry: a dummy entry reaches the counts SQL and the rollup, the
scoring, the drill-down, the API and the scorecard page, and leaves nothing behind when removed.

The dummy "9.9" counts the dossiers at online level 4 (a dossier column no other indicator reads), in a
group of its own, with its own drill-down field and names; it exists only inside the fixture
(:func:`cchc.domain.index766_specs.registered`).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from django.urls import reverse

from cchc.analytics import rollup
from cchc.analytics.importer import import_file
from cchc.analytics.indicators import DRILL_INDICATORS, drilldown, indicator_counts, scorecard
from cchc.analytics.sql import COUNT_COLUMNS, counts_sql
from cchc.analytics.store import DossierStore
from cchc.apps.dossiers import api, selectors
from cchc.apps.org.models import User
from cchc.domain.index766 import GROUPS, INDICATORS, score
from cchc.domain.index766_specs import (
    RECEIVED,
    Count,
    DrillField,
    FromDossiers,
    GroupDef,
    IndicatorSpec,
    registered,
)

from .conftest import HEADER, ROWS, VH, write_csv

pytestmark = pytest.mark.django_db

LEVEL_4 = Count("online_level_4", "online_level = 4")
DUMMY = IndicatorSpec(
    "9.9",
    "Tỷ lệ hồ sơ dịch vụ công mức độ 4 (chỉ số thử)",
    "THU",
    10,
    50,
    dossiers=FromDossiers(
        LEVEL_4,
        RECEIVED,
        names={"denominator": "hồ sơ tiếp nhận", "numerator": "hồ sơ mức độ 4", "gap": "hồ sơ chưa mức độ 4"},
        columns=(DrillField("online_level", "Mức độ dịch vụ công", "int"),),
    ),
)
GROUP = GroupDef("THU", "Nhóm thử", 10)
LEVELS = {"A": "4", "B": "4", "C": "3"}  # the other dossiers leave the column empty
# Unit VH, March 2026: 7 dossiers received, 2 at level 4 → 28.57 %, 10 × 28.57 / 50 = 5.71 points.


def _rows_with_levels() -> list[str]:
    return [f"{r},{LEVELS.get(r.split(',')[0], '')}" for r in ROWS]


@pytest.fixture
def dummy(data_dir: Path) -> Iterator[Path]:
    """The dummy entry registered, and a store imported while it is: returns the store path."""
    with registered(DUMMY, new_groups=[GROUP]):
        path = data_dir / "analytics.duckdb"
        with DossierStore(path) as store:
            csv = write_csv(data_dir / "hoso.csv", _rows_with_levels(), header=HEADER + ",online_level")
            import_file(store, csv, source="mot-cua")
        yield path
    assert "9.9" not in INDICATORS and "THU" not in GROUPS and "9.9" not in DRILL_INDICATORS
    assert "online_level_4" not in COUNT_COLUMNS
    assert "online_level" not in counts_sql("month", unit_filter=False, by_procedure=False)
    assert "online_level" not in api.dossier_schema().model_fields


def test_the_entry_reaches_the_counts_sql_and_the_rollup(dummy: Path) -> None:
    sql = counts_sql("month", unit_filter=True, by_procedure=False)
    assert "COUNT(*) FILTER (WHERE online_level = 4) AS online_level_4" in sql
    assert "d.online_level" in sql  # the base CTE passes the column the condition reads
    assert "online_level_4 BIGINT" in rollup.ddl()[0]
    with DossierStore(dummy) as store:
        assert rollup.is_valid(store.con)
        cells = store.con.execute(
            "SELECT grain, online_level_4 FROM counts_rollup WHERE unit_code = ? AND period_start = DATE '2026-01-01'"
            " ORDER BY grain",
            [VH],
        ).fetchall()
        assert cells == [("quarter", 2), ("year", 2)]


def test_the_entry_is_scored(dummy: Path) -> None:
    with DossierStore(dummy) as store:
        [row] = scorecard(store, unit=VH, period="2026-03")
        [live] = scorecard(store, unit=VH, period="2026-03", use_rollup=False)
    assert row == live and row.counts["online_level_4"] == 2
    s = row.card.indicators["9.9"]
    assert (s.numerator, s.denominator, s.ratio, s.points) == (2, 7, 28.57, 5.71)
    assert row.card.groups["THU"] == 5.71
    assert row.card == score(indicator_counts(row.counts))


def test_the_entry_has_a_drill_down(dummy: Path) -> None:
    with DossierStore(dummy) as store:
        sets = {
            subset: sorted(
                r.dossier_code
                for r in drilldown(store, unit=VH, period="2026-03", indicator="9.9", subset=subset)
            )  # type: ignore[arg-type]
            for subset in ("numerator", "gap", "denominator")
        }
        rows = drilldown(store, unit=VH, period="2026-03", indicator="9.9", subset="denominator")
    assert sets == {"numerator": ["A", "B"], "gap": ["C", "D", "E", "F", "G"], "denominator": list("ABCDEFG")}
    assert {r.dossier_code: r.online_level for r in rows}["C"] == 3
    assert all(r.meets == (r.dossier_code in "AB") for r in rows)


def test_the_entry_reaches_the_api(client, login, dummy: Path, units) -> None:
    login("giamdoc")
    schema = api.dossier_schema().model_json_schema()
    assert schema["properties"]["online_level"]["description"] == "Mức độ dịch vụ công"
    director = User.objects.get(username="giamdoc")
    lines = selectors.dossier_lines(
        user=director, unit=units["QLVH"], period="2026-03", indicator="9.9", subset="numerator"
    )
    assert [api.dossier_json(ln)["online_level"] for ln in lines] == [4, 4]
    listed = client.get(
        "/api/dossiers/dossiers", {"period": "2026-03", "indicator": "9.9", "subset": "numerator"}
    )
    assert listed.status_code == 200 and sorted(d["dossier_code"] for d in listed.json()) == ["A", "B"]
    cards = client.get("/api/dossiers/scorecard", {"period": "2026-03", "unit_id": units["QLVH"].pk}).json()
    assert cards[0]["indicators"]["9.9"]["points"] == 5.71 and cards[0]["groups"]["THU"] == 5.71


def test_the_entry_reaches_the_scorecard_page_and_its_drill_down(client, login, dummy: Path, units) -> None:
    login("giamdoc")
    page = client.get(reverse("dossiers:scorecard"), {"unit": units["QLVH"].pk, "period": "03/2026"})
    html = page.content.decode()
    row = re.search(r'<tr data-indicator="9\.9">(.*?)</tr>', html, re.S)
    assert row and DUMMY.name in row[1] and "5,71" in row[1]
    assert "indicator=9.9&amp;subset=numerator" in row[1]
    assert re.search(r'<tr data-group="THU"><td>Nhóm thử</td>', html)
    listed = client.get(
        reverse("dossiers:drilldown"),
        {"unit": units["QLVH"].pk, "period": "03/2026", "indicator": "9.9", "subset": "gap"},
    )
    text = listed.content.decode()
    assert listed.status_code == 200 and "<h1>Chỉ số 9.9 – hồ sơ chưa mức độ 4" in text
    assert "<th>Mức độ dịch vụ công</th>" in text and listed.context["count"] == 5
