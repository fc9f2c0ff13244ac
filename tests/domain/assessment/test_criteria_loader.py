"""The criteria-set loader: the shipped sample loads, and a bad file is refused naming row, code and field."""

from __future__ import annotations

from decimal import Decimal

import pytest

from cchc.domain.assessment.criteria import CriteriaError, load_sample, load_toml, parse_set

HEADER = '[set]\ncode = "t"\nname = "Thử"\nversion = "1"\nscale = 10\nsurvey_max = 4\n'

GOOD = (
    HEADER
    + '[[row]]\ncode = "1"\nname = "Lĩnh vực"\nmax = 6\n'
    + '[[row]]\ncode = "1.1"\nname = "Tiêu chí"\nmax = 4\n'
    + '[[row]]\ncode = "1.1.1"\nname = "TCTP a"\nmax = 3\nrule = "ratio"\nbands = "100:3; 80:1,5"\n'
    + '[[row]]\ncode = "1.1.2"\nname = "TCTP b"\nmax = 1\nrule = "yes_no"\n'
    + '[[row]]\ncode = "1.2"\nname = "Tiêu chí 2"\nmax = 2\nrule = "deduction"\nper = 0.5\n'
)


def test_sample_set_loads_and_adds_up() -> None:
    s = load_sample()
    assert s.sample is True and "MẪU" in s.name
    assert len(s.fields) == 8
    assert sum(f.max_points for f in s.fields) + s.survey_max == s.scale == 100
    for f in s.fields:  # every field's maximum is the sum of its criteria's, and those of their entries
        assert sum(c.max_points for c in f.criteria) == f.max_points
        for c in f.criteria:
            assert sum(i.max_points for i in c.items) == c.max_points
    assert {i.source for i in s.items() if i.source} >= {"documents.e_signed_share", "tasks.on_time_share"}


def test_good_file_builds_the_tree() -> None:
    s = load_toml(GOOD)
    assert [i.code for i in s.items()] == ["1.1.1", "1.1.2", "1.2"]
    item = s.item("1.1.1")
    assert item.criterion_code == "1.1" and item.field_code == "1"
    assert [(b.threshold, b.points) for b in item.rule.bands] == [(100, 3), (80, Decimal("1.5"))]
    assert s.self_max == 6


def _problems(text: str, **kw):  # type: ignore[no-untyped-def]
    with pytest.raises(CriteriaError) as info:
        load_toml(text, **kw)
    return info.value


def test_bad_max_names_row_line_code_and_field() -> None:
    bad = GOOD.replace('name = "TCTP b"\nmax = 1', 'name = "TCTP b"\nmax = "một"')
    err = _problems(bad)
    p = next(p for p in err.problems if p.field == "max" and p.code == "1.1.2")
    assert p.row == 4
    assert p.line == bad.splitlines().index('code = "1.1.2"')  # the [[row]] line just above the code
    assert "Dòng 4" in str(err) and "mã 1.1.2" in str(err) and "cột “Điểm tối đa”" in str(err)
    assert "“một” không phải là số" in str(err)


def test_children_must_add_up_to_the_parent() -> None:
    err = _problems(GOOD.replace('name = "TCTP b"\nmax = 1', 'name = "TCTP b"\nmax = 2'))
    msgs = [str(p) for p in err.problems]
    assert any("mã 1.1" in m and "Điểm tối đa" in m and "(5)" in m for m in msgs), msgs


def test_fields_plus_survey_must_equal_the_scale() -> None:
    err = _problems(GOOD.replace("survey_max = 4", "survey_max = 5"))
    assert any(p.row is None and p.field == "scale" for p in err.problems)
    assert "Phần đầu bộ tiêu chí" in str(err)


def test_unknown_rule_and_missing_rule() -> None:
    err = _problems(GOOD.replace('rule = "yes_no"', 'rule = "đoán"'))
    assert any(
        p.code == "1.1.2" and p.field == "rule" and "không phải cách chấm" in p.message for p in err.problems
    )
    err = _problems(GOOD.replace('rule = "deduction"\nper = 0.5\n', ""))
    assert any(
        p.code == "1.2" and p.field == "rule" and "phải có cách chấm" in p.message for p in err.problems
    )


def test_bands_checked() -> None:
    over = _problems(GOOD.replace("100:3; 80:1,5", "100:4; 80:1,5"))
    assert any(p.field == "bands" and "vượt điểm tối đa" in p.message for p in over.problems)
    short = _problems(GOOD.replace("100:3; 80:1,5", "100:2; 80:1,5"))
    assert any("mức cao nhất phải cho đủ điểm tối đa" in p.message for p in short.problems)
    garbled = _problems(GOOD.replace("100:3; 80:1,5", "100-3"))
    assert any("ngưỡng:điểm" in p.message for p in garbled.problems)
    above = _problems(GOOD.replace("100:3; 80:1,5", "120:3"))
    assert any("lớn hơn 100%" in p.message for p in above.problems)


def test_orphan_duplicate_unknown_field_and_source() -> None:
    text = GOOD + '[[row]]\ncode = "2.1"\nname = "Mồ côi"\nmax = 1\nrule = "manual"\n'
    text += '[[row]]\ncode = "1.2"\nname = "Trùng"\nmax = 1\nrule = "manual"\nmaxx = 3\n'
    err = _problems(text.replace('name = "TCTP b"', 'name = "TCTP b"\nsource = "tasks.nothing"'),
                    known_sources=["tasks.on_time_share"])  # fmt: skip
    kinds = {(p.code, p.field) for p in err.problems}
    assert ("2.1", "code") in kinds  # no field 2
    assert ("1.2", "code") in kinds  # duplicate (row 7)
    assert ("1.2", "maxx") in kinds  # misspelt field
    assert ("1.1.2", "source") in kinds  # unknown source (and yes_no takes none)
    assert len(err.problems) >= 4 and "lỗi" in str(err)


def test_toml_syntax_error_names_the_line() -> None:
    err = _problems(HEADER + '[[row]]\ncode = "1\n')
    assert "dòng 8" in str(err)


def test_parse_set_uses_given_row_numbers() -> None:
    header = {"code": "x", "name": "X", "version": "1", "scale": 10, "survey_max": 0}
    rows = [{"code": "1", "name": "A", "max": 10}, {"code": "1.1", "name": "", "max": 10, "rule": "manual"}]
    with pytest.raises(CriteriaError) as info:
        parse_set(header, rows, row_numbers=[5, 6])
    assert info.value.problems[0].row == 6 and info.value.problems[0].field == "name"
