"""Sanity properties of the extractor on every real text in ../shared (none of them special-cased), and the
general rules fixed after reading those outputs, each on a short made-up sentence of the same shape."""

from __future__ import annotations

from pathlib import Path

import pytest
import regex

from cchc.domain.directives import extract
from cchc.domain.directives.metadata import DOC_TYPES
from cchc.domain.directives.targets import find_targets
from cchc.domain.directives.units import find_responsible


def _texts(shared_dir: Path) -> list[Path]:
    return sorted((shared_dir / "realdata" / "docs").glob("*.txt")) + sorted(
        (shared_dir / "seed").glob("*.txt")
    )


def _printed(value: object) -> str:
    """Regex for a value as printed: 3071 → "3.071" or "3071", 62.8 → "62,8", zero-padded counts "04"."""
    if isinstance(value, float):
        return regex.escape(f"{value:g}").replace(r"\.", "[.,]")
    if isinstance(value, int):
        s = str(value)
        grouped = f"{value:,}".replace(",", ".")
        return rf"0*(?:{s}|{regex.escape(grouped)})"
    return regex.escape(str(value))


_HEADING = regex.compile(r"(?m)^[ \t|]*(?:" + "|".join(caps for caps, _, _ in DOC_TYPES) + r")[ \t|]*$")
_BODY = regex.compile(r"(?m)^[ \t|]*(?:Kính\s+gửi|Căn\s+cứ|Thực\s+hiện|\d{1,2}\.\s)")


def _has_type_heading(text: str) -> bool:
    """A tên loại ("KẾ HOẠCH") on its own line in the header, before the body begins."""
    head = text[:4000]
    heading, body = _HEADING.search(head), _BODY.search(head)
    return heading is not None and (body is None or heading.start() < body.start())


def test_sanity_on_all_real_texts(shared_dir: Path) -> None:
    paths = _texts(shared_dir)
    assert len(paths) >= 19
    with_heading = 0
    for path in paths:
        letter = extract(path)  # no exception
        text, d = letter.text, letter.to_dict()
        if _has_type_heading(text):
            # every document with a type heading has a subject, printed in the text (wrapped lines joined)
            with_heading += 1
            assert d["subject"], path.name
            assert d["subject"] in " ".join(text.split()), (path.name, d["subject"])
            s, e = d["spans"]["subject"]
            assert " ".join(text[s:e].split()) == d["subject"], path.name
        elif not regex.search(r"(?m)^\s*V/v\s", text[:4000]):
            assert d["subject"] is None, (path.name, d["subject"])  # no guessing from body prose
        for c in letter.cited_documents:
            assert 0 <= c.span[0] <= c.span[1] <= len(text)
        for t in d["tasks"]:
            where = f"{path.name} {t['number']}"
            assert t["summary"].strip(), where
            s, e = t["span"]
            assert 0 <= s <= e <= len(text), where
            for g in t["targets"]:
                gs, ge = g["span"]
                assert s <= gs <= ge <= len(text), where
                assert regex.search(_printed(g["value"]), text[gs:ge]), (where, g["value"], text[gs:ge])
                # a target is never a number of a cited document ("Nghị định 113/2013/NĐ-CP"): the value is
                # printed at least once in its span outside every cited document's number and date
                outside = [
                    m
                    for m in regex.finditer(rf"(?<![\d.,]){_printed(g['value'])}(?![\d,])", text[gs:ge])
                    if not any(c.span[0] <= gs + m.start() < c.span[1] for c in letter.cited_documents)
                ]
                assert outside, (where, g["value"])
            if t["deadline_iso"] and d["signed_date"]:
                # nothing earlier than the letter's own date: cited documents' dates are never deadlines
                assert t["deadline_iso"] >= d["signed_date"], (where, t["deadline"], t["deadline_iso"])
            if t["deadline_span"]:
                ds, de = t["deadline_span"]
                assert 0 <= ds <= de <= len(text), where
                assert " ".join(t["deadline"].split()) in " ".join(text[ds:de].split()), (
                    where,
                    t["deadline"],
                )
    assert with_heading >= 14  # all but the 4 công văn (1 with V/v, 3 crawled headerless)


# --- rules fixed after reading the unseen documents (made-up sentences) ---


def test_thousands_separator_is_not_a_clause_end() -> None:
    s = "Hoàn thành cắt giảm 1.250 thủ tục hành chính trong năm 2026."
    (g,) = find_targets(s, 0, len(s))
    assert g.value == 1250 and "1.250" in s[g.span[0] : g.span[1]]


def test_baseline_year_is_not_the_target_year() -> None:
    s = "Năm 2027, giảm 40% chi phí tuân thủ so với năm 2023."
    (g,) = find_targets(s, 0, len(s))
    assert g.target_year == 2027 and g.baseline == "năm 2023"
    s2 = "Giảm 40% chi phí tuân thủ so với năm 2023."
    (g2,) = find_targets(s2, 0, len(s2))
    assert g2.target_year is None


def test_year_of_a_target_gives_a_printed_deadline(tmp_path: Path) -> None:
    body = (
        "CÔNG VĂN\nKính gửi: Sở Tài chính.\n"
        "1. Sở Tài chính chủ trì số hóa hồ sơ, phấn đấu đến năm 2027 đạt 90% hồ sơ được số hóa.\n"
        "2. Sở Tài chính chủ trì giảm 20% thời gian xử lý so với năm 2023.\n"
        "Nơi nhận:\n- Như trên.\n"
    )
    f = tmp_path / "cv.txt"
    f.write_text(body, encoding="utf-8")
    letter = extract(f)
    tasks = {t.number: t for t in letter.tasks}
    d1 = tasks["1"].deadline
    assert d1 is not None and d1.iso == "2027-12-31" and d1.text == "đến năm 2027"
    assert letter.text[d1.span[0] : d1.span[1]] == "đến năm 2027"
    assert tasks["2"].deadline is None  # a baseline year is not a deadline


@pytest.mark.parametrize(
    ("sentence", "unit"),
    [
        ("Giao Sở Tư pháp Khẩn trương hoàn thiện hồ sơ.", "Sở Tư pháp"),
        ("Giao Công an tỉnh Chỉ đạo công an cấp xã rà soát.", "Công an tỉnh"),
        ("Giao Sở Y tế Theo dõi, đôn đốc các xã.", "Sở Y tế"),
        ("Ban Chỉ đạo 123 chủ trì tổng hợp.", "Ban Chỉ đạo 123"),
        ("Giao Văn phòng Sở tổng hợp chung kết quả, báo cáo.", "Văn phòng Sở"),
    ],
)
def test_capitalised_verb_after_a_heading_unit_ends_the_name(sentence: str, unit: str) -> None:
    assert [u.text for u in find_responsible(sentence, 0, len(sentence))] == [unit]
