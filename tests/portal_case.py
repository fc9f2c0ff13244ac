"""The constructed case of the portal reconciliation (docs/examples/cong-dvcqg-766.csv and .json).

Dossiers of March 2026 for three units of the Sở, and the portal's scores of the same units with one
planted difference of each kind besides the indicators cchc cannot compute (b: 1.1–1.3, 3.5a, 4.5a, 4.6,
5.2, 5.3):

- QLVH (a, dossiers not synced): cchc has 10 dossiers, all on time; the portal counts 12 and scores 2.1
  at 20 × 10/12 = 16,67;
- QLDL (c, cut-off): 2 of its 10 dossiers are open on 31/03 (due 03/04) and finished late on 08/04:
  judged at the period end they are on time (cchc 2.1 = 20, 5.4 = 6), judged as of the portal's export
  date (10/04/2026) late, as the portal scores them (2.1 = 16, 5.4 = 5,33);
- TV (d, status): dossier TV-07, due Friday 13/03/2026 17:00, finished Saturday 14/03 09:00, is late in
  cchc (2.1 = 18) and on time on the portal (2.1 = 20).
"""

from __future__ import annotations

from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
EXAMPLE_CSV = ROOT / "docs" / "examples" / "cong-dvcqg-766.csv"
EXAMPLE_JSON = ROOT / "docs" / "examples" / "cong-dvcqg-766.json"
PERIOD = "2026-03"
EXPORTED = "10/04/2026"
VH, DL, TV = "LC-SVHTTDL-QLVH", "LC-SVHTTDL-QLDL", "LC-SVHTTDL-TV"

HEADER = (
    "dossier_code,procedure_code,unit_code,channel,received_at,due_at,finished_at,supplement_count,fee_amount,"
    "attachments_digitised,result_required,e_result,synced,complaint"
)


def _row(code: str, unit: str, received: str, due: str, finished: str) -> str:
    return f"{code},P1,{unit},2,{received},{due},{finished},0,0,Có,Không,Không,Có,Không"


def dossier_rows() -> list[str]:
    rows = []
    for i in range(1, 11):  # QLVH: all on time
        rows.append(
            _row(
                f"VH-{i:02d}",
                VH,
                f"{i + 1:02d}/03/2026 08:00",
                f"{i + 5:02d}/03/2026 17:00",
                f"{i + 3:02d}/03/2026 10:00",
            )
        )
    for i in range(1, 9):  # QLDL: 8 on time
        rows.append(
            _row(
                f"DL-{i:02d}",
                DL,
                f"{i + 1:02d}/03/2026 08:00",
                f"{i + 5:02d}/03/2026 17:00",
                f"{i + 3:02d}/03/2026 10:00",
            )
        )
    for i in (9, 10):  # QLDL: open at the period end, due in April, finished late
        rows.append(_row(f"DL-{i:02d}", DL, "30/03/2026 08:00", "03/04/2026 17:00", "08/04/2026 10:00"))
    for i in range(1, 11):  # TV: 9 on time, TV-07 finished on a Saturday after a Friday due date
        if i == 7:
            rows.append(_row("TV-07", TV, "09/03/2026 08:00", "13/03/2026 17:00", "14/03/2026 09:00"))
        else:
            rows.append(
                _row(
                    f"TV-{i:02d}",
                    TV,
                    f"{i + 1:02d}/03/2026 08:00",
                    f"{i + 5:02d}/03/2026 17:00",
                    f"{i + 3:02d}/03/2026 10:00",
                )
            )
    return rows


def write_dossiers(path: Path) -> Path:
    path.write_text("\n".join([HEADER, *dossier_rows()]) + "\n", encoding="utf-8")
    return path
