"""Digital-skills share per unit vs the target, as a measured source and through the CLI (standards §13)."""

from __future__ import annotations

import json
from datetime import date
from decimal import Decimal as D

import pytest
from django.test import override_settings
from django.urls import reverse

from cchc.apps.core.measures import measure
from cchc.apps.people import services
from cchc.apps.people.models import Attendance, Course
from cchc.cli import main

pytestmark = pytest.mark.django_db


@pytest.fixture
def trained(staff, units):
    mooc = Course.objects.create(
        code="BDHVS", name="Bình dân học vụ số", unit=units["VP"], digital_skills=True
    )
    other = Course.objects.create(
        code="QLNN", name="Quản lý nhà nước", unit=units["VP"], digital_skills=False
    )
    done = {"giamdoc": "C-1", "vanphong": "", "truongphong.vh": "C-2", "chuyenvien.vh": ""}
    for who, cert in done.items():
        services.record_attendance(
            user=None, course=mooc, staff=staff[who], completed_on=date(2026, 3, 1), certificate=cert
        )
    services.record_attendance(
        user=None, course=mooc, staff=staff["chuyenvien.dl"], completed_on=None
    )  # in progress
    services.record_attendance(
        user=None, course=other, staff=staff["motcua"], completed_on=date(2026, 2, 1)
    )  # not digital
    services.record_attendance(
        user=None, course=mooc, staff=staff["dua"], completed_on=date(2026, 9, 1)
    )  # later in the year
    return staff


def test_share_as_a_measured_source(trained, units):
    # 8 records; by 31/03/2026 trained: giamdoc, vanphong, truongphong.vh, chuyenvien.vh → 4/8 = 50 %
    q1 = measure("people.digital_skills_share", None, "2026-Q1")
    assert (q1.numerator, q1.denominator, q1.value, q1.unit) == (4, 8, D(50), "%")
    # by 31/12/2026 Dua too: 5/8 = 62,5 %
    assert measure("people.digital_skills_share", None, "2026").value == D("62.50")
    # QLVH: truongphong.vh, chuyenvien.vh, Dua (September) → 2/3 in Q1
    qlvh = measure("people.digital_skills_share", units["QLVH"], "2026-Q1")
    assert (qlvh.numerator, qlvh.denominator, qlvh.value) == (2, 3, D("66.67"))
    assert qlvh.detail_url.startswith(reverse("people:training"))


@override_settings(PEOPLE_DIGITAL_SKILLS_RULE="certificate")
def test_certificate_rule_counts_only_certificates(trained):
    assert measure("people.digital_skills_share", None, "2026").numerator == 2


def test_training_page_and_cli(client, login, trained, capsys):
    login("vanphong")
    page = client.get(reverse("people:training") + "?year=2026").content.decode()
    assert "Bình dân học vụ số" in page and "62,5" in page
    assert main(["people", "training", "--year", "2026", "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    total = data["units"][-1]
    assert total["unit"] is None and (total["staff"], total["trained"], total["share"]) == (8, 5, 62.5)
    assert total["target"] == 100.0 and total["gap"] == 3 and total["reached"] is False
    qlvh = next(u for u in data["units"] if u["unit"] == "LC-SVHTTDL-QLVH")
    assert (qlvh["staff"], qlvh["trained"]) == (3, 3)
    assert main(["people", "training", "--year", "2025", "--unit", "QLVHGĐ", "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["units"][-1]["target"] == 80.0


def test_the_full_share_reaches_the_seed_target(staff, units):
    mooc = Course.objects.create(code="BDHVS", name="Bình dân học vụ số", unit=units["VP"])
    for record in staff.values():
        Attendance.objects.create(course=mooc, staff=record, completed_on=date(2026, 3, 1))
    m = measure("people.digital_skills_share", None, "2026")
    assert m.value == D(100) and m.numerator == m.denominator == len(staff)


def test_recording_results_in_the_browser_form(client, login, staff, units):
    mooc = Course.objects.create(code="BDHVS", name="Bình dân học vụ số", unit=units["VP"])
    login("vanphong")
    url = reverse("people:course_detail", args=[mooc.pk])
    response = client.post(
        url, {"staff": staff["dua"].pk, "completed_on": "15/03/2026", "certificate": "BD-9"}
    )
    assert response.status_code == 302
    assert Attendance.objects.get(course=mooc, staff=staff["dua"]).certificate == "BD-9"
    bad = client.post(url, {"staff": staff["dua"].pk, "completed_on": "", "certificate": "BD-9"})
    assert "Có số chứng nhận thì phải có ngày hoàn thành" in bad.content.decode()
    login("kiemtra")  # reads the whole Sở, records nothing
    assert client.get(url).status_code == 200
    assert client.post(url, {"staff": staff["dua"].pk, "completed_on": "15/03/2026"}).status_code == 403
    login("truongphong.vh")  # a course of the Văn phòng lies outside a phòng's scope
    assert client.get(url).status_code == 404


def test_evaluation_cli(staff, capsys):
    from cchc.apps.people.models import Evaluation

    Evaluation.objects.create(staff=staff["chuyenvien.vh"], period="2026-Q1", scheme="nd335", status="approved",
                              general=D(25), results=D("53.67"), total=D("78.67"), rating="tot", final_rating="tot")  # fmt: skip
    assert main(["people", "evaluation", "--period", "2026-q1", "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    mai = next(p for p in data["people"] if p["code"] == "LC008")
    assert (mai["total"], mai["final_rating"], mai["full_name"]) == (78.67, "tot", "Lê Thị Mai")
    assert "id_number" not in mai and "birth_date" not in mai
    qlvh = next(u for u in data["units"] if u["unit"] == "LC-SVHTTDL-QLVH")
    assert qlvh["evaluated"] == 1 and qlvh["ratings"]["tot"] == 1
    assert main(["people", "evaluation", "--period", "2026"]) == 2
