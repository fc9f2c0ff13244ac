"""The autonomy and public-asset registers, the proof of publication, imports with row errors kept, exports
read back by the import, reminders once per duty × day × recipient, and the measured sources equal to the
registers (figures computed by hand)."""

from __future__ import annotations

import json
import re
from datetime import date
from decimal import Decimal

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from cchc.apps.core.measures import measure
from cchc.apps.finance import imports, reminders, selectors, services
from cchc.apps.finance.models import Asset, AutonomyRecord, Disclosure, ReminderLog, ReminderMail
from cchc.cli import main
from tests.malformed import xlsx_bytes

pytestmark = pytest.mark.django_db


@pytest.fixture
def autonomy(units):
    # QLVH: nhóm 2 (share 100 %), target 2 → met; QLDL: nhóm 4, target 3 → not met; VP: nhóm 3, no target.
    services.save_autonomy(user=None, unit=units["QLVH"], year=2026, group=2, share=Decimal("100"), target_group=2,
                           decision_number="12/QĐ-SVHTTDL", decision_date=date(2026, 1, 15))  # fmt: skip
    services.save_autonomy(user=None, unit=units["QLDL"], year=2026, group=4, target_group=3)
    services.save_autonomy(
        user=None, unit=units["VP"], year=2026, group=3, revenue=Decimal(450), spending=Decimal(1000)
    )
    services.save_autonomy(
        user=None, unit=units["QLVH"], year=2025, group=3, share=Decimal("80"), target_group=2
    )


def test_a_group_the_share_does_not_support_is_refused(units):
    with pytest.raises(ValidationError, match="chỉ đủ cho nhóm 3"):
        services.save_autonomy(user=None, unit=units["QLVH"], year=2026, group=2, share=Decimal("75"))
    with pytest.raises(ValidationError, match="chỉ đủ cho nhóm 3"):  # the estimate 450/1000 = 45 %
        services.save_autonomy(user=None, unit=units["QLVH"], year=2026, group=2, revenue=Decimal(450),
                               spending=Decimal(1000))  # fmt: skip
    assert not AutonomyRecord.objects.exists()


def test_autonomy_source_equals_the_register(autonomy, units, cast):
    m = measure("finance.autonomy_target_share", None, "2026")
    assert (m.numerator, m.denominator, m.value) == (1, 2, Decimal("50.00"))
    assert m.detail_url == reverse("finance:autonomy") + "?year=2026"
    rows = selectors.autonomy_register(user=cast["giamdoc"], year=2026)
    assert sum(bool(r.meets_target) for r in rows) == m.numerator
    assert sum(r.meets_target is not None for r in rows) == m.denominator
    vp = next(r for r in rows if r.record.unit == units["VP"])
    assert (
        vp.estimate == Decimal("45.00")
        and vp.band is not None
        and vp.band.reward_welfare_months == Decimal("2")
    )


def test_autonomy_pages_and_trend_chart(autonomy, client, cast, units):
    client.force_login(cast["giamdoc"])
    page = client.get(reverse("finance:autonomy") + "?year=2026").content.decode()
    assert "12/QĐ-SVHTTDL" in page and "Chưa đạt chỉ tiêu" in page and "50" in page
    record = AutonomyRecord.objects.get(unit=units["QLVH"], year=2026)
    detail = client.get(reverse("finance:autonomy_detail", args=[record.pk])).content.decode()
    assert 'data-chart="autonomy"' in detail and "finance-charts.js" in detail
    data = json.loads(detail.split('id="chart-data" type="application/json">')[1].split("</script>")[0])
    assert data["years"] == [2025, 2026] and data["group"] == [3, 2] and data["share"] == [80.0, 100.0]
    # an officer sees the page without the edit form
    client.force_login(cast["chuyenvien.vh"])
    detail = client.get(reverse("finance:autonomy_detail", args=[record.pk])).content.decode()
    assert 'id="autonomy-form"' not in detail
    assert (
        "Thêm bản ghi tự chủ" not in client.get(reverse("finance:autonomy") + "?year=2026").content.decode()
    )


def _asset(units, place, code, **kw):
    values = {"name": f"Tài sản {code}", "kind": "xe", "value": Decimal(100)} | kw
    return services.save_asset(user=None, unit=units[place], code=code, **values)


def test_asset_totals_and_handled_share(units, cast):
    _asset(units, "QLVH", "X1", value=Decimal(500))
    _asset(units, "QLVH", "X2", status="doi_du", handling_form="dieu_chuyen", progress="da_xu_ly")
    _asset(units, "QLVH", "T1", kind="tru_so", status="doi_du", handling_form="ban", progress="dang_xu_ly")
    _asset(units, "QLDL", "T2", kind="tru_so", status="doi_du_mot_phan")
    totals = selectors.asset_totals(selectors.assets(user=cast["giamdoc"]))
    total = totals[-1].totals
    assert (total.count, total.value, total.surplus, total.handled, total.pending) == (
        4,
        Decimal(800),
        3,
        1,
        2,
    )
    m = measure("finance.surplus_assets_handled_share", None, "2026")
    assert (m.numerator, m.denominator, m.value) == (1, 3, Decimal("33.33"))
    only_vh = measure("finance.surplus_assets_handled_share", units["QLVH"], "2026")
    assert (only_vh.numerator, only_vh.denominator) == (1, 2)
    with pytest.raises(ValidationError, match="hình thức xử lý"):
        _asset(units, "QLVH", "X3", progress="da_xu_ly")
    with pytest.raises(PermissionDenied):
        services.save_asset(user=cast["truongphong.dl"], unit=units["QLVH"], code="X9", name="x", kind="xe",
                            value=Decimal(1))  # fmt: skip


