"""The services' own short messages that screens show as they are (why a reward cannot be
taken now, why e-mail waits), in the app's language. The services write them in English —
the CLI and the log read them too — and the screens pass each through `translated`, which
knows their shapes; a message it does not know is shown unchanged.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from PySide6.QtCore import QCoreApplication


# (the English message's shape, its translation with the same {names}); read at each call,
# so the language installed at the time is used.
_SHAPES: list[tuple[re.Pattern[str], Callable[[], str]]] = [
    (re.compile(r"needs (?P<cost>[\d,.]+) points; (?P<spendable>[\d,.]+) available"),
     lambda: QCoreApplication.translate("services", "needs {cost} points; {spendable} available")),
    (re.compile(r"needs (?P<points>[\d,.]+) points"), lambda: QCoreApplication.translate("services", "needs {points} points")),
    (re.compile(r"needs (?P<sku>.+) in the order to replace"), lambda: QCoreApplication.translate("services", "needs {sku} in the order to replace")),
    (re.compile(r"needs an order of at least (?P<amount>.+)"), lambda: QCoreApplication.translate("services", "needs an order of at least {amount}")),
    (re.compile(r"needs (?P<skus>.+) in the order"), lambda: QCoreApplication.translate("services", "needs {skus} in the order")),
    (re.compile(r"only for tier (?P<tiers>.+)"), lambda: QCoreApplication.translate("services", "only for tier {tiers}")),
    (re.compile(r"no shipping to discount"), lambda: QCoreApplication.translate("services", "no shipping to discount")),
    (re.compile(r"nothing left to pay"), lambda: QCoreApplication.translate("services", "nothing left to pay")),
    (re.compile(r"no SMTP server is configured \(setting smtp_host\)"),
     lambda: QCoreApplication.translate("services", "no SMTP server is configured (setting smtp_host)")),
    (re.compile(r"no sender address is configured \(setting smtp_from\)"),
     lambda: QCoreApplication.translate("services", "no sender address is configured (setting smtp_from)")),
    (re.compile(r"no SMTP password: set (?P<variable>\S+) or run `settings smtp-password`"),
     lambda: QCoreApplication.translate("services", "no SMTP password: set {variable} or run `settings smtp-password`")),
]


def translated(message: str) -> str:
    """`message` in the app's language when it is one of the shapes above, else as it is."""
    for shape, template in _SHAPES:
        match = shape.fullmatch(message)
        if match:
            return template().format(**match.groupdict())
    return message
