"""The column-mapping step (issue 16): a person's mapping is used as given, a profile saved for a source is
used first next time, every import records its mapping, and a supplement's pause may be given as request
and completion times."""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal
from pathlib import Path

import pytest

from cchc.analytics.importer import ImportError_, import_file, result
from cchc.analytics.store import DossierStore
from cchc.domain import dossiers
from cchc.domain.dossiers import MappingProblem, given_mapping, profile_of, propose_mapping, validate_row
from cchc.domain.profiles import dump

# A vendor's export with names no built-in profile knows.
HEADER = ["Số HS", "Thủ tục", "Cơ quan", "Thời điểm nộp", "Hạn trả", "Có thu phí", "Ghi chú"]
ROWS = [
    ["A1", "1.008", "U", "02/03/2026 08:00", "05/03/2026 17:00", "x", "gấp"],
    ["A2", "1.010", "U", "03/03/2026 08:00", "06/03/2026 17:00", "Không", ""],
]
CHOSEN = {
    "Số HS": "dossier_code",
    "Thủ tục": "procedure_code",
    "Cơ quan": "unit_code",
    "Thời điểm nộp": "received_at",
    "Hạn trả": "due_at",
    "Có thu phí": "fee_amount",
    "Ghi chú": "",
}


def _csv(path: Path, header: list[str], rows: list[list[str]]) -> Path:
    path.write_text("\n".join(",".join(r) for r in [header, *rows]) + "\n", encoding="utf-8")
    return path


def test_unfamiliar_columns_are_not_guessed(tmp_path: Path) -> None:
    proposal = propose_mapping(HEADER)
    assert proposal.missing  # no profile names the dossier code: the import would stop
    assert not proposal.complete and proposal.confidence < 0.5


def test_a_given_mapping_is_used_and_recorded(store: DossierStore, tmp_path: Path) -> None:
    res = import_file(store, _csv(tmp_path / "x.csv", HEADER, ROWS), source="nhà cung cấp", mapping=CHOSEN)
    assert (res.inserted, res.quarantined) == (2, 0)
    assert res.mapping == {h: f for h, f in CHOSEN.items() if f} and res.profile == ""
    assert res.unused_columns == ["Ghi chú"]  # said, not dropped
    fees = dict(store.con.execute("SELECT dossier_code, fee_amount FROM dossiers").fetchall())
    assert {k: float(v) for k, v in fees.items()} == {"A1": 1.0, "A2": 0.0}
    assert result(store, res.job_id).mapping == res.mapping


def test_a_saved_profile_maps_the_next_file_with_no_question(store: DossierStore, tmp_path: Path) -> None:
    saved = profile_of("nha_cung_cap", {h: f for h, f in CHOSEN.items() if f}, ignored=["Ghi chú"])
    again = dossiers.read_saved_profiles(dump([saved]), origin="test")  # stored as text, read back
    proposal = propose_mapping(HEADER, again)
    assert proposal.profile == "nha_cung_cap" and proposal.saved and not proposal.missing
    assert proposal.unused == ["Ghi chú"] and proposal.confidence == pytest.approx(6 / 7)
    assert proposal.complete and proposal.undecided == []  # left out on purpose: nothing to ask
    res = import_file(store, _csv(tmp_path / "y.csv", HEADER, ROWS), source="ncc", saved=again)
    assert (res.inserted, res.profile) == (2, "nha_cung_cap")


def test_a_field_fed_by_two_columns_is_refused() -> None:
    with pytest.raises(MappingProblem, match="cùng ghép vào trường"):
        given_mapping(HEADER, {"Số HS": "dossier_code", "Thủ tục": "dossier_code"})
    with pytest.raises(MappingProblem, match="Tệp không có cột"):
        given_mapping(HEADER, {"Số hồ sơ": "dossier_code"})


