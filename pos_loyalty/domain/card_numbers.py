"""Card numbers with a check digit, so a mistyped number is caught at the till.

A 13-digit number carries the EAN-13 check digit (so it prints as an EAN-13 barcode);
every other length carries a Luhn (mod 10) check digit and prints as Code128. Both
catch every single-digit typo and almost every swap of neighbouring digits.
"""

from __future__ import annotations

import re
import secrets

from .errors import ValidationError
from .limits import is_ascii_digits

EAN13_LENGTH = 13
MIN_LENGTH = 6
MAX_LENGTH = 20


def luhn_check_digit(body: str) -> str:
    total = 0
    for index, char in enumerate(reversed(body)):
        digit = int(char)
        if index % 2 == 0:  # these positions are doubled once the check digit is appended
            digit *= 2
            if digit > 9:
                digit -= 9
        total += digit
    return str((10 - total % 10) % 10)


def ean13_check_digit(body: str) -> str:
    total = sum(int(c) * (3 if i % 2 else 1) for i, c in enumerate(body))
    return str((10 - total % 10) % 10)


def check_digit(body: str) -> str:
    """Check digit for `body` given the full number will be ``len(body) + 1`` long."""
    if len(body) + 1 == EAN13_LENGTH:
        return ean13_check_digit(body)
    return luhn_check_digit(body)


def symbology(number: str) -> str:
    """The barcode a card number prints as: ``ean13`` or ``code128``."""
    return "ean13" if len(number) == EAN13_LENGTH else "code128"


def normalise(text: str) -> str:
    """What a scanner or a cashier typed, without spaces and dashes (nothing else is removed:
    `validate` refuses what is left if it is not ASCII digits)."""
    return "".join(ch for ch in text.strip() if ch not in " -")


def is_valid(number: str) -> bool:
    return (
        is_ascii_digits(number)
        and MIN_LENGTH <= len(number) <= MAX_LENGTH
        and check_digit(number[:-1]) == number[-1]
    )


# Texts already found to be valid numbers, and their number: a card is scanned, quoted and
# committed, each asking again.
_VALID: dict[str, str] = {}
_VALID_LIMIT = 4096


def validate(text: str, field: str = "card") -> str:
    """Return the normalised number or raise a `ValidationError` that says why not."""
    known = _VALID.get(text) if type(text) is str else None
    if known is not None:
        return known
    number = normalise(text)
    if not number:
        raise ValidationError(field, "a card number is required")
    if not is_ascii_digits(number):
        # str.isdigit() also accepts '²', '①' and '٢': no barcode or check digit can hold them.
        raise ValidationError(field, f"'{text}' is not a card number (digits only, 0-9)")
    if not MIN_LENGTH <= len(number) <= MAX_LENGTH:
        raise ValidationError(field, f"'{text}' has {len(number)} digits; card numbers have {MIN_LENGTH} to {MAX_LENGTH}")
    if check_digit(number[:-1]) != number[-1]:
        raise ValidationError(field, f"'{text}' fails its check digit — probably mistyped")
    if len(_VALID) > _VALID_LIMIT:
        _VALID.clear()
    _VALID[text] = number
    return number


# Numbers a customer already carries from a previous programme (`services.programme_import`)
# are kept as they are, even without our check digit: letters A-Z (upper-cased) and digits
# 0-9, with at least one digit (so no word of a name reads as a card number), 4 to 24
# characters (the column's width) once spaces and dashes are removed — the same rule on
# SQLite and PostgreSQL, checked once when the file is read. From then on such a number is
# found only as it was imported: a scanned number that fails our check digit is looked up
# exactly among the cards (`services.cards.card_number`), so a mistyped number of ours is
# still refused unless the typo happens to be exactly an imported number.
FOREIGN_MIN_LENGTH = 4
FOREIGN_MAX_LENGTH = 24
_FOREIGN = re.compile(r"[0-9A-Z]+")


def foreign_form(text: str) -> str | None:
    """The form an imported number is stored and looked up in (no spaces or dashes, letters
    upper-cased), or None when `text` cannot be one."""
    number = normalise(text).upper()
    if (FOREIGN_MIN_LENGTH <= len(number) <= FOREIGN_MAX_LENGTH and _FOREIGN.fullmatch(number)
            and any(ch.isdigit() for ch in number)):
        return number
    return None


def validate_imported(text: str, field: str = "card") -> str:
    """A number from an import file: one of ours (`validate`) as it is, or else a number of a
    previous programme in its `foreign_form`; a `ValidationError` saying why it can be neither."""
    number = normalise(text)
    if is_valid(number):
        return number
    foreign = foreign_form(text)
    if foreign is None:
        if not number:
            raise ValidationError(field, "a card number is required")
        raise ValidationError(field, f"'{text}' cannot be a card number: use letters A-Z and digits 0-9 (at least one digit), "
                                     f"{FOREIGN_MIN_LENGTH} to {FOREIGN_MAX_LENGTH} characters")
    return foreign


