"""Phone numbers: refused if they are not one, stored in one form (E.164), found either way.

A customer's phone is kept as E.164 (``+447700900123``), read with the `phonenumbers`
library in the store's country (setting `country`, default GB): "07700 900123" and
"+44 7700 900123" are the same customer. Letters are refused, not stripped (a typo
"0770O" must not become another person's number), and so are digits other than ASCII 0-9.
A search prefix is turned into the same form (`search_prefix`), so "07700" and "+44 77"
both find +447700900123.
"""

from __future__ import annotations

import re

import phonenumbers

from .errors import ValidationError
from .limits import MAX_LENGTH

# What may appear in a typed phone number besides digits: spaces, dashes, dots, brackets, a leading +.
_TYPED = re.compile(r"\+?[0-9 ()./-]+")


def check_country(code: str) -> str:
    """An ISO 3166 two-letter region phonenumbers knows (e.g. GB, FR, US)."""
    if code not in phonenumbers.SUPPORTED_REGIONS:
        raise ValidationError("country", f"'{code}' is not a country code such as GB, FR or US")
    return code


def _digits_only(text: str, field: str) -> str:
    if not _TYPED.fullmatch(text) or "+" in text[1:]:
        if any(ch.isalpha() for ch in text):
            raise ValidationError(field, f"'{text}' is not a phone number: letters are not allowed")
        raise ValidationError(field, f"'{text}' is not a phone number: use digits 0-9, spaces, dashes and a leading +")
    return re.sub(r"[^0-9+]", "", text)


def normalise(text: str, country: str, field: str = "phone") -> str:
    """The E.164 form of a phone number typed nationally or internationally, or a
    `ValidationError` saying why it is not one."""
    text = text.strip()
    if len(text) > MAX_LENGTH["phone"]:
        raise ValidationError(field, f"is longer than {MAX_LENGTH['phone']} characters")
    compact = _digits_only(text, field)
    try:
        number = phonenumbers.parse(compact, country)
    except phonenumbers.NumberParseException:
        raise ValidationError(field, f"'{text}' is not a phone number") from None
    if not phonenumbers.is_possible_number(number):
        raise ValidationError(field, f"'{text}' is not a phone number of {country} (or give it with +country code)")
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)


def looks_like_phone(text: str) -> bool:
    """True when a search text is a phone number or the start of one (digits, +, spaces, dashes)."""
    stripped = text.strip()
    return bool(stripped) and bool(_TYPED.fullmatch(stripped)) and any(ch.isdigit() for ch in stripped)


def search_prefix(text: str, country: str) -> str:
    """The start of an E.164 number that a typed prefix stands for: '+44…' as typed,
    '00 44…' → '+44…', and a national '07700…' → '+447700…' (the trunk 0 dropped)."""
    compact = re.sub(r"[^0-9+]", "", text)
    if compact.startswith("+"):
        return "+" + compact[1:].replace("+", "")
    digits = compact.replace("+", "")
    metadata = phonenumbers.PhoneMetadata.metadata_for_region(country)
    international = metadata.international_prefix if metadata else "00"
    if international and international.isdigit() and digits.startswith(international):
        return "+" + digits[len(international):]
    trunk = metadata.national_prefix if metadata else None
    if trunk and digits.startswith(trunk):
        digits = digits[len(trunk):]
    return f"+{phonenumbers.country_code_for_region(country)}{digits}"


def from_stored_digits(digits: str, country: str) -> str | None:
    """Migration 0003: the E.164 form of a phone stored as bare digits before, or None.
    A national number ('07700900123') is read in `country`; otherwise the digits are taken
    as international ('447700900123'). A valid reading wins over one that is only possible."""
    readings = []
    for candidate, region in ((digits, country), ("+" + digits, None)):
        try:
            readings.append(phonenumbers.parse(candidate, region))
        except phonenumbers.NumberParseException:
            continue
    for good_enough in (phonenumbers.is_valid_number, phonenumbers.is_possible_number):
        for number in readings:
            if good_enough(number):
                return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)
    return None