def test_idle_trụ_sở_warns_after_twelve_months(units):
    a = _asset(units, "QLVH", "T9", kind="tru_so", status="khong_su_dung", idle_since=date(2020, 1, 1))
    row = selectors.asset_row(a, date(2026, 12, 5))
    assert row.pending and any("12 tháng" in w for w in row.warnings)


def _xlsx(tmp_path, name, rows):
    path = tmp_path / name
    path.write_bytes(xlsx_bytes(rows))
    return path


def test_asset_import_keeps_the_bad_row_and_writes_nothing_before_confirm(units, cast, tmp_path):
    path = _xlsx(tmp_path, "tai-san.xlsx", [
        ["Đơn vị", "Mã tài sản", "Tên tài sản", "Loại tài sản", "Nguyên giá", "Hiện trạng", "Hình thức xử lý"],
        [units["QLVH"].code, "A1", "Xe 7 chỗ", "Xe ô tô", "850000000", "Dôi dư", "Điều chuyển"],
        [units["QLVH"].code, "A2", "Máy chiếu", "thiet_bi", "-5", "", ""],
        ["KHONG-CO", "A3", "Bàn", "khac", "10", "", ""],
    ])  # fmt: skip
    analysis = imports.analyse(path, kind="asset", user=cast["vanphong"], unit=units[""])
    assert [r.row_number for r, _u in analysis.records] == [2]
    assert {r.row_number: r.reasons for r in analysis.rejected}[3] == ("Nguyên giá không được âm: '-5'",)
    assert "Không có đơn vị" in analysis.rejected[1].reasons[0]
    assert not Asset.objects.exists()  # the preview writes nothing
    batch = imports.import_file(path, kind="asset", user=cast["vanphong"], unit=units[""])
    assert batch.imported_count == 1 and batch.rejected_rows.count() == 2
    a = Asset.objects.get(code="A1")
    assert (a.kind, a.status, a.handling_form, a.value) == ("xe", "doi_du", "dieu_chuyen", Decimal(850000000))


def test_autonomy_import_rejects_an_unsupported_group_and_export_reads_back(
    autonomy, units, cast, tmp_path, client
):
    client.force_login(cast["giamdoc"])
    resp = client.get(reverse("finance:autonomy_export") + "?year=2026")
    assert resp["Content-Type"].startswith("application/vnd.openxmlformats")
    path = tmp_path / "tu-chu.xlsx"
    path.write_bytes(resp.content)
    analysis = imports.analyse(path, kind="autonomy", user=cast["vanphong"], unit=units[""])
    assert len(analysis.records) == 3 and not analysis.rejected
    bad = _xlsx(tmp_path, "sai.xlsx", [
        ["Đơn vị", "Năm", "Nhóm tự chủ", "Mức tự bảo đảm chi thường xuyên"],
        [units["QLVH"].code, "2027", "1", "60"], [units["QLVH"].code, "2027", "5", ""],
        [units["QLDL"].code, "2027", "3", "45"],
    ])  # fmt: skip
    batch = imports.import_file(bad, kind="autonomy", user=cast["vanphong"], unit=units[""])
    reasons = {r.row_number: r.reasons for r in batch.rejected_rows.all()}
    assert batch.imported_count == 1 and sorted(reasons) == [2, 3]
    assert "chỉ đủ cho nhóm 3" in reasons[2][0] and "không hợp lệ" in reasons[3][0]


def test_disclosure_import_and_export(units, cast, tmp_path):
    path = _xlsx(tmp_path, "cong-khai.xlsx", [
        ["Đơn vị", "Năm", "Nghĩa vụ", "Kỳ", "Ngày phát sinh", "Ngày công khai", "Hình thức công khai", "Đường dẫn"],
        [units["QLVH"].code, "2026", "thuc_hien_ky", "Q1", "", "10/04/2026", "niem_yet", "https://vh.example/q1"],
        [units["QLVH"].code, "2026", "du_toan", "", "05/01/2026", "12/01/2026", "cong_thong_tin", "ftp://x"],
        [units["QLVH"].code, "2026", "thuc_hien_ky", "", "", "", "", ""],
    ])  # fmt: skip
    batch = imports.import_file(path, kind="disclosure", user=cast["vanphong"], unit=units[""])
    assert batch.imported_count == 1 and batch.rejected_rows.count() == 2
    q1 = Disclosure.objects.get(unit=units["QLVH"], year=2026, duty="thuc_hien_ky", period="Q1")
    assert (q1.published_on, q1.due_date) == (date(2026, 4, 10), date(2026, 4, 15))


