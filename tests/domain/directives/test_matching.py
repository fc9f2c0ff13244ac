"""The task matcher of the eval, on small hand-made gold / prediction pairs."""

from __future__ import annotations

from typing import Any

from cchc.domain.directives.evaluate import compare
from cchc.domain.directives.matching import match_tasks, sibling_groups


def task(number: str, summary: str, **kw: Any) -> dict[str, Any]:
    return {"number": number, "summary": summary, "responsible_units": kw.pop("units", ["Sở Nội vụ"]), **kw}


def pct(value: int) -> dict[str, Any]:
    return {"metric": "", "value": value, "unit": "%", "comparator": "="}


A = "Rà soát quy trình cấp giấy phép xây dựng nhà ở riêng lẻ tại cấp xã"
B = "Tổ chức lớp bồi dưỡng kỹ năng số cho công chức văn phòng"
C = "Nâng cấp cổng thông tin điện tử của tỉnh, kết nối cơ sở dữ liệu đất đai"
D = "Kiểm tra công vụ đột xuất tại bộ phận một cửa các huyện"


def pairs(gold: list[dict], pred: list[dict]) -> list[tuple[tuple[str, ...], tuple[str, ...]]]:
    return [
        (tuple(gold[i]["number"] for i in p.gold), tuple(pred[j]["number"] for j in p.pred))
        for p in match_tasks(gold, pred)
    ]


def test_one_to_one_ignores_numbering() -> None:
    gold = [task("1", A), task("2", B)]
    pred = [task("I", B), task("II", A)]
    assert sorted(pairs(gold, pred)) == [(("1",), ("II",)), (("2",), ("I",))]


def test_gold_whole_item_pairs_with_extracted_bullets() -> None:
    gold = [task("1", f"{A}; {C}", targets=[pct(100), pct(50)]), task("2", B)]
    pred = [task("1.1", A, targets=[pct(100)]), task("1.2", C, targets=[pct(50)]), task("2", B)]
    assert pairs(gold, pred) == [(("1",), ("1.1", "1.2")), (("2",), ("2",))]
    res = compare({"tasks": gold}, {"tasks": pred})
    assert res.scores["tasks"].f1 == 1.0
    assert (res.scores["targets"].tp, res.scores["targets"].fn, res.scores["targets"].fp) == (2, 0, 0)
    assert res.scores["responsible_units"].fp == 0  # the group's units are taken once
    assert res.groups == [("1", "1.1+1.2", res.groups[0][2])]


def test_gold_bullets_pair_with_one_merged_extracted_item() -> None:
    gold = [task("3.a", A, deadline_iso="2026-03-31"), task("3.b", C), task("4", B)]
    pred = [task("3", f"{A}, hoàn thành trong quý I/2026. {C}", deadline_iso="2026-03-31"), task("4", B)]
    assert pairs(gold, pred) == [(("3.a", "3.b"), ("3",)), (("4",), ("4",))]
    res = compare({"tasks": gold}, {"tasks": pred})
    assert res.scores["deadlines"].f1 == 1.0 and res.scores["tasks"].f1 == 1.0


def test_split_items_matched_one_to_one_are_not_grouped() -> None:
    gold = [task("1.a", A), task("1.b", C)]
    pred = [task("1.1", A), task("1.2", C)]
    assert pairs(gold, pred) == [(("1.a",), ("1.1",)), (("1.b",), ("1.2",))]


def test_wrong_pair_is_rejected_when_the_right_partner_is_missing() -> None:
    # Topically close (same words "sửa đổi", "nghị định", "thông tư") but a different task.
    g = "Hoàn thành xây dựng nghị định sửa đổi các quy định về kinh doanh karaoke"
    p = "Sửa đổi luật xuất bản và các thông tư, nghị định liên quan đến in ấn"
    gold = [task("1.a", g), task("2", D)]
    pred = [task("2.1", p), task("2.2", D)]
    assert pairs(gold, pred) == [(("2",), ("2.2",))]
    res = compare({"tasks": gold}, {"tasks": pred})
    assert (res.scores["tasks"].tp, res.scores["tasks"].fn, res.scores["tasks"].fp) == (1, 1, 1)


def test_group_member_without_its_own_contribution_is_not_grouped() -> None:
    # "1.2" repeats words already in "1.1": grouping it with gold "1" would only hide a false alarm.
    gold = [task("1", A)]
    pred = [task("1.1", A), task("1.2", "Rà soát quy trình cấp giấy phép")]
    assert pairs(gold, pred) == [(("1",), ("1.1",))]


def test_numbers_break_ties_only() -> None:
    gold = [task("1.a", A), task("2.a", A)]
    pred = [task("2.1", A), task("1.1", A)]
    assert sorted(pairs(gold, pred)) == [(("1.a",), ("1.1",)), (("2.a",), ("2.1",))]


def test_sibling_groups_are_consecutive_runs_under_one_parent() -> None:
    groups = sibling_groups(["1", "2", "2.1", "2.2", "3", "3.a"])
    assert (2, 3) in groups and (1, 2, 3) in groups and (4, 5) in groups
    assert (0, 1) not in groups  # top-level items are never grouped
