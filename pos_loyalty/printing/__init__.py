"""Printing barcoded loyalty cards to PDF (reportlab + python-barcode); no GUI, no database."""

from .cards_pdf import PrintCancelled, PrintResult, card_boxes, render_cards_pdf
from .layout import LayoutError, get_layout, load_layouts

__all__ = [
    "LayoutError",
    "PrintCancelled",
    "PrintResult",
    "card_boxes",
    "get_layout",
    "load_layouts",
    "render_cards_pdf",
]
