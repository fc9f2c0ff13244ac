"""Cost by channel for the demo procedures: the figures on the page, in the API, in the Excel export and in
the registry of measured sources are recomputed here by hand from the demo's raw inputs (copied below, not
imported), so a wrong rule or a wrong read fails the test."""

from __future__ import annotations

import io
import re
from decimal import Decimal

import pytest

from cchc.apps.core.measures import measure
from cchc.apps.procedures.channels import channel_report
from cchc.apps.procedures.demo import CHANNEL_SOURCE, load_channels
from cchc.apps.procedures.models import CostRecord, Procedure

H = 40_000  # đồng per hour: the demo's default cost parameter (QĐ 2816 Đồng Nai)
STATE = H // 2  # 0,5 h of an officer per in-person or postal dossier (cchc's assumption)

# One execution, worked out from the demo record's actions (hours × count; outsourcing; travel; fee).
# Online drops travel ("đi lại") and waiting ("chờ đợi"), and the photocopy marked so in 1.009402.
IN_PERSON = {
    "1.009301": (3 * 1 + 2 * 2 + 1 * 2 * 0.5 + 0.5) * H
    + 30_000
    + 2 * 50_000
    + 2_000_000
    + STATE,  # 2.490.000
    "1.009402": (6 + 3 * 2 + 1 * 2 + 0.5) * H
    + 100_000
    + 2 * 80_000
    + 20_000
    + 3_000_000
    + STATE,  # 3.880.000
    "1.009403": (2 + 2 * 2 + 0.5 * 2) * H + 2 * 40_000 + 200_000 + STATE,  # 580.000
    "1.009501": (4 + 1.5 * 2 + 0.5 * 2) * H + 50_000 + 2 * 30_000 + 0 + STATE,  # 450.000
}
ONLINE = {
    "1.009301": (3 + 0.5) * H + 30_000 + 2_000_000,  # 2.170.000
    "1.009402": 6 * H + 100_000 + 3_000_000,  # 3.340.000
    "1.009403": 2 * H + 200_000,  # 280.000
    "1.009501": 4 * H + 50_000,  # 210.000
}
# Dossiers received in 2026: (unit, in person, postal, online)
VOLUMES = {
    "1.009301": ("LC-SVHTTDL-QLVH", 20, 2, 38),
    "1.009402": ("LC-SVHTTDL-QLDL", 8, 1, 27),
    "1.009403": ("LC-SVHTTDL-QLDL", 25, 0, 15),
    "1.009501": ("LC-SVHTTDL-QLTDTT", 12, 3, 20),
}


def _expected(code: str, target: float = 50) -> dict[str, int]:
    _unit, direct, postal, online = VOLUMES[code]
    a, b = IN_PERSON[code], ONLINE[code]
    total = direct + postal + online
    saved = online * (a - b)
    at_target = total * target / 100 * (a - b)
    return {
        "social": round((direct + postal) * a + online * b),
        "saved": round(saved),
        "at_target": round(at_target),
        "extra": round(max(0, at_target - saved)),
    }


@pytest.fixture
def demo(catalogue, settings, tmp_path):
    settings.DATA_DIR = tmp_path
    load_channels()
    return catalogue


def test_demo_records_and_volumes(demo):
    assert CostRecord.objects.count() == 4
    report = channel_report(user=None, period="2026")
    got = {r.code: r for r in report.rows}
    assert set(got) == set(VOLUMES)
    for code, (unit, direct, postal, online) in VOLUMES.items():
        row = got[code]
        assert row.unit.code == unit
        v = row.line.volumes
        assert (v.in_person, v.postal, v.online) == (direct, postal, online)
        assert row.line.per_execution == {"truc_tiep": IN_PERSON[code], "buu_chinh": IN_PERSON[code], "truc_tuyen": ONLINE[code]}  # fmt: skip
        e = _expected(code)
        assert (row.line.social_cost, row.line.online_saving) == (e["social"], e["saved"]), code
        assert (row.line.target_saving, row.line.extra_at_target) == (e["at_target"], e["extra"]), code
    # 1.009305 has dossiers but no cost record: listed, not 0 đồng
    assert [(r.code, r.line.volumes.total, r.line.social_cost) for r in report.missing] == [
        ("1.009305", 10, None)
    ]
    s = report.summary
    assert s is not None
    assert s.social_cost == sum(_expected(c)["social"] for c in VOLUMES)
    assert s.online_saving == sum(_expected(c)["saved"] for c in VOLUMES)
    assert (s.with_cost, s.without_cost, s.volumes.total) == (4, 1, 60 + 36 + 40 + 35 + 10)


