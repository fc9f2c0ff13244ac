"""Reconciliation with the national portal through the web, the API and the CLI: the constructed case of
tests/portal_case.py (docs/examples/cong-dvcqg-766.csv) against its dossiers — every planted difference
explained by its kind — and who may import and see it."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from auditlog.models import LogEntry
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from cchc.analytics.importer import import_file
from cchc.analytics.store import DossierStore
from cchc.apps.dossiers.models import PortalImport
from tests.portal_case import EXAMPLE_CSV, EXAMPLE_JSON, write_dossiers

pytestmark = pytest.mark.django_db

NOT_COMPUTABLE = ("1.1", "1.2", "1.3", "3.5a", "4.5a", "4.6", "5.2", "5.3")


@pytest.fixture
def case_store(data_dir: Path) -> Path:
    path = data_dir / "analytics.duckdb"
    with DossierStore(path) as store:
        import_file(store, write_dossiers(data_dir / "hoso.csv"), source="mot-cua")
    return path


def _upload(client, path: Path, **extra):  # type: ignore[no-untyped-def]
    data = {"file": SimpleUploadedFile(path.name, path.read_bytes()), "period": "", **extra}
    return client.post(reverse("dossiers:portal_list"), data)


def _unit_page(client, imp: PortalImport, unit) -> dict:  # type: ignore[no-untyped-def]
    resp = client.get(
        reverse("dossiers:portal_detail", args=[imp.pk]), {"unit": unit.pk, "period": "2026-03"}
    )
    assert resp.status_code == 200
    return resp.context


def _kinds(context: dict, level: str, ident: str) -> list[str]:
    line = context["rec"].line(level, ident)
    return [e.kind for e in line.explanations]


@pytest.mark.parametrize("example", [EXAMPLE_CSV, EXAMPLE_JSON], ids=["csv", "json"])
def test_every_planted_difference_is_explained_by_its_kind(client, login, case_store, units, example):
    login("vanphong")
    resp = _upload(client, example, unit=units[""].pk)
    imp = PortalImport.objects.get()
    assert resp.status_code == 302 and resp.url == reverse("dossiers:portal_detail", args=[imp.pk])
    assert (imp.unit, imp.rows_count, imp.unmatched) == (units[""], 75 if example == EXAMPLE_CSV else 72, 0)
    assert imp.exported_on.isoformat() == "2026-04-10" and len(imp.sha256) == 64
    assert LogEntry.objects.get_for_object(imp).filter(action=LogEntry.Action.CREATE).exists()  # audit trail

    listing = client.get(reverse("dossiers:portal_detail", args=[imp.pk]))
    totals = {
        e["entry"].unit.code: (e["entry"].portal_total, e["entry"].local_total)
        for e in listing.context["entries"]
    }
    assert totals == {
        "LC-SVHTTDL-QLVH": (74.67, 48.0), "LC-SVHTTDL-QLDL": (73.33, 48.0), "LC-SVHTTDL-TV": (78.0, 46.0),
    }  # fmt: skip

    # (a) QLVH: the portal counts 12 dossiers, cchc 10
    vh = _unit_page(client, imp, units["QLVH"])
    assert _kinds(vh, "indicator", "2.1") == ["dong_bo"]
    assert (vh["rec"].portal_dossiers, vh["rec"].local_dossiers) == (12, 10)
    # (c) QLDL: judged as of the portal's export date, the two April dossiers are late
    dl = _unit_page(client, imp, units["QLDL"])
    for ind in ("2.1", "5.4"):
        assert _kinds(dl, "indicator", ind) == ["moc_cat"], ind
        assert dl["rec"].line("indicator", ind).explanations[0].variant == "as_of_export"
    # (d) TV: TV-07, due on a Friday and finished on the Saturday, is named with the link to its list
    tv = _unit_page(client, imp, units["TV"])
    assert _kinds(tv, "indicator", "2.1") == ["trang_thai"]
    [row] = [r for r in tv["rows"] if r["line"].level == "indicator" and r["line"].id == "2.1"]
    [e] = row["explanations"]
    assert [s["code"] for s in e["suspects"]] == ["TV-07"] and "14/03/2026" in e["suspects"][0]["reasons"]
    assert (
        e["link"].startswith(reverse("dossiers:drilldown"))
        and "indicator=2.1" in e["link"]
        and "subset=gap" in e["link"]
    )
    drill = client.get(e["link"])
    assert [ln.row.dossier_code for ln in drill.context["page"]] == ["TV-07"]
    # (b) and nothing left unexplained, in every unit
    for ctx in (vh, dl, tv):
        for ind in NOT_COMPUTABLE:
            assert _kinds(ctx, "indicator", ind) == ["khong_tinh_duoc"], ind
        assert not ctx["rec"].unexplained
        html = (
            ctx["rows"]
            and client.get(
                reverse("dossiers:portal_detail", args=[imp.pk]),
                {"unit": ctx["unit"].pk, "period": "2026-03"},
            ).content.decode()
        )
        assert "Mọi chênh lệch đều đã có giải thích" in html
        assert 'data-status="chua_giai_thich"' not in html


def test_api_pages_the_reconciliation(client, login, case_store, units):
    login("vanphong")
    _upload(client, EXAMPLE_CSV, unit=units[""].pk)
    imp = PortalImport.objects.get()
    url = f"/api/dossiers/portal/{imp.pk}/reconciliation"
    first = client.get(url, {"unit_id": units["TV"].pk, "period": "2026-03", "limit": 5}).json()
    assert len(first) == 5
    everything = client.get(url, {"unit_id": units["TV"].pk, "period": "2026-03", "limit": 100}).json()
    line = next(x for x in everything if x["level"] == "indicator" and x["id"] == "2.1")
    assert line["status"] == "giai_thich" and line["gap"] == 2.0
    assert line["explanations"][0]["kind"] == "trang_thai" and line["explanations"][0]["dossiers"] == [
        "TV-07"
    ]
    every_unit = client.get(url, {"limit": 500}).json()
    assert {x["unit_code"] for x in every_unit} == {"LC-SVHTTDL-QLVH", "LC-SVHTTDL-QLDL", "LC-SVHTTDL-TV"}
    assert client.get(url, {"period": "abc"}).status_code == 400


def test_who_imports_and_who_sees(client, login, case_store, units):
    login("truongphong.vh")  # no dossiers.import: no form, a POST refused
    page = client.get(reverse("dossiers:portal_list"))
    assert page.status_code == 200 and b'id="portal-form"' not in page.content
    assert _upload(client, EXAMPLE_CSV, unit=units["QLVH"].pk).status_code == 403
    login("motcua")  # the one-stop shop may import, for its own unit (the Văn phòng) only
    form = client.get(reverse("dossiers:portal_list")).context["form"]
    assert [u.code for u in form.fields["unit"].queryset] == ["LC-SVHTTDL-VP"]
    resp = _upload(client, EXAMPLE_CSV, unit=units[""].pk)
    assert resp.status_code == 200 and "unit" in resp.context["form"].errors
    login("vanphong")
    _upload(client, EXAMPLE_CSV, unit=units[""].pk)
    imp = PortalImport.objects.get()
    for username, status in (("giamdoc", 200), ("kiemtra", 200), ("truongphong.vh", 403), ("motcua", 403)):
        login(username)
        assert client.get(reverse("dossiers:portal_detail", args=[imp.pk])).status_code == status, username
        assert client.get(f"/api/dossiers/portal/{imp.pk}/reconciliation").status_code == status, username


def test_a_bad_file_is_refused_on_the_form_naming_row_and_column(client, login, case_store, units, tmp_path):
    login("vanphong")
    bad = tmp_path / "cong.csv"
    bad.write_text("Mã đơn vị,Kỳ,Chỉ số,Điểm\nLC-SVHTTDL-TV,03/2026,2.1,hai mươi\n", encoding="utf-8")
    resp = _upload(client, bad, unit=units[""].pk)
    assert resp.status_code == 200
    [message] = resp.context["form"].errors["file"]
    assert "dòng 2, cột “Điểm”: “hai mươi” không phải là số" in message
    assert not PortalImport.objects.exists()


def test_units_the_file_names_outside_the_tree_are_kept_and_listed(
    client, login, case_store, units, tmp_path
):
    login("vanphong")
    text = (
        EXAMPLE_CSV.read_text(encoding="utf-8")
        .replace("LC-SVHTTDL-TV", "H99.01")
        .replace("Thư viện tỉnh Lai Châu", "Đơn vị lạ")
    )
    odd = tmp_path / "cong.csv"
    odd.write_text(text, encoding="utf-8")
    _upload(client, odd, unit=units[""].pk)
    imp = PortalImport.objects.get()
    assert imp.unmatched == 25
    page = client.get(reverse("dossiers:portal_detail", args=[imp.pk]))
    assert ("H99.01", "Đơn vị lạ", 25) in page.context["unmatched"]
    assert re.search(r"Đơn vị lạ.*chưa xác định đơn vị", page.content.decode(), re.S)


def test_cli_imports_a_file(case_store, units, capsys):
    from cchc.cli import main

    assert main(["dossiers", "portal-import", str(EXAMPLE_CSV), "--unit", "LC-SVHTTDL"]) == 0
    imp = PortalImport.objects.get()
    assert imp.user is None and imp.rows_count == 75
    out = capsys.readouterr().out
    assert "75 điểm" in out and "Thư viện tỉnh Lai Châu" in out and "78" in out


def test_before_any_dossier_is_imported_the_gaps_are_dossiers_not_synced(client, login, data_dir, units):
    login("vanphong")
    _upload(client, EXAMPLE_CSV, unit=units[""].pk)
    imp = PortalImport.objects.get()
    page = client.get(reverse("dossiers:portal_detail", args=[imp.pk]))
    assert page.status_code == 200
    tv = _unit_page(client, imp, units["TV"])
    assert _kinds(tv, "indicator", "2.1") == ["dong_bo"] and _kinds(tv, "indicator", "1.1") == [
        "khong_tinh_duoc"
    ]
    assert tv["rec"].local_dossiers == 0 and not tv["rec"].unexplained


def test_the_sos_own_row_is_compared_with_its_whole_tree(client, login, case_store, units, tmp_path):
    from cchc.apps.dossiers import selectors

    login("vanphong")
    sheet = tmp_path / "so.csv"
    sheet.write_text(
        "Tên đơn vị,Kỳ,TDGQ,Tổng điểm\nSở Văn hóa, Thể thao và Du lịch tỉnh Lai Châu,03/2026,19,70\n".replace(
            "Sở Văn hóa, Thể thao và Du lịch tỉnh Lai Châu", '"Sở Văn hóa, Thể thao và Du lịch tỉnh Lai Châu"'
        ),
        encoding="utf-8",
    )
    _upload(client, sheet, unit=units[""].pk)
    imp = PortalImport.objects.get()
    [item] = client.get(reverse("dossiers:portal_detail", args=[imp.pk])).context["entries"]
    whole = selectors.unit_cards(user=None, period="2026-03", unit=units[""], per_unit=False)[0]
    assert item["entry"].unit == units[""] and item["entry"].local_total == whole.total
    so = _unit_page(client, imp, units[""])
    assert so["rec"].local_dossiers == 30  # every dossier of the Sở's tree
    assert so["rec"].line("group", "TDGQ").local == whole.card.groups["TDGQ"]


def test_the_recomputations_tried_for_a_cutoff_gap(case_store, units, cast):
    """Kind (c) tries cchc's card with open dossiers judged as of the portal's export date and today, and
    with the cut-off moved to the export date when that date falls inside the period: each is the
    scorecard's own card under that option."""
    from datetime import date, datetime

    from cchc.apps.dossiers import reconciliation, selectors

    user, unit = cast["vanphong"], units["QLDL"]
    inside = reconciliation._variants(user=user, unit=unit, period="2026-03", exported_on=date(2026, 3, 20))
    assert [v.key for v in inside] == ["as_of_export", "cutoff_export", "as_of_today"]
    assert "20/03/2026" in inside[1].label
    expected = selectors.unit_cards(
        user=user,
        period="2026-03",
        unit=unit,
        per_unit=False,
        as_of=datetime(2026, 3, 21),
        judge_open="period_end",
    )[0].card
    assert inside[1].card == expected
    after = reconciliation._variants(user=user, unit=unit, period="2026-03", exported_on=date(2026, 4, 10))
    assert [v.key for v in after] == ["as_of_export", "as_of_today"]  # the export after the period: no shift
    assert after[0].card.indicators["2.1"].points == 16.0  # the two April dossiers judged late on 10/04
