"""Pages, exports read back equal to the screen, the criteria-set import with its preview and the editor,
the API and the stable CLI."""

from __future__ import annotations

import io
import json
import re
from decimal import Decimal
from html import unescape

from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from docx import Document
from openpyxl import load_workbook

from cchc.apps.assessment import selectors, services
from cchc.apps.assessment.models import CriteriaSetVersion, Entry
from cchc.domain.assessment.report import XLSX_HEADERS
from cchc.domain.cells import workbook
from cchc.domain.numbers import parse_decimal


def _screen_rows(html: str) -> dict[str, tuple[str, str]]:
    """code → (self-score, appraisal) as the year page shows them."""
    table = html[html.index('id="assessment-table"') :]
    out = {}
    for code, body in re.findall(r'<tr class="level-\d" data-code="([\d.]+)">(.*?)</tr>', table, re.S):
        self_cell = re.search(r'<td class="num self">(.*?)</td>', body, re.S)
        appraisal = re.search(r'<td class="num appraisal">(.*?)</td>', body, re.S)
        out[code] = (unescape(self_cell[1]).strip(), unescape(appraisal[1]).strip())  # type: ignore[index]
    return out


def _num(text: str) -> Decimal | None:
    return None if text in ("", "—") else parse_decimal(text)


def test_year_page_and_exports_agree(client, login, cast, year_2026) -> None:
    clerk = login("vanphong")
    services.save_entry(user=clerk, entry=Entry.objects.get(assessment=year_2026, code="1.5"), value=Decimal("0.75"), na=False, explanation="")  # fmt: skip
    services.save_entry(user=clerk, entry=Entry.objects.get(assessment=year_2026, code="1.1.1"), value=True, na=False, explanation="")  # fmt: skip
    page = client.get(reverse("assessment:year", args=[2026]))
    assert page.status_code == 200
    html = page.content.decode()
    assert "Bộ tiêu chí MẪU" in html and "7.1.1" in html
    screen = _screen_rows(html)
    assert screen["1.5"][0] == "0,75" and screen["1.1"][0] == "1"
    xlsx = client.get(reverse("assessment:export_xlsx", args=[2026]))
    rows = list(load_workbook(io.BytesIO(xlsx.content)).active.iter_rows(values_only=True))
    head = rows.index(XLSX_HEADERS)
    body = [r for r in rows[head + 1 :] if r[0]]
    assert [r[0] for r in body] == list(screen)
    for r in body:
        self_points = None if r[3] is None else Decimal(str(r[3]))
        assert self_points == _num(screen[r[0]][0]), r[0]
    docx = client.get(reverse("assessment:export_docx", args=[2026]))
    detail = Document(io.BytesIO(docx.content)).tables[1]
    shown = {row.cells[0].text: row.cells[3].text for row in detail.rows[1:]}
    assert shown == {code: (s if s != "—" else "") for code, (s, _a) in screen.items()}


def test_entry_page_shows_the_measured_value_and_its_source(client, login, year_2026) -> None:
    login("vanphong")
    page = client.get(reverse("assessment:entry", args=[2026, "7.1.1"])).content.decode()
    assert (
        "Tỷ lệ văn bản đi phát hành điện tử có ký số" in page
        and "documents.selectors.e_signature_kpi" in page
    )
    response = client.post(
        reverse("assessment:entry", args=[2026, "7.1.1"]), {"action": "save", "value": "90"}
    )
    assert response.status_code == 302
    messages = [str(m) for m in response.wsgi_request._messages]
    assert any("phải ghi lý do" in m for m in messages)


def test_entry_upload_attaches_evidence(client, login, year_2026) -> None:
    login("vanphong")
    url = reverse("assessment:entry", args=[2026, "1.5"])
    upload = SimpleUploadedFile("tin-bai.pdf", b"%PDF-1.7 tin bai\n%%EOF\n", "application/pdf")
    client.post(url, {"action": "upload", "file": upload, "requirement": "Tin, bài đã đăng"})
    page = client.get(url).content.decode()
    assert "tin-bai.pdf" in page and "Kế hoạch tuyên truyền CCHC" in page  # the other one is still missing
    library = client.get(reverse("assessment:library")).content.decode()
    assert "tin-bai.pdf" in library and "2026" in library


def test_unit_staff_see_but_cannot_manage(client, login, year_2026) -> None:
    login("chuyenvien.vh")
    page = client.get(reverse("assessment:year", args=[2026])).content.decode()
    assert "refresh-measured" not in page and "step-open" not in page
    assert client.post(reverse("assessment:refresh", args=[2026])).status_code == 403
    login("giamdoc")
    assert "step-open" not in client.get(reverse("assessment:year", args=[2026])).content.decode()


def test_gaps_and_history_pages(client, login, year_2026) -> None:
    login("vanphong")
    gaps = client.get(reverse("assessment:gaps", args=[2026])).content.decode()
    assert 'id="gap-list"' in gaps and "Tài liệu kiểm chứng còn thiếu" in gaps
    history = client.get(reverse("assessment:history")).content.decode()
    assert 'data-chart="history"' in history and "assessment-charts.js" in history and "2026" in history


