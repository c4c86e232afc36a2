"""Print loyalty card numbers as barcoded cards to a PDF file.

`render_cards_pdf` draws every card of a batch on a single card page (``card``) or on
sheets (``a4``, ``letter``) laid out by ``resources/card_layouts.json``:

* bars are vector rectangles (one per bar, in module units under a scaling transform),
  never raster images, with their quiet zones kept clear;
* what every card shares (border, logo, store name, tagline) is a Form XObject drawn once
  and placed on each card, so the logo is embedded once per file;
* the file appears atomically: it is written to a temporary file next to the target and
  moved over it with `os.replace`; on cancel or on any error nothing is left behind.
"""

from __future__ import annotations

import logging
import os
import secrets
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, replace
from functools import lru_cache
from pathlib import Path
from typing import BinaryIO

from reportlab.lib.utils import ImageReader
from reportlab.pdfbase.pdfmetrics import registerFont, stringWidth
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.pdfgen.canvas import Canvas

from .barcodes import Symbol, encode
from .layout import CAP_HEIGHT, DESCENT, MM, ResolvedLayout, get_layout, pages_needed

log = logging.getLogger(__name__)

PROGRESS_EVERY = 100
_CARD_FORM = "pos_loyalty_card"
_SHEET_FORM = "pos_loyalty_sheet"
MIN_STORE_NAME_PT = 6.0
# The 14 standard PDF fonts only print Latin-1/cp1252 text; other scripts (Cyrillic, Greek...)
# fall back to an embedded DejaVu Sans when the system has it.
_UNICODE_FONT_DIRS = (Path("/usr/share/fonts/truetype/dejavu"), Path("/usr/share/fonts/dejavu"),
                      Path("/Library/Fonts"), Path("C:/Windows/Fonts"))


class PrintCancelled(Exception):
    """The user cancelled printing; no file was written."""


@dataclass(frozen=True)
class PrintResult:
    path: Path
    cards: int
    pages: int
    layout: str


