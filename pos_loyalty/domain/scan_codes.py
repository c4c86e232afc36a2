"""What a code scanned or typed at the checkout is, when it is no card, no product and no customer.

A loyalty card number and a product barcode can both be all digits and both carry a check
digit: a 13-digit card number *is* an EAN-13. So a number that matches nothing is read in
this order (`unmatched_kind`):

1. It has the length and prefix of the store's card numbers (its scheme in the settings, or a
   card batch's) → a **card**: the card's own message is shown (a failed check digit says
   "probably mistyped").
2. It is a valid GS1 code (EAN-8, UPC-A, EAN-13, GTIN-14: the GS1 check digit holds) → an
   unknown **product barcode**: the cashier is offered a quick manual line.
3. It has a card number's length (6 to 20 digits) → a **card** (mistyped, or not of this store).
4. Any other run of digits, or one word of printable characters with a digit in it
   (``ABC-123``, a store's own Code128 label) → a **product barcode**.
5. Anything else (words, a name) → plain **text**: nothing matches it.

A mistyped card number therefore still gets the card's typo message, unless it is outside
the store's schemes and happens to pass the GS1 check (about one typo in ten of a number of
GS1 length, and never one of this store's scheme).
"""

from __future__ import annotations

import re
from typing import Iterable, Literal

from . import card_numbers
from .limits import is_ascii_digits

GS1_LENGTHS = (8, 12, 13, 14)
_WORD_WITH_DIGIT = re.compile(r"(?=[\x21-\x7e]*[0-9])[\x21-\x7e]{3,48}")

Kind = Literal["card", "barcode", "text"]


def gs1_valid(code: str) -> bool:
    """True for an EAN-8, UPC-A, EAN-13 or GTIN-14 whose last digit is its GS1 check digit
    (weights 3 and 1 from the right, the check digit excluded)."""
    if len(code) not in GS1_LENGTHS or not is_ascii_digits(code):
        return False
    body = code[:-1]
    total = sum(int(d) * (3 if i % 2 == 0 else 1) for i, d in enumerate(reversed(body)))
    return str((10 - total % 10) % 10) == code[-1]


def unmatched_kind(text: str, card_schemes: Iterable[tuple[str, int]]) -> Kind:
    """How to answer a code that found no card, product or customer (see the module's order).
    `card_schemes`: the (prefix, length) of the store's card numbers (settings, batches)."""
    code = text.strip()
    number = card_numbers.normalise(code)
    if is_ascii_digits(number):
        if any(len(number) == length and number.startswith(prefix) for prefix, length in card_schemes):
            return "card"
        if number == code and gs1_valid(number):
            return "barcode"
        if card_numbers.MIN_LENGTH <= len(number) <= card_numbers.MAX_LENGTH:
            return "card"
        return "barcode" if number == code else "text"
    if _WORD_WITH_DIGIT.fullmatch(code):
        return "barcode"
    return "text"