def _province_table(path, *, bad: bool) -> None:  # type: ignore[no-untyped-def]
    book = workbook(path)
    sheet = book.add_worksheet()
    rows = [
        ["Mã bộ tiêu chí", "lai-chau-2026"], ["Tên bộ tiêu chí", "Bộ tiêu chí tỉnh Lai Châu"], ["Phiên bản", "QĐ 99/QĐ-UBND"],
        ["Thang điểm", 10], ["Điểm điều tra xã hội học", 4], [],
        ["STT", "Nội dung", "Điểm tối đa", "Cách chấm", "Mức điểm", "Nguồn số liệu"],
        ["1", "Chỉ đạo, điều hành", 6, None, None, None],
        ["1.1", "Văn bản ký số", 3, "Tỷ lệ", "100:3; 80:1" if not bad else "100:3; 80:x", "documents.e_signed_share"],
        ["1.2", "Kế hoạch", 3, "Có/Không", None, None],
    ]  # fmt: skip
    for r, row in enumerate(rows):
        for c, value in enumerate(row):
            if value is not None:
                sheet.write(r, c, value)
    book.close()


def test_import_a_province_set_with_preview(client, login, tmp_path) -> None:
    login("vanphong")
    bad = tmp_path / "bad.xlsx"
    _province_table(bad, bad=True)
    with bad.open("rb") as fh:
        assert client.post(reverse("assessment:set_import"), {"file": fh}).status_code == 302
    preview = client.get(reverse("assessment:set_import_preview")).content.decode()
    assert "Dòng 9 (mã 1.1), cột “Mức điểm”: “x” không phải là số" in unescape(preview)
    good = tmp_path / "good.xlsx"
    _province_table(good, bad=False)
    with good.open("rb") as fh:
        client.post(reverse("assessment:set_import"), {"file": fh})
    preview = client.get(reverse("assessment:set_import_preview")).content.decode()
    assert 'id="import-preview"' in preview and "Văn bản ký số" in preview
    response = client.post(reverse("assessment:set_import_preview"), {"confirm": "1"})
    saved = CriteriaSetVersion.objects.get(code="lai-chau-2026")
    assert response.status_code == 302 and saved.origin == "xlsx" and saved.version == "QĐ 99/QĐ-UBND"
    assert [i.code for i in selectors.criteria_set(saved).items()] == ["1.1", "1.2"]


def test_edit_a_set_in_the_browser_saves_a_new_version(client, login, year_2026) -> None:
    login("vanphong")
    version = year_2026.criteria_set
    url = reverse("assessment:set_edit", args=[version.pk])
    form = client.get(url).content.decode()
    fields = dict(re.findall(r'<input name="(r\d+-\w+)" aria-label="[^"]*" value="([^"]*)"', form))
    data = {k: unescape(v) for k, v in fields.items()}
    data.update({k: "1" for k in re.findall(r'name="(r\d+-lower_is_better)" value="1" checked', form)})
    data.update({"rows": str(len(version.rows) + 5), "code": version.code, "version": "2026.2", "name": "Bộ sửa",
                 "scale": "100", "survey_max": "30", "sample": "1"})  # fmt: skip
    data["r2-max"] = "abc"  # row 3 (1.1.1)
    response = client.post(url, data)
    assert response.status_code == 200 and "Dòng 3 (mã 1.1.1), cột “Điểm tối đa”" in unescape(
        response.content.decode()
    )
    data["r2-max"] = "1"
    response = client.post(url, data)
    assert response.status_code == 302, re.findall(r'class="error">(.*?)</td>', response.content.decode())
    assert CriteriaSetVersion.objects.filter(version="2026.2", origin="editor").exists()


def test_api_year(client, login, year_2026) -> None:
    login("kiemtra")
    data = client.get("/api/assessment/years/2026").json()
    assert data["year"] == 2026 and data["criteria_set"]["sample"] is True
    codes = [c["code"] for c in data["criteria"]]
    assert "7.1.1" in codes
    assert client.get("/api/assessment/years").json()[0]["year"] == 2026


def test_cli_score_json(capsys, year_2026) -> None:
    from cchc.cli import main

    assert main(["assessment", "score", "--year", "2026", "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    expected = selectors.report(year_2026)
    assert data["totals"]["self"] == str(expected.totals.self_points)
    line = next(c for c in data["criteria"] if c["code"] == "7.1.1")
    assert line["source"].startswith("Tỷ lệ văn bản đi phát hành điện tử có ký số")
    assert main(["assessment", "score", "--year", "2026"]) == 0
    assert "7.1.1" in capsys.readouterr().out
    assert main(["assessment", "score", "--year", "2019"]) != 0


def test_a_measured_value_saves_back_unchanged_with_an_explanation(client, login, year_2026) -> None:
    """The form shows the stored value to its last decimal, so explaining a measured criterion does not turn
    its figure into an override (85,71 would differ from 85,7143 and ask for a reason)."""
    login("vanphong")
    Entry.objects.filter(assessment=year_2026, code="7.2.1").update(measured_value=Decimal("85.7143"), value=Decimal("85.7143"))  # fmt: skip
    url = reverse("assessment:entry", args=[2026, "7.2.1"])
    page = client.get(url).content.decode()
    assert 'name="value" inputmode="decimal" value="85,7143"' in page
    client.post(url, {"action": "save", "value": "85,7143", "explanation": "Theo dõi trên cchc"})
    e = Entry.objects.get(assessment=year_2026, code="7.2.1")
    assert e.explanation == "Theo dõi trên cchc" and not e.overridden and e.value == Decimal("85.7143")
    empty = client.get(reverse("assessment:entry", args=[2026, "1.1.2"])).content.decode()
    assert 'name="value" inputmode="decimal" value=""' in empty  # not "—", which would not save
