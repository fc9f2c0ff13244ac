"""A full year's PAR self-assessment of the demo department, done in the browser on the loaded demo.

The coordinator creates 2026 on the sample set: every automatic criterion shows the figure the owning module
gives itself (tests/apps/assessment/test_measured_sources.py's comparisons). She gives criteria to two phòng
and opens the year; each unit head scores his own (one uploads evidence); she scores every other criterion
that needs a person (yes/no, ratios, counts, deductions, hand scores, "không phát sinh"), overrides the
automatic ones without data with a reason, references an issued document, sends it for review and to the
leader, who approves and submits. The council's table goes in beside the self-scores with the difference
explained, the survey's points as published, the results recorded. The gap page ranks the points lost and
both exports download and read back equal to the screen. Every wait is on a navigation or an element,
never a sleep."""

from __future__ import annotations

import io
from decimal import Decimal

import pytest

pytestmark = pytest.mark.browser

YEAR = 2026
EXPLAIN = "Hồ sơ lưu tại Văn phòng Sở"
# criteria given to a phòng: code → (unit suffix, its head)
GIVEN = {"3.2": "QLVH", "3.3.2": "QLVH", "3.3.3": "QLVH", "4.3": "QLDL", "8.1": "QLDL", "8.2": "QLDL"}
HEADS = {"QLVH": "truongphong.vh", "QLDL": "truongphong.dl"}
# what a person enters (value, "na" for không phát sinh) and the points it earns, computed by hand from the
# sample set's rules
ENTERED: dict[str, tuple[str, str]] = {
    "1.1.1": ("1", "1"),  # yes
    "1.1.2": ("85", "0,5"),  # 85 %: the 80 % band
    "1.3": ("75", "1"),  # 3 of 4 periodic reports on time (scored by hand until the set links a source)
    "1.4.1": ("1", "0,5"),
    "1.4.2": ("na", "0"),  # không phát sinh, excluded from the total
    "1.5": ("0,75", "0,75"),  # a hand score
    "2.1": ("na", "0"),  # excluded
    "2.2": ("1", "2"),
    "2.3": ("na", "2"),  # không phát sinh counted in full
    "3.2": ("1", "2"),
    "3.3.2": ("1", "0,75"),  # one late dossier without an apology: 1 − 0,25
    "3.3.3": ("1", "1"),
    "4.1": ("1", "2"),
    "4.2": ("1", "2"),
    "4.3": ("2", "1"),  # 2 delegations: the 1 band
    "5.1": ("1", "2"),
    "5.2": ("0", "2"),  # no breach
    "5.3.1": ("90", "0,5"),
    "5.4": ("1", "1,5"),  # one breach: 2 − 0,5
    "6.1": ("1", "2"),
    "6.2": ("1", "2"),
    "6.3": ("40", "1"),  # 40 %: the 30 % band
    "7.1.2": ("0", "0"),  # no
    "7.4": ("1", "2"),
    "8.1": ("100", "3"),
    "8.2": ("1", "1"),
    "8.3": ("2", "2"),
}


def _shown(value: Decimal | None) -> str:
    from cchc.domain.numbers import format_number

    return "—" if value is None else f"{format_number(value, 2, strip_zeros=True)}%"


@pytest.fixture
def demo(e2e_demo):  # type: ignore[no-untyped-def]
    """The whole demo (tasks, procedures, dossiers, documents, people, finance, reports…) without its 2026
    self-assessment, which the coordinator makes in the browser."""
    from cchc.apps.assessment.models import Assessment
    from cchc.apps.org.models import Unit

    root = Unit.objects.get(parent__isnull=True, abbreviation="SVHTTDL")
    Assessment.objects.filter(organisation=root, year=YEAR).delete()
    return root


def test_a_full_year_of_self_assessment_in_the_browser(demo, browser_page, live_server, e2e_login, tmp_path):
    from cchc.domain.assessment.criteria import load_sample
    from tests.apps.assessment.test_measured_sources import comparison

    figures = {i.code: comparison(i.source)(demo)[0] for i in load_sample().items() if i.source}
    browser_page.set_default_timeout(30_000)
    _journey(browser_page, live_server, e2e_login, demo, figures, tmp_path)