def test_hand_figures_in_plain_numbers():
    """The hand arithmetic above, spelled out once, so the constants themselves are checked."""
    assert IN_PERSON["1.009301"] == 2_490_000 and ONLINE["1.009301"] == 2_170_000
    assert _expected("1.009301") == {
        "social": 22 * 2_490_000 + 38 * 2_170_000,  # 54.780.000 + 82.460.000 = 137.240.000
        "saved": 38 * 320_000,  # 12.160.000
        "at_target": 30 * 320_000,  # 50 % of 60 dossiers
        "extra": 0,
    }


def test_loading_twice_changes_nothing(demo):
    from cchc.apps.dossiers.storage import open_store

    with open_store() as store:
        first = store.count(CHANNEL_SOURCE)
    load_channels()
    with open_store() as store:
        assert store.count(CHANNEL_SOURCE) == first == 181
    assert CostRecord.objects.count() == 4


def test_page_shows_the_unit_head_their_unit_only(demo, client, login):
    login("truongphong.dl")
    html = client.get("/ho-so/chi-phi-theo-kenh/?period=2026").content.decode()
    assert 'data-code="1.009402"' in html and 'data-code="1.009403"' in html
    assert 'data-code="1.009301"' not in html  # Phòng Quản lý Văn hóa's
    social = _expected("1.009402")["social"] + _expected("1.009403")["social"]
    assert f"{social:,}".replace(",", ".") in html
    other = demo["1.009301"].unit.pk
    assert client.get(f"/ho-so/chi-phi-theo-kenh/?period=2026&unit={other}").status_code == 403


def test_page_totals_target_and_bad_input(demo, client, login):
    login("giamdoc")
    html = client.get("/ho-so/chi-phi-theo-kenh/?period=2026&target=80").content.decode()
    extra = sum(_expected(c, 80)["extra"] for c in VOLUMES)
    assert f'id="extra-at-target">{extra:,}'.replace(",", ".") in html
    assert 'data-code="1.009305"' in html and "không coi là 0 đồng" in html
    bad = client.get("/ho-so/chi-phi-theo-kenh/?period=2026&target=120").content.decode()
    assert "Tỷ lệ mục tiêu “120” không hợp lệ" in bad
    bad = client.get("/ho-so/chi-phi-theo-kenh/?period=13/2026").content.decode()
    assert "không hợp lệ" in bad


def test_excel_export(demo, client, login):
    import openpyxl

    login("giamdoc")
    response = client.get("/ho-so/chi-phi-theo-kenh.xlsx?period=2026")
    assert response.status_code == 200
    sheet = openpyxl.load_workbook(io.BytesIO(response.content)).active
    rows = {r[1]: r for r in sheet.iter_rows(min_row=5, values_only=True) if r[1]}
    assert rows["1.009301"][9] == _expected("1.009301")["social"]
    assert rows["1.009305"][9] == "Chưa có bảng chi phí tuân thủ"
    total = next(r for r in sheet.iter_rows(values_only=True) if str(r[0]).startswith("Tổng"))
    assert total[12] == sum(_expected(c)["saved"] for c in VOLUMES)


def test_api_pages_and_refuses_bad_input(demo, client, login):
    login("giamdoc")
    data = client.get("/api/procedures/channel-costs?period=2026&limit=2").json()
    assert data["count"] == 5 and len(data["rows"]) == 2
    assert data["summary"]["online_saving"] == sum(_expected(c)["saved"] for c in VOLUMES)
    one = client.get("/api/procedures/channel-costs?period=2026&procedure=1.009403&target=80").json()
    assert [r["social_cost"] for r in one["rows"]] == [_expected("1.009403")["social"]]
    assert one["rows"][0]["extra_at_target"] == _expected("1.009403", 80)["extra"]
    missing = client.get("/api/procedures/channel-costs?period=2026&procedure=1.009305").json()["rows"][0]
    assert missing["has_cost"] is False and missing["social_cost"] is None
    assert client.get("/api/procedures/channel-costs?period=2026-13").status_code == 400
    assert client.get("/api/procedures/channel-costs?target=abc").status_code == 400
    assert client.get("/api/procedures/channel-costs?limit=0").status_code == 400


def test_procedure_page_shows_costs_and_units(demo, client, login):
    login("truongphong.vh")
    procedure = Procedure.objects.get(code="1.009301")
    html = client.get(f"/thu-tuc/{procedure.pk}/?nam=2026").content.decode()
    assert 'id="per-execution-in-person">2.490.000' in html and 'id="per-execution-online">2.170.000' in html
    assert 'data-unit="LC-SVHTTDL-QLVH"' in html
    assert f"{_expected('1.009301')['social']:,}".replace(",", ".") in html
    without = Procedure.objects.get(code="1.009305")
    assert 'id="no-cost-record"' in client.get(f"/thu-tuc/{without.pk}/").content.decode()


