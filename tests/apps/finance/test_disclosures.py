"""The budget-disclosure register: duties opened from the data file, proof recorded, late/missing listed,
the measured source and the CLI agree with the register (figures computed by hand)."""

from __future__ import annotations

import json
from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from cchc.apps.core.measures import measure
from cchc.apps.finance import selectors, services
from cchc.apps.finance.models import Disclosure
from cchc.cli import main
from cchc.domain.finance.disclosure import Status

pytestmark = pytest.mark.django_db


@pytest.fixture
def year_2026(units):
    services.open_year(user=None, unit=units["QLVH"], year=2026)
    services.open_year(user=None, unit=units["QLDL"], year=2026)
    rows = {(d.unit.code, d.duty, d.period): d for d in Disclosure.objects.filter(year=2026)}
    vh = units["QLVH"].code
    # QLVH: Q1 on time (due 15/04), H1 late (due 15/07), dự toán assigned 10/01 → due 25/01, published 20/01.
    services.record_disclosure(
        user=None,
        disclosure=rows[(vh, "thuc_hien_ky", "Q1")],
        event_date=None,
        published_on=date(2026, 4, 15),
        form="cong_thong_tin",
        link="https://vh.example/q1",
    )
    services.record_disclosure(
        user=None,
        disclosure=rows[(vh, "thuc_hien_ky", "H1")],
        event_date=None,
        published_on=date(2026, 7, 16),
        form="niem_yet",
        proof_document="15/TB-QLVH",
    )
    services.record_disclosure(
        user=None,
        disclosure=rows[(vh, "du_toan", "")],
        event_date=date(2026, 1, 10),
        published_on=date(2026, 1, 20),
        form="cong_thong_tin",
        link="https://vh.example/dt",
    )
    # QLDL: nothing published; its Q1 is overdue on 01/08/2026, H1 (due 15/07) too.
    return rows


def test_open_year_generates_the_duties_once(units):
    created = services.open_year(user=None, unit=units["QLVH"], year=2026)
    assert sorted((d.duty, d.period) for d in created) == [
        ("du_toan", ""),
        ("quyet_toan", ""),
        ("thuc_hien_ky", "H1"),
        ("thuc_hien_ky", "Q1"),
        ("thuc_hien_ky", "Q3"),
        ("thuc_hien_nam", ""),
    ]
    q1 = next(d for d in created if d.period == "Q1")
    assert (q1.event_date, q1.due_date) == (date(2026, 3, 31), date(2026, 4, 15))
    assert services.open_year(user=None, unit=units["QLVH"], year=2026) == []


def test_statuses_and_late_list(year_2026, cast):
    today = date(2026, 8, 1)
    rows = selectors.register(user=cast["giamdoc"], year=2026, today=today)
    by = {(r.disclosure.unit.code, r.disclosure.duty, r.disclosure.period): r.status for r in rows}
    vh = next(k[0] for k in by if k[0].endswith("QLVH") or k[0] == "QLVH")
    assert by[(vh, "thuc_hien_ky", "Q1")] is Status.ON_TIME
    assert by[(vh, "thuc_hien_ky", "H1")] is Status.LATE
    assert by[(vh, "du_toan", "")] is Status.ON_TIME
    late = selectors.late_or_missing(user=cast["giamdoc"], year=2026, today=today)
    # QLVH H1 late; QLDL Q1 and H1 overdue.
    assert len(late) == 3


def test_measure_equals_the_register(year_2026, units):
    # On 31/12/2026: judged = QLVH Q1, H1, dự toán, Q3 (overdue, due 15/10) + QLDL Q1, H1, Q3 = 7; on time 2.
    m = measure("finance.disclosure_on_time_share", None, "2026")
    rows = selectors.unit_rows(unit=None, year=2026, today=date(2026, 12, 31))
    judged = [r for r in rows if r.status in (Status.ON_TIME, Status.LATE, Status.OVERDUE)]
    assert (
        (m.numerator, m.denominator)
        == (2, 7)
        == (sum(r.status is Status.ON_TIME for r in judged), len(judged))
    )
    assert m.value == Decimal("28.57")
    only_vh = measure("finance.disclosure_on_time_share", units["QLVH"], "2026")
    assert (only_vh.numerator, only_vh.denominator) == (2, 4)


