"""Explaining the gaps between the portal's 766 scores and cchc's (domain rules, no database): each kind
planted on its own, with cchc's cards built by the domain's scoring from counts."""

from __future__ import annotations

from datetime import date, datetime

import pytest

from cchc.domain.calendar import WorkingCalendar
from cchc.domain.index766 import score
from cchc.domain.portal766 import PortalRow, PortalSheet, read_portal, sheets
from cchc.domain.reconcile766 import DossierFact, LocalCard, Variant, fmt, reconcile
from tests.portal_case import EXAMPLE_CSV


def _counts(on_time: int, received: int = 10) -> dict[str, tuple[float, float]]:
    """cchc's counts of the constructed case: every dossier online, digitised, synced, no fee."""
    return {
        "1.4": (received, received), "2.1": (on_time, received), "3.3": (received, received), "3.5b": (0, 0),
        "3.6": (0, 0), "4.1": (0, 0), "4.2": (received, received), "4.3": (0, received), "4.4": (0, received),
        "4.5b": (0, received), "5.4": (on_time, received),
    }  # fmt: skip


def _sheet(unit: str) -> PortalSheet:
    return sheets(read_portal(EXAMPLE_CSV).rows)[(unit, "2026-03")]


def _kinds(rec, ind: str) -> list[str]:  # type: ignore[no-untyped-def]
    return [e.kind for e in rec.line("indicator", ind).explanations]


NOT_COMPUTABLE = ("1.1", "1.2", "1.3", "3.5a", "4.5a", "4.6", "5.2", "5.3")


def test_indicators_cchc_cannot_compute_are_the_portals_whole_score() -> None:
    rec = reconcile(_sheet("LC-SVHTTDL-TV"), LocalCard(score(_counts(10)), 10))
    for ind in NOT_COMPUTABLE:
        line = rec.line("indicator", ind)
        assert line.local is None and line.status == "giai_thich", ind
        [e] = line.explanations
        assert e.kind == "khong_tinh_duoc" and e.points == line.portal
        assert f"{fmt(line.portal)} điểm" in e.text
    assert rec.line("indicator", "2.1").status == "khop"


def test_a_dossiers_not_synced() -> None:
    rec = reconcile(_sheet("LC-SVHTTDL-QLVH"), LocalCard(score(_counts(10)), 10))
    line = rec.line("indicator", "2.1")
    assert (line.portal, line.local, line.gap) == (16.67, 20.0, -3.33)
    assert line.status == "giai_thich" and _kinds(rec, "2.1") == ["dong_bo"]
    text = line.explanations[0].text
    assert (
        "Mẫu số của Cổng 12, của cchc 10;" in text and "2 hồ sơ có trên Cổng nhưng chưa có trong cchc" in text
    )
    assert "16,67–20" in text
    assert rec.line("group", "TDGQ").status == "giai_thich"
    assert rec.line("total", "").status == "giai_thich" and not rec.unexplained


def test_c_cutoff_closes_the_gap() -> None:
    local = LocalCard(score(_counts(10)), 10)
    variant = Variant(
        "as_of_export", "hồ sơ chưa xong đánh giá tại ngày xuất của Cổng (10/04/2026)", score(_counts(8))
    )
    rec = reconcile(_sheet("LC-SVHTTDL-QLDL"), local, variants=[variant])
    for ind in ("2.1", "5.4"):
        line = rec.line("indicator", ind)
        assert line.status == "giai_thich" and _kinds(rec, ind) == ["moc_cat"], ind
        assert line.explanations[0].variant == "as_of_export"
        assert "khớp với Cổng" in line.explanations[0].text
    assert rec.line("indicator", "5.4").portal == 5.33
    assert not rec.unexplained
    without = reconcile(_sheet("LC-SVHTTDL-QLDL"), local)  # without the variant, nothing explains it
    assert without.line("indicator", "2.1").status == "chua_giai_thich"
    assert "Chưa giải thích được +" not in without.line("indicator", "2.1").explanations[-1].text
    assert "−4" in without.line("indicator", "2.1").explanations[-1].text


def _tv_facts() -> list[DossierFact]:
    facts = [
        DossierFact(f"TV-{i:02d}", "TV", datetime(2026, 3, i + 1, 8), True, datetime(2026, 3, i + 5, 17),
                    datetime(2026, 3, i + 3, 10))
        for i in range(1, 11) if i != 7
    ]  # fmt: skip
    facts.append(
        DossierFact(
            "TV-07", "TV", datetime(2026, 3, 9, 8), False, datetime(2026, 3, 13, 17), datetime(2026, 3, 14, 9)
        )
    )
    return facts


