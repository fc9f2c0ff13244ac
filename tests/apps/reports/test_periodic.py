"""Periodic CCHC reports: the §8 windows through the report's figures (14/3 in quý I, 15/3 in quý II), edit
then refresh keeps the text, the DOCX/PDF read back through LibreOffice and pdftotext, the XLSX annex read
back, the browser flow (generate, edit, refresh, issue, drafted document), the CLI, the audit trail and the
reports.on_time_share source."""

from __future__ import annotations

import io
import shutil
import subprocess
from datetime import date, timedelta
from decimal import Decimal

import pytest
from auditlog.models import LogEntry
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from cchc.analytics.importer import import_file
from cchc.analytics.store import DossierStore
from cchc.apps.core import measures
from cchc.apps.reports import exports, services
from cchc.apps.reports.models import Report
from cchc.domain.reports.content import sections_from_json
from tests.apps.dossiers.conftest import VH, write_csv

EDGE = [
    f"Q1,P1,{VH},1,14/03/2026 16:00,20/03/2026 17:00,16/03/2026 10:00,0,0,,,,Có,Không,Không,Không",
    f"Q2,P1,{VH},1,15/03/2026 08:00,20/03/2026 17:00,18/03/2026 10:00,0,0,,,,Có,Không,Không,Không",
]


def _figure(report: Report, key: str):
    found = [f for s in sections_from_json(report.figures).values() for f in s.figures if f.key == key]
    assert len(found) == 1, key
    return found[0]


@pytest.fixture
def store(settings, tmp_path):
    settings.DATA_DIR = tmp_path
    with DossierStore(tmp_path / "analytics.duckdb") as s:
        import_file(s, write_csv(tmp_path / "hoso.csv", EDGE), source="mot-cua")
    return tmp_path


def test_a_dossier_received_on_14_march_counts_in_q1_and_one_on_15_march_in_q2(store, cast, units):
    q1 = services.create_report(user=cast["vanphong"], unit=units["QLVH"], period="2026-Q1")
    q2 = services.create_report(user=cast["vanphong"], unit=units["QLVH"], period="2026-Q2")
    f1, f2 = _figure(q1, "index766.2.1"), _figure(q2, "index766.2.1")
    assert (f1.start, f1.end, f1.denominator) == (date(2025, 12, 15), date(2026, 3, 14), 1)
    assert (f2.start, f2.end, f2.denominator) == (date(2026, 3, 15), date(2026, 6, 14), 1)
    # The list behind each figure opens on its own window.
    assert "15%2F12%2F2025" in f1.detail_url and "15%2F03%2F2026" in f2.detail_url
    half = services.create_report(user=cast["vanphong"], unit=units["QLVH"], period="2026-H1")
    assert _figure(half, "index766.2.1").denominator == 2  # cumulative from 15/12


def test_a_quarter_after_the_first_also_carries_the_year_to_date_in_page_annex_and_body(
    store, cast, units, client, login
):
    q1 = services.create_report(user=cast["vanphong"], unit=units["QLVH"], period="2026-Q1")
    q2 = services.create_report(user=cast["vanphong"], unit=units["QLVH"], period="2026-Q2")
    assert _figure(q1, "index766.2.1").ytd is None  # quý I starts the year: its window is the year to date
    f2 = _figure(q2, "index766.2.1")
    assert f2.denominator == 1 and f2.ytd is not None
    assert (f2.ytd.start, f2.ytd.end, f2.ytd.denominator) == (date(2025, 12, 15), date(2026, 6, 14), 2)
    assert "lũy kế từ đầu năm (15/12/2025–14/06/2026)" in f2.line and f2.line.endswith("100 % (2/2)")
    # The annex has the year-to-date columns, filled for the quý II figure.
    sheet = load_workbook(io.BytesIO(exports.to_xlsx(q2)))["Số liệu"]
    header = [c.value for c in sheet[3]]
    col = header.index("Mẫu số lũy kế")
    row = next(r for r in sheet.iter_rows(min_row=4, values_only=True) if r[header.index("Mã nguồn số liệu")] == "index766.2.1")  # fmt: skip
    assert row[col] == 2 and row[header.index("Lũy kế từ ngày")] == "15/12/2025"
    # The page shows the column for quý II only.
    login("vanphong")
    page = client.get(reverse("reports:report_detail", args=[q2.pk])).content.decode()
    assert 'data-ytd="index766.2.1"' in page and "Lũy kế từ đầu năm" in page
    assert (
        "Lũy kế từ đầu năm" not in client.get(reverse("reports:report_detail", args=[q1.pk])).content.decode()
    )


def test_a_module_that_refuses_or_is_absent_yields_nothing(cast, units, monkeypatch):
    from cchc.domain.errors import UserError
    from cchc.domain.measures import SOURCES, Source

    def refuses(scope, period):
        raise UserError("Không đo được.")

    monkeypatch.setitem(
        SOURCES._sources, "tasks.on_time_share", Source("tasks.on_time_share", "x", "%", refuses)
    )
    monkeypatch.delitem(SOURCES._sources, "finance.disclosure_on_time_share")
    report = services.create_report(user=cast["vanphong"], unit=units["VP"].root(), period="2026-Q1")
    keys = {f.key for s in sections_from_json(report.figures).values() for f in s.figures}
    assert "tasks.on_time_share" not in keys and "finance.disclosure_on_time_share" not in keys
    assert "tasks.overdue_share" in keys and "tai_chinh" not in report.figures


