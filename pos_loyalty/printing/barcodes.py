"""Barcode symbols for card numbers, as runs of dark modules ready to draw as rectangles.

python-barcode computes the symbol (the string of 1/0 modules); this module validates the
number, picks the symbology and merges neighbouring dark modules into bars, so the PDF gets
one rectangle per bar and never a raster image.

* 13 digits -> EAN-13; the 13th digit must already be the EAN-13 check digit.
* anything else -> Code128 (python-barcode picks the code sets; digits use set C).
"""

from __future__ import annotations

from dataclasses import dataclass

import barcode
from barcode.errors import BarcodeError

CODE128 = "code128"
EAN13 = "ean13"

# Quiet zones, in modules: Code128 needs at least 10 on each side (ISO/IEC 15417);
# EAN-13 has 11 on the left and 7 on the right (ISO/IEC 15420).
QUIET_ZONES = {CODE128: (10, 10), EAN13: (11, 7)}

class _Code128(barcode.get_barcode_class("code128")):  # type: ignore[misc]
    """python-barcode's Code128 with its start-code optimisation fixed (upstream #251, fixed
    in an unreleased PR #263): a number that starts in set C with the digit pair "99" was
    encoded as if "99" were a switch to set C, so "994848383984" scanned as "4848383984".
    Only a START A/B directly followed by a code-set switch may be merged into one start."""

    def _try_to_optimize(self, encoded: list[int]) -> list[int]:
        from barcode.charsets import code128

        if encoded[0] in (code128.START_CODES["A"], code128.START_CODES["B"]) and encoded[1] in code128.TO:
            encoded[:2] = [code128.TO[encoded[1]]]
        return encoded


_CODE128_CLASS = _Code128
_EAN13_CLASS = barcode.get_barcode_class("ean13")


@dataclass(frozen=True, slots=True)
class Symbol:
    number: str
    symbology: str  # "code128" or "ean13"
    modules: int  # width of the bars part, in modules (quiet zones not included)
    quiet_left: int
    quiet_right: int
    bars: tuple[tuple[int, int], ...]  # (first module, width in modules) of every dark bar

    @property
    def total_modules(self) -> int:
        return self.quiet_left + self.modules + self.quiet_right


def ean13_check_digit(first12: str) -> str:
    """The EAN-13 check digit of the first 12 digits."""
    total = sum(int(c) * (3 if i % 2 else 1) for i, c in enumerate(first12))
    return str((10 - total % 10) % 10)


def symbology_for(number: str) -> str:
    return EAN13 if len(number) == 13 and number.isdigit() else CODE128


def _runs(pattern: str) -> tuple[tuple[int, int], ...]:
    bars: list[tuple[int, int]] = []
    start = -1
    for i, module in enumerate(pattern):
        if module == "1":
            if start < 0:
                start = i
        elif start >= 0:
            bars.append((start, i - start))
            start = -1
    if start >= 0:
        bars.append((start, len(pattern) - start))
    return tuple(bars)


def encode(number: str) -> Symbol:
    """The barcode symbol for one card number; ValueError (naming the number) if it cannot be."""
    if not isinstance(number, str):
        raise ValueError(f"card number {number!r} is not text")
    if not number or number.strip() != number:
        raise ValueError(f"card number {number!r} is empty or has leading/trailing spaces")
    kind = symbology_for(number)
    if kind == EAN13:
        expected = ean13_check_digit(number[:12])
        if number[12] != expected:
            raise ValueError(
                f"card number {number} is 13 digits but its last digit is not a valid EAN-13 "
                f"check digit (expected {expected})"
            )
        pattern = _EAN13_CLASS(number).build()[0]
    else:
        try:
            pattern = _CODE128_CLASS(number).build()[0]
        except (BarcodeError, KeyError, RuntimeError, ValueError) as exc:
            raise ValueError(f"card number {number!r} cannot be printed as Code128: {exc}") from None
    left, right = QUIET_ZONES[kind]
    return Symbol(number, kind, len(pattern), left, right, _runs(pattern))
