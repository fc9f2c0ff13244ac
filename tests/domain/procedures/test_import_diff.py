"""The import preview's diff: new / changed (field, old → new) / unchanged rows and name conflicts, without
the database."""

from __future__ import annotations

from decimal import Decimal

from cchc.domain.procedures.import_diff import RowKind, compare, digest, names_differ, tally

STORED = {"Tên thủ tục": "Cấp giấy phép tổ chức lễ hội", "Thời hạn": Decimal("10.00"), "Phí": ["50.000 đồng"]}


def test_a_code_not_stored_is_a_new_row():
    diff = compare(row=3, code="1.000001", target="Thủ tục", before=None, after=STORED, file_name="X")
    assert diff.kind is RowKind.NEW and diff.changes == () and not diff.name_conflict


def test_the_same_values_written_differently_are_unchanged():
    after = {"Tên thủ tục": "  Cấp giấy phép  tổ chức lễ hội ", "Thời hạn": 10, "Phí": ("50.000 đồng",)}
    diff = compare(row=3, code="1.000001", target="Thủ tục", before=STORED, after=after,
                   file_name=after["Tên thủ tục"], stored_name=STORED["Tên thủ tục"])  # fmt: skip
    assert diff.kind is RowKind.UNCHANGED and not diff.name_conflict


def test_a_changed_row_lists_each_change_with_old_and_new_printed_the_vietnamese_way():
    after = {**STORED, "Thời hạn": Decimal("7.5"), "Phí": []}
    diff = compare(row=4, code="1.000001", target="Thủ tục", before=STORED, after=after)
    assert diff.kind is RowKind.CHANGED
    assert [(c.field, c.old, c.new) for c in diff.changes] == [
        ("Thời hạn", "10", "7,5"),
        ("Phí", "50.000 đồng", "—"),
    ]


def test_empty_values_are_equal_and_a_field_the_row_does_not_set_is_not_a_change():
    before = {"Ghi chú": None, "Căn cứ": "", "Kênh": [], "Khác": "giữ"}
    diff = compare(
        row=1, code="c", target="t", before=before, after={"Ghi chú": "", "Căn cứ": None, "Kênh": ()}
    )
    assert diff.kind is RowKind.UNCHANGED


def test_the_reported_case_a_code_stored_under_another_name_is_a_name_conflict():
    # TTHC 1.009403 took another procedure's name from a province's table.
    stored = {"Tên thủ tục": "Thủ tục xác nhận danh mục sản phẩm nghe nhìn"}
    after = {"Tên thủ tục": "Thủ tục cấp giấy phép phổ biến phim"}
    diff = compare(row=7, code="1.009403", target="Thủ tục", before=stored, after=after,
                   file_name=after["Tên thủ tục"], stored_name=stored["Tên thủ tục"])  # fmt: skip
    assert diff.kind is RowKind.CHANGED and diff.name_conflict
    assert diff.changes[0].old == stored["Tên thủ tục"] and diff.changes[0].new == after["Tên thủ tục"]
    assert diff.as_json()["name_conflict"] is True


def test_names_differ_beyond_case_and_spacing_but_diacritics_count():
    assert not names_differ("Cấp  phép", "cấp phép")
    assert names_differ("Cấp phép", "Cáp phép")
    assert not names_differ("", "Cấp phép")  # the file gives no name: nothing to compare
    # Two provinces' wording of TTHC 2.001641 (Cao Bằng QĐ 2031, Ninh Bình QĐ 1498): the same procedure.
    assert not names_differ(
        "Thủ tục cấp lại giấy chứng nhận đủ điều kiện hành nghề tu bổ di tích",
        "Cấp lại giấy chứng nhận đủ điều kiện hành nghề tu bổ di tích.",
    )


def test_a_plan_row_whose_name_differs_is_flagged_even_when_the_plan_is_new():
    diff = compare(row=2, code="1.009403", target="Phương án 2026", before=None, after={"Thời hạn": 5},
                   file_name="Tên khác", stored_name="Tên đã lưu")  # fmt: skip
    assert diff.kind is RowKind.NEW and diff.name_conflict


def test_tally_and_digest():
    new = compare(row=1, code="a", target="t", before=None, after={})
    same = compare(row=2, code="b", target="t", before={"x": 1}, after={"x": 1})
    changed = compare(
        row=3, code="c", target="t", before={"x": 1}, after={"x": 2}, file_name="A", stored_name="B"
    )
    assert tally([new, same, changed]) == {"new": 1, "changed": 1, "unchanged": 1, "name_conflicts": 1}
    stored = {"1.000001": {"Tên thủ tục": "A", "Thời hạn": Decimal(5)}}
    assert digest(stored, "tok") == digest({"1.000001": {"Thời hạn": Decimal(5), "Tên thủ tục": "A"}}, "tok")
    assert digest(stored, "tok") != digest({"1.000001": {"Tên thủ tục": "A", "Thời hạn": Decimal(6)}}, "tok")
    assert digest(stored, "tok") != digest(stored, "other")
