"""A coupon on a receipt-width slip (80 mm): what the till hands over when the customer is not
told by e-mail — the store's name, the reward, the coupon's code as a Code128 barcode the till
scans back, the code in letters under it, and until when it is valid.

Bars are vector rectangles (printing/barcodes.py) with their quiet zones; the file appears
atomically (a temporary file moved over the target), as the cards' PDF does.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from reportlab.pdfgen.canvas import Canvas

from .barcodes import encode
from .cards_pdf import _fit_text, _font_for, written_whole
from .layout import MM

WIDTH = 80 * MM  # receipt paper
HEIGHT = 92 * MM
MARGIN = 5 * MM  # receipt printers leave about 4 mm unprinted at each side
MAX_MODULE = 0.4 * MM
MIN_MODULE = 0.25 * MM  # narrower bars than this do not scan from a thermal print
BAR_HEIGHT = 18 * MM


@dataclass(frozen=True)
class CouponSlipWords:
    """The coupon slip's own words: English (the command line's) unless the desktop app passes
    its language's (ui/programme_texts.py). The date in `valid_until` comes written by
    `formats.date_text`, in the app's order."""

    title: str = "Coupon {code}"  # the PDF's title
    coupon: str = "Coupon"  # at the top when the store has no name
    your_coupon: str = "Your coupon"
    for_customer: str = "for {customer}"
    valid_until: str = "Valid until {date}"
    no_expiry: str = "No expiry date"
    note: str = "Show this slip at the till. One use."


ENGLISH = CouponSlipWords()


@dataclass(frozen=True)
class Slip:
    store_name: str
    reward_name: str
    code: str
    expires: str  # as people read it (formats.date_text), empty: never
    customer_name: str = ""


def _centred(c: Canvas, text: str, font: str, size: float, y: float) -> None:
    font = _font_for(text, font, "text")
    text, size = _fit_text(text, font, size, WIDTH - 2 * MARGIN)
    c.setFont(font, size)
    c.drawCentredString(WIDTH / 2, y, text)


def render_coupon_slip(slip: Slip, out_path: Path | str, words: CouponSlipWords = ENGLISH) -> Path:
    """Write the slip to the PDF `out_path` in `words`; ValueError if the code cannot be a barcode or a
    text cannot be printed, OSError naming the folder if the file cannot be written — and then
    no file is left behind."""
    symbol = encode(slip.code)
    module = min(MAX_MODULE, (WIDTH - 2 * MARGIN) / symbol.total_modules)
    if module < MIN_MODULE:
        raise ValueError(f"coupon code {slip.code!r} is too long for a barcode on an 80 mm slip")
    for text, font in ((slip.store_name, "Helvetica-Bold"), (slip.reward_name, "Helvetica-Bold"), (slip.customer_name, "Helvetica")):
        if text:
            _font_for(text, font, "text")  # fail before any file
    with written_whole(out_path) as (out, stream):
        c = Canvas(stream, pagesize=(WIDTH, HEIGHT), pageCompression=1)
        c.setTitle(words.title.format(code=slip.code))
        y = HEIGHT - MARGIN - 12
        _centred(c, slip.store_name or words.coupon, "Helvetica-Bold", 14, y)
        y -= 10 * MM
        _centred(c, words.your_coupon, "Helvetica", 10, y)
        y -= 8 * MM
        _centred(c, slip.reward_name, "Helvetica-Bold", 16, y)
        if slip.customer_name:
            y -= 7 * MM
            _centred(c, words.for_customer.format(customer=slip.customer_name), "Helvetica", 10, y)
        y -= 6 * MM + BAR_HEIGHT
        left = (WIDTH - symbol.total_modules * module) / 2
        c.saveState()
        c.translate(left, y)
        c.scale(module, BAR_HEIGHT)
        path = c.beginPath()
        for start, width in symbol.bars:
            path.rect(symbol.quiet_left + start, 0, width, 1)
        c.drawPath(path, stroke=0, fill=1)
        c.restoreState()
        y -= 6 * MM
        c.setFont("Courier-Bold", 14)
        c.drawCentredString(WIDTH / 2, y, slip.code)
        y -= 9 * MM
        _centred(c, words.valid_until.format(date=slip.expires) if slip.expires else words.no_expiry, "Helvetica", 10, y)
        y -= 6 * MM
        _centred(c, words.note, "Helvetica", 8, y)
        c.showPage()
        c.save()
    return out