def card_boxes(layout: str, count: int) -> list[tuple[int, float, float, float, float]]:
    """Where each of `count` cards goes: ``(page_index, x, y, w, h)`` in PDF points.

    Origin is the bottom-left corner of the page (y up), as in the PDF; cards are listed in
    reading order (page, then row from the top, then column from the left).
    """
    spec = get_layout(layout)
    if count < 0:
        raise ValueError(f"count must not be negative, got {count}")
    per_page = spec.per_page
    w, h = spec.card_width, spec.card_height
    return [
        (i // per_page, *spec.slots[i % per_page], w, h)
        for i in range(count)
    ]


# --------------------------------------------------------------------------- symbols


@lru_cache(maxsize=32768)
def _symbol(number: str) -> Symbol:
    return encode(number)


@lru_cache(maxsize=32768)
def _bars_ops(symbol: Symbol) -> str:
    """PDF path operators of the bars in module units (x in modules, height 1)."""
    q = symbol.quiet_left
    return " ".join(f"{q + start} 0 {width} 1 re" for start, width in symbol.bars)


def _module_width(spec: ResolvedLayout, symbol: Symbol) -> float:
    box_w = spec.barcode_box[2]
    module = min(spec.max_module, box_w / symbol.total_modules)
    if module < spec.min_module - 1e-9:
        raise ValueError(
            f"card number {symbol.number!r} is too long to print legibly in the barcode box "
            f"({symbol.total_modules} modules would be {module / MM:.3f} mm each; "
            f"the layout's min_module_mm is {spec.min_module / MM:g})"
        )
    return module


# --------------------------------------------------------------------------- output file


def _prepare_target(out_path: Path | str) -> tuple[Path, Path, int]:
    """Check the target folder and create the temporary file; (target, temp, fd)."""
    out = Path(out_path)
    if not out.name or str(out_path).endswith(os.sep):
        raise ValueError(f"output path {str(out_path)!r} names a folder, not a PDF file")
    out = out.absolute()
    folder = out.parent
    if not folder.exists():
        raise FileNotFoundError(2, f"the folder for the PDF does not exist: {folder}", str(folder))
    if not folder.is_dir():
        raise NotADirectoryError(20, f"the folder for the PDF is not a folder: {folder}", str(folder))
    if out.is_dir():
        raise IsADirectoryError(21, f"the output path is a folder, not a file: {out}", str(out))
    temp = folder / f".{out.name}.{secrets.token_hex(6)}.tmp"
    try:
        fd = os.open(temp, os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_BINARY", 0), 0o666)
    except OSError as exc:
        raise type(exc)(exc.errno, f"cannot write the PDF in {folder}: {exc.strerror}", str(folder)) from None
    return out, temp, fd


@contextmanager
def written_whole(out_path: Path | str) -> Iterator[tuple[Path, BinaryIO]]:
    """A PDF written whole or not at all: the caller writes into the stream; the file appears at
    `out_path` (fsync'd, then renamed) only when the block ends without an exception, which
    leaves no file behind."""
    out, temp, fd = _prepare_target(out_path)
    stream = os.fdopen(fd, "wb")
    try:
        yield out, stream
        stream.flush()
        os.fsync(stream.fileno())
        stream.close()
        os.replace(temp, out)
    except BaseException:
        stream.close()
        try:
            os.unlink(temp)
        except FileNotFoundError:
            pass
        raise


# --------------------------------------------------------------------------- drawing


def _fit_text(text: str, font: str, size: float, max_width: float) -> tuple[str, float]:
    """Shrink the font (down to 6 pt), then shorten with an ellipsis, so `text` fits."""
    while size > MIN_STORE_NAME_PT and stringWidth(text, font, size) > max_width:
        size = max(MIN_STORE_NAME_PT, size - 0.5)
    if stringWidth(text, font, size) > max_width:
        while text and stringWidth(text + "…", font, size) > max_width:
            text = text[:-1]
        text = text.rstrip() + "…"
    return text, size


def _font_for(text: str, font: str, what: str) -> str:
    """`font` if it can print `text`, else an embedded Unicode font; ValueError if none can."""
    try:
        text.encode("cp1252")
        return font
    except UnicodeEncodeError:
        pass
    bold = "Bold" in font
    file_name = "DejaVuSans-Bold.ttf" if bold else "DejaVuSans.ttf"
    name = "pos_loyalty-" + file_name.removesuffix(".ttf")
    for folder in _UNICODE_FONT_DIRS:
        path = folder / file_name
        if path.is_file():
            ttf = TTFont(name, str(path))
            missing = sorted({ch for ch in text if ord(ch) not in ttf.face.charToGlyph and not ch.isspace()})
            if missing:
                break
            registerFont(ttf)
            return name
    else:
        missing = sorted({ch for ch in text if ch.encode("cp1252", "replace") == b"?"})
    raise ValueError(f"{what} {text!r} has characters no available font can print: {''.join(missing)}")


def _define_card_form(c: Canvas, spec: ResolvedLayout, store_name: str, logo: ImageReader | None) -> None:
    c.beginForm(_CARD_FORM, 0, 0, spec.card_width, spec.card_height)
    if spec.border_width > 0:
        c.setLineWidth(spec.border_width)
        c.setStrokeGray(spec.border_gray)
        inset = spec.border_width / 2
        c.roundRect(inset, inset, spec.card_width - 2 * inset, spec.card_height - 2 * inset,
                    spec.corner_radius, stroke=1, fill=0)
    if logo is not None and spec.logo_box is not None:
        x, y, w, h = spec.logo_box
        c.drawImage(logo, x, y, w, h, preserveAspectRatio=True, anchor="c", mask="auto")
    for box, text in ((spec.store_name, store_name), (spec.tagline, spec.tagline.text if spec.tagline else "")):
        if box is None or not text.strip():
            continue
        font = _font_for(text, box.font, "store name")
        fitted, size = _fit_text(text.strip(), font, box.size, box.max_width)
        c.setFillGray(box.gray)
        c.setFont(font, size)
        c.drawString(box.x, box.y, fitted)
    c.endForm()


def _define_sheet_form(c: Canvas, spec: ResolvedLayout) -> bool:
    if not spec.cut_marks:
        return False
    c.beginForm(_SHEET_FORM, 0, 0, spec.page_width, spec.page_height)
    c.setLineWidth(0.5)
    c.setStrokeGray(0)
    path = c.beginPath()
    for x1, y1, x2, y2 in spec.cut_marks:
        path.moveTo(x1, y1)
        path.lineTo(x2, y2)
    c.drawPath(path, stroke=1, fill=0)
    c.endForm()
    return True


def _load_logo(logo_path: Path | str | None) -> ImageReader | None:
    if logo_path is None:
        return None
    path = Path(logo_path)
    if not path.is_file():
        log.warning("logo %s not found; printing cards without a logo", path)
        return None
    try:
        reader = ImageReader(str(path))
        reader.getSize()
    except Exception as exc:  # reportlab/Pillow raise many kinds for a bad image
        raise ValueError(f"the logo {path} is not a readable image: {exc}") from None
    return reader


def render_cards_pdf(
    numbers: Sequence[str],
    out_path: Path | str,
    *,
    layout: str = "a4",
    store_name: str = "",
    logo_path: Path | None = None,
    tagline: str | None = None,
    progress: Callable[[int, int], None] | None = None,
    should_cancel: Callable[[], bool] | None = None,
    layouts_file: Path | str | None = None,
) -> PrintResult:
    """Render one card per number into the PDF `out_path` (written atomically).

    Raises ValueError for no numbers, an unknown layout, a number that cannot be printed
    (e.g. 13 digits without a valid EAN-13 check digit) or a bad layout file; OSError naming
    the folder when the PDF cannot be written there; PrintCancelled when `should_cancel`
    returns true. In every one of these cases no file is left at `out_path`.
    `tagline` replaces the layout's line under the store's name ("LOYALTY CARD"): the store's
    own words or the app's language; the layout keeps its place and font.
    """
    if isinstance(numbers, (str, bytes)):
        raise ValueError("numbers must be a sequence of card numbers, not a single string")
    numbers = list(numbers)
    if not numbers:
        raise ValueError("no card numbers to print")
    spec = get_layout(layout, layouts_file)
    total = len(numbers)
    pages = pages_needed(spec, total)
    logo = _load_logo(logo_path)
    if tagline is not None and spec.tagline is not None:
        spec = replace(spec, tagline=replace(spec.tagline, text=tagline))
    if store_name.strip():
        _font_for(store_name, spec.store_name.font, "store name")  # fail before any file
    if spec.tagline is not None and spec.tagline.text.strip():
        _font_for(spec.tagline.text, spec.tagline.font, "store name")

    with written_whole(out_path) as (out, stream):
        symbols = [_symbol(n) for n in numbers]
        for symbol in symbols:
            _module_width(spec, symbol)
        _draw(stream, spec, symbols, store_name, logo, progress, should_cancel)
    if progress is not None:
        progress(total, total)
    return PrintResult(path=out, cards=total, pages=pages, layout=layout)


def _draw(
    stream,
    spec: ResolvedLayout,
    symbols: list[Symbol],
    store_name: str,
    logo: ImageReader | None,
    progress: Callable[[int, int], None] | None,
    should_cancel: Callable[[], bool] | None,
) -> None:
    c = Canvas(stream, pagesize=(spec.page_width, spec.page_height),
               pageCompression=1 if spec.page_compression else 0)
    c.setTitle(f"{store_name} loyalty cards".strip())
    c.setCreator("pos_loyalty")
    _define_card_form(c, spec, store_name, logo)
    has_sheet = _define_sheet_form(c, spec)

    bx, by, bw, bh = spec.barcode_box
    font, size = spec.number_font, spec.number_size
    text_y = by + size * DESCENT  # baseline of the number
    bars_y = text_y + size * CAP_HEIGHT + spec.number_gap
    bars_h = by + bh - bars_y
    centre_x = bx + bw / 2
    per_page = spec.per_page
    slots = spec.slots
    total = len(symbols)
    module_of: dict[int, float] = {}  # module width by total modules (few distinct values)

    for index, symbol in enumerate(symbols):
        slot = index % per_page
        if slot == 0:
            if index:
                c.showPage()
            if has_sheet:
                c.doForm(_SHEET_FORM)
            c.setFont(font, size)
            c.setFillGray(0)
        if should_cancel is not None and should_cancel():
            raise PrintCancelled(f"printing cancelled after {index} of {total} cards")
        x, y = slots[slot]
        module = module_of.get(symbol.total_modules)
        if module is None:
            module = module_of[symbol.total_modules] = _module_width(spec, symbol)
        left = x + centre_x - symbol.total_modules * module / 2
        # the shared card face, then the bars: a scaling transform makes one unit one
        # module wide and the bars tall, so each bar is "start 0 width 1 re".
        c.addLiteral(f"q 1 0 0 1 {x:.3f} {y:.3f} cm")
        c.doForm(_CARD_FORM)
        c.addLiteral(
            f"Q q {module:.5f} 0 0 {bars_h:.3f} {left:.3f} {y + bars_y:.3f} cm {_bars_ops(symbol)} f Q"
        )
        # centred under the bars themselves (EAN-13 quiet zones are 11 left / 7 right)
        c.drawCentredString(left + (symbol.quiet_left + symbol.modules / 2) * module, y + text_y, symbol.number)
        done = index + 1
        if progress is not None and done % PROGRESS_EVERY == 0 and done != total:
            progress(done, total)
    c.showPage()
    c.save()
