"""Who sees and does what: a unit's staff see their unit only, leaders and the coordinator the Sở and the
ranking, only the one-stop shop (motcua) and the coordinator import, the auditor only reads."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from cchc.apps.core.models import CalendarOverride
from cchc.apps.dossiers.models import ImportJob

from .conftest import VH

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("username", ["truongphong.vh", "chuyenvien.vh"])
def test_unit_staff_see_only_their_unit(client, login, loaded, units, username):
    login(username)
    own = client.get(reverse("dossiers:scorecard"), {"period": "03/2026"})
    assert own.status_code == 200 and own.context["sel"].unit == units["QLVH"]
    assert own.context["ranking"] == [] and own.context["position"] is None
    assert client.get(reverse("dossiers:scorecard"), {"unit": units["QLDL"].pk}).status_code == 403
    assert client.get(reverse("dossiers:drilldown"), {"unit": units["QLDL"].pk}).status_code == 403
    late = client.get(reverse("dossiers:drilldown"), {"period": "03/2026"})
    assert {ln.unit.code for ln in late.context["page"]} == {VH}
    api = client.get("/api/dossiers/scorecard", {"period": "2026-03"}).json()
    assert [d["unit"] for d in api] == [VH] and api[0]["rank"] is None
    assert client.get("/api/dossiers/scorecard", {"unit_id": units["QLDL"].pk}).status_code == 403
    assert client.get("/api/dossiers/dossiers", {"unit_id": units["QLDL"].pk}).status_code == 403
    dashboard = client.get(reverse("dossiers:dashboard"))
    assert dashboard.status_code == 200 and dashboard.context["ranking"] == []


@pytest.mark.parametrize("username", ["giamdoc", "vanphong", "kiemtra", "quantri"])
def test_organisation_wide_roles_see_every_unit_and_the_ranking(client, login, loaded, units, username):
    login(username)
    resp = client.get(reverse("dossiers:scorecard"), {"period": "03/2026"})
    assert resp.status_code == 200 and len(resp.context["ranking"]) == 2
    assert client.get(reverse("dossiers:drilldown"), {"unit": units["QLDL"].pk}).status_code == 200


@pytest.mark.parametrize(
    ("username", "allowed"),
    [
        ("motcua", True),
        ("vanphong", True),
        ("quantri", True),
        ("giamdoc", False),
        ("truongphong.vh", False),
        ("chuyenvien.vh", False),
        ("kiemtra", False),
    ],
)
def test_only_the_one_stop_shop_and_the_coordinator_import(client, login, data_dir, username, allowed):
    login(username)
    assert client.get(reverse("dossiers:import_list")).status_code == (200 if allowed else 403)
    f = SimpleUploadedFile("a.csv", b"dossier_code,procedure_code,unit_code,received_at\nX,P,U,01/03/2026\n")
    resp = client.post(reverse("dossiers:import_list"), {"file": f, "source": "mot-cua"})
    assert resp.status_code == (302 if allowed else 403)
    assert ImportJob.objects.exists() is allowed
    context = client.get(reverse("dossiers:dashboard")).context
    nav = [i["label"] for i in [*context["nav_items"], *context["nav_subitems"]]]
    assert ("Nhập hồ sơ" in nav) is allowed


def test_job_actions_need_the_import_capability(client, login, data_dir):
    job = ImportJob.objects.create(file_name="a.csv", file_path="/x", status="failed")
    for username in ("kiemtra", "giamdoc", "truongphong.vh"):
        login(username)
        assert client.get(reverse("dossiers:import_detail", args=[job.pk])).status_code == 403
        assert client.post(reverse("dossiers:import_action", args=[job.pk, "retry"])).status_code == 403
        assert client.get(reverse("dossiers:quarantine_export", args=[job.pk])).status_code == 403
    job.refresh_from_db()
    assert job.status == "failed"


@pytest.mark.parametrize(
    ("username", "allowed"),
    [("vanphong", True), ("quantri", True), ("motcua", False), ("kiemtra", False), ("giamdoc", False)],
)
def test_only_the_coordinator_edits_the_calendar(client, login, data_dir, username, allowed):
    login(username)
    assert client.get(reverse("dossiers:calendar")).status_code == 200  # everyone with dossiers.view reads it
    resp = client.post(reverse("dossiers:calendar"), {"day": "02/04/2026", "working": "", "name": "Nghỉ bù"})
    assert resp.status_code == (302 if allowed else 403)
    assert CalendarOverride.objects.exists() is allowed


def test_anonymous_is_sent_to_login(client, data_dir):
    resp = client.get(reverse("dossiers:scorecard"))
    assert resp.status_code == 302 and "/accounts/login/" in resp["Location"]
    assert client.get("/api/dossiers/scorecard").status_code == 401
