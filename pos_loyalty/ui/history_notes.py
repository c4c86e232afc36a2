"""The notes the services store with a card's history (and a voided coupon's reason) in the
app's language. They are written in English when the entry is made — the ledger is
append-only and the CLI and exports read it — so a screen in another language reads each
note's English shape back and writes it in its own words; a note it does not know (a
manager's reason, an action's name from the rules) is shown as it was written.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable

from PySide6.QtCore import QCoreApplication

from .. import formats
from ..domain.milestones import amount_text, read_amount_text
from .programme_texts import milestone_words

def _expired(g: dict[str, str]) -> str:
    return QCoreApplication.translate("history", "expired {date}").format(date=formats.date_text(dt.date.fromisoformat(g["date"])))

def _refund(g: dict[str, str]) -> str:
    kinds = {"full": QCoreApplication.translate("history", "full refund"), "partial": QCoreApplication.translate("history", "partial refund"), "cancel": QCoreApplication.translate("history", "order cancelled")}
    return kinds[g["kind"]]

def _step(g: dict[str, str]) -> str | None:
    amount = read_amount_text(g["amount"])
    if amount is None:
        return None
    kind, value, currency = amount
    words = milestone_words()
    return words.step.format(rule=g["rule"], amount=amount_text(kind, value, currency, words))

def _taken_back(g: dict[str, str]) -> str:
    return QCoreApplication.translate("history", "{rule} — taken back: a refund took the customer below {requirement}").format(
        rule=g["rule"], requirement=formats.number_text(g["requirement"]))

# (the English note's shape, its text in the app's language; None: shown as written). Written by
# services/checkout.py (spend), ledger.py (expire), refunds.py (reverse, return),
# programme.py (milestone steps and their reversal) and triggers.py (a campaign's points taken back).
_NOTES: list[tuple[re.Pattern[str], Callable[[dict[str, str]], str | None]]] = [
    (re.compile(r"rewards"), lambda g: QCoreApplication.translate("history", "rewards")),
    (re.compile(r"expired (?P<date>\d{4}-\d\d-\d\d)"), _expired),
    (re.compile(r"(?P<kind>full|partial|cancel) refund"), _refund),
    (re.compile(r"points spent given back"), lambda g: QCoreApplication.translate("history", "points spent given back")),
    (re.compile(r"(?P<rule>.+) — taken back: a refund took the customer below (?P<requirement>\d+(?:\.\d+)?)"), _taken_back),
    (re.compile(r"(?P<rule>.+): a refund took the customer below the step"),
     lambda g: QCoreApplication.translate("history", "{rule}: a refund took the customer below the step").format(**g)),
    (re.compile(r"(?P<name>.+): taken back"), lambda g: QCoreApplication.translate("history", "{name}: taken back").format(**g)),
    (re.compile(r"(?P<rule>.+) — (?P<amount>.+)"), _step),
]

def note_text(note: str) -> str:
    """`note` in the app's language when it is one the services write, else as it is."""
    if not note:
        return note
    for shape, translate in _NOTES:
        match = shape.fullmatch(note)
        if match:
            return translate(match.groupdict()) or note
    return note
