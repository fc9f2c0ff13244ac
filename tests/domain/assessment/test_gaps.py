"""Gap analysis on a constructed case: points lost ranked, missing evidence, the next step and its cases."""

from __future__ import annotations

from datetime import date
from decimal import Decimal as D

from cchc.domain.assessment.criteria import load_toml
from cchc.domain.assessment.gaps import Counts, Lever, gaps, lost_by_field, next_step
from cchc.domain.assessment.scoring import Answer, score_set

SET = """
[set]
code = "g"
name = "Gap"
version = "1"
scale = 12
survey_max = 0
[[row]]
code = "1"
name = "A"
max = 7
[[row]]
code = "1.1"
name = "Đúng hạn"
max = 3
rule = "ratio"
bands = "100:3; 90:2; 80:1"
source = "tasks.on_time_share"
[[row]]
code = "1.2"
name = "Kế hoạch"
max = 2
rule = "yes_no"
evidence = ["Kế hoạch", "Báo cáo"]
[[row]]
code = "1.3"
name = "Báo cáo chậm"
max = 2
rule = "deduction"
per = 0.5
[[row]]
code = "2"
name = "B"
max = 5
[[row]]
code = "2.1"
name = "Chấm tay"
max = 4
rule = "manual"
evidence = ["Minh chứng"]
[[row]]
code = "2.2"
name = "Quá hạn"
max = 1
rule = "ratio"
bands = "0:1; 5:0,5"
lower_is_better = true
"""

S = load_toml(SET)


def test_constructed_case_ranks_gaps() -> None:
    answers = {
        "1.1": Answer(D("85")),  # band 80 → 1 of 3: lost 2
        "1.2": Answer(True),  # 2 of 2, but only "Kế hoạch" attached: 2 at risk
        "1.3": Answer(1),  # 1.5 of 2: lost 0.5
        "2.1": Answer(D("3.5")),  # 3.5 of 4: lost 0.5, no evidence, explained → not at risk
        "2.2": Answer(D("12.5")),  # > 5 → 0 of 1: lost 1
    }
    score = score_set(S, answers)
    result = gaps(
        S, score,
        evidence={"1.2": {"Kế hoạch"}},
        explained={"2.1"},
        counts={"1.1": Counts(D("85"), 17, 20), "2.2": Counts(D("12.5"), 5, 40)},
        levers={"1.1": [Lever("Nhiệm vụ B", date(2026, 9, 1)), Lever("Nhiệm vụ A", date(2026, 6, 30))]},
    )  # fmt: skip
    assert [(g.code, g.lost, g.at_risk) for g in result] == [
        ("1.1", 2, 0),
        ("1.2", 0, 2),
        ("2.2", 1, 0),
        ("1.3", D("0.5"), 0),
        ("2.1", D("0.5"), 0),
    ]  # 1.1 before 1.2: same 2 recoverable, 1.1's next step wins 1 point, 1.2 has no step
    first = result[0]
    # 85 % of 20 tasks = 17; the next band (90 %) needs 18 on time: one more
    assert first.step is not None and first.step.gain == 1 and first.step.cases == 1
    assert [lv.label for lv in first.levers] == ["Nhiệm vụ A", "Nhiệm vụ B"]  # by due date
    assert result[1].missing_evidence == ("Báo cáo",)
    overdue = next(g for g in result if g.code == "2.2")
    # 5 of 40 overdue (12.5 %); ≤ 5 % allows floor(2) = 2: three fewer
    assert overdue.step is not None and overdue.step.cases == 3 and overdue.step.gain == D("0.5")
    assert next(g for g in result if g.code == "2.1").missing_evidence == ("Minh chứng",)
    assert lost_by_field(S, score) == [("1", "A", D("2.5")), ("2", "B", D("1.5"))]


def test_next_step_per_rule() -> None:
    assert next_step(S.item("1.3"), D("1.5"), None).gain == D("0.5")  # type: ignore[union-attr]
    assert next_step(S.item("1.2"), D(0), None).gain == 2  # type: ignore[union-attr]
    assert next_step(S.item("1.1"), D(3), Counts(D(100))) is None
    unanswered = next_step(S.item("2.1"), None, None)
    assert unanswered is not None and unanswered.gain == 4


def test_full_marks_with_evidence_is_no_gap() -> None:
    score = score_set(S, {"1.2": Answer(True)})
    assert "1.2" not in [g.code for g in gaps(S, score, evidence={"1.2": {"Kế hoạch", "Báo cáo"}})]