def test_measured_sources(demo):
    social = measure("procedures.channel_social_cost", None, "2026")
    saved = measure("procedures.online_saving", None, "2026")
    assert social.value == Decimal(sum(_expected(c)["social"] for c in VOLUMES)) and social.unit == "đồng"
    assert saved.value == Decimal(sum(_expected(c)["saved"] for c in VOLUMES))
    assert "chi-phi-theo-kenh" in saved.detail_url
    assert measure("procedures.online_saving", None, "2025").value is None  # nothing measured: no 0


def test_editing_the_record_changes_the_figures(demo, client, login):
    from cchc.apps.procedures.models import CostAction

    procedure = Procedure.objects.get(code="1.009403")
    url = f"/thu-tuc/{procedure.pk}/chi-phi/"
    login("truongphong.dl")
    page = client.get(url)
    assert page.status_code == 200 and 'id="cost-record-form"' in page.content.decode()
    actions = list(CostAction.objects.filter(record__procedure=procedure).order_by("order"))
    data = {
        "fees": "200.000", "online_fees": "", "other_costs": "0", "cost_parameter": "", "source": "Rà soát 2026",
        "online_removes": ["đi lại"],  # waiting is now kept online
        "state_hours_in_person": "0,5", "state_hours_online": "0",
        "cv-TOTAL_FORMS": str(len(actions) + 1), "cv-INITIAL_FORMS": str(len(actions)),
        "cv-MIN_NUM_FORMS": "0", "cv-MAX_NUM_FORMS": "60",
    }  # fmt: skip
    for i, a in enumerate(actions):
        data.update({
            f"cv-{i}-id": str(a.pk), f"cv-{i}-name": a.name, f"cv-{i}-kind": a.kind, f"cv-{i}-hours": str(a.hours),
            f"cv-{i}-count": str(a.count), f"cv-{i}-outsourcing_cost": str(a.outsourcing_cost),
            f"cv-{i}-travel_cost": str(a.travel_cost), f"cv-{i}-online": "rule",
        })  # fmt: skip
    n = len(actions)
    data.update({f"cv-{n}-name": "Chụp ảnh thẻ", f"cv-{n}-kind": "thuê dịch vụ", f"cv-{n}-hours": "0",
                 f"cv-{n}-count": "1", f"cv-{n}-outsourcing_cost": "30000", f"cv-{n}-travel_cost": "0",
                 f"cv-{n}-online": "rule"})  # fmt: skip
    response = client.post(url, data)
    import re

    assert response.status_code == 302, re.findall(r"errorlist[^<]*<li>([^<]*)", response.content.decode())
    row = next(r for r in channel_report(user=None, period="2026").rows if r.code == "1.009403")
    # in person: 580.000 + 30.000 photo; online: 280.000 + 1 h waiting (40.000) + 30.000
    assert row.line.per_execution == {"truc_tiep": 610_000, "buu_chinh": 610_000, "truc_tuyen": 350_000}
    login("truongphong.vh")  # another phòng's procedure
    assert client.get(url).status_code in (403, 404)
    assert client.post(url, data).status_code in (403, 404)


def test_page_is_paged_and_links_procedures_in_scope(demo, client, login, monkeypatch):
    from cchc.apps.dossiers.views import channel_costs

    monkeypatch.setattr(channel_costs, "PAGE_ROWS", 3)
    monkeypatch.setattr(channel_costs, "MISSING_SHOWN", 0)
    login("giamdoc")
    first = client.get("/ho-so/chi-phi-theo-kenh/?period=2026").content.decode()
    second = client.get("/ho-so/chi-phi-theo-kenh/?period=2026&page=2").content.decode()
    codes = lambda html: re.findall(r'<tr data-unit="[^"]+" data-code="([^"]+)"', html)  # noqa: E731
    assert len(codes(first)) == 3 and len(codes(second)) == 1
    assert set(codes(first) + codes(second)) == set(VOLUMES)
    assert 'id="missing-more">Còn 1 dòng nữa' in first
    assert f'href="/thu-tuc/{demo["1.009301"].pk}/"' in first + second
    # the totals cover every page
    assert f"{sum(_expected(c)['social'] for c in VOLUMES):,}".replace(",", ".") in second


