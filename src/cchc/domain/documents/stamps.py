"""Visible signature appearances of NĐ 30/2020 Phụ lục I: the signer's image (blue), the
organisation's seal (red, real size) and the text-only stamp for attachments and electronic copies.

Images are transparent PNGs (Pillow, which reportlab already depends on). Captions are drawn by
pyHanko with ``GlyphAccumulatorFactory(<ttf>)``: without an embedded TrueType font pyHanko falls back
to a standard-14 font and Vietnamese comes out as mojibake, silently.
"""

from __future__ import annotations

import logging
import math
from dataclasses import dataclass
from functools import cache

from PIL import Image, ImageDraw, ImageFont
from pyhanko.pdf_utils.font.opentype import GlyphAccumulatorFactory
from pyhanko.pdf_utils.images import PdfImage
from pyhanko.pdf_utils.layout import AxisAlignment, BoxConstraints, InnerScaling, Margins, SimpleBoxLayoutRule
from pyhanko.pdf_utils.text import TextBoxStyle
from pyhanko.stamp import TextStampStyle

from cchc.domain.documents.fonts import serif_family, stamp_family

MM = 72 / 25.4  # PDF points per millimetre
RED = (237, 28, 36)  # seal red
BLUE = (0, 51, 204)  # signature blue (Điều 13 k.6: blue ink)
DPI = 200  # enough for a seal (the digitisation standard asks ≥ 200 dpi) and cheap to embed

# Real seal size is set by the seal's registration (not by NĐ 30); 36 mm is common for a Sở.
DEFAULT_SEAL_MM = 36.0
SIGNATURE_IMAGE_MM = (50.0, 20.0)
CAPTION_SIZE = 7
CAPTION_LEADING = 9
CAPTION_HEIGHT = 2 * CAPTION_LEADING + 4
# "Ký bởi / Thời gian ký" is a signing-tool convention (not in NĐ 30), kept because readers expect it.
CAPTION = "Ký bởi: %(signer)s\nThời gian ký: %(vn_time)s"
TEXT_ONLY = "%(reference)s\n%(iso_time)s"

# fontTools logs "FFTM NOT subset" for every embedded subset: harmless, and it would drown CLI output.
logging.getLogger("fontTools.subset").setLevel(logging.ERROR)

Box = tuple[float, float, float, float]  # x1, y1, x2, y2 in PDF points, origin bottom-left


def int_box(box: Box) -> tuple[int, int, int, int]:
    """pyHanko's SigFieldSpec takes whole points; a sub-point shift does not matter on paper."""
    x1, y1, x2, y2 = (round(v) for v in box)
    return (x1, y1, x2, y2)


def _px(mm: float) -> int:
    return max(1, round(mm / 25.4 * DPI))


@cache
def _font(size_px: int, bold: bool = False, italic: bool = False) -> ImageFont.FreeTypeFont:
    fam = serif_family()
    path = {(False, False): fam.regular, (True, False): fam.bold, (False, True): fam.italic}.get(
        (bold, italic), fam.bold_italic
    )
    return ImageFont.truetype(str(path), size_px)


def _arc_text(img: Image.Image, text: str, radius: float, font: ImageFont.FreeTypeFont, top: bool) -> None:
    """Write ``text`` along a circle: on the top arc reading clockwise, on the bottom arc upright."""
    cx = cy = img.width / 2
    widths = [font.getlength(ch) * 1.08 for ch in text]
    span = sum(widths) / radius  # radians covered by the text
    theta = -span / 2 if top else math.pi + span / 2
    tile = int(font.size * 2.2)
    for ch, w in zip(text, widths, strict=True):
        step = w / radius
        mid = theta + step / 2 if top else theta - step / 2
        glyph = Image.new("RGBA", (tile, tile), (0, 0, 0, 0))
        ImageDraw.Draw(glyph).text((tile / 2, tile / 2), ch, font=font, fill=(*RED, 255), anchor="mm")
        angle = -math.degrees(mid) if top else 180 - math.degrees(mid)
        glyph = glyph.rotate(angle, resample=Image.Resampling.BICUBIC)
        x = cx + radius * math.sin(mid) - tile / 2
        y = cy - radius * math.cos(mid) - tile / 2
        img.alpha_composite(glyph, (round(x), round(y)))
        theta = theta + step if top else theta - step


