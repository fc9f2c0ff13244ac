"""The five published tables and the Đồng Nai decisions (QĐ 2816, QĐ 2813), from /work/shared.

Finding on QĐ 2816 (standards.md §2.2 warns that "10 % / 8 %" might not be saving ÷ cost before):
recomputed, every one of the five printed percentages IS saving ÷ cost before — 10 % = 3.200.000 ÷
32.000.000, 8 % = 6.400.000 ÷ 80.000.000, 40 % = 6.400.000 ÷ 16.000.000 — exact at 0 and 2 decimals.
The similar savings have different bases, which is what made them look inconsistent. The one real
discrepancy is in the text: for 1.001653 the decision says "Giảm được 01 ngày làm việc" while it cuts
05 → 03 days; its cost lines use 2 days (40 h → 24 h), and so do we.
"""

from __future__ import annotations

import re
from decimal import Decimal
from pathlib import Path

import pytest

from cchc.domain.procedures.costs import cost_saving, simplified_cost
from cchc.domain.procedures.exports import benefit_lines
from cchc.domain.procedures.fees import TT110_2025_RULES, fee_for
from cchc.domain.procedures.importers import parse_catalogue, parse_cost_cases, parse_fee_rules, parse_table
from cchc.domain.procedures.plans import evaluate_plan, plan_from_cost_case

TABLES = {
    "caobang_qd2031_2025_vhttdl.csv": ("catalogue", 10),
    "dongnai_qd2816_2025_cases.csv": ("cost_cases", 5),
    "fees_tt110_2025_karaoke_vu_truong.csv": ("fee_rules", 4),
    "hatinh_qd2914_2025_vhttdl_phi_dia_gioi.csv": ("catalogue", 50),
    "ninhbinh_qd1498_2025_vhtt_danh_muc.csv": ("catalogue", 68),
}


@pytest.fixture(scope="module")
def tables(shared_dir: Path) -> Path:
    return shared_dir / "realdata" / "tables"


@pytest.fixture(scope="module")
def docs(shared_dir: Path) -> Path:
    return shared_dir / "realdata" / "docs"


@pytest.mark.parametrize(("name", "expected"), TABLES.items())
def test_every_published_table_parses_without_rejections(tables: Path, name: str, expected: tuple[str, int]) -> None:  # fmt: skip
    result = parse_table(tables / name)
    assert (result.kind, len(result.records), len(result.rejected)) == (*expected, 0)
    assert result.unmapped_headers == []


def test_ninh_binh_province_suffixes_and_dotted_codes_normalise(tables: Path) -> None:
    result = parse_catalogue(tables / "ninhbinh_qd1498_2025_vhtt_danh_muc.csv")
    by_published = {e.procedure.code_as_published: e.procedure for e in result.records}
    assert by_published["1.003901.H42"].code == "1.003901"
    assert by_published["1.013.788.H42"].code == "1.013788"
    commune = [e for e in result.records if e.procedure.responsible_unit == "UBND cấp xã"]
    assert len(commune) == 4  # "04 quy trình nội bộ của UBND cấp xã" (Điều 1)
    assert all(e.procedure.levels[0].value == "cấp xã" for e in commune)


def test_ha_tinh_counts_match_the_decision(tables: Path) -> None:
    result = parse_catalogue(tables / "hatinh_qd2914_2025_vhttdl_phi_dia_gioi.csv")
    levels = [e.procedure.levels[0].value for e in result.records]
    # Điều 1: "50 TTHC (trong đó: 48 TTHC cấp tỉnh và 02 TTHC cấp xã)".
    assert (levels.count("cấp tỉnh"), levels.count("cấp xã")) == (48, 2)
    assert {e.procedure.code for e in result.records} >= {"1.014217", "1.014218"}


