"""Scanned letters made at test time from the dev texts in ../shared (nothing copied into the project): each
page rendered in a serif font at 150–200 dpi, in grey, rotated by up to 1° and blurred, saved as an image PDF."""

from __future__ import annotations

import io

from PIL import Image, ImageDraw, ImageFilter, ImageFont

FONT = "/usr/share/fonts/truetype/noto/NotoSerif-Regular.ttf"


def scan_pdf(text: str, *, dpi: int = 200, angle: float = 0.7, blur: float = 0.6) -> bytes:
    width, height = int(8.27 * dpi), int(11.69 * dpi)  # A4
    font = ImageFont.truetype(FONT, int(12 / 72 * dpi))
    line_h = int(font.size * 1.45)
    margin = int(0.8 * dpi)
    usable = width - 2 * margin
    lines: list[str] = []
    for raw in text.splitlines():
        words, cur = raw.rstrip().split(" "), ""
        for w in words:  # wrap at the page width, as a printed page does
            trial = f"{cur} {w}" if cur else w
            if cur and font.getlength(trial) > usable:
                lines.append(cur)
                cur = w
            else:
                cur = trial
        lines.append(cur)
    pages: list[Image.Image] = []
    page: Image.Image | None = None
    draw: ImageDraw.ImageDraw | None = None
    y = margin
    for line in lines:
        if page is None or y + line_h > height - margin:
            if page is not None:
                pages.append(page)
            page = Image.new("L", (width, height), 255)
            draw = ImageDraw.Draw(page)
            y = margin
        assert draw is not None
        draw.text((margin, y), line, font=font, fill=35)
        y += line_h
    assert page is not None
    pages.append(page)
    scanned = [
        p.rotate(angle, resample=Image.BICUBIC, fillcolor=255).filter(ImageFilter.GaussianBlur(blur))
        for p in pages
    ]
    buf = io.BytesIO()
    scanned[0].save(buf, "PDF", resolution=dpi, save_all=True, append_images=scanned[1:])
    return buf.getvalue()
