"""What the checkout's scan field does with a code, in the order the checks are made.

1. A valid card number of a card of this store opens the card (the scan path, unchanged).
2. A barcode of the catalogue adds its product as an order line (`product_line`; a repeat
   scan adds one to that line's quantity: `add_product`).
3. Other text searches customers (phone, e-mail, name), as before.
4. A code that matched nothing is read by `domain/scan_codes.unmatched_kind`: a number of the
   store's card scheme (its settings, or a batch's prefix and length), or of a card's length that
   is no GS1 code, shows the card's message
   (a mistyped card says so); an unknown product barcode offers a quick manual line; words
   say that nothing matches.

The screen (ui/checkout_screen.py) calls these in that order and only shows their answers.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from ..domain import scan_codes
from ..domain.errors import ValidationError
from ..domain.money import round_money
from ..store.models import CardBatch
from . import cards, catalogue
from .catalogue import ProductView


def product_for(code: str) -> ProductView | None:
    """The product a scanned barcode names, or None. A product the catalogue no longer sells
    is refused, naming it, rather than sold at an old price."""
    product = catalogue.by_barcode(code)
    if product is not None and not product.active:
        raise ValidationError("barcode", f"{code.strip()} is {product.name} ({product.sku}), which is no longer sold")
    return product


def unmatched_kind(text: str) -> scan_codes.Kind:
    """``card``, ``barcode`` or ``text``: how to answer a code nothing matched (module, step 4)."""
    schemes = {(prefix or "", int(length)) for prefix, length in CardBatch.select(CardBatch.prefix, CardBatch.length).tuples()}
    schemes.add(cards._scheme())  # the numbers this store makes now (settings card_prefix, card_length)
    return scan_codes.unmatched_kind(text, schemes)


def product_line(product: ProductView, currency: str, quantity: int = 1) -> dict[str, Any]:
    """An order line (the order file's shape) for a product: its SKU, name, collection and
    price in the currency's minor unit."""
    return {"sku": product.sku, "name": product.name, "collection": product.collection or None, "quantity": quantity,
            "unit_price": str(round_money(product.price, currency))}


def add_product(lines: list[dict[str, Any]], product: ProductView, currency: str) -> int:
    """Add the product to `lines` (in place): one more on the line already selling it at the
    same price and name, else a new line. Returns the line's index."""
    line = product_line(product, currency)
    for index, existing in enumerate(lines):
        if (existing["sku"], existing["name"], Decimal(existing["unit_price"])) == (line["sku"], line["name"], Decimal(line["unit_price"])):
            existing["quantity"] = int(existing["quantity"]) + 1
            return index
    lines.append(line)
    return len(lines) - 1
