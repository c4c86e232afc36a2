"""Benchmark: print N loyalty cards to an A4 PDF vs a bare reportlab Code128 loop.

Target (README, Benchmarks): rendering the cards takes at most 1.5 x the time of a bare
reportlab loop drawing the same number of Code128 barcodes with
``reportlab.graphics.barcode.code128.Code128(...).drawOn(canvas, x, y)`` on the same
number of pages.

    python tests/bench/bench_printing.py [--cards 10000] [--repeat 1]

`run(cards)` returns the table rows as dicts for a `make bench` driver.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from pathlib import Path

if __package__ in (None, ""):  # run as a script: make the checkout importable
    sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from reportlab.graphics.barcode.code128 import Code128  # noqa: E402
from reportlab.pdfgen.canvas import Canvas  # noqa: E402

from pos_loyalty.printing.cards_pdf import card_boxes, render_cards_pdf  # noqa: E402
from pos_loyalty.printing.layout import get_layout  # noqa: E402
from pos_loyalty.resources import resource_path  # noqa: E402

TARGET_RATIO = 1.5
LAYOUT = "a4"


def _luhn(body: str) -> str:
    total = 0
    for i, ch in enumerate(reversed(body)):
        d = int(ch)
        if i % 2 == 0:
            d = d * 2 - 9 if d > 4 else d * 2
        total += d
    return str((10 - total % 10) % 10)


def card_numbers(count: int) -> list[str]:
    """Realistic 12-digit card numbers (11 digits + Luhn check digit), all different."""
    return [body + _luhn(body) for body in (f"{40000000000 + i * 7919:011d}" for i in range(count))]


def bare_reportlab(numbers: list[str], out: Path) -> float:
    """The baseline: one Code128 drawOn per card, same pages and positions as the cards."""
    spec = get_layout(LAYOUT)
    boxes = card_boxes(LAYOUT, len(numbers))
    start = time.perf_counter()
    c = Canvas(str(out), pagesize=(spec.page_width, spec.page_height))
    page = 0
    for (p, x, y, _w, _h), number in zip(boxes, numbers):
        if p != page:
            c.showPage()
            page = p
        Code128(number).drawOn(c, x + 20, y + 20)
    c.showPage()
    c.save()
    return time.perf_counter() - start


def cards_pdf(numbers: list[str], out: Path) -> float:
    start = time.perf_counter()
    render_cards_pdf(numbers, out, layout=LAYOUT, store_name="Corner Bakery & Café",
                     logo_path=resource_path("logo.png"), progress=lambda done, total: None,
                     should_cancel=lambda: False)
    return time.perf_counter() - start


def run(cards: int = 10_000, repeat: int = 1) -> list[dict]:
    """Time both (best of `repeat`) and return the table rows."""
    numbers = card_numbers(cards)
    pages = -(-cards // get_layout(LAYOUT).per_page)
    with tempfile.TemporaryDirectory(prefix="bench_printing_") as tmp:
        folder = Path(tmp)
        base = min(bare_reportlab(numbers, folder / "baseline.pdf") for _ in range(repeat))
        ours = min(cards_pdf(numbers, folder / "cards.pdf") for _ in range(repeat))
        base_size = (folder / "baseline.pdf").stat().st_size
        ours_size = (folder / "cards.pdf").stat().st_size
    ratio = ours / base
    return [
        {"operation": f"bare reportlab Code128 x {cards} ({pages} pages)", "seconds": base,
         "ratio": 1.0, "target": "baseline", "status": "", "bytes": base_size},
        {"operation": f"render_cards_pdf {LAYOUT} x {cards} ({pages} pages)", "seconds": ours,
         "ratio": ratio, "target": f"<= {TARGET_RATIO}x", "bytes": ours_size,
         "status": "PASS" if ratio <= TARGET_RATIO else "FAIL"},
    ]


def print_table(rows: list[dict]) -> None:
    width = max(len(r["operation"]) for r in rows)
    print(f"{'operation':<{width}}  {'seconds':>8}  {'ratio':>6}  {'target':>9}  {'PDF size':>10}  status")
    for r in rows:
        print(f"{r['operation']:<{width}}  {r['seconds']:8.3f}  {r['ratio']:5.2f}x  {r['target']:>9}  "
              f"{r['bytes'] / 1e6:8.2f} MB  {r['status']}")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--cards", type=int, default=10_000)
    parser.add_argument("--repeat", type=int, default=1, help="best of N runs of each")
    args = parser.parse_args(argv)
    if args.cards < 1 or args.repeat < 1:
        parser.error("--cards and --repeat must be at least 1")
    rows = run(args.cards, args.repeat)
    print_table(rows)
    return 0 if all(r["status"] != "FAIL" for r in rows) else 1


if __name__ == "__main__":
    sys.exit(main())
