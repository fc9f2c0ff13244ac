"""The column-mapping step in a real browser (issue 16): a file with column names no profile knows is mapped
by hand, saved as the source's profile, and the next file of that source is imported with no question."""

from __future__ import annotations

import pytest

from cchc.analytics.store import DossierStore
from cchc.apps.dossiers import jobs
from cchc.apps.dossiers.models import ColumnProfile, ImportJob

pytestmark = pytest.mark.browser

HEADER = ["Số HS", "Thủ tục", "Cơ quan", "Thời điểm nộp", "Hạn trả", "Có thu phí", "Ghi chú"]
ROWS = [
    ["NCC-1", "1.008", "VP", "02/03/2026 08:00", "05/03/2026 17:00", "x", "gấp"],
    ["NCC-2", "1.010", "VP", "03/03/2026 08:00", "06/03/2026 17:00", "Không", ""],
]
CHOICES = {
    "Số HS": "dossier_code",
    "Thủ tục": "procedure_code",
    "Cơ quan": "unit_code",
    "Thời điểm nộp": "received_at",
    "Hạn trả": "due_at",
    "Có thu phí": "fee_amount",
}


def _upload(page, url: str, path) -> None:
    page.goto(f"{url}/ho-so/nhap/")
    page.set_input_files("#id_file", str(path))
    page.fill("#id_source", "ncc-moi")
    page.click("#import-form button[type=submit]")


def test_unfamiliar_columns_mapped_in_the_browser_saved_and_reimported_with_no_question(
    browser_page, live_server, e2e_login, settings, tmp_path
):
    settings.DATA_DIR = tmp_path
    path = tmp_path / "xuat-ncc.csv"
    path.write_text("\n".join(",".join(r) for r in [HEADER, *ROWS]) + "\n", encoding="utf-8")
    page = browser_page
    e2e_login(page, live_server, "motcua")

    _upload(page, live_server.url, path)
    page.wait_for_url("**/ho-so/nhap/ghep-cot/")
    assert "Chưa có cột cho trường bắt buộc" in page.locator("#mapping").inner_text()
    for i, header in enumerate(HEADER):
        select = page.locator(f'tr[data-column="{header}"] select')
        assert select.get_attribute("name") == f"col_{i}"
        select.select_option(CHOICES.get(header, ""))
    page.check("#save_profile")
    page.click("#mapping-import")
    page.wait_for_url("**/ho-so/nhap/*/")
    first = ImportJob.objects.get()
    assert jobs.run_import.call(job_id=first.pk) == "done"
    first.refresh_from_db()
    assert (first.imported, first.quarantined) == (2, 0)
    assert first.columns["mapping"] == CHOICES and first.columns["unused"] == ["Ghi chú"]
    page.reload()
    assert "Ghi chú" in page.locator("#job-columns").inner_text()  # said, not dropped
    assert ColumnProfile.objects.filter(source="ncc-moi").exists()

    # The next export of the same source: no question, the saved profile maps it.
    path.write_text(
        "\n".join(",".join(r) for r in [HEADER, ["NCC-3", "1.008", "VP", "04/03/2026 08:00", "", "1", ""]])
        + "\n",
        encoding="utf-8",
    )
    _upload(page, live_server.url, path)
    page.wait_for_url("**/ho-so/nhap/*/")
    assert "/ghep-cot/" not in page.url
    second = ImportJob.objects.order_by("-pk").first()
    assert second is not None and second.pk != first.pk and "requested" not in second.columns
    assert jobs.run_import.call(job_id=second.pk) == "done"
    second.refresh_from_db()
    assert second.imported == 1 and second.columns["mapping"] == CHOICES
    assert second.columns["profile"] == "ncc_moi"
    with DossierStore(tmp_path / "analytics.duckdb") as store:
        fees = dict(store.con.execute("SELECT dossier_code, fee_amount FROM dossiers").fetchall())
    assert {k: float(v) for k, v in fees.items()} == {"NCC-1": 1.0, "NCC-2": 0.0, "NCC-3": 1.0}
