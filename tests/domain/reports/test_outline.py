"""The outline of the periodic CCHC report is a file: the bundled one has the provincial headings, and a
replacement that breaks the format is refused with the line and the field named."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from cchc.domain.reports import content as rc
from cchc.domain.reports import outline as o
from cchc.domain.reports.periods import report_period

GOOD = """[outline]
name = "Đề cương thử"
title = "Báo cáo CCHC {ky}"
addressees = ["Sở Nội vụ"]
recipients = ["Như trên"]

[[section]]
key = "chi_dao"
number = "1."
heading = "Công tác chỉ đạo, điều hành"
text = "Từ {tu_ngay} đến {den_ngay}, {don_vi} đã triển khai."
sources = ["tasks.on_time_share", "index766.*"]
lists = ["tasks_by_directive"]
"""


def test_the_bundled_outline_has_every_task_of_the_provincial_report():
    outline = o.load()
    headings = " | ".join(s.heading for s in outline.sections)
    for words in (
        "chỉ đạo, điều hành", "Cải cách thể chế", "Cải cách thủ tục hành chính", "tổ chức bộ máy",
        "chế độ công vụ", "tài chính công", "chính quyền số", "TỒN TẠI, HẠN CHẾ VÀ NGUYÊN NHÂN",
        "PHƯƠNG HƯỚNG", "ĐỀ XUẤT",
    ):  # fmt: skip
        assert words in headings, words
    assert (
        outline.section("chi_dao") is not None and "tasks.on_time_share" in outline.section("chi_dao").sources
    )


def test_a_replacement_outline_is_read_and_its_placeholders_filled():
    outline = o.loads(GOOD, "tinh.toml")
    [section] = outline.sections
    assert section.wants("index766.2.1") and section.wants("tasks.on_time_share")
    assert not section.wants("tasks.overdue_share") and not section.wants("index7662")
    values = rc.placeholder_values(report_period("2026-Q1"), "Sở VHTTDL")
    assert o.fill(outline.title, values) == "Báo cáo CCHC quý I năm 2026"
    assert (
        rc.default_texts(outline, values)["chi_dao"]
        == "Từ 15/12/2025 đến 14/03/2026, Sở VHTTDL đã triển khai."
    )


@pytest.mark.parametrize(
    ("change", "line", "words"),
    [
        (('sources = ["tasks.on_time_share", "index766.*"]', 'sources = "tasks"'), 12, "trường “sources”"),
        (('lists = ["tasks_by_directive"]', 'lists = ["khong_co"]'), 13, "không có danh sách “khong_co”"),
        (('text = "Từ {tu_ngay}', 'text = "Từ {ngay_xua}'), 11, "“{ngay_xua}”"),
        (('key = "chi_dao"', 'key = "Chi Dao"'), 8, "“key”"),
        (('heading = "Công tác chỉ đạo, điều hành"', "heading = 3"), 10, "thiếu tiêu đề"),
        (('number = "1."', 'number = "1."\nmau = 2'), 10, "trường “mau” không dùng được"),
        (('title = "Báo cáo CCHC {ky}"', 'title = "Báo cáo CCHC {ky"'), 3, "ngoặc nhọn"),
        (('recipients = ["Như trên"]', 'recipients = ["Như trên"'), 5, "cú pháp TOML"),
    ],
)
def test_a_bad_outline_names_its_line_and_field(change, line, words):
    old, new = change
    assert old in GOOD
    with pytest.raises(o.OutlineError) as caught:
        o.loads(GOOD.replace(old, new), "tinh.toml")
    message = str(caught.value)
    assert message.startswith(f"Đề cương báo cáo tinh.toml, dòng {line}:"), message
    assert words in message, message


def test_a_duplicate_section_and_a_missing_file_are_refused(tmp_path):
    twice = GOOD + GOOD[GOOD.index("[[section]]") :]
    with pytest.raises(o.OutlineError, match="dòng 15: mục thứ 2: mã mục “chi_dao” bị trùng"):
        o.loads(twice, "tinh.toml")
    with pytest.raises(o.OutlineError, match="Không tìm thấy tệp đề cương"):
        o.load(tmp_path / "khong-co.toml")
    path = tmp_path / "tinh.toml"
    path.write_text(GOOD, encoding="utf-8")
    assert o.load(path).name == "Đề cương thử"


def test_figures_carry_their_reference_and_print_in_vietnamese():
    fig = rc.Figure(
        key="tasks.on_time_share", label="Tỷ lệ nhiệm vụ hoàn thành đúng hạn", unit="%", value=Decimal("87.50"),
        start=date(2025, 12, 15), end=date(2026, 3, 14), query_id="directives.selectors.task_timeliness#on_time",
        numerator=7, denominator=8,
    )  # fmt: skip
    assert fig.reference == (
        "tasks.on_time_share · % · 15/12/2025–14/03/2026 · directives.selectors.task_timeliness#on_time"
    )
    assert fig.line == "Tỷ lệ nhiệm vụ hoàn thành đúng hạn: 87,5 % (7/8)"
    assert rc.Figure.from_json(fig.as_json()) == fig
    empty = rc.Figure(**{**fig.as_json(), "value": None, "start": fig.start, "end": fig.end})  # type: ignore[arg-type]
    assert empty.value_text == "chưa có số liệu"


def test_the_body_keeps_the_edited_text_and_lists_the_figures_under_their_section():
    outline = o.loads(GOOD, "tinh.toml")
    fig = rc.Figure("tasks.on_time_share", "Tỷ lệ đúng hạn", "%", Decimal(50), date(2025, 12, 15), date(2026, 3, 14), "q", 1, 2)  # fmt: skip
    sections = {"chi_dao": rc.SectionContent("chi_dao", [fig])}
    body = rc.body(outline, sections, {"chi_dao": "Văn bản đã sửa.\nDòng hai."}, {})
    assert [b if isinstance(b, str) else b.text for b in body] == [
        "Công tác chỉ đạo, điều hành", "Văn bản đã sửa.", "Dòng hai.", "- Tỷ lệ đúng hạn: 50 % (1/2).",
    ]  # fmt: skip