def test_d_the_dossier_finished_on_a_saturday_after_a_friday_due_date_is_named() -> None:
    asked = []

    def facts(ind: str) -> list[DossierFact]:
        asked.append(ind)
        return _tv_facts()

    rec = reconcile(
        _sheet("LC-SVHTTDL-TV"), LocalCard(score(_counts(9)), 10), facts=facts,
        calendar=WorkingCalendar.default(), period_last_day=date(2026, 3, 31),
    )  # fmt: skip
    line = rec.line("indicator", "2.1")
    assert (line.portal, line.local) == (20.0, 18.0)
    assert line.status == "giai_thich" and _kinds(rec, "2.1") == ["trang_thai"]
    e = line.explanations[0]
    assert e.needed == 1 and e.subset == "gap"
    assert [s.code for s in e.suspects] == ["TV-07"]
    assert any("ngày nghỉ 14/03/2026" in r for r in e.suspects[0].texts)
    assert any("sau hạn 13/03/2026" in r for r in e.suspects[0].texts)
    assert asked == ["2.1"]  # only the gap that reached step (d) asked for its dossiers
    assert not rec.unexplained


def test_a_gap_with_nothing_to_explain_it_is_said_with_its_size() -> None:
    sheet = PortalSheet("X", "", "2026-03")
    sheet.indicators["4.2"] = PortalRow("dòng 2", "X", "", "2026-03", "indicator", "MDSH", "4.2", 2.5)
    rec = reconcile(sheet, LocalCard(score(_counts(10)), 10))
    line = rec.line("indicator", "4.2")
    assert line.status == "chua_giai_thich"
    [e] = line.explanations
    assert e.kind == "chua_giai_thich" and e.points == pytest.approx(-1.5)
    assert "Chưa giải thích được −1,5 điểm" in e.text
    assert rec.line("group", "MDSH").status == "chua_giai_thich"
    assert rec.unexplained


def test_within_rounding_is_khop_and_indicators_only_cchc_has_are_marked() -> None:
    sheet = PortalSheet("X", "", "2026-03")
    sheet.indicators["2.1"] = PortalRow("dòng 2", "X", "", "2026-03", "indicator", "TDGQ", "2.1", 18.01)
    rec = reconcile(sheet, LocalCard(score(_counts(9)), 10))
    assert rec.line("indicator", "2.1").status == "khop"
    assert rec.line("indicator", "4.2").status == "chi_cchc"
    assert rec.line("group", "TDGQ").status == "khop"


def test_a_group_given_without_its_indicators_is_explained_by_those_cchc_cannot_compute() -> None:
    sheet = PortalSheet("X", "", "2026-03")
    sheet.groups["MDHL"] = 17.0  # 5.2 + 5.3 + 5.4 on the portal; cchc computes only 5.4 (6)
    rec = reconcile(sheet, LocalCard(score(_counts(10)), 10))
    line = rec.line("group", "MDHL")
    assert line.status == "giai_thich"
    assert [e.kind for e in line.explanations] == ["khong_tinh_duoc"]
    assert "5.2, 5.3" in line.explanations[0].text


def test_whole_example_reconciles_with_every_gap_explained() -> None:
    local = {"LC-SVHTTDL-QLVH": _counts(10), "LC-SVHTTDL-QLDL": _counts(10), "LC-SVHTTDL-TV": _counts(9)}
    variants = {"LC-SVHTTDL-QLDL": [Variant("as_of_export", "ngày xuất", score(_counts(8)))]}
    for unit, counts in local.items():
        rec = reconcile(
            _sheet(unit), LocalCard(score(counts), 10), variants=variants.get(unit, []),
            facts=lambda _i: _tv_facts(), calendar=WorkingCalendar.default(),
        )  # fmt: skip
        assert not rec.unexplained, (unit, [(ln.id, ln.explanations) for ln in rec.unexplained])
        assert all(ln.status in ("khop", "giai_thich", "chi_cchc") for ln in rec.lines)
        assert rec.line("total", "").portal is not None


def test_a_unit_without_any_dossier_in_cchc_is_not_synced_not_a_rule_cchc_lacks() -> None:
    rec = reconcile(_sheet("LC-SVHTTDL-TV"), LocalCard(score({}), 0))
    line = rec.line("indicator", "2.1")
    assert line.local is None and line.status == "giai_thich"
    [e] = line.explanations
    assert e.kind == "dong_bo" and e.points == 20.0
    assert "cchc chưa có hồ sơ nào của đơn vị trong kỳ (Cổng đếm 10)" in e.text
    assert _kinds(rec, "1.1") == ["khong_tinh_duoc"]  # not a dossier indicator: still (b)
    assert not rec.unexplained
