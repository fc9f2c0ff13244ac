"""Staffing quotas: assigned vs actual per unit and year, the reduction against the §15 target (merged
units mapped onto today's tree), XLSX import with a preview and row errors kept, export, measured source."""

from __future__ import annotations

import datetime as dt
import io
from decimal import Decimal

import openpyxl
import pytest
from auditlog.models import LogEntry
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from cchc.apps.core.measures import measure
from cchc.apps.org import staffing
from cchc.apps.org.models import ImportBatch, StaffingQuota, Unit, User
from cchc.apps.org.services import ChangeInput, record_change
from cchc.apps.people.models import StaffRecord
from tests.malformed import xlsx_bytes

pytestmark = pytest.mark.django_db


def _quotas(units) -> None:
    for code, base, now in (("QLVH", 12, 11), ("QLDL", 8, 7)):
        StaffingQuota.objects.create(
            unit=units[code], year=2021, kind="cong_chuc", assigned=base, actual=base
        )
        StaffingQuota.objects.create(
            unit=units[code], year=2025, kind="cong_chuc", assigned=now, actual=now - 1
        )


def test_reduction_per_unit_and_total_against_the_phase_target(units, cast) -> None:
    _quotas(units)
    rows = staffing.staffing_rows(user=cast["giamdoc"], year=2025, today=dt.date(2026, 9, 1))
    by = {(r.unit.code if r.unit else None): r for r in rows}
    vh = by[units["QLVH"].code]
    assert (vh.assigned, vh.actual, vh.baseline, vh.trend) == (11, 10, 12, {2021: 12, 2025: 11})
    assert vh.reduction and vh.reduction.target_percent == Decimal(5) and vh.reduction.cut == 1
    total = by[None]
    assert (total.assigned, total.baseline, total.actual) == (18, 20, 16)
    assert total.reduction and total.reduction.percent == Decimal("10.0") and total.reduction.reached


def test_merged_units_quotas_are_read_under_the_new_unit(units, cast) -> None:
    _quotas(units)
    new = Unit.objects.create(
        code="LC-SVHTTDL-VHDL", name="Phòng Văn hóa và Du lịch", abbreviation="VHDL", parent=units[""]
    )
    record_change(
        user=None,
        data=ChangeInput(kind="merge", effective_on=dt.date(2026, 7, 1), decision_number="25/QĐ",
                         sources=[units["QLVH"], units["QLDL"]], targets=[new]),
    )  # fmt: skip
    StaffingQuota.objects.create(unit=new, year=2026, kind="cong_chuc", assigned=17)
    rows = staffing.staffing_rows(user=cast["giamdoc"], year=2026, today=dt.date(2026, 9, 1))
    [row] = [r for r in rows if r.unit is not None]
    assert row.unit == new and row.baseline == 12 + 8 and row.assigned == 17
    assert sorted(row.folded) == sorted([units["QLVH"].name, units["QLDL"].name])
    was = staffing.staffing_rows(user=cast["giamdoc"], year=2026, mapped=False, today=dt.date(2026, 9, 1))
    assert {r.unit.code for r in was if r.unit} == {units["QLVH"].code, units["QLDL"].code, new.code}
    m = measure("org.staffing_reduction_share", None, "2026")
    assert (m.numerator, m.denominator, m.value) == (3, 20, Decimal("15.00"))


def test_current_year_actual_comes_from_the_staff_register_when_not_entered(units, cast) -> None:
    StaffingQuota.objects.create(unit=units["QLVH"], year=2026, kind="cong_chuc", assigned=5)
    for i in range(3):
        StaffRecord.objects.create(code=f"CB{i}", family_name="Lò", given_name="Văn A", unit=units["QLVH"])
    [row, _total] = staffing.staffing_rows(user=cast["giamdoc"], year=2026, today=dt.date(2026, 9, 1))
    assert (row.actual, row.actual_from_register) == (3, True)


def _upload(rows) -> SimpleUploadedFile:
    return SimpleUploadedFile("bien-che.xlsx", xlsx_bytes(rows), "application/octet-stream")


