"""The legal office imports the register of legal documents from Excel (preview, the bad row kept with its
reason), opens a systematisation round (cut-off 31/12 of the fifth year computed), records a finding with its
proposal, and exports the findings — on a desktop screen, then reads the round on a 390 px phone."""

from __future__ import annotations

import io
import zipfile

import pytest
from playwright.sync_api import expect

from cchc.apps.institutions.models import LegalDocument, RejectedRow, ReviewItem

pytestmark = pytest.mark.browser


def test_import_record_a_finding_and_export(browser_page, live_server, e2e_login, e2e_import):
    page = browser_page
    table = e2e_import.table("danh-muc.xlsx", [
        ["Số, ký hiệu", "Loại văn bản", "Trích yếu", "Ngày ban hành", "Quan hệ với đơn vị", "Đơn vị"],
        ["15/2019/QĐ-UBND", "Quyết định", "Quản lý, bảo vệ di tích", "20/06/2019", "Chủ trì soạn thảo", "QLVH"],
        ["08/2021/QĐ-UBND", "Quyết định", "Công nhận Gia đình văn hóa", "12/04/2021", "Chủ trì soạn thảo", "QLVH"],
        ["09/2020/QĐ-UBND", "Quyết định", "Ngày sai", "31/02/2020", "", "QLVH"],
    ])  # fmt: skip
    e2e_login(page, live_server, "vanphong")
    page.goto(f"{live_server.url}/the-che/van-ban/")
    page.click("main >> text=Nhập từ Excel")
    page.select_option("#id_kind", "documents")
    e2e_import.upload(page, table)
    expect(page.locator("main")).to_contain_text("2 dòng hợp lệ, 1 dòng lỗi")
    expect(page.locator("#rejected")).to_contain_text("Ngày ban hành không hợp lệ: “31/02/2020”")
    assert LegalDocument.objects.count() == 0  # the preview wrote nothing
    e2e_import.confirm(page)
    expect(page.locator("main")).to_contain_text("2 dòng đã nhập, 1 dòng lỗi được giữ lại")
    assert LegalDocument.objects.count() == 2 and RejectedRow.objects.get().row_number == 4

    page.goto(f"{live_server.url}/the-che/ra-soat/")
    page.click("text=Mở đợt rà soát")
    page.fill("#id_title", "Hệ thống hóa kỳ 2024–2028")
    page.select_option("#id_kind", "he_thong_hoa")
    page.fill("#id_previous_cutoff", "31/12/2023")
    page.click("#round-form button[type=submit]")
    expect(page.locator("#round-cutoff")).to_have_text("31/12/2028")
    expect(page.locator("#round-reviewed")).to_contain_text("0/2")

    page.locator("#items tr", has_text="15/2019/QĐ-UBND").locator("text=Ghi kết quả").click()
    page.select_option("#id_effect", "het_mot_phan")
    page.select_option("#id_form", "sua_doi_bo_sung")
    page.fill("#id_reason", "Điều 5 trái Luật Di sản văn hóa 2024")
    page.fill("#id_reviewed_on", "15/01/2029")
    page.click("#finding-form button[type=submit]")
    expect(page.locator("main")).to_contain_text("Đã ghi kết quả rà soát văn bản 15/2019/QĐ-UBND")
    expect(page.locator("#items")).to_contain_text("Đã đề nghị")
    item = ReviewItem.objects.get(document__symbol="15/2019/QĐ-UBND")
    assert (item.effect, item.form, item.proposal_status) == ("het_mot_phan", "sua_doi_bo_sung", "de_nghi")

    with page.expect_download() as download:
        page.click("#findings-export")
    with zipfile.ZipFile(io.BytesIO(open(download.value.path(), "rb").read())) as z:
        text = "".join(z.read(n).decode() for n in z.namelist() if n.endswith(".xml"))
    assert "Hết hiệu lực một phần" in text and "Điều 5 trái Luật Di sản văn hóa 2024" in text

    # On a phone the round's page scrolls only inside its tables, never sideways.
    page.set_viewport_size({"width": 390, "height": 844})
    page.reload()
    expect(page.locator("#round-cutoff")).to_have_text("31/12/2028")
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= 390, width
