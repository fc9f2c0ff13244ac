"""Formula injection: a value starting with "=" comes out of EVERY export as inert text.

The planted value ``=HYPERLINK(…)`` goes into what each export prints (a unit's name, a task, a
procedure, a document's subject, a dossier and a quarantined row); every XLSX must hold it as a text
cell (no cell is a formula), every CSV with the apostrophe prefix. A scan of the sources keeps new
exports on the one constructor (:func:`cchc.domain.cells.workbook`) and the one CSV cell rule.
"""

from __future__ import annotations

import csv
import io
import re
from datetime import date
from pathlib import Path

import openpyxl
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from cchc.domain.cells import csv_cell, is_formula_like, workbook
from tests.apps.directives.conftest import make_directive  # noqa: F401 - fixture
from tests.apps.procedures.conftest import catalogue  # noqa: F401 - fixture

PLANT = '=HYPERLINK("http://ke-gian.invalid/x","Bấm vào đây")'
SRC = Path(__file__).resolve().parents[2] / "src" / "cchc"


def _inert_xlsx(data: bytes) -> list[str]:
    """Every text cell of the workbook; fails if any cell is a formula."""
    assert data[:2] == b"PK", data[:200]
    book = openpyxl.load_workbook(io.BytesIO(data))  # not read-only: data_type tells formulas apart
    texts = []
    for sheet in book.worksheets:
        for row in sheet.iter_rows():
            for cell in row:
                assert cell.data_type != "f", f"{sheet.title}!{cell.coordinate} is a formula: {cell.value}"
                if isinstance(cell.value, str):
                    texts.append(cell.value)
    return texts


def _planted_in(texts: list[str]) -> bool:
    return any("HYPERLINK" in t for t in texts)


# --- the rule itself -----------------------------------------------------------------------------


def test_formula_like_texts_and_plain_numbers():
    for text in ("=1+1", "+cmd|' /C calc'!A0", "-2+3", "@SUM(A1)", "\t=1", "\r=1", PLANT):
        assert is_formula_like(text) and csv_cell(text) == "'" + text
    for value in ("-5", "+84 912 345 678", "-1.234,5", "12%", "Hà Nội", "", -5, 3.5, None):
        assert csv_cell(value) == value


def test_the_one_workbook_keeps_texts_as_text_and_numbers_as_numbers():
    buf = io.BytesIO()
    book = workbook(buf, strings_to_formulas=True)  # a caller cannot turn the protection off
    sheet = book.add_worksheet()
    sheet.write_row(0, 0, [PLANT, -5, "-5", "http://x.invalid", 1.5])
    book.close()
    sheet = openpyxl.load_workbook(io.BytesIO(buf.getvalue())).active
    assert [c.data_type for c in sheet[1]] == ["s", "n", "s", "s", "n"]
    assert sheet["A1"].value == PLANT and sheet["B1"].value == -5 and not sheet["D1"].hyperlink


# --- every export --------------------------------------------------------------------------------


def test_directive_exports_task_list_overview_scorecard(client, login, make_directive, units):  # noqa: F811
    directive = make_directive(deadline=date.today())  # due now: the unit is on the scorecard
    directive.tasks.update(summary=PLANT)
    units["QLVH"].name = PLANT
    units["QLVH"].save()
    login("vanphong")
    for name in ("task_list", "overview", "scorecard"):
        response = client.get(reverse(f"directives:{name}"), {"export": "xlsx"})
        assert response.status_code == 200, name
        assert _planted_in(_inert_xlsx(response.content)), name


def test_procedure_exports_catalogue_and_plans(client, login, catalogue):  # noqa: F811
    from cchc.apps.procedures.models import Procedure

    Procedure.objects.update(name=PLANT)
    login("vanphong")
    for url in ("/thu-tuc/xuat-danh-muc.xlsx?internal=1", "/thu-tuc/phuong-an.xlsx?nam=2026"):
        response = client.get(url)
        assert response.status_code == 200, url
        assert _planted_in(_inert_xlsx(response.content)), url


def test_document_registers_outgoing_and_incoming(client, login, cast, units):
    from cchc.apps.documents import exports
    from cchc.apps.documents.services.incoming import register_incoming

    register_incoming(
        user=cast["vanphong"],
        receiving_unit=units["VP"],
        data={"author": PLANT, "subject": PLANT, "number_symbol": "1/X"},
    )
    login("vanphong")
    response = client.get(
        reverse("documents:register", args=["den"]), {"year": date.today().year, "format": "xlsx"}
    )
    assert response.status_code == 200
    assert _planted_in(_inert_xlsx(response.content))
    # the outgoing register is written by the same function from exports.outgoing_row
    data = exports.register_xlsx("Sổ đi", exports.OUTGOING_COLUMNS, [[PLANT] * len(exports.OUTGOING_COLUMNS)])
    assert _planted_in(_inert_xlsx(data))