def _journey(page, live_server, e2e_login, root, figures, tmp_path) -> None:  # type: ignore[no-untyped-def]
    from docx import Document
    from openpyxl import load_workbook

    from cchc.apps.assessment import selectors
    from cchc.apps.assessment.models import Assessment, CriteriaSetVersion, Entry
    from cchc.apps.org.models import Unit
    from cchc.domain.assessment.criteria import load_sample

    base = f"{live_server.url}/chi-so-cchc/{YEAR}"
    sample = load_sample()
    kinds = {i.code: i.rule.kind for i in sample.items()}
    manual = [i.code for i in sample.items() if not i.source]
    assert set(manual) <= set(ENTERED)  # every criterion that needs a person is scored below
    todo = {c: v for c, v in ENTERED.items() if c in manual}

    def submit(selector: str) -> None:
        with page.expect_navigation():
            page.click(selector)
        errors = page.locator("ul.messages li.error")
        assert errors.count() == 0, errors.all_inner_texts()

    def score(code: str, value: str, *, override: str = "") -> None:
        page.goto(f"{base}/tieu-chi/{code}/")
        if value == "na":
            page.check("#entry-form input[name=na]")
        elif kinds[code] == "yes_no":
            page.select_option("#value_yes", value)
        else:
            page.fill("#value", value)
        if override:
            page.fill("#override_reason", override)
        page.fill("#explanation", EXPLAIN)
        submit("#entry-form button[type=submit]")

    # --- the coordinator creates the year: the automatic criteria are filled from the modules' figures
    e2e_login(page, live_server, "vanphong")
    page.click("nav.modules >> text=Chỉ số CCHC")
    page.fill("#year", str(YEAR))
    version = CriteriaSetVersion.objects.get(code=sample.code, version=sample.version)
    page.select_option("#criteria_set", str(version.pk))
    submit("#create-assessment button[type=submit]")
    page.wait_for_selector("#assessment-table")
    assert "Bộ tiêu chí MẪU" in page.inner_text("#sample-warning")
    assert page.inner_text("#state") == "Dự thảo"
    measured = [i for i in sample.items() if i.source]
    empty = []
    for item in measured:
        value = figures[item.code]  # the owning module's own figure
        cell = page.locator(f"tr[data-code='{item.code}'] td.measured")
        assert cell.inner_text().startswith(_shown(value)), (item.code, item.source, cell.inner_text(), value)
        assert page.inner_text(f"tr[data-code='{item.code}'] td.source").endswith(f"({YEAR})")
        if value is None:
            empty.append(item.code)
    assert len(empty) < len(measured) // 2, empty  # the demo department has figures for most of them

    # --- criteria given to two phòng, then the year opened to the units
    for code, suffix in GIVEN.items():
        page.goto(f"{base}/tieu-chi/{code}/")
        unit = Unit.objects.get(code=f"{root.code}-{suffix}")
        page.select_option("#assign-form select[name=unit]", str(unit.pk))
        submit("#assign-form button[type=submit]")
    page.goto(f"{base}/")
    submit("#step-open")
    assert page.inner_text("#state") == "Các đơn vị đang tự chấm"

    # --- each unit head scores the criteria given to his phòng (and cannot touch another's)
    evidence = tmp_path / "so-theo-doi-pakn.pdf"
    evidence.write_bytes(b"%PDF-1.7 so theo doi phan anh kien nghi\n%%EOF\n")
    for suffix, head in HEADS.items():
        e2e_login(page, live_server, head)
        for code in (c for c, s in GIVEN.items() if s == suffix):
            score(code, todo[code][0])
            assert page.inner_text("#entry-points") == todo[code][1], code
        page.goto(f"{base}/tieu-chi/1.1.1/")
        assert page.locator("#entry-form").count() == 0  # not his
    page.goto(f"{base}/tieu-chi/8.2/")
    page.set_input_files("#file", str(evidence))
    page.select_option("#requirement-u", "Quyết định công nhận sáng kiến, mô hình")
    submit("#upload-form button[type=submit]")
    assert "so-theo-doi-pakn.pdf" in page.inner_text("#attachments")

    # --- the coordinator scores every other criterion, overrides the automatic ones without data (with a
    # reason), attaches an issued document from the library of cchc's own files
    e2e_login(page, live_server, "vanphong")
    for code, (value, points) in todo.items():
        if code in GIVEN:
            continue
        score(code, value)
        assert page.inner_text("#entry-points") == points, code
    for code in empty:
        score(code, "0", override="Chưa có số liệu trong kỳ ở phần mềm của Sở")
        assert "Đã sửa giá trị đo được" in page.inner_text("#measured-card")
    for item in measured:  # the council asks documents of some automatic ones too: explained, value kept
        if item.evidence and item.code not in empty:
            page.goto(f"{base}/tieu-chi/{item.code}/")
            page.fill("#explanation", "Số liệu theo dõi trên cchc, xem chi tiết")
            submit("#entry-form button[type=submit]")
            assert "Đã sửa giá trị đo được" not in page.inner_text("#measured-card")  # saved back unchanged
    page.goto(f"{base}/tieu-chi/1.1.1/")
    page.select_option("#requirement-r", "Kế hoạch CCHC năm của Sở")
    submit("#reference-form button[type=submit]")
    assert page.locator("#attachments tbody tr").count() == 1
    page.goto(f"{base}/")
    assert page.locator("#assessment-totals .badge.amber").count() == 0  # nothing left unscored
    for code, (_value, points) in todo.items():
        shown = page.inner_text(f"tr[data-code='{code}'] td.self")
        assert shown == points, (code, shown)
    submit("#step-send_for_review")
    submit("#step-send_for_approval")
    assert page.inner_text("#state") == "Chờ lãnh đạo phê duyệt"

    # --- the leader approves and submits to the appraisal council
    e2e_login(page, live_server, "giamdoc")
    page.goto(f"{base}/")
    assert page.locator("#step-open").count() == 0
    submit("#step-approve")
    assert page.inner_text("#state") == "Đã phê duyệt, gửi thẩm định"

    # --- the council's table beside the self-scores, the difference explained; the survey as published
    e2e_login(page, live_server, "vanphong")
    page.goto(f"{base}/")
    self_total = page.inner_text("#self-total")
    submit("#appraisal-link")
    rows = page.locator("#appraisal-table tbody tr")
    assert rows.count() == len(sample.items())
    for i in range(rows.count()):
        row = rows.nth(i)
        code = row.get_attribute("data-code")
        own = row.locator("td.self").inner_text()
        row.locator(f"input[name='p-{code}']").fill("0,5" if code == "1.5" else own)
    page.fill("input[name='r-1.5']", "Thiếu tin bài quý IV trên Cổng thông tin")
    submit("#appraisal-table-form button[type=submit]")
    page.fill("#survey", "24,5")
    page.fill("#survey_note", "Quyết định công bố Chỉ số CCHC của UBND tỉnh")
    submit("#survey-form button[type=submit]")
    submit("#step-record_appraisal")
    assert page.inner_text("#state") == "Đã có kết quả thẩm định"
    assert page.inner_text("tr[data-code='1.5'] td.appraisal") == "0,5"
    assert page.inner_text("#survey-total") == "24,5"
    a = Assessment.objects.get(organisation=root, year=YEAR)
    council = selectors.report(a).totals
    assert page.inner_text("#appraisal-total") != self_total  # a quarter point less
    assert council.index is not None and council.survey == Decimal("24.5")

    # --- the gap page: points lost ranked, most recoverable first, with the missing evidence
    page.click("text=Điểm bị mất và giải pháp")
    page.wait_for_selector("#gap-list")
    ranked = page.locator("#gap-list tbody tr")
    assert ranked.count() > 3
    expected = [g.code for g in selectors.gap_rows(a)]
    assert [ranked.nth(i).get_attribute("data-code") for i in range(ranked.count())] == expected
    assert "7.1.2" in expected  # the "Không" loses its full 1 point
    from cchc.domain.numbers import parse_decimal

    recoverable = [
        parse_decimal(row.locator("td.lost").inner_text())
        + parse_decimal(row.locator("td.at-risk").inner_text())
        for row in ranked.all()
    ]  # lost + at risk, as the page shows them: most first
    assert recoverable == sorted(recoverable, reverse=True), recoverable
    assert page.locator("#missing-list li").count() > 0

    # --- both exports download and read back equal to the screen
    page.goto(f"{base}/")
    screen = {}
    for row in page.locator("#assessment-table tbody tr").all():
        code = row.get_attribute("data-code")
        screen[code] = (row.locator("td.self").inner_text(), row.locator("td.appraisal").inner_text())
    with page.expect_download() as xlsx:
        page.click("#export-xlsx")
    with page.expect_download() as docx:
        page.click("#export-docx")
    assert xlsx.value.suggested_filename.endswith(".xlsx") and docx.value.suggested_filename.endswith(".docx")
    from cchc.domain.assessment.report import XLSX_HEADERS, n

    table = list(
        load_workbook(io.BytesIO(open(xlsx.value.path(), "rb").read())).active.iter_rows(values_only=True)
    )
    body = [r for r in table[table.index(XLSX_HEADERS) + 1 :] if r[0] in screen]
    assert [r[0] for r in body] == list(screen)
    for r in body:
        got = tuple(n(None if v is None else Decimal(str(v))) for v in (r[3], r[8]))
        assert got == tuple("" if s == "—" else s for s in screen[r[0]]), r[0]
    detail = Document(docx.value.path()).tables[1]
    assert {row.cells[0].text: row.cells[3].text for row in detail.rows[1:]} == {
        c: ("" if s == "—" else s) for c, (s, _x) in screen.items()
    }
    assert Entry.objects.filter(assessment=a, appraisal_points__isnull=True).count() == 0