def test_cao_bang_time_limits_changes_and_legal_basis(tables: Path) -> None:
    result = parse_catalogue(
        tables / "caobang_qd2031_2025_vhttdl.csv", default_unit="Sở Văn hóa, Thể thao và Du lịch"
    )
    changes = [e.change.value for e in result.records if e.change]
    # Điều 1: 02 TTHC mới ban hành, 08 được sửa đổi, bổ sung.
    assert (changes.count("mới ban hành"), changes.count("sửa đổi, bổ sung")) == (2, 8)
    first = result.records[0].procedure
    assert (first.time_limit and first.time_limit.value, first.time_limit and first.time_limit.condition) == (
        Decimal(3), "kể từ ngày nhận đủ hồ sơ hợp lệ")  # fmt: skip
    assert first.levels[0].value == "cấp tỉnh"
    assert len(first.legal_basis) == 3
    assert first.fees[0].kind.value == "free"


def test_tt110_fee_table_equals_the_rules_typed_from_the_circular(tables: Path) -> None:
    result = parse_fee_rules(tables / "fees_tt110_2025_karaoke_vu_truong.csv", "Thông tư 110/2025/TT-BTC")
    assert tuple(result.records) == TT110_2025_RULES
    assert fee_for(result.records[0], 8) == 6_000_000


def test_qd2816_every_published_figure_reproduces(tables: Path) -> None:
    result = parse_cost_cases(tables / "dongnai_qd2816_2025_cases.csv")
    for case in result.records:
        before = simplified_cost(case.before, case.income).annual
        after = simplified_cost(case.after, case.income).annual
        saving = cost_saving(before, after)
        published = case.published
        assert (before, after, saving.saving) == (
            published.cost_before,
            published.cost_after,
            published.saving,
        )
        assert saving.percent == published.percent  # see the module docstring
        assert cost_saving(before, after, places=0).percent == published.percent


def _section(text: str, code_name: str) -> str:
    part_two = text[text.index("Phần II.") :]
    start = part_two.index(code_name)
    end = part_two.find("Tỷ lệ cắt giảm chi phí", start)
    return " ".join(part_two[start : part_two.index("\n", end)].split())


def test_qd2816_benefit_lines_match_the_decision_text(tables: Path, docs: Path) -> None:
    text = (docs / "qd-2816-qd-ubnd-2025-dongnai-don-gian-hoa-tthc-y-te.txt").read_text(encoding="utf-8")
    case = parse_cost_cases(tables / "dongnai_qd2816_2025_cases.csv").records[0]  # 2.000286
    section = _section(text, "Tiếp nhận đối tượng bảo trợ xã hội")
    for line in benefit_lines(plan_from_cost_case(case)):
        assert line in section, line


def test_qd2816_text_says_one_day_where_the_cut_is_two(tables: Path, docs: Path) -> None:
    text = (docs / "qd-2816-qd-ubnd-2025-dongnai-don-gian-hoa-tthc-y-te.txt").read_text(encoding="utf-8")
    section = _section(text, "Đổi, cấp lại Giấy xác nhận khuyết tật")
    assert "Giảm được 01 ngày làm việc" in section  # as printed
    case = next(
        c for c in parse_cost_cases(tables / "dongnai_qd2816_2025_cases.csv").records if c.code == "1.001653"
    )
    assert evaluate_plan(plan_from_cost_case(case)).time.saving == 2  # what we compute and report
    assert "(05 ngày làm việc = 40 giờ" in section and "(03 ngày làm việc = 24 giờ" in section


def test_qd2813_abolition_figures_are_in_the_decision(docs: Path) -> None:
    text = " ".join((docs / "qd-2813-qd-ubnd-2025-dongnai-don-gian-hoa-tthc-nong-nghiep.txt").read_text(encoding="utf-8").split())  # fmt: skip
    figures = re.findall(r"(\d[\d.]*) (?:đồng/năm|ngày)\.", text)
    assert figures == ["18.509.608", "0", "18.509.608", "45", "0", "45"]
    assert "Tỷ lệ cắt giảm chi phí: 100%" in text
