"""Dossier app fixtures: a store per test (settings.DATA_DIR → tmp_path) and small hand-made exports.

The rows are those of tests/analytics (hand-computed there) with the demo org's unit codes: the
Phòng Quản lý Văn hóa (QLVH) gets the March 2026 set, the Phòng Quản lý Du lịch (QLDL) a smaller one.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from cchc.analytics.importer import import_file
from cchc.analytics.store import DossierStore

HEADER = (
    "dossier_code,procedure_code,unit_code,channel,received_at,due_at,finished_at,supplement_count,"
    "supplement_days,max_processing_days,fee_amount,paid_online,attachments_digitised,result_required,"
    "e_result,complaint"
)
VH, DL = "LC-SVHTTDL-QLVH", "LC-SVHTTDL-QLDL"
ROWS = [
    f'A,P1,{VH},2,02/03/2026 08:00,05/03/2026 17:00,05/03/2026 16:00,0,0,,"16.000.000",1,Có,Không,Không,Không',
    f'B,P2,{VH},2,02/03/2026 09:00,05/03/2026 17:00,06/03/2026 09:00,0,0,,"50.000",0,Có,Không,Không,Có',
    f"C,P3,{VH},2,03/03/2026 08:00,06/03/2026 17:00,10/03/2026 10:00,1,5,,0,0,Có,Có,Không,Không",
    f"D,P3,{VH},1,03/03/2026 08:00,10/03/2026 17:00,04/03/2026 10:00,2,0,,,,Có,Có,Có,Không",
    f"E,P3,{VH},1,04/03/2026 08:00,20/03/2026 17:00,,0,0,,,,Không,Không,Không,Không",
    f"F,P3,{VH},1,30/03/2026 08:00,10/04/2026 17:00,,0,0,,,,Không,Không,Không,Không",
    f"G,P3,{VH},1,31/03/2026 08:00,,,0,0,3,,,Không,Không,Không,Không",
    f"K1,P1,{DL},2,02/03/2026 08:00,05/03/2026 17:00,05/03/2026 16:00,0,0,,,,Có,Không,Không,Không",
    f"K2,P1,{DL},2,02/03/2026 08:00,05/03/2026 17:00,12/03/2026 16:00,0,0,,,,Có,Không,Không,Không",
    f"K3,P1,{DL},1,09/03/2026 08:00,12/03/2026 17:00,11/03/2026 16:00,0,0,,,,Có,Không,Không,Không",
]
BAD = [
    f"X1,P1,{VH},9,31/02/2026,,,0,0,,abc,0,Có lẽ,,,",  # bad date, channel, fee, yes/no
    f",P1,{VH},1,01/03/2026,,,0,0,,,,,,,",  # no dossier code
]


def write_csv(path: Path, rows: list[str], header: str = HEADER) -> Path:
    path.write_text("\n".join([header, *rows]) + "\n", encoding="utf-8")
    return path


@pytest.fixture
def data_dir(settings, tmp_path: Path) -> Path:
    settings.DATA_DIR = tmp_path
    return tmp_path


@pytest.fixture
def loaded(data_dir: Path) -> Path:
    """The store holds ROWS (source "mot-cua"); returns its path."""
    path = data_dir / "analytics.duckdb"
    with DossierStore(path) as store:
        import_file(store, write_csv(data_dir / "hoso.csv", ROWS), source="mot-cua")
    return path