def validate_scheme(prefix: str, length: int) -> None:
    """Reject a prefix/length pair that cannot make enough distinct numbers."""
    if prefix != "" and not is_ascii_digits(prefix):
        raise ValidationError("prefix", f"'{prefix}' must be digits only (0-9)")
    if not MIN_LENGTH <= length <= MAX_LENGTH:
        raise ValidationError("length", f"must be between {MIN_LENGTH} and {MAX_LENGTH}, not {length}")
    if length - len(prefix) - 1 < 4:
        raise ValidationError("prefix", f"'{prefix}' leaves fewer than 4 free digits in a {length}-digit number")


def capacity(prefix: str, length: int) -> int:
    """How many distinct numbers the scheme can make."""
    return 10 ** (length - len(prefix) - 1)


def random_number(prefix: str, length: int, rng: secrets.SystemRandom | None = None) -> str:
    """A random (so not guessable from a neighbour) number with its check digit."""
    rng = rng or _RNG
    free = length - len(prefix) - 1
    body = prefix + str(rng.randrange(10**free)).zfill(free)
    return body + check_digit(body)


_RNG = secrets.SystemRandom()


# GS1 keeps EAN-13 numbers that start with 2 for use inside a company ("restricted circulation",
# e.g. a store's own labels): no product made elsewhere carries one. A 13-digit card with no
# prefix of the store's choosing starts with it, so it never reads as a real product barcode.
STORE_EAN13_PREFIX = "2"

# At most a tenth of a scheme's numbers may be cards: a random new number is then free at least
# nine times in ten (creation ends quickly), and a guessed number is a card at most once in ten.
MAX_FILL_DIVISOR = 10


def store_prefix(prefix: str, length: int) -> str:
    """The prefix numbers are made with: the one given, or for 13 digits without one, the
    GS1 in-store prefix."""
    return STORE_EAN13_PREFIX if length == EAN13_LENGTH and prefix == "" else prefix


def room(prefix: str, length: int, existing: int) -> int:
    """How many more cards the scheme takes, with `existing` cards already in it."""
    return max(0, capacity(prefix, length) // MAX_FILL_DIVISOR - existing)


# Bulk creation makes up to a million numbers at a time: their check digits are summed by C
# code, every number at once. Each digit's share of the check sum, modulo 10, as a byte:
_PLAIN = bytes.maketrans(b"0123456789", bytes(range(10)))
_TRIPLED = bytes.maketrans(b"0123456789", bytes(3 * d % 10 for d in range(10)))  # EAN-13's weight 3
_DOUBLED = bytes.maketrans(b"0123456789", bytes(2 * d - 9 if 2 * d > 9 else 2 * d for d in range(10)))  # Luhn's
_CHECK_CHAR = bytes(b"0987654321"[total % 10] for total in range(256))  # (10 - total % 10) % 10, as an ASCII digit


def random_numbers(count: int, prefix: str, length: int, within: range | None = None) -> list[str]:
    """`count` random numbers (repeats possible) with their check digits, as `random_number`
    makes them but from one read of the system's random source: 64 random bits reduced
    modulo the free range, a bias below one in a hundred million. `within`: only numbers
    whose free digits (between the prefix and the check digit), read as a whole number, lie
    in this range — one stretch of the scheme, in which each number is as likely as any other.

    The check digits are `check_digit`'s, worked out for all the numbers together: with the
    bodies written one after another, `bodies[k::width]` is digit k of every number, and
    adding those columns as big integers (one byte per number, each digit's share already
    taken modulo 10, so at most 19 × 9 per byte: no carries between numbers) gives every
    number's check sum in one byte."""
    import os
    import struct

    free = length - len(prefix) - 1
    space = 10**free
    within = within if within is not None else range(space)
    if within.step != 1 or not 0 <= within.start < within.stop <= space:
        raise ValueError(f"{within} is not a stretch of the {free}-digit free range")
    if count <= 0:
        return []
    start, span = within.start, within.stop - within.start  # len() of a range past 2**63 fails
    values = tuple(start + value % span for (value,) in struct.iter_unpack("<Q", os.urandom(8 * count)))
    width = length - 1
    bodies = ((prefix + f"%0{free}d") * count % values).encode("ascii")  # the prefix is digits (validate_scheme)
    weighted = _TRIPLED if length == EAN13_LENGTH else _DOUBLED  # the digits next to the check digit, and every other one
    total = 0
    for k in range(width):
        total += int.from_bytes(bodies[k::width].translate(weighted if (width - 1 - k) % 2 == 0 else _PLAIN), "big")
    numbers = bytearray(count * length)
    for k in range(width):
        numbers[k::length] = bodies[k::width]
    numbers[width::length] = total.to_bytes(count, "big").translate(_CHECK_CHAR)
    text = numbers.decode("ascii")
    return [text[i:i + length] for i in range(0, len(text), length)]