def test_edit_then_refresh_keeps_the_text_and_measures_again(cast, units):
    from cchc.apps.directives import services as ds
    from cchc.apps.directives.models import Task, TaskStatus

    root = units["VP"].root()
    report = services.create_report(user=cast["vanphong"], unit=root, period="2026-Q1")
    assert _figure(report, "tasks.on_time_share").denominator == 0
    services.save_texts(user=cast["vanphong"], report=report, texts={"chi_dao": "Văn phòng đã sửa đoạn này."})
    directive = ds.directive_create(
        user=cast["vanphong"],
        directive=ds.DirectiveInput(
            subject="V/v CCHC", unit=units["VP"], number="9/SVHTTDL-VP", issued_on=date(2026, 1, 5)
        ),
        tasks=[
            ds.TaskInput(
                summary="Rà soát",
                number="1",
                units=[units["QLVH"]],
                coordinating=[],
                deadline=date(2026, 3, 10),
            )
        ],
    )
    Task.objects.filter(directive=directive).update(status=TaskStatus.DONE, completed_on=date(2026, 3, 9), due_on=date(2026, 3, 10))  # fmt: skip
    services.refresh_figures(user=cast["vanphong"], report=report)
    report.refresh_from_db()
    assert report.texts["chi_dao"] == "Văn phòng đã sửa đoạn này."
    fig = _figure(report, "tasks.on_time_share")
    assert (fig.numerator, fig.denominator, fig.value) == (1, 1, Decimal("100.00"))
    [block] = sections_from_json(report.figures)["chi_dao"].lists
    assert block.rows[0][:3] == ("9/SVHTTDL-VP", "V/v CCHC", "1")
    services.issue_report(user=cast["vanphong"], report=report, day=date(2026, 3, 18))
    with pytest.raises(Exception, match="đã ban hành"):
        services.refresh_figures(user=cast["vanphong"], report=report)


def test_docx_and_pdf_read_back_through_libreoffice_and_pdftotext(cast, units, tmp_path):
    if shutil.which("soffice") is None or shutil.which("pdftotext") is None:
        pytest.skip("LibreOffice/pdftotext not installed")
    from docx import Document as Docx

    report = services.create_report(user=cast["vanphong"], unit=units["VP"].root(), period="2026-Q1")
    services.save_texts(user=cast["vanphong"], report=report, texts={"ton_tai": "Tiến độ số hóa còn chậm."})
    docx = exports.to_docx(report)
    paragraphs = [p.text for p in Docx(io.BytesIO(docx)).paragraphs]
    assert "BÁO CÁO" in paragraphs and "Tiến độ số hóa còn chậm." in paragraphs
    pdf = exports.to_pdf(report)
    (tmp_path / "bc.pdf").write_bytes(pdf)
    text = subprocess.run(["pdftotext", "-layout", str(tmp_path / "bc.pdf"), "-"], capture_output=True, check=True).stdout.decode()  # fmt: skip
    flat = " ".join(text.split())
    for words in (
        "BÁO CÁO", "quý I năm 2026", "CÔNG TÁC CẢI CÁCH HÀNH CHÍNH", "Cải cách thủ tục hành chính",
        "TỒN TẠI, HẠN CHẾ VÀ NGUYÊN NHÂN", "Tiến độ số hóa còn chậm.", "Tỷ lệ nhiệm vụ hoàn thành đúng hạn: chưa có số liệu",
        "Số liệu tính từ ngày 15/12/2025 đến ngày 14/03/2026.", "Sở Nội vụ tỉnh Lai Châu",
    ):  # fmt: skip
        assert words in flat, words


def test_the_xlsx_annex_lists_every_figure_with_its_reference(cast, units):
    from openpyxl import load_workbook

    report = services.create_report(user=cast["vanphong"], unit=units["VP"].root(), period="2026-Q1")
    sheet = load_workbook(io.BytesIO(exports.to_xlsx(report)))["Số liệu"]
    rows = [r for r in sheet.iter_rows(min_row=4, values_only=True) if r[0]]
    figures = [f for s in sections_from_json(report.figures).values() for f in s.figures]
    assert len(rows) == len(figures) > 5
    by_key = {r[8]: r for r in rows}
    for f in figures:
        row = by_key[f.key]
        assert (
            row[10] == f.reference
            and row[9] == f.query_id
            and (row[6], row[7]) == ("15/12/2025", "14/03/2026")
        )
        assert row[2] == (None if f.value is None else float(f.value)) and row[3] == "%"