def test_import_previews_then_writes_the_valid_rows_and_lists_the_bad_one(client, login, units) -> None:
    login("vanphong")
    rows = [
        ["Đơn vị", "Năm", "Loại", "Biên chế được giao", "Thực có"],
        ["QLVH", 2026, "Công chức", 12, 11],
        ["Không có", 2026, "Công chức", 3, ""],
        ["QLDL", "năm", "Viên chức", "-1", ""],
    ]
    url = reverse("org:staffing_import")
    preview = client.post(url, {"file": _upload(rows)}, follow=True)
    html = preview.content.decode()
    assert preview.status_code == 200 and 'id="rejected"' in html and "Không có đơn vị" in html
    assert not StaffingQuota.objects.exists()  # the preview writes nothing
    done = client.post(reverse("org:staffing_import_preview"), follow=True)
    assert done.status_code == 200 and "Không có đơn vị" in done.content.decode()
    [q] = StaffingQuota.objects.all()
    assert (q.unit, q.year, q.kind, q.assigned, q.actual) == (units["QLVH"], 2026, "cong_chuc", 12, 11)


def test_a_confirmed_import_keeps_the_bad_row_and_its_reason_in_the_batch(client, login, units, cast) -> None:
    login("vanphong")
    rows = [
        ["Đơn vị", "Năm", "Loại", "Biên chế được giao", "Thực có"],
        ["QLVH", 2026, "Công chức", 12, 11],
        ["Phòng Không Có", 2026, "Công chức", 3, ""],
        ["QLDL", 2026, "Viên chức", "mười", ""],
    ]
    client.post(reverse("org:staffing_import"), {"file": _upload(rows)})
    done = client.post(reverse("org:staffing_import_preview"))
    batch = ImportBatch.objects.get()
    assert done.status_code == 302 and done["Location"] == reverse("org:staffing_batch", args=[batch.pk])
    assert (batch.file_name, batch.imported_count, batch.unit, batch.created_by) == (
        "bien-che.xlsx",
        1,
        cast["vanphong"].unit,
        cast["vanphong"],
    )
    stored = list(batch.rejected_rows.all())
    assert [r.row_number for r in stored] == [3, 4]
    assert stored[0].raw["Đơn vị"] == "Phòng Không Có"
    assert stored[0].reasons == ["Không có đơn vị “Phòng Không Có” trong tổ chức."]
    assert "không phải số nguyên" in stored[1].reasons[0]
    page = client.get(done["Location"]).content.decode()
    assert "Phòng Không Có" in page and "Không có đơn vị “Phòng Không Có” trong tổ chức." in page
    assert "mười" in page and "không phải số nguyên" in page
    listing = client.get(reverse("org:staffing"), {"year": 2026}).content.decode()
    assert reverse("org:staffing_batch", args=[batch.pk]) in listing  # linked from the staffing page
    assert LogEntry.objects.get_for_object(batch).filter(action=LogEntry.Action.CREATE).exists()


def test_another_organisations_user_cannot_open_the_batch(client, login, units, cast) -> None:
    batch = ImportBatch.objects.create(file_name="bien-che.xlsx", unit=cast["vanphong"].unit)
    other_root = Unit.objects.create(code="SO-KHAC", name="Sở Khác", abbreviation="SK")
    other = User.objects.create_user("khac", role="coordinator", unit=other_root)  # org.manage in another Sở
    client.force_login(other, backend="django.contrib.auth.backends.ModelBackend")
    assert client.get(reverse("org:staffing_batch", args=[batch.pk])).status_code == 404
    login("vanphong")
    assert client.get(reverse("org:staffing_batch", args=[batch.pk])).status_code == 200
    login("giamdoc")  # same Sở, no org.manage
    assert client.get(reverse("org:staffing_batch", args=[batch.pk])).status_code == 403


def test_a_table_without_the_columns_is_explained(client, login) -> None:
    login("vanphong")
    resp = client.post(reverse("org:staffing_import"), {"file": _upload([["A", "B"], [1, 2]])}, follow=True)
    assert resp.status_code == 200 and "thiếu cột" in resp.content.decode()
    assert resp.redirect_chain[-1][0] == reverse("org:staffing_import")  # back to the upload page


def test_page_and_export(client, login, units) -> None:
    _quotas(units)
    login("giamdoc")
    page = client.get(reverse("org:staffing"), {"year": 2025})
    assert page.status_code == 200 and units["QLVH"].name in page.content.decode()
    export = client.get(reverse("org:staffing_export"), {"year": 2025})
    ws = openpyxl.load_workbook(io.BytesIO(export.content)).active
    values = [[c.value for c in r] for r in ws.iter_rows()]
    assert values[0][0] == "Đơn vị" and any(v[0] == units["QLVH"].name and v[2] == 11 for v in values)
    assert client.get(reverse("org:staffing_import")).status_code == 403
