"""Import edge cases: bad rows, duplicates, idempotence, crash + resume, rollback, encodings, formats."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from cchc.analytics.importer import (
    ImportError_,
    KnownCodes,
    export_quarantine,
    import_file,
    resume_import,
    rollback_import,
)
from cchc.analytics.store import DossierStore

from .conftest import HEADER, ROWS, write_csv


class Crash(Exception):
    pass


def test_bad_rows_are_quarantined_with_reason_and_raw_row(store: DossierStore, tmp_path: Path) -> None:
    bad = ["X1,P1,U,9,31/02/2026,,,0,0,,abc,0,Có lẽ,,,", ",P1,U,1,01/03/2026,,,0,0,,,,,,,"]
    res = import_file(store, write_csv(tmp_path / "f.csv", ROWS[:2] + bad))
    assert (res.inserted, res.quarantined) == (2, 2)
    reasons = dict(store.con.execute("SELECT row_no, reason FROM quarantine").fetchall())
    assert "Ngày tiếp nhận: '31/02/2026' không hợp lệ" in reasons[3]
    assert "Kênh thực hiện: '9' không hợp lệ" in reasons[3] and "Phí, lệ phí" in reasons[3]
    assert reasons[4] == "Thiếu Mã hồ sơ"


def test_fixed_quarantined_rows_can_be_exported_and_reimported(store: DossierStore, tmp_path: Path) -> None:
    import_file(store, write_csv(tmp_path / "f.csv", ["X1,P1,U,1,31/02/2026,,,0,0,,,,,,,"]), source="mc")
    out = tmp_path / "sua.csv"
    assert export_quarantine(store, out) == 1
    fixed = out.read_text(encoding="utf-8-sig").replace("31/02/2026", "28/02/2026")
    out.write_text(fixed, encoding="utf-8")
    res = import_file(store, out, source="mc")
    assert res.inserted == 1 and res.quarantined == 0
    assert export_quarantine(store, tmp_path / "con.csv") == 0  # resolved


def test_reimport_is_idempotent_and_later_status_updates(
    store: DossierStore, sample_csv: Path, tmp_path: Path
) -> None:
    first = import_file(store, sample_csv, source="mc")
    again = import_file(store, sample_csv, source="mc")
    assert (first.inserted, again.inserted, again.updated, store.count()) == (8, 0, 8, 8)
    later = write_csv(tmp_path / "later.csv", [ROWS[4].replace(",,0,0,,,,", ",25/03/2026 10:00,0,0,,,,")])
    assert import_file(store, later, source="mc").updated == 1
    assert store.count() == 8
    row = store.con.execute("SELECT finished_at FROM dossiers WHERE dossier_code = 'E'").fetchone()
    assert row is not None and row[0].day == 25
    assert import_file(store, sample_csv, source="dvcqg").inserted == 8  # other source, own codes


def test_duplicate_codes_in_one_file_keep_the_last_row(store: DossierStore, tmp_path: Path) -> None:
    res = import_file(
        store, write_csv(tmp_path / "d.csv", [ROWS[1], ROWS[1].replace("06/03/2026 09:00", "")])
    )
    assert (res.inserted, res.duplicates, store.count()) == (1, 1, 1)
    row = store.con.execute("SELECT finished_at FROM dossiers").fetchone()
    assert row == (None,)


def _crash_after_first_chunk(done: int, total: int) -> None:
    raise Crash


def test_crash_halfway_leaves_main_table_untouched_and_resume_finishes(
    store: DossierStore, sample_csv: Path
) -> None:
    with pytest.raises(Crash):
        import_file(store, sample_csv, chunk_rows=3, progress=_crash_after_first_chunk)
    assert store.count() == 0
    job = store.con.execute("SELECT job_id, status, chunks_done FROM import_jobs").fetchone()
    assert job == (1, "staging", 1)
    seen: list[int] = []
    res = resume_import(store, 1, progress=lambda d, t: seen.append(d))
    assert res.status == "committed" and res.inserted == 8 and store.count() == 8
    assert seen == [6, 8]
    assert store.con.execute("SELECT count(*) FROM staging_dossiers").fetchone() == (0,)


def test_rollback_discards_an_unfinished_job(store: DossierStore, sample_csv: Path) -> None:
    with pytest.raises(Crash):
        import_file(store, sample_csv, chunk_rows=3, progress=_crash_after_first_chunk)
    assert rollback_import(store, 1).status == "rolled_back"
    assert store.count() == 0
    assert store.con.execute("SELECT count(*) FROM staging_dossiers").fetchone() == (0,)
    with pytest.raises(ImportError_, match="đã kết thúc"):
        resume_import(store, 1)


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "utf-16", "cp1258"])
def test_encodings(store: DossierStore, tmp_path: Path, encoding: str) -> None:
    rows = [r.replace(",U,", ",Sở Văn hóa,") for r in ROWS[:3]]
    res = import_file(store, write_csv(tmp_path / "e.csv", rows, encoding=encoding))
    assert res.inserted == 3
    assert store.con.execute("SELECT DISTINCT unit_code FROM dossiers").fetchall() == [("Sở Văn hóa",)]


def test_xlsx_and_json_with_national_field_names(store: DossierStore, tmp_path: Path) -> None:
    from datetime import datetime

    from openpyxl import Workbook

    headers = [
        "MaHoSo",
        "MaTTHC",
        "MaDonVi",
        "KenhThucHien",
        "NgayTiepNhan",
        "NgayHenTra",
        "DuocThanhToanTrucTuyen",
    ]
    wb = Workbook()
    ws = wb.active
    assert ws is not None
    ws.append(headers)
    ws.append(["X1", "1.001", "U", 2, datetime(2026, 3, 2, 8), "05/03/2026", 1])
    wb.save(tmp_path / "h.xlsx")
    assert import_file(store, tmp_path / "h.xlsx").inserted == 1
    (tmp_path / "h.json").write_text(
        json.dumps(
            {
                "data": [
                    dict(zip(headers, ["X2", "1.001", "U", 1, "2026-03-02T01:00:00Z", None, 0], strict=True))
                ]
            }
        ),
        encoding="utf-8",
    )
    assert import_file(store, tmp_path / "h.json").inserted == 1
    rows = store.con.execute("SELECT dossier_code, received_at, due_at FROM dossiers ORDER BY 1").fetchall()
    assert rows[0] == ("X1", datetime(2026, 3, 2, 8), datetime(2026, 3, 5, 23, 59, 59))
    assert rows[1] == ("X2", datetime(2026, 3, 2, 8), None)


def test_file_without_required_columns_is_refused(store: DossierStore, tmp_path: Path) -> None:
    path = write_csv(tmp_path / "x.csv", ["a,b"], header="foo,bar")
    with pytest.raises(ImportError_, match="thiếu cột bắt buộc: Mã hồ sơ"):
        import_file(store, path)
    assert HEADER  # the shared header stays the canonical one


def test_status_text_is_folded_once_per_distinct_value(store: DossierStore, tmp_path: Path) -> None:
    header = "dossier_code,procedure_code,unit_code,received_at,status"
    rows = [
        "A,P,U,02/03/2026 08:00,Đã trả kết quả",
        "B,P,U,02/03/2026 08:00,đang xử lý",
        "C,P,U,02/03/2026 08:00,",
        "D,P,U,02/03/2026 08:00,Khác",
        "E,P,U,02/03/2026 08:00,DA TRA KET QUA",
    ]
    import_file(store, write_csv(tmp_path / "s.csv", rows, header=header))
    got = dict(store.con.execute("SELECT dossier_code, status FROM dossiers").fetchall())
    assert got == {"A": "returned", "B": "processing", "C": None, "D": "other", "E": "returned"}


def test_parquet_import_equals_csv_import(tmp_path: Path) -> None:
    from cchc.analytics.synthetic import generate, write

    table = generate(2000, seed=3)
    stores = [DossierStore(":memory:"), DossierStore(":memory:")]
    for s, name in zip(stores, ("h.parquet", "h.csv"), strict=True):
        assert import_file(s, write(table, tmp_path / name)).inserted == 2000
    q = "SELECT * EXCLUDE (job_id) FROM dossiers ORDER BY dossier_code"
    assert stores[0].con.execute(q).fetchall() == stores[1].con.execute(q).fetchall()


def test_a_job_staged_without_its_rows_and_without_a_file_asks_for_rollback(store: DossierStore) -> None:
    store.con.execute(
        "INSERT INTO import_jobs (job_id, source, status, total_rows, chunk_rows, chunks_done, staged, quarantined)"
        " VALUES (1, 'mc', 'staging', 10, 5, 0, 0, 0)"
    )
    with pytest.raises(ImportError_, match="hãy hủy lô và nhập lại tệp"):
        resume_import(store, 1)
    assert rollback_import(store, 1).status == "rolled_back"


def test_a_job_whose_process_died_is_loaded_again_as_it_was_started(tmp_path: Path) -> None:
    """The staging table lives in the importing process. After its death the job is loaded again from the
    file with the mapping, known codes and choice it was started with; nothing is quarantined twice."""
    bad_date = "X,P1,U,1,31/02/2026 08:00,,,0,0,,,,Không,Không,Không,Không"
    unknown_unit = "Y,P1,LA,1,02/03/2026 08:00,,,0,0,,,,Không,Không,Không,Không"
    rows = [bad_date, *ROWS, unknown_unit]
    csv = write_csv(tmp_path / "hoso.csv", rows, header=HEADER.replace("complaint", "KhieuNai"))
    mapping = {h: h for h in HEADER.split(",") if h != "complaint"} | {"KhieuNai": "complaint"}
    known = KnownCodes(frozenset({"U"}), action="quarantine")
    path = tmp_path / "kho.duckdb"
    with DossierStore(path) as store:
        with pytest.raises(Crash):
            import_file(
                store, csv, chunk_rows=3, progress=_crash_after_first_chunk, mapping=mapping, known=known
            )
        assert store.con.execute("SELECT count(*) FROM quarantine").fetchone() == (1,)
    with DossierStore(path) as store:  # another process: the temporary staging table is gone
        seen: list[int] = []
        res = resume_import(store, 1, progress=lambda d, t: seen.append(d))
        assert (res.status, res.inserted, res.quarantined, res.total_rows) == ("committed", 8, 2, 10)
        assert seen == [3, 6, 9, 10]  # from the load again
        assert res.mapping["KhieuNai"] == "complaint" and res.unknown_units == {"LA": 1}
        quarantined = store.con.execute("SELECT dossier_code FROM quarantine ORDER BY 1").fetchall()
        assert quarantined == [("X",), ("Y",)]
        complaint = store.con.execute("SELECT complaint FROM dossiers WHERE dossier_code = 'B'").fetchone()
        assert complaint == (True,)