def test_proof_by_upload_and_by_issued_document(units, cast, client):
    services.open_year(user=None, unit=units["QLVH"], year=2026)
    d = Disclosure.objects.get(unit=units["QLVH"], year=2026, duty="thuc_hien_ky", period="Q1")
    client.force_login(cast["truongphong.vh"])
    url = reverse("finance:disclosure_detail", args=[d.pk])
    resp = client.post(url, {"published_on": "10/04/2026", "form": "niem_yet",
                             "proof_file": SimpleUploadedFile("thong-bao.txt", "Thông báo công khai quý I".encode())})  # fmt: skip
    assert resp.status_code == 302, re.findall(r"errorlist.*?</ul>", resp.content.decode(), re.S)
    d.refresh_from_db()
    assert d.proof_file and d.published_on == date(2026, 4, 10)
    page = client.get(url).content.decode()
    assert 'id="proof-file"' in page and "/media/" not in page
    # a file that lies about its kind is refused with a Vietnamese message; nothing changes
    other = Disclosure.objects.get(unit=units["QLVH"], year=2026, duty="thuc_hien_ky", period="H1")
    resp = client.post(reverse("finance:disclosure_detail", args=[other.pk]), {
        "published_on": "10/07/2026", "form": "niem_yet",
        "proof_file": SimpleUploadedFile("bao-cao.pdf", b"\x89PNG\r\n\x1a\n0000"),
    })  # fmt: skip
    other.refresh_from_db()
    assert other.published_on is None and not other.proof_file


def test_reminders_once_per_duty_day_and_recipient(units, cast, django_capture_on_commit_callbacks):
    services.open_year(user=None, unit=units["QLVH"], year=2026)
    today = date(2026, 4, 12)  # Q1 is due 15/04 (3 days ahead, within the 5-day window)
    due = reminders.reminders_due(today=today)
    keys = [d.key for d in due if d.key.startswith("disclosure:")]
    q1 = Disclosure.objects.get(unit=units["QLVH"], year=2026, period="Q1")
    assert keys == [f"disclosure:{q1.pk}"]
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        assert reminders.reminder_send(key=keys[0], day=today) is True
    with django_capture_on_commit_callbacks(execute=True):
        assert reminders.reminder_send(key=keys[0], day=today) is False
    assert len(mail.outbox) == 1 and mail.outbox[0].to == [cast["truongphong.vh"].email]
    assert "15/04/2026" in mail.outbox[0].subject
    assert (
        ReminderLog.objects.count() == 1 and ReminderMail.objects.filter(sent_at__isnull=False).count() == 1
    )
    assert not [d for d in reminders.reminders_due(today=today) if d.key == keys[0]]


def test_asset_reports_remind_units_with_surplus(units):
    _asset(units, "QLDL", "T2", kind="tru_so", status="doi_du")
    _asset(units, "QLVH", "X1")
    thursday = date(2026, 12, 3)
    keys = [d.key for d in reminders.reminders_due(today=thursday) if d.key.startswith("asset-report:")]
    assert keys == [f"asset-report:tien_do_tuan:{units['QLDL'].pk}:2026-W49"]
    january = date(2027, 1, 26)
    yearly = [d.key for d in reminders.reminders_due(today=january) if "bao_cao_nam" in d.key]
    assert len(yearly) == 2 and all(k.endswith(":2026") for k in yearly)


def test_cli_json_is_complete_and_remind_enqueues(units, capsys):
    services.open_year(user=None, unit=units["QLVH"], year=2026)
    assert main(["finance", "disclosures", "--year", "2026", "--unit", units["QLVH"].code, "--date", "31/12/2026", "--json"]) == 0  # fmt: skip
    data = json.loads(capsys.readouterr().out)
    assert data["late_or_missing"] == 3 and len(data["disclosures"]) == 6
    assert {"unit", "duty", "period", "status", "label", "proof_document", "proof_file"} <= set(
        data["disclosures"][0]
    )
    assert main(["finance", "remind", "--date", "12/04/2026"]) == 0
    assert "1 nhắc hạn" in capsys.readouterr().out
    assert main(["finance", "disclosures", "--unit", "KHONG-CO"]) != 0


def test_api_lists_are_scoped(autonomy, client, cast, units):
    _asset(units, "QLDL", "T2")
    client.force_login(cast["truongphong.vh"])
    rows = client.get("/api/finance/autonomy?year=2026").json()
    assert [r["unit"] for r in rows] == [units["QLVH"].code]
    assert client.get("/api/finance/assets").json() == []
    client.force_login(cast["giamdoc"])
    assert len(client.get("/api/finance/assets").json()) == 1
    assert len(client.get("/api/finance/autonomy?year=2026&limit=1").json()) == 1
