"""Render the README screenshots offscreen from a demo database.

    python -m pos_loyalty.ui.screenshots [--out out/screenshots]    (or: make screenshots)
    make screenshots OUT=docs/screenshots                           (the README's pictures)

Builds a throw-away database in a temp folder through the services (customers, cards, orders,
an adjustment, card batches), then renders the main window on the checkout with a sale in
progress, a card's detail, the bulk-create screen after a run, the Reports screen and the
first page of a printed A4 sheet of cards, and saves them as PNG files, at 1280×800 — a till's screen. By default
into a scratch folder (`out/screenshots`, git-ignored), so trying it never rewrites the
committed pictures; run it with the README's folder whenever a screen changes.
"""

from __future__ import annotations

import argparse
import datetime as dt
import logging
import os
import sys
import tempfile
import time
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

log = logging.getLogger(__name__)

SIZE = (1280, 800)  # a common till screen; the layouts are checked at 1024×768 too
DEFAULT_OUT = "out/screenshots"
MANAGER_PIN = "246810"
DEMO_CUSTOMERS = [
    ("Ann Smith", "+44 7700 900123", "ann@example.com"),
    ("Bruno Costa", "+351 912 345 678", "bruno@example.com"),
    ("Chloé Martin", "+33 6 12 34 56 78", "chloe@example.com"),
    ("Dev Patel", "+44 7700 900456", ""),
    ("Eva Novak", "", "eva.novak@example.com"),
]


def build_demo_database(folder: Path) -> str:
    """A demo store: a manager, five customers with orders, one adjustment, two card batches.
    Returns the number of the card the screenshots show."""
    from ..domain.order import parse_order
    from ..services import adjustments, cards, checkout, customers, settings, users
    from ..services.setup import open_store

    open_store(str(folder / "demo.db"))
    users.add_user("Maya", "manager", MANAGER_PIN)
    users.add_user("Sam", "cashier", "1357", manager_pin=MANAGER_PIN)
    settings.set_value("store_name", "Corner Café", user="Maya", manager_pin=MANAGER_PIN)
    cards.bulk_create(2_000, "Autumn flyers", user="Maya")
    numbers = []
    for name, phone, email in DEMO_CUSTOMERS:
        _customer, card = customers.enrol(customers.CustomerInput(name, phone, email, marketing_opt_in=True), user="Sam")
        numbers.append(card.number)
    start = dt.datetime.now() - dt.timedelta(days=40)
    baskets = [[("COFFEE", 2, "2.80"), ("CROISSANT", 1, "2.20")], [("BEANS@beans", 1, "14.50")],
               [("LATTE", 2, "3.40"), ("CAKE", 2, "4.10")], [("COFFEE", 1, "2.80")]]
    order_no = 0
    for index, number in enumerate(numbers):
        for visit in range(3 + index):
            order_no += 1
            lines = []
            for sku, qty, price in baskets[(index + visit) % len(baskets)]:
                sku, _, collection = sku.partition("@")
                lines.append({"sku": sku, "quantity": qty, "unit_price": price, **({"collection": collection} if collection else {})})
            request = parse_order({"order_id": f"DEMO-{order_no:04d}", "card": number, "lines": lines})
            checkout.commit(request, when=start + dt.timedelta(days=visit * 6 + index, hours=9), user="Sam")
    adjustments.adjust(numbers[0], 50, "goodwill: late delivery", MANAGER_PIN)
    return numbers[0]


def _save(widget, path: Path) -> Path:  # type: ignore[no-untyped-def]
    from PySide6.QtWidgets import QApplication

    widget.resize(*SIZE)
    widget.show()
    for _ in range(5):
        QApplication.processEvents()
    path.parent.mkdir(parents=True, exist_ok=True)
    if not widget.grab().save(str(path)):
        raise OSError(f"could not write {path}")
    print(path)
    return path


