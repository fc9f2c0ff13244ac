"""``cchc directives eval``: per field, per document type, overall; leave-one-out; precision per confidence band."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from cchc.cli import main
from cchc.domain.directives.evaluate import evaluate_dir

LETTER = """UBND TỈNH A
SỞ B
Số: {n}/SB-VP
V/v {topic}
A, ngày 02 tháng 3 năm 2026
Kính gửi: Các phòng chuyên môn.

1. Phòng Kế hoạch rà soát {topic}, hoàn thành trước ngày 15/4/2026.
2. Văn phòng Sở tổng hợp, báo cáo kết quả về {topic}.

Nơi nhận:
- Như trên;
- Lưu: VT.
"""


def _gold(n: int, doc_type: str, deadline: str | None) -> dict:
    return {
        "doc_type": doc_type,
        "doc_number": f"{n}/SB-VP",
        "tasks": [
            {
                "number": "1",
                "summary": "rà soát việc chuyển đổi số",
                "responsible_units": ["Phòng Kế hoạch"],
                "targets": [],
                "deadline": "trước ngày 15/4/2026",
                "deadline_iso": deadline,
            },
            {
                "number": "2",
                "summary": "Văn phòng Sở tổng hợp, báo cáo kết quả về việc chuyển đổi số",
                "responsible_units": ["Văn phòng Sở"],
                "targets": [],
                "deadline_iso": None,
            },
        ],
    }


def _write(tmp_path: Path) -> Path:
    gold = tmp_path / "gold"
    docs = tmp_path / "docs"
    gold.mkdir()
    docs.mkdir()
    for n, doc_type, deadline in [(1, "Công văn", "2026-04-15"), (2, "Kế hoạch", "2026-04-30")]:
        (docs / f"d{n}.txt").write_text(LETTER.format(n=n, topic="việc chuyển đổi số"), encoding="utf-8")
        (gold / f"d{n}.json").write_text(json.dumps(_gold(n, doc_type, deadline), ensure_ascii=False))
    return gold


def test_report_per_field_per_type_and_overall(tmp_path: Path) -> None:
    report = evaluate_dir(_write(tmp_path))
    assert set(report["by_doc_type"]) == {"Công văn", "Kế hoạch"}
    # the first document's deadline is right, the second's gold date differs: deadlines 1 tp, 1 fp, 1 fn
    assert report["by_doc_type"]["Công văn"]["deadlines"]["f1"] == 1.0
    assert report["by_doc_type"]["Kế hoạch"]["deadlines"]["f1"] == 0.0
    assert report["overall"]["deadlines"]["tp"] == 1 and report["overall"]["deadlines"]["fp"] == 1
    assert report["overall"]["tasks"]["f1"] == 1.0
    # every extracted item is judged once with its confidence band
    judged = report["confidence_bands"]["tất cả"]
    assert sum(b["n"] for b in judged.values()) >= 4 + 2  # 4 tasks + their units + deadlines
    assert report["ms_per_document_median"] is not None


def test_leave_one_out_mode_is_named_and_printed(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    gold = _write(tmp_path)
    assert main(["directives", "eval", "--gold", str(gold), "--leave-one-out"]) == 0
    out = capsys.readouterr().out
    assert "leave-one-out" in out and "Theo loại văn bản" in out and "Kế hoạch" in out
    assert "mức tin cậy" in out