def test_the_browser_flow_generate_edit_refresh_issue_and_draft_document(client, login, cast, units):
    from cchc.apps.documents.models import OutgoingDocument

    login("vanphong")
    url = reverse("reports:report_list")
    response = client.post(url, {"unit": units["VP"].root().pk, "period": "2026-Q1"})
    report = Report.objects.get()
    assert response.status_code == 302 and response["Location"] == reverse(
        "reports:report_detail", args=[report.pk]
    )
    page = client.get(response["Location"]).content.decode()
    assert (
        "tasks.on_time_share · % · 15/12/2025–14/03/2026 · directives.selectors.task_timeliness#on_time"
        in page
    )
    assert 'id="issue-report"' in page and 'id="draft-document"' in page
    client.post(response["Location"], {"text-chi_dao": "Đoạn đã sửa trên trình duyệt."})
    client.post(reverse("reports:report_refresh", args=[report.pk]))
    report.refresh_from_db()
    assert report.texts["chi_dao"] == "Đoạn đã sửa trên trình duyệt."
    client.post(reverse("reports:report_document", args=[report.pk]))
    report.refresh_from_db()
    document = OutgoingDocument.objects.get(pk=report.document_id)
    assert document.doc_type == "BAO_CAO" and document.status == "draft" and document.subject == report.title
    assert "Đoạn đã sửa trên trình duyệt." in document.body and document.docx and document.pdf
    client.post(reverse("reports:report_issue", args=[report.pk]))
    report.refresh_from_db()
    assert report.status == "issued" and report.issued_on == timezone.localdate()
    page = client.get(reverse("reports:report_detail", args=[report.pk])).content.decode()
    assert 'id="issue-report"' not in page and "Đoạn đã sửa trên trình duyệt." in page
    for fmt in ("docx", "xlsx"):
        assert client.get(reverse("reports:report_download", args=[report.pk, fmt])).status_code == 200
    actions = set(LogEntry.objects.get_for_object(report).values_list("action", flat=True))
    assert {LogEntry.Action.CREATE, LogEntry.Action.UPDATE} <= actions


def test_readers_see_no_write_buttons_and_others_units_stay_hidden(client, login, cast, units):
    report = services.create_report(user=cast["vanphong"], unit=units["QLDL"], period="2026-Q1")
    login("kiemtra")
    page = client.get(reverse("reports:report_detail", args=[report.pk])).content.decode()
    assert report.title in page and 'id="issue-report"' not in page and "<textarea" not in page
    assert client.post(reverse("reports:report_issue", args=[report.pk])).status_code == 403
    login("truongphong.vh")
    assert client.get(reverse("reports:report_detail", args=[report.pk])).status_code == 403
    assert report.title not in client.get(reverse("reports:report_list")).content.decode()


def test_the_cli_writes_each_format_and_refuses_a_bad_period(cast, units, tmp_path, capsys):
    from openpyxl import load_workbook

    from cchc.cli import main

    out = tmp_path / "bc.xlsx"
    assert main(["report", "quarterly", "--period", "2026-Q1", "--unit", units["VP"].root().code, "--out", str(out)]) == 0  # fmt: skip
    assert "Đã ghi" in capsys.readouterr().out
    assert load_workbook(out)["Số liệu"]["I4"].value  # the first figure's source key
    assert (
        main(["report", "annual", "--period", "2026", "--unit", "VP", "--out", str(tmp_path / "n.docx")]) == 0
    )
    assert (tmp_path / "n.docx").read_bytes()[:2] == b"PK"
    assert Report.objects.count() == 0  # not kept without --save
    assert main(["report", "quarterly", "--period", "2026-Q5", "--out", str(out)]) == 2
    assert "Kỳ báo cáo “2026-Q5” không hợp lệ" in capsys.readouterr().err
    assert main(["report", "quarterly", "--period", "2026-H1", "--out", str(out)]) == 2
    assert "cchc report half-year" in capsys.readouterr().err
    assert main(["report", "half-year", "--period", "2026-H1", "--out", str(tmp_path / "x.txt")]) == 2
    assert main(["report", "half-year", "--period", "2026-H1", "--unit", "VP", "--save", "--out", str(tmp_path / "h.xlsx")]) == 0  # fmt: skip
    assert Report.objects.get().period == "2026-H1"


def test_on_time_share_counts_reports_issued_by_the_20th(cast, units):
    root = units["VP"].root()
    for unit, day in ((units["QLVH"], date(2026, 3, 20)), (units["QLDL"], date(2026, 3, 21))):
        r = services.create_report(user=cast["vanphong"], unit=unit, period="2026-Q1")
        services.issue_report(user=cast["vanphong"], report=r, day=day)
    services.create_report(
        user=cast["vanphong"], unit=units["VP"], period="2026-Q1"
    )  # never issued, due passed
    m = measures.measure("reports.on_time_share", root, "2026")
    assert (m.numerator, m.denominator, m.value) == (1, 3, Decimal("33.33"))
    assert measures.measure("reports.on_time_share", units["QLVH"], "2026-Q1").value == Decimal(100)
    later = timezone.localdate() + timedelta(days=400)
    future = services.create_report(user=cast["vanphong"], unit=units["QLVH"], period=f"{later.year}-Q4")
    assert measures.measure("reports.on_time_share", root, str(later.year)).denominator == 0
    assert future.due_on == date(later.year, 12, 20)