def test_a_full_scm_import_becomes_the_cost_record(catalogue, settings, tmp_path):
    from cchc.apps.procedures.channels import record_view
    from cchc.apps.procedures.imports import import_file
    from cchc.apps.procedures.models import CostAction

    settings.DATA_DIR = tmp_path
    table = tmp_path / "scm.csv"
    table.write_text(
        "ma_tthc,ten_tthc,phuong_an,cong_viec,loai_cong_viec,so_gio,so_lan,chi_phi_thue_ngoai,chi_phi_di_lai,phi_le_phi\n"
        "1.009302,Điều chỉnh giấy phép kinh doanh dịch vụ karaoke,trước,Chuẩn bị đơn,chuẩn bị hồ sơ,2,1,0,0,500000\n"
        "1.009302,Điều chỉnh giấy phép kinh doanh dịch vụ karaoke,trước,Đi nộp hồ sơ,đi lại,1,2,0,25000,\n"
        "1.009302,Điều chỉnh giấy phép kinh doanh dịch vụ karaoke,trước,Chờ tại một cửa,chờ đợi,0.5,2,0,0,\n"
        "1.009302,Điều chỉnh giấy phép kinh doanh dịch vụ karaoke,sau,Chuẩn bị đơn,chuẩn bị hồ sơ,2,1,0,0,500000\n",
        encoding="utf-8",
    )
    procedure = catalogue["1.009302"]
    batch = import_file(table, user=None, unit=procedure.unit, year=2026, changes="apply")
    assert batch.imported_count == 1, (
        batch.summary,
        batch.warnings,
        list(batch.rejected_rows.values_list("reasons", flat=True)),
    )
    record = CostRecord.objects.get(procedure=procedure)
    assert record.fees == 500_000 and "scm.csv" in record.source
    assert [(a.name, a.kind) for a in CostAction.objects.filter(record=record)] == [
        ("Chuẩn bị đơn", "chuẩn bị hồ sơ"), ("Đi nộp hồ sơ", "đi lại"), ("Chờ tại một cửa", "chờ đợi"),
    ]  # fmt: skip
    view = record_view(procedure)
    assert view is not None
    # in person: (2 + 1×2 + 0,5×2) h × 40.000 + 2 × 25.000 + 500.000 + 0,5 h × 40.000; online: 2 h + fee
    assert view.total == {
        "truc_tiep": 200_000 + 50_000 + 500_000 + 20_000,
        "buu_chinh": 770_000,
        "truc_tuyen": 580_000,
    }


def test_procedure_page_does_not_wait_for_a_busy_store(demo, client, login, monkeypatch):
    from cchc.apps.dossiers import storage

    waited = []

    def busy(path, wait_seconds):
        waited.append(wait_seconds)
        raise storage.StoreBusy("Kho hồ sơ đang bận (một lô nhập đang chạy). Vui lòng thử lại sau ít phút.")

    monkeypatch.setattr(storage, "_connect", busy)
    login("truongphong.vh")
    response = client.get(f"/thu-tuc/{demo['1.009301'].pk}/")
    html = response.content.decode()
    assert response.status_code == 200 and waited == [0]
    assert "Kho hồ sơ đang bận" in html and 'id="per-execution-online">2.170.000' in html
    assert (
        client.get("/ho-so/chi-phi-theo-kenh/").status_code == 503
    )  # the dossiers page says so (store_guard)
    # The measured sources (the director's overview, reports) give no figure rather than wait.
    from cchc.apps.core import measures
    from cchc.domain.errors import UserError

    with pytest.raises(UserError):
        measures.measure("procedures.online_saving", None, "2026")
    assert waited == [0, 0, 0]


def test_a_published_long_code_counts_for_its_procedure(demo, tmp_path):
    from cchc.analytics.importer import import_file
    from cchc.apps.dossiers.storage import open_store

    path = tmp_path / "dai.csv"
    path.write_text(
        "dossier_code,procedure_code,unit_code,channel,received_at\n"
        "DAI1,1.009301.000.00.00.H42,LC-SVHTTDL-QLVH,2,03/06/2026 08:00\n"
        "DAI2,1.009301.000.00.00.H42,LC-SVHTTDL-QLVH,2,04/06/2026 08:00\n",
        encoding="utf-8",
    )
    with open_store() as store:
        import_file(store, path, source="mot-cua")
    on_page = channel_report(user=None, period="2026", procedure=demo["1.009301"])
    everywhere = channel_report(user=None, period="2026")
    for report in (on_page, everywhere):
        row = next(r for r in report.rows if r.code == "1.009301")
        assert row.line.volumes.online == 38 + 2
    assert [r.code for r in on_page.rows + on_page.missing] == ["1.009301"]
