"""The loyalty slip as a PDF on an 80 mm roll: the same rows as the thermal printer prints
(`domain.slip.slip_rows`), drawn with proportional fonts — labels left, figures right — on a page
as long as the slip. For a till without a receipt printer, or to e-mail or archive a slip.

Written whole or not at all (`cards_pdf.written_whole`), like the coupon slip beside it.
"""

from __future__ import annotations

from pathlib import Path

from reportlab.lib.utils import simpleSplit
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.pdfgen.canvas import Canvas

from ..domain.slip import LoyaltySlip, Row, slip_rows
from .cards_pdf import _fit_text, _font_for, written_whole
from .layout import MM

WIDTH = 80 * MM
MARGIN = 5 * MM
TEXT = WIDTH - 2 * MARGIN
SIZES = {"title": 14.0, "centre": 10.0, "pair": 9.0, "text": 9.0, "rule": 9.0}
LEADING = 1.35


def _lines(row: Row) -> list[tuple[str, str, str, float]]:
    """(kind, left, right, size) lines of one row, wrapped to the paper's width."""
    size = SIZES[row.kind]
    if row.kind == "rule":
        return [("rule", "", "", size * 0.8)]
    if row.kind == "pair":
        left_font, right_font = _font_for(row.text, "Helvetica", "text"), _font_for(row.value, "Helvetica-Bold", "text")
        if stringWidth(row.text, left_font, size) + 6 + stringWidth(row.value, right_font, size) <= TEXT:
            return [("pair", row.text, row.value, size)]
        return [("pair", row.text, "", size), *(("pair", "", part, size) for part in simpleSplit(row.value, right_font, size, TEXT))]
    font = _font_for(row.text, "Helvetica-Bold" if row.kind == "title" else "Helvetica", "text")
    if row.kind == "title":
        return [("title", row.text, "", size)]
    indent = "    " if row.text.startswith("  ") else ""
    parts = simpleSplit(row.text.strip(), font, size, TEXT - stringWidth(indent, font, size))
    return [(row.kind, indent + part, "", size) for part in parts or [""]]


def render_slip_pdf(slip: LoyaltySlip, out_path: Path | str) -> Path:
    """Write the slip to the PDF `out_path`; ValueError if a text cannot be printed (before any
    file), OSError if the file cannot be written (and then no file is left behind)."""
    lines = [line for row in slip_rows(slip) for line in _lines(row)]
    height = 2 * MARGIN + sum(size * LEADING for *_rest, size in lines)
    with written_whole(out_path) as (out, stream):
        c = Canvas(stream, pagesize=(WIDTH, height), pageCompression=1)
        c.setTitle(f"Loyalty slip {slip.order_id}")
        y = height - MARGIN
        for kind, left, right, size in lines:
            y -= size * LEADING
            if kind == "rule":
                c.setLineWidth(0.5)
                c.setDash(2, 2)
                c.line(MARGIN, y + size * 0.5, WIDTH - MARGIN, y + size * 0.5)
                continue
            if kind in ("title", "centre"):
                font = _font_for(left, "Helvetica-Bold" if kind == "title" else "Helvetica", "text")
                text, fitted = _fit_text(left, font, size, TEXT)
                c.setFont(font, fitted)
                c.drawCentredString(WIDTH / 2, y, text)
                continue
            if left:
                c.setFont(_font_for(left, "Helvetica", "text"), size)
                c.drawString(MARGIN, y, left)
            if right:
                c.setFont(_font_for(right, "Helvetica-Bold", "text"), size)
                c.drawRightString(WIDTH - MARGIN, y, right)
        c.showPage()
        c.save()
    return out