def render_checkout(out: Path, card_number: str) -> Path:
    """The main window on the checkout: the demo card scanned, three lines, a reward applied."""
    from .main_window import MainWindow

    window = MainWindow(user="Sam")  # as if Sam had signed in
    screen = window.go_to("checkout")
    screen.scan.setText(card_number)  # as a barcode scanner types it
    screen.scan_entered()
    for sku, name, collection, quantity, price in (("COFFEE", "Filter coffee", "drinks", 2, "2.80"),
                                                   ("BEANS-1KG", "House beans 1 kg", "beans", 1, "24.90"),
                                                   ("CAKE", "Carrot cake", "food", 1, "4.10")):
        screen.sku.setText(sku)
        screen.item_name.setText(name)
        screen.collection.setText(collection)
        screen.quantity.setValue(quantity)
        screen.price.setText(price)
        screen.add_line()
    screen.toggle_reward(next(i for i, r in enumerate(screen.reward_rows) if r.reward_id == "free-coffee"))
    screen.focus_scan()
    return _save(window, out / "checkout.png")


def render_card_detail(out: Path, card_number: str) -> Path:
    from .cards_screen import CardsScreen

    screen = CardsScreen()
    screen.search.setText("Ann")
    screen.apply_filter()
    screen.select_card(card_number)
    return _save(screen, out / "card_detail.png")


def render_bulk_create(out: Path, count: int = 20_000) -> Path:
    from PySide6.QtWidgets import QApplication

    from .bulk_screen import BulkCreateScreen

    screen = BulkCreateScreen(user="Maya")
    screen.count.setValue(count)
    screen.batch.setText("Spring 2026 mailing")
    screen.resize(*SIZE)
    screen.show()
    screen.start()
    deadline = time.monotonic() + 60
    while screen.is_busy() and time.monotonic() < deadline:
        QApplication.processEvents()
        time.sleep(0.01)
    screen.batch.setText("")
    return _save(screen, out / "bulk_create.png")


def render_reports(out: Path, name: str = "points") -> Path:
    """The main window on the Reports screen, as the manager Maya reads the last 30 days: the
    report called `name` when there is one, else the first of the catalogue."""
    from PySide6.QtWidgets import QApplication

    from ..services import reports
    from .main_window import MainWindow

    window = MainWindow(user="Maya")
    window.resize(*SIZE)
    window.show()
    screen = window.go_to("reports")
    names = [info.name for info in reports.catalogue()]
    screen.choose(name if name in names else names[0])
    deadline = time.monotonic() + 60
    while screen.is_busy() and time.monotonic() < deadline:
        QApplication.processEvents()
        time.sleep(0.01)
    return _save(window, out / "reports.png")


def render_sheet(out: Path, batch: str = "Autumn flyers") -> Path:
    """The first page of the batch printed on A4, as the PDF looks (rendered by QtPdf at 110 dpi)."""
    from PySide6.QtCore import QSize
    from PySide6.QtPdf import QPdfDocument

    from ..services import printing

    out.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="pos-loyalty-sheet-") as folder:
        pdf = Path(folder) / "sheet.pdf"
        printing.print_cards(pdf, batch=batch, layout="a4")
        document = QPdfDocument()
        document.load(str(pdf))
        page = document.pagePointSize(0)
        image = document.render(0, QSize(round(page.width() * 110 / 72), round(page.height() * 110 / 72)))
        document.close()
    path = out / "sheet_a4.png"
    if not image.save(str(path)):
        raise OSError(f"could not write {path}")
    print(path)
    return path


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m pos_loyalty.ui.screenshots", description=__doc__.splitlines()[0])
    parser.add_argument("--out", default=DEFAULT_OUT, help=f"folder for the PNG files (default: {DEFAULT_OUT}; the README's are in docs/screenshots)")
    args = parser.parse_args(argv)
    out = Path(args.out)

    from PySide6.QtWidgets import QApplication

    from ..services.setup import close_store
    from .app import apply_style

    app = QApplication.instance() or QApplication([sys.argv[0]])
    app.setApplicationName("pos-loyalty-screenshots")
    apply_style(app)
    with tempfile.TemporaryDirectory(prefix="pos-loyalty-demo-") as folder:
        for name in ("DATA", "CONFIG", "LOG"):  # never touch the user's own folders or settings
            os.environ[f"POS_LOYALTY_{name}_DIR"] = str(Path(folder) / name.lower())
        os.environ.pop("POS_LOYALTY_DB", None)
        try:
            card_number = build_demo_database(Path(folder))
            render_checkout(out, card_number)
            render_card_detail(out, card_number)
            render_bulk_create(out)
            render_reports(out)
            render_sheet(out)
        finally:
            close_store()
    return 0


if __name__ == "__main__":
    sys.exit(main())
