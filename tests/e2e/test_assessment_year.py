"""The year's PAR self-assessment in the browser: the coordinator creates 2026 on the sample set, sees the
measured e-signed share equal to the documents KPI, scores criteria of each kind, uploads evidence, opens the
year to the units; a unit head fills the criterion given to his phòng; the coordinator sends it up, the
leader approves; the council's score and the survey are entered; both exports download.

The criteria not exercised here one by one are scored beforehand through the same services the pages call
(39 entries by hand would test the same form 39 times)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

pytestmark = pytest.mark.browser


def _score_the_rest(a, user, skip: set[str]) -> None:  # type: ignore[no-untyped-def]
    from cchc.apps.assessment import selectors, services

    cset = selectors.criteria_set(a.criteria_set)
    for item in cset.items():
        if item.code in skip:
            continue
        e = a.entries.get(code=item.code)
        if item.measured:
            if e.value is None:
                services.save_entry(user=user, entry=e, value=Decimal(0), na=False, explanation="Chưa có số liệu",
                                    override_reason="Chưa có số liệu trong kỳ")  # fmt: skip
            continue
        kind = item.rule.kind
        value = True if kind == "yes_no" else Decimal(100) if kind == "ratio" else Decimal(0) if kind == "deduction" else 3 if kind == "count" else item.max_points  # fmt: skip
        services.save_entry(user=user, entry=e, value=value, na=False, explanation="Kèm báo cáo năm")


def test_a_year_of_self_assessment_in_the_browser(browser_page, live_server, e2e_login, e2e_cast, tmp_path):
    from cchc.apps.assessment.models import Assessment
    from cchc.apps.documents.models import OutgoingDocument, Status
    from cchc.apps.documents.selectors import e_signature_kpi
    from cchc.apps.org.models import Unit

    root = Unit.objects.get(parent__isnull=True, abbreviation="SVHTTDL")
    office = Unit.objects.get(parent=root, abbreviation="VP")
    for i, signed in enumerate((True, True, False)):
        OutgoingDocument.objects.create(
            doc_type="CONG_VAN", unit=office, organisation=root, subject=f"Công văn {i}", body=".", status=Status.ISSUED,
            year=2026, number=i + 1, symbol="SVHTTDL-VP", issue_date=dt.date(2026, 2, 2), is_electronic=signed,
            digitally_signed=signed, created_by=e2e_cast["vanphong"], signatory_name="A", signatory_position="Giám đốc",
        )  # fmt: skip
    page = browser_page
    e2e_login(page, live_server, "vanphong")
    page.click("nav.modules >> text=Chỉ số CCHC")
    page.fill("#year", "2026")
    with page.expect_navigation():
        page.click("#create-assessment button[type=submit]")
    assert "Bộ tiêu chí MẪU" in page.inner_text("main")
    # the measured e-signed share is the documents module's own KPI
    _rows, total = e_signature_kpi(user=None, start=dt.date(2026, 1, 1), end=dt.date(2026, 12, 31), unit=root)
    measured = page.inner_text("tr[data-code='7.1.1'] td.measured")
    from cchc.domain.numbers import format_percent

    assert total.electronic_signed == 2 and total.issued == 3
    assert measured.startswith(format_percent(Decimal(str(total.share))))  # the KPI page's own figure
    # a yes/no, a ratio and a hand score in the browser
    for code, fill in (("1.1.1", ("select", "#value_yes", "1")), ("1.1.2", ("input", "#value", "85")), ("1.5", ("input", "#value", "0,75"))):  # fmt: skip
        with page.expect_navigation():
            page.click(f"tr[data-code='{code}'] a")
        if fill[0] == "select":
            page.select_option(fill[1], fill[2])
        else:
            page.fill(fill[1], fill[2])
        page.fill("#explanation", "Kèm báo cáo năm")
        with page.expect_navigation():
            page.click("#entry-form button[type=submit]")
        page.goto(f"{live_server.url}/chi-so-cchc/2026/")
    assert page.inner_text("tr[data-code='1.1.2'] td.self") == "0,5"  # 85 %: the 80 % band
    assert page.inner_text("tr[data-code='1.5'] td.self") == "0,75"
    # evidence uploaded to a criterion
    page.goto(f"{live_server.url}/chi-so-cchc/2026/tieu-chi/1.1.1/")
    evidence = tmp_path / "ke-hoach-cchc-2026.pdf"
    evidence.write_bytes(b"%PDF-1.7 ke hoach\n%%EOF\n")
    page.set_input_files("#file", str(evidence))
    page.select_option("#requirement-u", "Kế hoạch CCHC năm của Sở")
    with page.expect_navigation():
        page.click("#upload-form button[type=submit]")
    assert "ke-hoach-cchc-2026.pdf" in page.inner_text("#attachments")
    # give 3.2 to the culture phòng (QLVH, truongphong.vh's), open the year to the units
    page.goto(f"{live_server.url}/chi-so-cchc/2026/tieu-chi/3.2/")
    culture = Unit.objects.get(code=f"{root.code}-QLVH")
    page.select_option("select[name=unit]", value=str(culture.pk))
    with page.expect_navigation():
        page.click("#assign-form button[type=submit]")
    page.goto(f"{live_server.url}/chi-so-cchc/2026/")
    with page.expect_navigation():
        page.click("#step-open")
    assert "Các đơn vị đang tự chấm" in page.inner_text("#state")
    # the unit head fills his criterion
    e2e_login(page, live_server, "truongphong.vh")
    page.goto(f"{live_server.url}/chi-so-cchc/2026/tieu-chi/3.2/")
    page.select_option("#value_yes", "1")
    page.fill("#explanation", "Đã công bố, niêm yết đầy đủ")
    with page.expect_navigation():
        page.click("#entry-form button[type=submit]")
    assert page.inner_text("#entry-points") == "2"
    # the coordinator sends it up (the remaining criteria scored through the same services)
    a = Assessment.objects.get(year=2026)
    _score_the_rest(a, e2e_cast["vanphong"], {"1.1.1", "1.1.2", "1.5", "3.2"})
    e2e_login(page, live_server, "vanphong")
    page.goto(f"{live_server.url}/chi-so-cchc/2026/")
    with page.expect_navigation():
        page.click("#step-send_for_review")
    with page.expect_navigation():
        page.click("#step-send_for_approval")
    assert "Chờ lãnh đạo phê duyệt" in page.inner_text("#state")
    e2e_login(page, live_server, "giamdoc")
    page.goto(f"{live_server.url}/chi-so-cchc/2026/")
    with page.expect_navigation():
        page.click("#step-approve")
    assert "gửi thẩm định" in page.inner_text("#state")
    # the council's score beside the self-score, and the survey as published
    e2e_login(page, live_server, "vanphong")
    page.goto(f"{live_server.url}/chi-so-cchc/2026/tieu-chi/1.5/")
    page.fill("#appraisal_points", "0,5")
    page.fill("#difference_reason", "Thiếu tin bài quý IV")
    with page.expect_navigation():
        page.click("#appraisal-form button[type=submit]")
    page.goto(f"{live_server.url}/chi-so-cchc/2026/")
    page.fill("#survey", "24,5")
    page.fill("#survey_note", "Quyết định công bố của UBND tỉnh")
    with page.expect_navigation():
        page.click("#survey-form button[type=submit]")
    assert page.inner_text("#survey-total") == "24,5"
    assert page.inner_text("tr[data-code='1.5'] td.appraisal") == "0,5"
    with page.expect_download() as xlsx:
        page.click("#export-xlsx")
    assert xlsx.value.suggested_filename.endswith(".xlsx")
    with page.expect_download() as docx:
        page.click("#export-docx")
    assert docx.value.suggested_filename.endswith(".docx")
    page.click("text=Điểm bị mất và giải pháp")
    assert "7.1.1" in page.inner_text("#gap-list")
