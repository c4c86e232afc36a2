"""A customer's personal details as they may appear in free text, and erasing them from it.

When a customer asks to be forgotten (services/privacy.py) their name, phone and e-mail are
removed from their own record, but people also typed them into other texts: a manager's
reason for an adjustment ("goodwill, Ann Smith"), a coupon's reason, a sync exception that
listed two look-alike customers, an SMTP server's answer that quoted the address. `needles`
lists every form in which a detail is likely written — the name as typed, the phone in E.164,
international and national forms, with and without spaces, each also as JSON escapes it
(audit details are JSON) — and `scrub` replaces each, ignoring case, with `ERASED`.

Only whole details are looked for, never a single word of a name: "Ann" alone would erase
"Annual" from every note of the store.
"""

from __future__ import annotations

import json
import re
from typing import Iterable

import phonenumbers

ERASED = "[erased]"  # also the marker the ledger's guard accepts in a redacted note (migration 0017)
MIN_NEEDLE = 4  # a shorter detail (a two-letter name) would erase parts of unrelated words


def _phone_forms(phone: str, country: str) -> list[str]:
    forms = [phone, phone.lstrip("+")]
    try:
        number = phonenumbers.parse(phone, country)
    except phonenumbers.NumberParseException:
        return forms
    for style in (phonenumbers.PhoneNumberFormat.INTERNATIONAL, phonenumbers.PhoneNumberFormat.NATIONAL):
        text = phonenumbers.format_number(number, style)
        forms += [text, re.sub(r"[^0-9+]", "", text)]
    return forms


def needles(name: str | None, phone: str | None, email: str | None, country: str = "GB") -> list[str]:
    """Every form of the details worth looking for, longest first (so "+44 7700 900123" is
    erased whole before its digits are looked for), without duplicates or short ones."""
    forms: list[str] = []
    if name and name.strip():
        forms.append(" ".join(name.split()))
    if phone:
        forms += _phone_forms(phone, country)
    if email:
        forms.append(email)
    escaped = [json.dumps(form)[1:-1] for form in forms]  # "João" is "Jo\u00e3o" in a JSON detail
    unique = {form.strip() for form in forms + escaped if len(form.strip()) >= MIN_NEEDLE}
    return sorted(unique, key=lambda form: (-len(form), form))


def _pattern(found: Iterable[str]) -> re.Pattern[str] | None:
    forms = list(found)
    if not forms:
        return None
    return re.compile("|".join(re.escape(form) for form in forms), re.IGNORECASE)


def contains(text: str, found: Iterable[str]) -> bool:
    pattern = _pattern(found)
    return bool(text) and pattern is not None and pattern.search(text) is not None


def scrub(text: str, found: Iterable[str]) -> str:
    """`text` with every occurrence of the details replaced by `ERASED` (case ignored)."""
    pattern = _pattern(found)
    if not text or pattern is None:
        return text
    return pattern.sub(ERASED, text)
