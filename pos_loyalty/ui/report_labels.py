"""The reports' own words — table titles, column headings, headline figures — in the app's
language. services/report_builders.py writes them in English (the CLI prints them and the CSV
files carry them); the reports screen passes each through `label` before showing it. A label
not listed here (a report added later) is shown as the service wrote it.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication

CONTEXT = "reports"

# Listed for pyside6-lupdate, which reads these calls; translated at each `label` call.
FIXED = (
    QT_TRANSLATE_NOOP("reports", "Active customers"), QT_TRANSLATE_NOOP("reports", "Amount refunded"),
    QT_TRANSLATE_NOOP("reports", "Average basket with a card"), QT_TRANSLATE_NOOP("reports", "Average basket without a card"),
    QT_TRANSLATE_NOOP("reports", "Average basket without"), QT_TRANSLATE_NOOP("reports", "Count"),
    QT_TRANSLATE_NOOP("reports", "Customer"), QT_TRANSLATE_NOOP("reports", "Customers per tier"),
    QT_TRANSLATE_NOOP("reports", "Customers who ordered"), QT_TRANSLATE_NOOP("reports", "Customers who redeemed"),
    QT_TRANSLATE_NOOP("reports", "Customers"), QT_TRANSLATE_NOOP("reports", "Milestones, actions and triggers"),
    QT_TRANSLATE_NOOP("reports", "Money given away"), QT_TRANSLATE_NOOP("reports", "Name"),
    QT_TRANSLATE_NOOP("reports", "Net change"), QT_TRANSLATE_NOOP("reports", "New customers"),
    QT_TRANSLATE_NOOP("reports", "Orders per period"), QT_TRANSLATE_NOOP("reports", "Orders with a card"),
    QT_TRANSLATE_NOOP("reports", "Orders without a card"), QT_TRANSLATE_NOOP("reports", "Orders without"),
    QT_TRANSLATE_NOOP("reports", "Orders"), QT_TRANSLATE_NOOP("reports", "Period"),
    QT_TRANSLATE_NOOP("reports", "Points earned"), QT_TRANSLATE_NOOP("reports", "Points outstanding now"),
    QT_TRANSLATE_NOOP("reports", "Points per period"), QT_TRANSLATE_NOOP("reports", "Points spent"),
    QT_TRANSLATE_NOOP("reports", "Points"), QT_TRANSLATE_NOOP("reports", "Redemption rate"),
    QT_TRANSLATE_NOOP("reports", "Redemptions"), QT_TRANSLATE_NOOP("reports", "Refunds"),
    QT_TRANSLATE_NOOP("reports", "Reward"), QT_TRANSLATE_NOOP("reports", "Rewards redeemed"),
    QT_TRANSLATE_NOOP("reports", "Share of orders with a card"), QT_TRANSLATE_NOOP("reports", "Spent"),
    QT_TRANSLATE_NOOP("reports", "Status"), QT_TRANSLATE_NOOP("reports", "Tier"),
    QT_TRANSLATE_NOOP("reports", "Top customers by points earned"), QT_TRANSLATE_NOOP("reports", "Top customers by spend"),
    QT_TRANSLATE_NOOP("reports", "What"), QT_TRANSLATE_NOOP("reports", "Issued"), QT_TRANSLATE_NOOP("reports", "Redeemed"),
    QT_TRANSLATE_NOOP("reports", "Returned"), QT_TRANSLATE_NOOP("reports", "Expired"), QT_TRANSLATE_NOOP("reports", "Reversed"),
    QT_TRANSLATE_NOOP("reports", "Adjusted"), QT_TRANSLATE_NOOP("reports", "Their value (no points reward active)"),
    QT_TRANSLATE_NOOP("reports", "Points issued"), QT_TRANSLATE_NOOP("reports", "Points redeemed"),
    QT_TRANSLATE_NOOP("reports", "Points returned"), QT_TRANSLATE_NOOP("reports", "Points expired"),
    QT_TRANSLATE_NOOP("reports", "Points reversed"), QT_TRANSLATE_NOOP("reports", "Points adjusted"),
)

# Labels with a number or a currency in them: (the English shape, its translation).
_SHAPES: list[tuple[re.Pattern[str], Callable[[], str]]] = [
    (re.compile(r"Their value \((?P<currency>[A-Z]{3})\)"), lambda: QCoreApplication.translate("reports", "Their value ({currency})")),
    (re.compile(r"Expiring within (?P<days>\d+) days"), lambda: QCoreApplication.translate("reports", "Expiring within {days} days")),
    (re.compile(r"Lapsed \(no order in (?P<days>\d+) days\)"), lambda: QCoreApplication.translate("reports", "Lapsed (no order in {days} days)")),
]


def label(text: str) -> str:
    """A report's title, heading or figure label in the app's language (else as written)."""
    for shape, template in _SHAPES:
        match = shape.fullmatch(text)
        if match:
            return template().format(**match.groupdict())
    return QCoreApplication.translate(CONTEXT, text)