def seal_image(organisation: str, locality: str = "", diameter_mm: float = DEFAULT_SEAL_MM) -> Image.Image:
    """A demo round seal: outer rings, the organisation along the top, the locality along the
    bottom, a star in the middle. Real seals are scanned PNGs supplied by the agency."""
    size = _px(diameter_mm)
    img = Image.new("RGBA", (size, size), (0, 0, 0, 0))
    draw = ImageDraw.Draw(img)
    line = max(2, size // 70)
    draw.ellipse([line, line, size - line, size - line], outline=(*RED, 255), width=2 * line)
    inner = size * 0.17
    draw.ellipse([inner, inner, size - inner, size - inner], outline=(*RED, 255), width=line)
    font = _font(max(8, round(size * 0.075)), bold=True)
    ring = size / 2 - line * 2 - font.size * 0.75
    _arc_text(img, organisation.upper(), ring, font, top=True)
    if locality:
        _arc_text(img, locality.upper(), ring, font, top=False)
    c, r = size / 2, size * 0.12  # five-pointed star
    pts = [
        (
            c + (r if k % 2 == 0 else r * 0.4) * math.sin(k * math.pi / 5),
            c - (r if k % 2 == 0 else r * 0.4) * math.cos(k * math.pi / 5),
        )
        for k in range(10)
    ]
    draw.polygon(pts, fill=(*RED, 255))
    return img


def signature_image(full_name: str, size_mm: tuple[float, float] = SIGNATURE_IMAGE_MM) -> Image.Image:
    """A demo handwritten-looking signature in blue: the last given name in italic plus a flourish."""
    w, h = _px(size_mm[0]), _px(size_mm[1])
    img = Image.new("RGBA", (w, h), (0, 0, 0, 0))
    draw = ImageDraw.Draw(img)
    word = full_name.split()[-1] if full_name.split() else full_name
    font = _font(round(h * 0.5), italic=True)
    draw.text((w / 2, h * 0.45), word, font=font, fill=(*BLUE, 255), anchor="mm")
    pts = [
        (w * (0.15 + 0.7 * t / 40), h * (0.78 - 0.12 * math.sin(t / 40 * math.pi * 1.5))) for t in range(41)
    ]
    draw.line(pts, fill=(*BLUE, 255), width=max(2, h // 40))
    return img


def _caption_style(
    size: int = CAPTION_SIZE, leading: int = CAPTION_LEADING, bold: bool = False
) -> TextBoxStyle:
    fam = stamp_family()
    return TextBoxStyle(
        font=GlyphAccumulatorFactory(str(fam.bold if bold else fam.regular), font_size=size),
        font_size=size,
        leading=leading,
    )


def _image_style(
    image: Image.Image, width_mm: float, height_mm: float, x_align: AxisAlignment
) -> TextStampStyle:
    background = PdfImage(image, box=BoxConstraints(width=width_mm * MM, height=height_mm * MM))
    return TextStampStyle(
        stamp_text=CAPTION,
        text_box_style=_caption_style(),
        border_width=0,
        background=background,
        background_opacity=1.0,
        # Image at the top at its real size (no scaling: a seal must print at its true diameter).
        background_layout=SimpleBoxLayoutRule(
            x_align=x_align,
            y_align=AxisAlignment.ALIGN_MAX,
            margins=Margins(),
            inner_content_scaling=InnerScaling.NO_SCALING,
        ),
        inner_content_layout=SimpleBoxLayoutRule(
            x_align=x_align,
            y_align=AxisAlignment.ALIGN_MIN,
            margins=Margins(),
            inner_content_scaling=InnerScaling.SHRINK_TO_FIT,
        ),
    )


def person_style(image: Image.Image, size_mm: tuple[float, float] = SIGNATURE_IMAGE_MM) -> TextStampStyle:
    """Ô 7c: the signer's image centred, caption under it."""
    return _image_style(image, size_mm[0], size_mm[1], AxisAlignment.ALIGN_MID)


def organisation_style(seal: Image.Image, diameter_mm: float = DEFAULT_SEAL_MM) -> TextStampStyle:
    """Ô 8: the seal at real size, right-aligned in its field so that :func:`seal_box` can make it
    cover the left third of the signer's image."""
    return _image_style(seal, diameter_mm, diameter_mm, AxisAlignment.ALIGN_MAX)


def text_only_style() -> TextStampStyle:
    """Phụ lục I mục 3.2: attachments and electronic copies — no image; số/ký hiệu and ISO 8601
    time, Times New Roman 10, black, upright."""
    return TextStampStyle(
        stamp_text=TEXT_ONLY,
        text_box_style=_caption_style(size=10, leading=12),
        border_width=0,
        inner_content_layout=SimpleBoxLayoutRule(
            x_align=AxisAlignment.ALIGN_MAX,
            y_align=AxisAlignment.ALIGN_MAX,
            margins=Margins(),
            inner_content_scaling=InnerScaling.SHRINK_TO_FIT,
        ),
    )


@dataclass(frozen=True)
class SignatureBoxes:
    """Where the signer's field and the organisation's field go on the page."""

    person: Box
    organisation: Box


def person_box(center_x: float, image_top: float, size_mm: tuple[float, float] = SIGNATURE_IMAGE_MM) -> Box:
    """Field for the signer: image centred on ``center_x`` (the chức vụ/họ tên column), caption below."""
    width = max(size_mm[0] * MM, 62 * MM)
    bottom = image_top - size_mm[1] * MM - CAPTION_HEIGHT
    return (center_x - width / 2, bottom, center_x + width / 2, image_top)


def seal_box(
    person: Box, image_size_mm: tuple[float, float] = SIGNATURE_IMAGE_MM, diameter_mm: float = DEFAULT_SEAL_MM
) -> Box:
    """Field for the seal: its right edge at one third of the signer's image, vertically centred on it.

    NĐ 30 Phụ lục I ô 8: the seal image "trùm lên khoảng 1/3 hình ảnh chữ ký của người có thẩm quyền
    về bên trái".
    """
    px1, _py1, px2, py2 = person
    image_w, image_h = image_size_mm[0] * MM, image_size_mm[1] * MM
    image_left = (px1 + px2) / 2 - image_w / 2
    right = image_left + image_w / 3
    seal = diameter_mm * MM
    top = py2 - image_h / 2 + seal / 2
    width = max(seal, 62 * MM)  # wide enough for the caption
    return (right - width, top - seal - CAPTION_HEIGHT, right, top)


def text_only_box(page_width: float, page_height: float) -> Box:
    """Top-right corner of page 1, inside the right (15–20 mm) and top (20–25 mm) margins' area."""
    return (page_width - 15 * MM - 75 * MM, page_height - 18 * MM, page_width - 15 * MM, page_height - 6 * MM)
