"""The calendar as editable data: an override changes working-day arithmetic, derived due dates of new
imports and the delays of the drill-down."""

from __future__ import annotations

from datetime import date

import pytest
from django.urls import reverse

from cchc.analytics.importer import import_file
from cchc.analytics.indicators import drilldown
from cchc.analytics.store import DossierStore
from cchc.apps.dossiers.storage import working_calendar

from .conftest import VH, write_csv

pytestmark = pytest.mark.django_db

# Received Tue 31/03/2026, no NgayHenTra, 3 working days: due Fri 03/04/2026 by default.
ROW = f"G,P3,{VH},1,31/03/2026 08:00,,,0,0,3,,,Không,Không,Không,Không"


def _due(store_path, tmp_path, name: str):
    with DossierStore(store_path) as store:
        import_file(store, write_csv(tmp_path / name, [ROW.replace("G,", f"{name[:2]},", 1)]), source="t")
        rows = drilldown(store, unit=VH, period="2026-03", only_late=False)
    return {r.dossier_code: r.due_at for r in rows}[name[:2]].date()


def test_override_changes_the_due_date(client, login, data_dir, django_capture_on_commit_callbacks):
    store_path = data_dir / "analytics.duckdb"
    assert working_calendar().add_working_days(date(2026, 3, 31), 3) == date(2026, 4, 3)
    assert _due(store_path, data_dir, "G1.csv") == date(2026, 4, 3)

    login("vanphong")
    with django_capture_on_commit_callbacks(execute=True):
        resp = client.post(
            reverse("dossiers:calendar"),
            {"day": "02/04/2026", "working": "", "name": "Nghỉ đột xuất", "source": "TB số 1/TB-UBND"},
        )
    assert resp.status_code == 302
    assert working_calendar().add_working_days(date(2026, 3, 31), 3) == date(2026, 4, 6)
    assert _due(store_path, data_dir, "G2.csv") == date(2026, 4, 6)  # the store's calendar was rebuilt
    html = client.get(reverse("dossiers:calendar"), {"year": 2026}).content.decode()
    assert "02/04/2026" in html and "Nghỉ đột xuất" in html

    # A worked Saturday brings it back one day earlier.
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("dossiers:calendar"), {"day": "04/04/2026", "working": "on", "name": "Làm bù"})
    assert working_calendar().add_working_days(date(2026, 3, 31), 3) == date(2026, 4, 4)


def test_bad_day_is_refused_in_vietnamese(client, login, data_dir):
    login("vanphong")
    resp = client.post(reverse("dossiers:calendar"), {"day": "31/02/2026", "working": ""})
    assert resp.status_code == 200 and "Ngày “31/02/2026” không hợp lệ" in resp.content.decode()