def test_a_missing_required_field_stops_the_import(store: DossierStore, tmp_path: Path) -> None:
    chosen = {**CHOSEN, "Số HS": ""}
    with pytest.raises(ImportError_, match="Mã hồ sơ"):
        import_file(store, _csv(tmp_path / "z.csv", HEADER, ROWS), source="s", mapping=chosen)


PAUSE_HEADER = ["MaHoSo", "MaTTHC", "MaDonVi", "NgayTiepNhan", "NgayYeuCauBoSung", "NgayHoanThanhBoSung"]
PAUSE_ROWS = [
    ["P1", "1.008", "U", "02/03/2026 08:00", "03/03/2026 08:00", "05/03/2026 20:00"],  # 2.5 days
    ["P2", "1.008", "U", "02/03/2026 08:00", "03/03/2026 08:00", ""],  # still pending
    ["P3", "1.008", "U", "02/03/2026 08:00", "04/03/2026 08:00", "03/03/2026 08:00"],  # done before asked
]


def test_a_supplement_pause_given_as_request_and_completion_times(
    store: DossierStore, tmp_path: Path
) -> None:
    res = import_file(store, _csv(tmp_path / "p.csv", PAUSE_HEADER, PAUSE_ROWS), source="s")
    assert (res.inserted, res.quarantined) == (2, 1)
    rows = {
        r[0]: r[1:]
        for r in store.con.execute(
            "SELECT dossier_code, supplement_days, supplement_pending_at FROM dossiers"
        ).fetchall()
    }
    assert rows["P1"] == (Decimal("2.50"), None)  # a completed pause, no longer pending
    assert rows["P2"] == (None, datetime(2026, 3, 3, 8, 0))
    reason = store.con.execute("SELECT reason FROM quarantine").fetchone()
    assert reason is not None and "Ngày hoàn thành bổ sung trước Ngày yêu cầu bổ sung" in reason[0]
    # the Python rule agrees, row by row
    for code, *values in PAUSE_ROWS:
        raw = dict(zip(["dossier_code", "procedure_code", "unit_code", "received_at", "supplement_pending_at",
                        "supplement_done_at"], [code, *values], strict=True))  # fmt: skip
        record, errors = validate_row(raw)
        if code == "P3":
            assert record is None and errors
        else:
            assert record is not None
            assert (record.supplement_days, record.supplement_pending_at) == rows[code]


def test_the_pause_rounds_half_up_to_the_hundredth_of_a_day() -> None:
    asked = datetime(2026, 3, 3, 8, 0)
    assert dossiers.supplement_pause_days(asked, datetime(2026, 3, 3, 8, 7, 12)) == Decimal("0.01")  # 0.005
    assert dossiers.supplement_pause_days(asked, datetime(2026, 3, 3, 8, 7, 11)) == Decimal("0.00")


def test_the_cli_takes_an_explicit_mapping_or_a_profile_file(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:  # fmt: skip
    from cchc.cli import main

    path = _csv(tmp_path / "x.csv", HEADER, ROWS)
    base = ["dossiers", "--store", str(tmp_path / "k.duckdb"), "import", str(path), "--known-units", "U"]
    given = ";".join(f"{h}={f}" for h, f in CHOSEN.items())
    assert main([*base, "--map", given, "--source", "a"]) == 0
    out = capsys.readouterr().out
    assert (
        "ghép cột theo cách ghép đã chỉ ra: Số HS → dossier_code" in out and "cột không dùng: Ghi chú" in out
    )
    profile = tmp_path / "ncc.toml"
    profile.write_text(dump([profile_of("ncc", {h: f for h, f in CHOSEN.items() if f})]), encoding="utf-8")
    assert main([*base, "--profile", str(profile), "--source", "b"]) == 0
    assert "ghép cột theo mẫu “ncc”" in capsys.readouterr().out
    assert main([*base, "--map", "Số HS"]) == 2  # not column=field
    assert main([*base, "--source", "c"]) == 2  # no profile knows these columns: refused, said why
    assert "Tệp thiếu cột bắt buộc" in capsys.readouterr().err
