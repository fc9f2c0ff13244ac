"""The "Số: …" line as a form field, so the văn thư can give the number after the leader has signed.

NĐ 30/2020 Điều 15: the number is given at issue, after the signature. On paper the văn thư writes it
in the blank; on an e-document every byte the leader signed is fixed. So before the leader signs we put
a read-only text field over the "Số:      /SVHTTDL-VP" line, and at issue we *fill* that field in an
incremental update. Filling a form field is the FORM_FILLING modification level, which PAdES validators
(pyHanko's diff analysis, Adobe) accept after a signature; drawing on the page would not be.
"""

from __future__ import annotations

import io

from pyhanko.pdf_utils import generic
from pyhanko.pdf_utils.font.opentype import GlyphAccumulatorFactory
from pyhanko.pdf_utils.generic import pdf_name, pdf_string
from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
from pyhanko.pdf_utils.layout import AxisAlignment, BoxConstraints, InnerScaling, Margins, SimpleBoxLayoutRule
from pyhanko.pdf_utils.text import TextBoxStyle
from pyhanko.stamp import TextStamp, TextStampStyle
from pypdf import PdfReader

from cchc.domain.documents.fonts import stamp_family

FIELD_NUMBER = "SoKyHieu"
NUMBER_SIZE = 13  # ô 3: "Số" size 13


class _CoveringStamp(TextStamp):
    """A text appearance on an opaque white background, hiding the blank line printed under it."""

    def render(self) -> bytes:
        cover = b"q 1 1 1 rg 0 0 %g %g re f Q " % (self.box.width, self.box.height)
        return cover + super().render()


def _number_rect(data: bytes) -> tuple[float, float, float, float]:
    """Where the "Số:" line is on page 1: from the left column to the start of the right one."""
    found: dict[str, tuple[float, float]] = {}

    def visit(text: str, cm: list[float], tm: list[float], _fd: object, _fs: object) -> None:
        y = cm[5] + tm[5]
        if text.startswith("Số:") and "number" not in found:
            found["number"] = (cm[4], y)
        elif text.startswith("CỘNG HÒA") and "right" not in found:
            found["right"] = (cm[4], y)

    PdfReader(io.BytesIO(data)).pages[0].extract_text(visitor_text=visit)
    if "number" not in found:
        raise ValueError("không tìm thấy dòng “Số:” trên trang 1")
    left, baseline = found["number"]
    right = found.get("right", (left + 200, 0))[0] - 4
    return (left, baseline - 4, right, baseline + NUMBER_SIZE + 1)


def add_number_field(data: bytes) -> bytes:
    """Add the empty number field to an unsigned draft PDF."""
    writer = IncrementalPdfFileWriter(io.BytesIO(data))
    page = writer.root["/Pages"]["/Kids"][0].get_object()
    widget = generic.DictionaryObject({
        pdf_name("/FT"): pdf_name("/Tx"),
        pdf_name("/T"): pdf_string(FIELD_NUMBER),
        pdf_name("/Type"): pdf_name("/Annot"),
        pdf_name("/Subtype"): pdf_name("/Widget"),
        pdf_name("/Rect"): generic.ArrayObject([generic.FloatObject(v) for v in _number_rect(data)]),
        pdf_name("/F"): generic.NumberObject(4),  # print
        pdf_name("/Ff"): generic.NumberObject(1),  # read-only: readers must not type a number in
    })  # fmt: skip
    # No /P back-pointer: pyHanko's diff analysis refuses later signatures when a widget gives a
    # second path to the signature fields (found while building; see tests).
    ref = writer.add_object(widget)
    if "/Annots" in page:
        page["/Annots"].append(ref)
        writer.update_container(page["/Annots"])
    else:
        page["/Annots"] = generic.ArrayObject([ref])
        writer.update_container(page)
    writer.root["/AcroForm"]["/Fields"].append(ref)
    writer.update_container(writer.root["/AcroForm"]["/Fields"])
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def fill_number_field(data: bytes, number_line: str) -> bytes:
    """Fill the number field (incremental update, FORM_FILLING level) with e.g. "Số: 1037/SVHTTDL-VP"."""
    writer = IncrementalPdfFileWriter(io.BytesIO(data))
    field = None
    for ref in writer.root["/AcroForm"]["/Fields"]:
        candidate = ref.get_object()
        if candidate.get("/T") == FIELD_NUMBER:
            field = candidate
            break
    if field is None:
        raise ValueError("tệp PDF không có trường số văn bản")
    rect = [float(v) for v in field["/Rect"]]
    font = str(stamp_family().regular)  # Noto Serif: Liberation Serif breaks glyph widths in pyHanko
    style = TextStampStyle(
        stamp_text="%(line)s",
        text_box_style=TextBoxStyle(
            font=GlyphAccumulatorFactory(font, font_size=NUMBER_SIZE), font_size=NUMBER_SIZE, leading=NUMBER_SIZE,
            box_layout_rule=SimpleBoxLayoutRule(x_align=AxisAlignment.ALIGN_MID, y_align=AxisAlignment.ALIGN_MID, margins=Margins()),
        ),
        border_width=0,
        inner_content_layout=SimpleBoxLayoutRule(
            x_align=AxisAlignment.ALIGN_MID, y_align=AxisAlignment.ALIGN_MID, margins=Margins(),
            inner_content_scaling=InnerScaling.NO_SCALING  # keep size 13 (ô 3); the line always fits,
        ),
    )  # fmt: skip
    stamp = _CoveringStamp(
        writer,
        style,
        text_params={"line": number_line},
        box=BoxConstraints(rect[2] - rect[0], rect[3] - rect[1]),
    )
    field["/V"] = pdf_string(number_line)
    field["/AP"] = generic.DictionaryObject({pdf_name("/N"): writer.add_object(stamp.as_form_xobject())})
    writer.update_container(field)
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()