def test_proof_is_required_and_errors_are_vietnamese(units):
    services.open_year(user=None, unit=units["QLVH"], year=2026)
    d = Disclosure.objects.get(unit=units["QLVH"], year=2026, duty="quyet_toan")
    with pytest.raises(ValidationError) as err:
        services.record_disclosure(user=None, disclosure=d, event_date=None, published_on=date(2026, 5, 1))
    text = " ".join(err.value.messages)
    assert "hình thức" in text and "minh chứng" in text and "ngày phát sinh" in text
    d.refresh_from_db()
    assert d.published_on is None


def test_annual_report_due_in_working_days(units):
    services.open_year(user=None, unit=units["QLVH"], year=2026)
    d = Disclosure.objects.get(unit=units["QLVH"], year=2026, duty="thuc_hien_nam")
    services.record_disclosure(user=None, disclosure=d, event_date=date(2026, 3, 6), published_on=None)
    d.refresh_from_db()
    assert d.due_date == date(2026, 3, 13)


def test_an_officer_may_not_record(units, cast):
    services.open_year(user=None, unit=units["QLVH"], year=2026)
    d = Disclosure.objects.filter(unit=units["QLVH"]).first()
    with pytest.raises(PermissionDenied):
        services.record_disclosure(
            user=cast["chuyenvien.vh"], disclosure=d, event_date=None, published_on=None
        )


def test_pages_and_cli(year_2026, client, cast, capsys):
    client.force_login(cast["giamdoc"])
    page = client.get(reverse("finance:register") + "?year=2026")
    assert page.status_code == 200
    assert "Quá hạn hoặc trễ hạn" in page.content.decode()
    d = year_2026[next(k for k in year_2026 if k[1] == "quyet_toan")]
    assert client.get(reverse("finance:disclosure_detail", args=[d.pk])).status_code == 200
    assert main(["finance", "disclosures", "--year", "2026", "--date", "31/12/2026", "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert (data["on_time"], data["judged"], data["share"]) == (2, 7, "28.57")
    assert len(data["disclosures"]) == 12


def test_unit_head_records_through_the_page(year_2026, client, cast):
    client.force_login(cast["truongphong.vh"])
    d = next(
        v
        for k, v in year_2026.items()
        if k[1] == "quyet_toan" and v.unit_id == cast["truongphong.vh"].unit_id
    )
    url = reverse("finance:disclosure_detail", args=[d.pk])
    resp = client.post(
        url,
        {
            "event_date": "01/06/2026",
            "published_on": "10/06/2026",
            "form": "van_ban",
            "proof_document": "20/TB-QLVH",
        },
    )
    assert resp.status_code == 302
    d.refresh_from_db()
    assert (d.due_date, d.published_on) == (date(2026, 6, 16), date(2026, 6, 10))


def test_a_future_publication_is_refused(units):
    from django.utils import timezone

    services.open_year(user=None, unit=units["QLVH"], year=2026)
    d = Disclosure.objects.get(unit=units["QLVH"], year=2026, duty="thuc_hien_ky", period="Q1")
    tomorrow = timezone.localdate() + timedelta(days=1)
    with pytest.raises(ValidationError, match="sau hôm nay"):
        services.record_disclosure(
            user=None,
            disclosure=d,
            event_date=None,
            published_on=tomorrow,
            form="niem_yet",
            proof_document="1/TB",
        )


def test_home_widget_counts_late_and_missing(year_2026, cast, units):
    from django.apps import apps
    from django.utils import timezone

    widget = apps.get_app_config("finance").home_widget(cast["giamdoc"])
    expected = len(selectors.late_or_missing(user=cast["giamdoc"], year=timezone.localdate().year))
    assert widget is not None and widget["value"] == str(expected)
    assert apps.get_app_config("finance").home_widget(cast["chuyenvien.vh"]) is None


def test_demo_shows_each_state():
    from cchc.apps.finance import demo
    from cchc.apps.org import demo as org_demo

    org_demo.load()
    lines = demo.load()
    assert "4 đơn vị" in lines[0]
    demo.load()  # idempotent
    assert Disclosure.objects.filter(unit__code="LC-SVHTTDL-VP").count() == 6
