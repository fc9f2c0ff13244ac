"""The year's steps and their blockers; the XLSX table and DOCX report read back equal to the rows."""

from __future__ import annotations

import io
from decimal import Decimal as D

from docx import Document
from openpyxl import load_workbook

from cchc.domain.assessment import workflow
from cchc.domain.assessment.criteria import load_sample
from cchc.domain.assessment.gaps import gaps
from cchc.domain.assessment.report import (
    XLSX_HEADERS,
    EntryNotes,
    Report,
    as_json,
    table_rows,
    totals,
    write_docx,
    write_xlsx,
)
from cchc.domain.assessment.scoring import Answer, measured_answer, score_set

S = load_sample()


def full_answers() -> dict[str, Answer]:
    out: dict[str, Answer] = {}
    for item in S.items():
        kind = item.rule.kind
        out[item.code] = Answer(
            True if kind == "yes_no" else D(100) if kind == "ratio" and not item.rule.lower_is_better
            else D(0) if kind in ("ratio", "deduction") else 5 if kind == "count" else item.max_points
        )  # fmt: skip
    return out


def test_full_answers_score_the_full_self_part() -> None:
    assert score_set(S, full_answers()).points == S.self_max


def test_steps_and_capabilities() -> None:
    assert [s.name for s in workflow.steps_from(workflow.REVIEW)] == ["send_for_approval", "return_to_units"]
    assert workflow.step("approve").capability == "assessment.approve"


def test_blockers_before_approval() -> None:
    answers = full_answers()
    del answers["1.5"]
    score = score_set(S, answers)
    found = workflow.blockers("send_for_approval", S, score, evidence={}, explained={"1.1.1"})
    assert "Còn 1 tiêu chí chưa chấm điểm: 1.5." in found
    assert any("thiếu tài liệu kiểm chứng" in b and "1.1.2" in b and "1.1.1," not in b for b in found)
    evidence = {i.code: set(i.evidence) for i in S.items()}
    answers["1.5"] = Answer(D(1))
    assert (
        workflow.blockers("send_for_approval", S, score_set(S, answers), evidence=evidence, explained=())
        == []
    )


def test_blockers_at_appraisal() -> None:
    score = score_set(S, full_answers())
    appraisal = {i.code: score.item(i.code).points for i in S.items()}
    appraisal["1.5"] = D("0.5")
    found = workflow.blockers("record_appraisal", S, score, evidence={}, explained=(), appraisal=appraisal)
    assert found == ["1 tiêu chí có điểm thẩm định khác điểm tự chấm mà chưa ghi lý do: 1.5."]
    assert workflow.blockers("record_appraisal", S, score, evidence={}, explained=(), appraisal=appraisal,
                             differences_explained={"1.5"}) == []  # fmt: skip


def test_measured_answer() -> None:
    assert measured_answer(S.item("7.1.1"), D("104.2")) == Answer(D(100))
    assert measured_answer(S.item("7.1.1"), None) is None
    assert measured_answer(S.item("1.5"), D(3)) is None  # a manual entry takes no measured value


def _report() -> Report:
    answers = full_answers()
    answers["7.1.1"] = Answer(D("85.5"))
    self_score = score_set(S, answers, survey=D("25.5"))
    appraisal_answers = dict(answers, **{"1.5": Answer(D("0.5"))})
    appraisal = score_set(S, appraisal_answers, survey=D("25.5"))
    notes = {"7.1.1": EntryNotes(measured="85,5%", source="Tỷ lệ văn bản ký số (2026)"),
             "1.5": EntryNotes(evidence=("ke-hoach.pdf",), difference="Thiếu tin bài quý IV")}  # fmt: skip
    return Report("Sở Thử", 2026, S.name, S.version, S.sample, "draft", tuple(table_rows(S, self_score, appraisal, notes)),
                  totals(S, self_score, appraisal), tuple(gaps(S, self_score)))  # fmt: skip


def test_xlsx_reads_back_equal_to_the_rows() -> None:
    report = _report()
    buf = io.BytesIO()
    write_xlsx(report, buf)
    sheet = load_workbook(io.BytesIO(buf.getvalue())).active
    rows = list(sheet.iter_rows(values_only=True))
    head = rows.index(XLSX_HEADERS)
    body = rows[head + 1 : head + 1 + len(report.lines)]
    for line, row in zip(report.lines, body, strict=True):
        assert row[0] == line.code and row[1] == line.name
        assert D(str(row[2])) == line.max_points
        assert (None if row[3] is None else D(str(row[3]))) == line.self_points
        assert (None if row[8] is None else D(str(row[8]))) == line.appraisal_points
    e = body[[ln.code for ln in report.lines].index("7.1.1")]
    assert e[3] == 1 and e[4] == "85,5%"  # 85,5 % reaches the 80 % band: 1 point
    one5 = body[[ln.code for ln in report.lines].index("1.5")]
    assert one5[9] == -0.5 and one5[10] == "Thiếu tin bài quý IV" and one5[6] == "ke-hoach.pdf"
    labels = {r[1]: r[2] for r in rows[head + len(report.lines) + 1 :] if r[1]}
    assert D(str(labels["Tổng điểm tự đánh giá"])) == report.totals.self_points == D(68)
    assert D(str(labels["Chỉ số CCHC"])) == report.totals.index == D(68) - D("0.5") + D("25.5")


def test_docx_reads_back_equal_to_the_rows() -> None:
    report = _report()
    buf = io.BytesIO()
    write_docx(report, buf)
    doc = Document(io.BytesIO(buf.getvalue()))
    summary, detail = doc.tables
    assert [r.cells[0].text for r in summary.rows[1:]] == [ln.code for ln in report.lines if ln.level == 1]
    texts = [[c.text for c in r.cells] for r in detail.rows[1:]]
    assert [t[0] for t in texts] == [ln.code for ln in report.lines]
    row = texts[[ln.code for ln in report.lines].index("7.1.1")]
    assert row[3] == "1" and row[4] == "85,5%, Tỷ lệ văn bản ký số (2026)"
    body = "\n".join(p.text for p in doc.paragraphs)
    assert "Chỉ số CCHC: 93" in body and "MẪU" in body
    assert "Tiêu chí 7.1.1" in body  # the lost points are listed


def test_json_has_every_line() -> None:
    data = as_json(_report())
    assert len(data["criteria"]) == len(_report().lines) and data["totals"]["index"] == "93.00"
