"""Printing barcoded loyalty cards: scan the printed PDF back, check geometry and safety.

The scanning tests rasterise the PDF with poppler's pdftoppm at 300 dpi and decode every
barcode with pyzbar (libzbar0). They skip when those tools are missing on a developer's
machine, but never in CI (env var CI set): there they must run.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from pos_loyalty.printing.barcodes import encode, ean13_check_digit
from pos_loyalty.printing.cards_pdf import PrintCancelled, PrintResult, card_boxes, render_cards_pdf
from pos_loyalty.domain.card_numbers import luhn_check_digit
from pos_loyalty.printing.layout import LayoutError, get_layout, load_layouts
from pos_loyalty.resources import resource_path

MM = 72 / 25.4
A4 = (595.28, 841.89)
LETTER = (612.0, 792.0)
CR80 = (242.65, 153.01)
SAFE_MARGIN = 6 * MM
LETTER_MARGIN = 4.2 * MM  # 1/6 inch: what office printers leave unprinted
DPI = 300
LOGO = resource_path("logo.png")


def _missing_tools() -> list[str]:
    missing = [tool for tool in ("pdftoppm", "pdfinfo", "pdftotext") if shutil.which(tool) is None]
    try:
        import pyzbar.pyzbar  # noqa: F401  (loads libzbar)
    except (ImportError, OSError):
        missing.append("pyzbar/libzbar0")
    return missing


MISSING = _missing_tools()
needs_tools = pytest.mark.skipif(
    bool(MISSING) and not os.environ.get("CI"),
    reason=f"needs {', '.join(MISSING)} (apt-get install poppler-utils libzbar0); never skipped in CI",
)


# --------------------------------------------------------------------------- helpers


def luhn_number(i: int) -> str:
    body = f"{70000000000 + i * 104729:011d}"
    total = 0
    for k, ch in enumerate(reversed(body)):
        d = int(ch) * (2 if k % 2 == 0 else 1)
        total += d - 9 if d > 9 else d
    return body + str((10 - total % 10) % 10)


def ean13_number(i: int) -> str:
    """A valid EAN-13 computed here, independently of the code under test."""
    body = f"200{i * 7907 + 13:09d}"
    s = sum(int(c) * (1 if k % 2 == 0 else 3) for k, c in enumerate(body))
    return body + str((10 - s % 10) % 10)


def page_sizes(pdf: Path) -> list[tuple[float, float]]:
    out = subprocess.run(["pdfinfo", "-f", "1", "-l", "9999", str(pdf)],
                         check=True, capture_output=True, text=True).stdout
    return [(float(w), float(h)) for w, h in
            re.findall(r"^Page\s+\d+ size:\s+([\d.]+) x ([\d.]+) pts", out, re.M)]


def scan_pdf(pdf: Path, tmp_path: Path, layout: str, count: int) -> list[tuple[int, int, str, str]]:
    """Rasterise at 300 dpi, decode every barcode and place it on a card box.

    Returns ``(page, card_index, symbology, data)`` sorted by page, row (y, top first),
    then column (x). Each symbol is placed by its top-left corner (zbar's EAN-13 polygons
    can borrow points from a neighbouring symbol on the same scan line); a Code128 symbol
    must moreover lie wholly inside its card box.
    """
    from PIL import Image
    from pyzbar.pyzbar import ZBarSymbol, decode

    prefix = tmp_path / "scan"
    subprocess.run(["pdftoppm", "-r", str(DPI), "-png", str(pdf), str(prefix)], check=True)
    pngs = sorted(tmp_path.glob("scan-*.png"), key=lambda p: int(p.stem.rsplit("-", 1)[1]))
    boxes = card_boxes(layout, count)
    page_h = get_layout(layout).page_height
    px = 72 / DPI
    found = []
    for page, png in enumerate(pngs):
        with Image.open(png) as image:
            # Only what cards carry: zbar now and then reads a few bars of a Code128 symbol as
            # another symbology (a 6-digit "765978" among 12-digit card numbers, once in ~50 runs).
            symbols = decode(image.convert("L"), symbols=[ZBarSymbol.CODE128, ZBarSymbol.EAN13])
        for sym in symbols:
            r = sym.rect
            left, right = r.left * px, (r.left + r.width) * px
            top, bottom = page_h - r.top * px, page_h - (r.top + r.height) * px
            hits = [i for i, (p, x, y, w, h) in enumerate(boxes)
                    if p == page and x < left + px < x + w and y < top - px < y + h]
            assert len(hits) == 1, f"barcode {sym.data!r} on page {page} is not on one card"
            if sym.type == "CODE128":
                _p, x, y, w, h = boxes[hits[0]]
                assert x <= left and right <= x + w and y <= bottom and top <= y + h, \
                    f"barcode {sym.data!r} crosses the edge of its card"
            found.append((page, r.top, r.left, hits[0], sym.type, sym.data.decode("ascii")))
    rows = sorted(found, key=lambda f: (f[0], round(f[1] / 30), f[2]))  # page, row (y), column (x)
    return [(page, index, kind, data) for page, _t, _l, index, kind, data in rows]


def assert_scans_back(pdf: Path, tmp_path: Path, layout: str, numbers: list[str], kinds: list[str]) -> None:
    scanned = scan_pdf(pdf, tmp_path, layout, len(numbers))
    assert [data for *_rest, data in scanned] == numbers
    assert [index for _p, index, _k, _d in scanned] == list(range(len(numbers)))
    assert [kind for _p, _i, kind, _d in scanned] == kinds
    per_page = get_layout(layout).per_page
    assert [page for page, *_ in scanned] == [i // per_page for i in range(len(numbers))]


def assert_page_size(sizes: list[tuple[float, float]], expected: tuple[float, float], pages: int) -> None:
    assert len(sizes) == pages
    for w, h in sizes:
        assert w == pytest.approx(expected[0], abs=0.5) and h == pytest.approx(expected[1], abs=0.5)


# --------------------------------------------------------------------------- scanning back


@needs_tools
def test_a4_code128_sheet_scans_back_in_reading_order(tmp_path: Path) -> None:
    numbers = [luhn_number(i) for i in range(12)]
    pdf = tmp_path / "cards.pdf"
    result = render_cards_pdf(numbers, pdf, layout="a4", store_name="Corner Bakery", logo_path=LOGO)
    assert result == PrintResult(path=pdf.absolute(), cards=12, pages=2, layout="a4")
    assert_page_size(page_sizes(pdf), A4, 2)
    assert_scans_back(pdf, tmp_path, "a4", numbers, ["CODE128"] * 12)


@needs_tools
def test_a4_ean13_sheet_scans_back_in_reading_order(tmp_path: Path) -> None:
    numbers = [ean13_number(i) for i in range(12)]
    assert len(set(numbers)) == 12 and all(len(n) == 13 for n in numbers)
    pdf = tmp_path / "ean.pdf"
    result = render_cards_pdf(numbers, pdf, layout="a4", store_name="Corner Bakery", logo_path=LOGO)
    assert (result.cards, result.pages) == (12, 2)
    assert_scans_back(pdf, tmp_path, "a4", numbers, ["EAN13"] * 12)


@needs_tools
def test_single_card_layout_is_cr80_one_card_per_page(tmp_path: Path) -> None:
    numbers = [luhn_number(1), ean13_number(5), "123456"]
    pdf = tmp_path / "card.pdf"
    result = render_cards_pdf(numbers, pdf, layout="card", store_name="Corner Bakery", logo_path=LOGO)
    assert (result.cards, result.pages, result.layout) == (3, 3, "card")
    assert_page_size(page_sizes(pdf), CR80, 3)
    assert_scans_back(pdf, tmp_path, "card", numbers, ["CODE128", "EAN13", "CODE128"])


@needs_tools
def test_letter_sheet_scans_back(tmp_path: Path) -> None:
    numbers = [luhn_number(i) for i in range(12)]
    pdf = tmp_path / "letter.pdf"
    result = render_cards_pdf(numbers, pdf, layout="letter", store_name="Corner Bakery")
    assert get_layout("letter").per_page == 10
    assert result.pages == 2
    assert_page_size(page_sizes(pdf), LETTER, 2)
    assert_scans_back(pdf, tmp_path, "letter", numbers, ["CODE128"] * 12)


@needs_tools
def test_quiet_zones_kept_and_number_centred_under_bars(tmp_path: Path) -> None:
    """On the single card page nothing else shares the bar rows: measure the white space
    between the barcode box edge and the first/last bar, and where the number is printed."""
    from PIL import Image

    layout = get_layout("card")
    for number, quiet in ((luhn_number(3), (10, 10)), (ean13_number(9), (11, 7))):
        pdf = tmp_path / f"{number}.pdf"
        render_cards_pdf([number], pdf, layout="card")
        symbol = encode(number)
        bx, by, bw, bh = layout.barcode_box
        module = min(layout.max_module, bw / symbol.total_modules)
        subprocess.run(["pdftoppm", "-r", str(DPI), "-png", "-gray", str(pdf), str(tmp_path / number)], check=True)
        png = next(tmp_path.glob(f"{number}-*.png"))
        with Image.open(png) as image:
            scale = DPI / 72
            row_y = round((layout.page_height - (by + bh - 2 * MM)) * scale)  # 2 mm below the box top
            gray = image.convert("L")
            row = [gray.getpixel((x, row_y)) for x in range(gray.width)]
        dark = [x for x, v in enumerate(row) if v < 128]
        first, last = dark[0] / scale, (dark[-1] + 1) / scale
        assert first - bx >= quiet[0] * module - 0.5, "left quiet zone does not fit in the barcode box"
        assert bx + bw - last >= quiet[1] * module - 0.5, "right quiet zone does not fit in the barcode box"
        assert last - first == pytest.approx(symbol.modules * module, abs=1.0)

        html = subprocess.run(["pdftotext", "-bbox", str(pdf), "-"], check=True,
                              capture_output=True, text=True).stdout
        m = re.search(r'<word xMin="([\d.]+)" yMin="[\d.]+" xMax="([\d.]+)" yMax="([\d.]+)">'
                      + number + "</word>", html)
        assert m, f"human-readable {number} not found in the PDF text"
        text_centre = (float(m.group(1)) + float(m.group(2))) / 2
        assert text_centre == pytest.approx((first + last) / 2, abs=1.0)
        text_bottom = layout.page_height - float(m.group(3))  # pdftotext y is from the top
        assert text_bottom >= by - 0.5, "number falls below the barcode box"


# --------------------------------------------------------------------------- geometry


@pytest.mark.parametrize(
    ("layout", "page", "margin", "per_page"),
    [("a4", A4, SAFE_MARGIN, 10), ("letter", LETTER, LETTER_MARGIN, 10), ("card", CR80, 0.0, 1)],
)
def test_card_boxes_fit_the_page_inside_the_safe_margin(layout, page, margin, per_page) -> None:
    spec = get_layout(layout)
    assert (spec.page_width, spec.page_height) == (pytest.approx(page[0], abs=0.5), pytest.approx(page[1], abs=0.5))
    assert spec.per_page == per_page
    count = per_page * 2 + 1
    boxes = card_boxes(layout, count)
    assert len(boxes) == count
    assert [b[0] for b in boxes] == [i // per_page for i in range(count)]
    page_w, page_h = spec.page_width, spec.page_height
    for _page, x, y, w, h in boxes:
        assert (w, h) == (pytest.approx(CR80[0], abs=0.5), pytest.approx(CR80[1], abs=0.5))
        assert x >= margin - 1e-6 and y >= margin - 1e-6
        assert x + w <= page_w - margin + 1e-6 and y + h <= page_h - margin + 1e-6
    for i, a in enumerate(boxes[:per_page]):  # no two cards of a page overlap
        for b in boxes[i + 1:per_page]:
            assert a[1] + a[3] <= b[1] + 1e-6 or b[1] + b[3] <= a[1] + 1e-6 or \
                a[2] + a[4] <= b[2] + 1e-6 or b[2] + b[4] <= a[2] + 1e-6
    first_page = boxes[:per_page]
    assert first_page == sorted(first_page, key=lambda b: (-b[2], b[1])), "not in reading order"


def test_sheet_layouts_are_two_columns() -> None:
    a4 = card_boxes("a4", 10)
    assert len({round(b[1]) for b in a4}) == 2 and len({round(b[2]) for b in a4}) == 5
    letter = card_boxes("letter", 10)
    assert len({round(b[1]) for b in letter}) == 2


def test_cut_marks_stay_out_of_the_safe_margin_and_the_cards() -> None:
    for name in ("a4", "letter"):
        spec = get_layout(name)
        assert spec.cut_marks, f"{name} has no cut marks"
        boxes = card_boxes(name, spec.per_page)
        for x1, y1, x2, y2 in spec.cut_marks:
            for x, y in ((x1, y1), (x2, y2)):
                assert spec.safe_margin - 1e-6 <= x <= spec.page_width - spec.safe_margin + 1e-6
                assert spec.safe_margin - 1e-6 <= y <= spec.page_height - spec.safe_margin + 1e-6
            mx, my = (x1 + x2) / 2, (y1 + y2) / 2
            assert not any(bx < mx < bx + w and by < my < by + h for _p, bx, by, w, h in boxes)


def test_bars_are_vectors_and_the_logo_is_embedded_once(tmp_path: Path) -> None:
    numbers = [luhn_number(i) for i in range(25)]  # 3 pages, 25 logos drawn
    with_logo = render_cards_pdf(numbers, tmp_path / "logo.pdf", store_name="Shop", logo_path=LOGO)
    without = render_cards_pdf(numbers, tmp_path / "plain.pdf", store_name="Shop")
    assert with_logo.pages == 3
    data = with_logo.path.read_bytes()
    # one image XObject for the logo (plus its alpha channel as a soft mask), not one per card
    soft_masks = data.count(b"/SMask ")
    assert soft_masks <= 1
    assert data.count(b"/Subtype /Image") == 1 + soft_masks
    assert without.path.read_bytes().count(b"/Subtype /Image") == 0


def test_missing_logo_file_prints_without_logo(tmp_path: Path) -> None:
    result = render_cards_pdf(["123456"], tmp_path / "x.pdf", logo_path=tmp_path / "nope.png")
    assert result.path.exists()
    assert result.path.read_bytes().count(b"/Subtype /Image") == 0


# --------------------------------------------------------------------------- barcodes


@settings(max_examples=60, deadline=None)
@given(st.text(alphabet="0123456789", min_size=12, max_size=12), st.integers(min_value=1, max_value=9))
def test_ean13_check_digit_is_validated(body: str, wrong: int) -> None:
    good = body + ean13_check_digit(body)
    symbol = encode(good)
    assert symbol.symbology == "ean13" and symbol.modules == 95
    assert (symbol.quiet_left, symbol.quiet_right) == (11, 7)
    bad = body + str((int(good[-1]) + wrong) % 10)
    with pytest.raises(ValueError, match=bad):
        encode(bad)


@settings(max_examples=60, deadline=None)
@given(st.text(alphabet="0123456789ABCXYZ-", min_size=1, max_size=20).filter(lambda s: len(s) != 13 or not s.isdigit()))
def test_code128_bars_are_merged_runs(number: str) -> None:
    symbol = encode(number)
    assert symbol.symbology == "code128" and (symbol.quiet_left, symbol.quiet_right) == (10, 10)
    pattern = ["0"] * symbol.modules
    previous_end = -1
    for start, width in symbol.bars:
        assert start > previous_end, "neighbouring dark modules were not merged into one bar"
        pattern[start:start + width] = "1" * width
        previous_end = start + width
    from pos_loyalty.printing.barcodes import _CODE128_CLASS

    assert "".join(pattern) == _CODE128_CLASS(number).build()[0]


def test_bad_ean13_in_a_batch_names_the_number_and_leaves_no_file(tmp_path: Path) -> None:
    good = ean13_number(1)
    bad = good[:-1] + str((int(good[-1]) + 1) % 10)
    out = tmp_path / "cards.pdf"
    with pytest.raises(ValueError, match=bad):
        render_cards_pdf([good, bad], out)
    assert list(tmp_path.iterdir()) == []


def test_unprintable_code128_is_a_value_error(tmp_path: Path) -> None:
    with pytest.raises(ValueError, match="cannot be printed"):
        render_cards_pdf(["12345é"], tmp_path / "x.pdf")
    with pytest.raises(ValueError, match="too long"):
        render_cards_pdf(["A" * 60], tmp_path / "x.pdf")
    assert list(tmp_path.iterdir()) == []


@needs_tools
def test_store_name_is_printed_and_non_latin_names_never_print_as_boxes(tmp_path: Path) -> None:
    for name in ("Corner Bakery & Café", "Магазин Уют"):
        pdf = tmp_path / "n.pdf"
        try:
            render_cards_pdf(["123456"], pdf, store_name=name)
        except ValueError as exc:  # acceptable only when no Unicode font is installed
            assert name in str(exc) and not pdf.exists()
            continue
        text = subprocess.run(["pdftotext", str(pdf), "-"], check=True, capture_output=True, text=True).stdout
        assert name in text
    with pytest.raises(ValueError, match="商店"):
        render_cards_pdf(["123456"], tmp_path / "cjk.pdf", store_name="商店")
    assert not (tmp_path / "cjk.pdf").exists()


# --------------------------------------------------------------------------- arguments, files


def test_empty_numbers_and_unknown_layout_are_value_errors(tmp_path: Path) -> None:
    with pytest.raises(ValueError, match="no card numbers"):
        render_cards_pdf([], tmp_path / "x.pdf")
    with pytest.raises(ValueError) as info:
        render_cards_pdf(["123456"], tmp_path / "x.pdf", layout="a3")
    assert all(name in str(info.value) for name in ("a3", "a4", "letter", "card"))
    with pytest.raises(ValueError, match="a3"):
        card_boxes("a3", 1)
    assert list(tmp_path.iterdir()) == []


def test_progress_every_hundred_cards_and_at_the_end(tmp_path: Path) -> None:
    calls: list[tuple[int, int]] = []
    render_cards_pdf([luhn_number(i) for i in range(250)], tmp_path / "x.pdf",
                     progress=lambda done, total: calls.append((done, total)))
    assert calls == [(100, 250), (200, 250), (250, 250)]


def test_cancel_leaves_no_file_and_keeps_an_old_one(tmp_path: Path) -> None:
    out = tmp_path / "cards.pdf"
    polls = []

    def cancel_after_five() -> bool:
        polls.append(1)
        return len(polls) > 5

    with pytest.raises(PrintCancelled):
        render_cards_pdf([luhn_number(i) for i in range(50)], out, should_cancel=cancel_after_five)
    assert list(tmp_path.iterdir()) == []

    out.write_bytes(b"previous good print")
    polls.clear()
    with pytest.raises(PrintCancelled):
        render_cards_pdf([luhn_number(i) for i in range(50)], out, should_cancel=cancel_after_five)
    assert out.read_bytes() == b"previous good print"
    assert list(tmp_path.iterdir()) == [out]


def test_error_while_rendering_leaves_no_partial_file(tmp_path: Path) -> None:
    def boom(done: int, total: int) -> None:
        raise RuntimeError("disk full")

    with pytest.raises(RuntimeError, match="disk full"):
        render_cards_pdf([luhn_number(i) for i in range(150)], tmp_path / "x.pdf", progress=boom)
    assert list(tmp_path.iterdir()) == []


def test_missing_folder_is_reported_before_rendering(tmp_path: Path) -> None:
    target = tmp_path / "no" / "such" / "cards.pdf"
    calls = []
    with pytest.raises(OSError) as info:
        render_cards_pdf(["123456"], target, progress=lambda d, t: calls.append(d),
                         should_cancel=lambda: calls.append("polled") or False)
    assert str(target.parent) in str(info.value)
    assert calls == [] and not target.exists()


def test_folder_that_is_a_file_or_target_that_is_a_folder(tmp_path: Path) -> None:
    blocker = tmp_path / "blocker"
    blocker.write_text("x")
    with pytest.raises(OSError, match="blocker"):
        render_cards_pdf(["123456"], blocker / "cards.pdf")
    folder = tmp_path / "cards.pdf"
    folder.mkdir()
    with pytest.raises(OSError, match="cards.pdf"):
        render_cards_pdf(["123456"], folder)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["blocker", "cards.pdf"]
    assert list(folder.iterdir()) == []


@pytest.mark.skipif(hasattr(os, "geteuid") and os.geteuid() == 0, reason="root can write anywhere")
def test_read_only_folder_raises_oserror_naming_it(tmp_path: Path) -> None:
    folder = tmp_path / "ro"
    folder.mkdir()
    folder.chmod(0o500)
    try:
        with pytest.raises(PermissionError, match="ro"):
            render_cards_pdf(["123456"], folder / "cards.pdf")
        assert list(folder.iterdir()) == []
    finally:
        folder.chmod(0o700)


def test_unwritable_folder_via_failing_open_leaves_nothing(tmp_path: Path, monkeypatch) -> None:
    """Simulate a permission failure (works as root too) at the first write."""
    real_open = os.open

    def deny(path, flags, mode=0o777, *a, **k):
        if str(path).startswith(str(tmp_path)) and flags & os.O_CREAT:
            raise PermissionError(13, "Permission denied", str(path))
        return real_open(path, flags, mode, *a, **k)

    monkeypatch.setattr(os, "open", deny)
    with pytest.raises(PermissionError) as info:
        render_cards_pdf(["123456"], tmp_path / "cards.pdf")
    assert str(tmp_path) in str(info.value)
    assert list(tmp_path.iterdir()) == []


# --------------------------------------------------------------------------- layout file


def _layout_json() -> dict:
    return json.loads(resource_path("card_layouts.json").read_text(encoding="utf-8"))


def _write(tmp_path: Path, data: dict) -> Path:
    path = tmp_path / "layouts.json"
    path.write_text(json.dumps(data), encoding="utf-8")
    return path


def test_shipped_layout_file_is_valid() -> None:
    assert {"card", "a4", "letter"} <= set(load_layouts())


@pytest.mark.parametrize(
    ("change", "field"),
    [
        (lambda d: d["layouts"]["a4"].__setitem__("columns", 0), "layouts.a4.columns"),
        (lambda d: d["card"]["barcode"].__setitem__("height_mm", "tall"), "card.barcode.height_mm"),
        (lambda d: d["layouts"]["letter"].__setitem__("colums", 2), "layouts.letter.colums"),
        (lambda d: d["layouts"]["a4"].__setitem__("rows", 6), "layouts.a4"),
        (lambda d: d["card"]["logo"].__setitem__("x_mm", 80), "card"),
        (lambda d: d["card"]["store_name"].__setitem__("font", "Comic Sans"), "card.store_name"),
        (lambda d: d["card"].pop("barcode"), "card.barcode"),
    ],
)
def test_bad_layout_file_names_the_field(tmp_path: Path, change, field: str) -> None:
    data = _layout_json()
    change(data)
    path = _write(tmp_path, data)
    with pytest.raises(LayoutError) as info:
        load_layouts(path)
    assert info.value.field == field
    assert f": {field}: " in str(info.value)
    out = tmp_path / "cards.pdf"
    with pytest.raises(ValueError):
        render_cards_pdf(["123456"], out, layouts_file=path)
    assert not out.exists()


def test_grid_that_does_not_fit_says_why(tmp_path: Path) -> None:
    data = _layout_json()
    data["layouts"]["letter"]["safe_margin_mm"] = 6.0  # 5 CR80 rows leave 4.75 mm on Letter
    with pytest.raises(LayoutError, match=r"layouts\.letter.*rows.*safe_margin_mm"):
        load_layouts(_write(tmp_path, data))


def test_cut_marks_that_reach_into_the_margin_are_refused(tmp_path: Path) -> None:
    data = _layout_json()
    data["layouts"]["letter"]["cut_mark_sides"] = ["top", "bottom", "left", "right"]  # no room above and below
    with pytest.raises(LayoutError, match=r"layouts\.letter.*cut marks"):
        load_layouts(_write(tmp_path, data))


def test_layout_file_that_is_not_json(tmp_path: Path) -> None:
    path = tmp_path / "layouts.json"
    path.write_text('{"card": ', encoding="utf-8")
    with pytest.raises(LayoutError, match="line 1"):
        load_layouts(path)


def test_store_can_move_the_barcode_without_code(tmp_path: Path) -> None:
    data = _layout_json()
    data["layouts"]["a4"]["gap_y_mm"] = 0.0
    data["layouts"]["a4"]["offset_x_mm"] = 2.0
    path = _write(tmp_path, data)
    moved = load_layouts(path)["a4"]
    default = get_layout("a4")
    assert moved.slots[0][0] == pytest.approx(default.slots[0][0] + 2 * MM)
    result = render_cards_pdf(["123456", "654321"], tmp_path / "c.pdf", layouts_file=path)
    assert result.pages == 1


@needs_tools
def test_numbers_starting_with_99_scan_back_whole(tmp_path: Path) -> None:
    """python-barcode 0.16 dropped a leading "99" from set-C Code128 (upstream #251)."""
    bodies = ["99484838398", "99000000001", "09912345678", "99999999999"]
    numbers = [b + luhn_check_digit(b) for b in bodies]
    pdf = tmp_path / "ninety-nine.pdf"
    render_cards_pdf(numbers, pdf, layout="a4", store_name="Shop")
    assert_scans_back(pdf, tmp_path, "a4", numbers, ["CODE128"] * len(numbers))