HEADER = (
    "dossier_code,procedure_code,unit_code,channel,received_at,due_at,finished_at,supplement_count,"
    "supplement_days,max_processing_days,fee_amount,paid_online,attachments_digitised,result_required,"
    "e_result,complaint"
)
QUOTED = '"' + PLANT.replace('"', '""') + '"'


def test_dossier_drilldown_export(client, login, settings, tmp_path):
    from cchc.analytics.importer import import_file
    from cchc.analytics.store import DossierStore

    settings.DATA_DIR = tmp_path
    row = f"{QUOTED},{QUOTED},LC-SVHTTDL-QLVH,2,02/03/2026 08:00,05/03/2026 17:00,06/03/2026 09:00,0,0,,,,Có,Không,Không,Không"
    (tmp_path / "hoso.csv").write_text(HEADER + "\n" + row + "\n", encoding="utf-8")
    with DossierStore(tmp_path / "analytics.duckdb") as store:
        assert import_file(store, tmp_path / "hoso.csv", source="mot-cua").inserted == 1
    login("vanphong")
    response = client.get(reverse("dossiers:drilldown"), {"period": "03/2026", "export": "xlsx"})
    assert response.status_code == 200
    assert _planted_in(_inert_xlsx(response.content))


def test_quarantine_exports_csv_and_xlsx(client, login, settings, tmp_path):
    from cchc.apps.dossiers import jobs
    from cchc.apps.dossiers.models import ImportJob

    settings.DATA_DIR = tmp_path
    login("motcua")
    bad = f"X1,{QUOTED},LC-SVHTTDL-QLVH,9,31/02/2026,,,0,0,,-5,0,Có,,,"  # quarantined: bad date and channel
    upload = SimpleUploadedFile(
        "a.csv", (HEADER + "\n" + bad + "\n").encode("utf-8"), content_type="text/csv"
    )
    client.post(reverse("dossiers:import_list"), {"file": upload, "source": "mot-cua"})
    job = ImportJob.objects.get()
    jobs.run_import.call(job_id=job.pk)
    job.refresh_from_db()
    assert job.quarantined == 1
    text = client.get(reverse("dossiers:quarantine_export", args=[job.pk]), {"format": "csv"}).content
    rows = list(csv.reader(io.StringIO(text.decode("utf-8-sig"))))
    cells = [c for r in rows for c in r]
    assert "'" + PLANT in cells and not any(c.startswith(("=", "+", "@")) for c in cells)
    assert "-5" in cells  # a negative number is not prefixed
    xlsx = client.get(reverse("dossiers:quarantine_export", args=[job.pk]), {"format": "xlsx"}).content
    assert _planted_in(_inert_xlsx(xlsx))


def test_cli_quarantine_export(tmp_path):
    from cchc.analytics.importer import export_quarantine, import_file
    from cchc.analytics.store import DossierStore

    bad = f"X1,{QUOTED},U,9,31/02/2026,,,0,0,,,,,,,"
    (tmp_path / "f.csv").write_text(HEADER + "\n" + bad + "\n", encoding="utf-8")
    with DossierStore(tmp_path / "s.duckdb") as store:
        import_file(store, tmp_path / "f.csv")
        assert export_quarantine(store, tmp_path / "q.csv") == 1
    cells = [
        c for r in csv.reader(io.StringIO((tmp_path / "q.csv").read_text(encoding="utf-8-sig"))) for c in r
    ]
    assert "'" + PLANT in cells and not any(c.startswith("=") for c in cells)


# --- no export outside the rule ------------------------------------------------------------------


def test_every_spreadsheet_and_csv_writer_goes_through_the_cells_module():
    offenders = []
    for path in SRC.rglob("*.py"):
        if path.name == "cells.py" or "migrations" in path.parts:
            continue
        text = path.read_text(encoding="utf-8")
        rel = path.relative_to(SRC)
        if re.search(r"xlsxwriter\.Workbook\(|openpyxl\.Workbook\(|from openpyxl import .*Workbook\b", text):
            offenders.append(f"{rel}: builds a workbook (use cchc.domain.cells.workbook)")
        for match in re.finditer(r"csv\.(writer|DictWriter)\(", text):
            function = text[: match.start()].rsplit("\ndef ", 1)[-1]
            function += text[match.start() :].split("\ndef ", 1)[0]
            if (
                "csv_row(" not in function
                and "csv_cell(" not in function
                and "# not an export" not in function
            ):
                offenders.append(f"{rel}: a CSV writer without cells.csv_row")
    assert not offenders, offenders


@pytest.mark.parametrize("value", [PLANT, "=1+1"])
def test_csv_cell_is_idempotent_enough_to_read_back(value):
    assert csv_cell(value).lstrip("'") == value
