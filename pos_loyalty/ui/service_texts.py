"""The services' own short messages that screens show as they are (why a reward cannot be
taken now, how a sale's points were counted, why e-mail waits), in the app's language. The
services and the rules engine write them in English — the CLI and the log read them too — and
the screens pass each through `translated`, which knows their shapes; a message it does not
know is shown unchanged.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from PySide6.QtCore import QCoreApplication

from .. import formats


def _number(text: str | None) -> str:
    """A plain decimal of the engine ("2.80") with the app's decimal mark ("2,80")."""
    return formats.number_text(text or "")


def _tier(groups: dict[str, str | None]) -> str:
    if groups.get("multiplier") is None:
        return ""
    return QCoreApplication.translate("services", " × {multiplier} ({tier})").format(multiplier=_number(groups["multiplier"]), tier=groups["tier"])


def _per_amount(g: dict[str, str | None]) -> str:
    return QCoreApplication.translate("services", "{rule}: {base} eligible → {steps} × {points} per {per}{tier} = {total}").format(
        rule=g["rule"], base=_number(g["base"]), steps=g["steps"], points=_number(g["points"]), per=_number(g["per"]),
        tier=_tier(g), total=g["total"])


def _per_order(g: dict[str, str | None]) -> str:
    share = QCoreApplication.translate("services", " × {percent}% eligible").format(percent=_number(g["percent"])) if g["percent"] else ""
    return QCoreApplication.translate("services", "{rule}: {points} per order{share}{tier} = {total}").format(
        rule=g["rule"], points=_number(g["points"]), share=share, tier=_tier(g), total=g["total"])


_NUMBER = r"[\d.]+"
_TIER = rf"(?: × (?P<multiplier>{_NUMBER}) \((?P<tier>.*)\))?"

# (the English message's shape, what it reads in the app's language); the translations are
# read at each call, so the language installed at the time is used.
_SHAPES: list[tuple[re.Pattern[str], Callable[[dict[str, str | None]], str]]] = [
    (re.compile(r"needs (?P<cost>[\d,.]+) points; (?P<spendable>[\d,.]+) available"),
     lambda g: QCoreApplication.translate("services", "needs {cost} points; {spendable} available").format(**g)),
    (re.compile(r"needs (?P<points>[\d,.]+) points"), lambda g: QCoreApplication.translate("services", "needs {points} points").format(**g)),
    (re.compile(r"needs (?P<sku>.+) in the order to replace"),
     lambda g: QCoreApplication.translate("services", "needs {sku} in the order to replace").format(**g)),
    (re.compile(r"needs an order of at least (?P<amount>.+)"),
     lambda g: QCoreApplication.translate("services", "needs an order of at least {amount}").format(amount=_number(g["amount"]))),
    (re.compile(r"needs (?P<skus>.+) in the order"), lambda g: QCoreApplication.translate("services", "needs {skus} in the order").format(**g)),
    (re.compile(r"only for tier (?P<tiers>.+)"), lambda g: QCoreApplication.translate("services", "only for tier {tiers}").format(**g)),
    (re.compile(r"no shipping to discount"), lambda g: QCoreApplication.translate("services", "no shipping to discount")),
    (re.compile(r"nothing left to pay"), lambda g: QCoreApplication.translate("services", "nothing left to pay")),
    (re.compile(r"no SMTP server is configured \(setting smtp_host\)"),
     lambda g: QCoreApplication.translate("services", "no SMTP server is configured (setting smtp_host)")),
    (re.compile(r"no sender address is configured \(setting smtp_from\)"),
     lambda g: QCoreApplication.translate("services", "no sender address is configured (setting smtp_from)")),
    (re.compile(r"no SMTP password: set (?P<variable>\S+) or run `settings smtp-password`"),
     lambda g: QCoreApplication.translate("services", "no SMTP password: set {variable} or run `settings smtp-password`").format(**g)),
    # How the rules engine counted a sale's points (domain/engine.py, Earning.explanation).
    (re.compile(r"(?P<rule>.+): first order only — not the first order"),
     lambda g: QCoreApplication.translate("services", "{rule}: first order only — not the first order").format(**g)),
    (re.compile(r"(?P<rule>.+): already earned this day"), lambda g: QCoreApplication.translate("services", "{rule}: already earned this day").format(**g)),
    (re.compile(r"(?P<rule>.+): already earned this week"), lambda g: QCoreApplication.translate("services", "{rule}: already earned this week").format(**g)),
    (re.compile(r"(?P<rule>.+): already earned this month"), lambda g: QCoreApplication.translate("services", "{rule}: already earned this month").format(**g)),
    (re.compile(r"(?P<rule>.+): already earned this year"), lambda g: QCoreApplication.translate("services", "{rule}: already earned this year").format(**g)),
    (re.compile(rf"(?P<rule>.+): order (?P<amount>{_NUMBER}) is below the minimum (?P<minimum>{_NUMBER})"),
     lambda g: QCoreApplication.translate("services", "{rule}: order {amount} is below the minimum {minimum}").format(
         rule=g["rule"], amount=_number(g["amount"]), minimum=_number(g["minimum"]))),
    (re.compile(r"(?P<rule>.+): no eligible items"), lambda g: QCoreApplication.translate("services", "{rule}: no eligible items").format(**g)),
    (re.compile(rf"(?P<rule>.+): (?P<base>{_NUMBER}) eligible → (?P<steps>\d+) × (?P<points>{_NUMBER}) per (?P<per>{_NUMBER}){_TIER} = (?P<total>\d+)"),
     _per_amount),
    (re.compile(rf"(?P<rule>.+): (?P<points>{_NUMBER}) per order(?: × (?P<percent>{_NUMBER})% eligible)?{_TIER} = (?P<total>\d+)"), _per_order),
]


def translated(message: str) -> str:
    """`message` in the app's language when it is one of the shapes above, else as it is."""
    for shape, translate in _SHAPES:
        match = shape.fullmatch(message)
        if match:
            return translate(match.groupdict())
    return message
