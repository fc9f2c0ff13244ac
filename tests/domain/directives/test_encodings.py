"""Every dev text converted to every encoding a Vietnamese office meets gives the same extraction as UTF-8;
an 8-bit file is told apart by its content (Windows-1258 is not read as TCVN3), and an unsure choice is said."""

from __future__ import annotations

from pathlib import Path

import pytest

from cchc.domain.directives import DirectiveInputError, extract
from cchc.domain.directives.encoding import decode_8bit
from cchc.domain.directives.legacy import unicode_to_cp1258, unicode_to_tcvn3, unicode_to_vni
from cchc.domain.directives.reader import read_bytes

ENCODERS = {
    "utf-8": lambda t: t.encode("utf-8"),
    "utf-8-bom": lambda t: t.encode("utf-8-sig"),
    "utf-16": lambda t: t.encode("utf-16"),
    "utf-16-be": lambda t: b"\xfe\xff" + t.encode("utf-16-be"),
    "cp1258": unicode_to_cp1258,
    "vni": lambda t: unicode_to_vni(t).encode("cp1252"),
}


def _key(letter) -> dict:
    d = letter.to_dict()
    return {
        "meta": [d[k] for k in ("doc_type", "doc_number", "signed_date", "issuer", "subject")],
        "tasks": [
            (t["number"], t["summary"], t["responsible_units"], t["coordinating_units"], t["deadline_iso"],
             t["recurring"], [(g["comparator"], g["value"], g["unit"]) for g in t["targets"]])
            for t in d["tasks"]
        ],
    }  # fmt: skip


def _dev_texts(shared_dir: Path) -> list[Path]:
    return sorted((shared_dir / "realdata" / "docs").glob("*.txt")) + sorted(
        (shared_dir / "seed").glob("*.txt")
    )


@pytest.mark.parametrize("encoding", sorted(ENCODERS))
def test_each_dev_document_in_each_encoding_reads_as_utf8(shared_dir: Path, encoding: str) -> None:
    for path in _dev_texts(shared_dir):
        text = _writable(path.read_text(encoding="utf-8"), encoding)
        want = _key(extract(text))
        got = _key(extract(read_bytes(ENCODERS[encoding](text), name=path.name)))
        assert got == want, (encoding, path.name)


def _writable(text: str, encoding: str) -> str:
    """The text with the few symbols an 8-bit encoding cannot hold ("≥", "…") replaced by "?", as a file
    saved in it would have them; the UTF-8 reference is read from the same text."""
    if encoding not in {"cp1258", "vni", "tcvn3"}:
        return text
    out = []
    for c in text:
        try:
            (unicode_to_vni(c).encode("cp1252") if encoding != "cp1258" else unicode_to_cp1258(c))
            out.append(c)
        except UnicodeEncodeError:
            out.append("?")
    return "".join(out)


def test_tcvn3_dev_documents_read_as_utf8(shared_dir: Path) -> None:
    """TCVN3 (ABC) has no capital accented letters: headings set in ".VnTimeH" are stored with the small letters'
    codes ("KÕ HO¹CH"). Capitals are restored from the line around them; the extraction is the UTF-8 one."""
    for path in _dev_texts(shared_dir):
        text = _writable(path.read_text(encoding="utf-8"), "tcvn3")
        want = _key(extract(text))
        data = unicode_to_tcvn3(text).encode("cp1252")
        assert _key(extract(read_bytes(data, name=path.name))) == want, path.name


def test_windows_1258_is_not_read_as_tcvn3() -> None:
    text = (
        "Sở Văn hóa, Thể thao và Du lịch đẩy mạnh cải cách thủ tục hành chính của các đơn vị trong năm 2026."
    )
    decoded, encoding = decode_8bit(unicode_to_cp1258(text * 3))
    assert encoding == "cp1258" and text in decoded


def test_unsure_encoding_is_said_not_guessed() -> None:
    # a few accented words only, readable neither way: the reader says it cannot tell
    with pytest.raises(DirectiveInputError, match="Không xác định chắc chắn bảng mã"):
        read_bytes(
            b"Report 2026: data \xe0 \xf5\xe0 list of items and numbers 12 34 56 \xe9\xe8 ok " * 3,
            name="x.txt",
        )
