"""The services' own short messages that screens show as they are (why a reward cannot be
taken now, how a sale's points were counted, why e-mail waits), in the app's language. The
services and the rules engine write them in English — the CLI and the log read them too — and
the screens pass each through `translated`, which knows their shapes (the till's here, the
manager's screens' in `manager_texts`); a message it does not know is shown unchanged.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication

from .. import formats
from . import manager_texts


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


def _t(template: str) -> Callable[[dict[str, str | None]], str]:
    """A refusal whose values are shown as the service wrote them (numbers as in `_n`)."""
    return lambda g: QCoreApplication.translate("services", template).format(**{k: _n(v) for k, v in g.items()})


def _n(text: str | None) -> str:
    """A value of a refusal: a plain number ("12.50", "1200") in the app's format when the app
    writes numbers otherwise than the services do; any other value (a name, a number typed
    by the cashier) as it is."""
    text = text or ""
    if formats.style().decimal == "." or not re.fullmatch(r"-?\d+(?:\.\d+)?", text):
        return text
    return formats.number_text(text)


def _status(g: dict[str, str | None]) -> dict[str, str]:
    names = {"active": QCoreApplication.translate("services", "active"), "suspended": QCoreApplication.translate("services", "suspended"),
             "replaced": QCoreApplication.translate("services", "replaced"), "unassigned": QCoreApplication.translate("services", "unassigned")}
    return {**{k: v or "" for k, v in g.items()}, "status": names.get(g.get("status") or "", g.get("status") or "")}


# The refusals a cashier meets at the till (services/ and domain/ raise them in English).
_REFUSALS: list[tuple[re.Pattern[str], Callable[[dict[str, str | None]], str]]] = [
    # A mistyped or unknown card (domain/card_numbers.py, services/cards.py, checkout, activity).
    (re.compile(r"'(?P<text>.*)' is not a card number \(digits only, 0-9\)"), _t(QT_TRANSLATE_NOOP("services", "'{text}' is not a card number (digits only, 0-9)"))),
    (re.compile(r"'(?P<text>.*)' fails its check digit — probably mistyped"), _t(QT_TRANSLATE_NOOP("services", "'{text}' fails its check digit — probably mistyped"))),
    (re.compile(r"(?P<number>\S+) is not a card of this store"), _t(QT_TRANSLATE_NOOP("services", "{number} is not a card of this store"))),
    (re.compile(r"(?P<number>\S+) was replaced by (?P<new>\S+); scan the new card"), _t(QT_TRANSLATE_NOOP("services", "{number} was replaced by {new}; scan the new card"))),
    (re.compile(r"(?P<number>\S+) is suspended: it earns nothing until a manager reactivates it"),
     _t(QT_TRANSLATE_NOOP("services", "{number} is suspended: it earns nothing until a manager reactivates it"))),
    (re.compile(r"(?P<number>\S+) has not been given to a customer yet; enrol the customer first"),
     _t(QT_TRANSLATE_NOOP("services", "{number} has not been given to a customer yet; enrol the customer first"))),
    (re.compile(r"the card is (?P<status>\w+); rewards cannot be used"),
     lambda g: QCoreApplication.translate("services", "the card is {status}; rewards cannot be used").format(**_status(g))),
    (re.compile(r"(?P<number>\S+) is already (?P<status>\w+); give the customer an unassigned card"),
     lambda g: QCoreApplication.translate("services", "{number} is already {status}; give the customer an unassigned card").format(**_status(g))),
    # Rewards (domain/engine.py).
    (re.compile(r"(?P<reward>.+) costs (?P<cost>\d+) points; only (?P<spendable>-?\d+) available"),
     _t(QT_TRANSLATE_NOOP("services", "{reward} costs {cost} points; only {spendable} available"))),
    (re.compile(r"(?P<points>\d+) points asked but only (?P<spendable>-?\d+) available"), _t(QT_TRANSLATE_NOOP("services", "{points} points asked but only {spendable} available"))),
    (re.compile(r"'(?P<reward>.+)' is already applied to this order"), _t(QT_TRANSLATE_NOOP("services", "'{reward}' is already applied to this order"))),
    # Money and order lines (domain/money.py, domain/order.py).
    (re.compile(r"'(?P<value>.*)' is not an amount of money \(write it like 12\.50\)"),
     lambda g: QCoreApplication.translate("services", "'{value}' is not an amount of money (write it like {example})").format(
         value=g["value"], example=_n("12.50"))),
    (re.compile(r"'(?P<value>.*)' is not an amount of money"), _t(QT_TRANSLATE_NOOP("services", "'{value}' is not an amount of money"))),
    (re.compile(r"is required"), _t(QT_TRANSLATE_NOOP("services", "is required"))),
    (re.compile(r"cannot be negative \((?P<amount>.+)\)"), _t(QT_TRANSLATE_NOOP("services", "cannot be negative ({amount})"))),
    (re.compile(r"(?P<amount>\S+) is not a plausible amount"), _t(QT_TRANSLATE_NOOP("services", "{amount} is not a plausible amount"))),
    (re.compile(r"(?P<quantity>\d+) is more than this store allows on one line \((?P<limit>\d+), setting max_line_quantity\)"),
     _t(QT_TRANSLATE_NOOP("services", "{quantity} is more than this store allows on one line ({limit}, setting max_line_quantity)"))),
    (re.compile(r"the order comes to (?P<total>\S+), more than this store allows \((?P<limit>\S+), setting max_order_total\)"),
     _t(QT_TRANSLATE_NOOP("services", "the order comes to {total}, more than this store allows ({limit}, setting max_order_total)"))),
    (re.compile(r"order (?P<order>.+) was already committed with different content"), _t(QT_TRANSLATE_NOOP("services", "order {order} was already committed with different content"))),
    # Enrolment (domain/phones.py, services/customers.py).
    (re.compile(r"'(?P<text>.*)' is not a phone number: letters are not allowed"), _t(QT_TRANSLATE_NOOP("services", "'{text}' is not a phone number: letters are not allowed"))),
    (re.compile(r"'(?P<text>.*)' is not a phone number: use digits 0-9, spaces, dashes and a leading \+"),
     _t(QT_TRANSLATE_NOOP("services", "'{text}' is not a phone number: use digits 0-9, spaces, dashes and a leading +"))),
    (re.compile(r"'(?P<text>.*)' is not a phone number of (?P<country>\w+) \(or give it with \+country code\)"),
     _t(QT_TRANSLATE_NOOP("services", "'{text}' is not a phone number of {country} (or give it with +country code)"))),
    (re.compile(r"'(?P<text>.*)' is not a phone number"), _t(QT_TRANSLATE_NOOP("services", "'{text}' is not a phone number"))),
    (re.compile(r"'(?P<text>.*)' is not an email address"), _t(QT_TRANSLATE_NOOP("services", "'{text}' is not an email address"))),
    (re.compile(r"'(?P<text>.*)' is not an e-mail address"), _t(QT_TRANSLATE_NOOP("services", "'{text}' is not an e-mail address"))),
    (re.compile(r"give a phone number or an email address"), _t(QT_TRANSLATE_NOOP("services", "give a phone number or an email address"))),
    (re.compile(r"a name is required"), _t(QT_TRANSLATE_NOOP("services", "a name is required"))),
    (re.compile(r"(?P<value>.+) already belongs to (?P<name>.+)"), _t(QT_TRANSLATE_NOOP("services", "{value} already belongs to {name}"))),
    # Signing in and PINs (services/auth.py), a refund's manager limit (services/refunds.py).
    (re.compile(r"too many wrong PINs: (?P<who>.+) is locked until (?P<until>\d\d:\d\d); a manager can unlock it sooner"),
     _t(QT_TRANSLATE_NOOP("services", "too many wrong PINs: {who} is locked until {until}; a manager can unlock it sooner"))),
    (re.compile(r"too many wrong PINs: wait (?P<wait>\d+) s before the next try"), _t(QT_TRANSLATE_NOOP("services", "too many wrong PINs: wait {wait} s before the next try"))),
    (re.compile(r"the PIN for (?P<name>.+) is not correct"), _t(QT_TRANSLATE_NOOP("services", "the PIN for {name} is not correct"))),
    (re.compile(r"a PIN is required"), _t(QT_TRANSLATE_NOOP("services", "a PIN is required"))),
    (re.compile(r"the manager PIN is not correct"), _t(QT_TRANSLATE_NOOP("services", "the manager PIN is not correct"))),
    (re.compile(r"a manager's PIN is required for this action"), _t(QT_TRANSLATE_NOOP("services", "a manager's PIN is required for this action"))),
    (re.compile(r"no active user called '(?P<name>.*)'"), _t(QT_TRANSLATE_NOOP("services", "no active user called '{name}'"))),
    (re.compile(r"a user name is required"), _t(QT_TRANSLATE_NOOP("services", "a user name is required"))),
    (re.compile(r"(?P<name>.+) is not a manager"), _t(QT_TRANSLATE_NOOP("services", "{name} is not a manager"))),
    (re.compile(r"a refund above (?P<limit>\S+) needs a manager's PIN"), _t(QT_TRANSLATE_NOOP("services", "a refund above {limit} needs a manager's PIN"))),
    (re.compile(r"only (?P<left>\d+) left to refund, not (?P<quantity>\d+)"),
     _t(QT_TRANSLATE_NOOP("services", "only {left} left to refund, not {quantity}"))),
    (re.compile(r"the quantity to refund must be a whole number of at least 1"),
     _t(QT_TRANSLATE_NOOP("services", "the quantity to refund must be a whole number of at least 1"))),
    (re.compile(r"no order (?P<order>\S+)"), _t(QT_TRANSLATE_NOOP("services", "no order {order}"))),
    # services/errors.Busy's own message.
    (re.compile(r"the database is busy \(another till or a long job holds it\); try again"),
     _t(QT_TRANSLATE_NOOP("services", "the database is busy (another till or a long job holds it); try again"))),
]
_SHAPES.extend(_REFUSALS)
# The refusals of the manager's screens (settings, bulk cards, rules, reports, users, sync…),
# tried first: each is a whole message, most specific first, where some of the till's shapes
# above take any prefix ("{value} already belongs to {name}" would take "…, a customer of this store").
_SHAPES[:0] = manager_texts.shapes(lambda text: translated(text))


def _field_names() -> dict[str, str]:
    """The fields a refusal is shown with ("unit price: …"), in the app's language."""
    return {"unit price": QCoreApplication.translate("services", "unit price"), "quantity": QCoreApplication.translate("services", "quantity"),
            "name": QCoreApplication.translate("services", "name"), "collection": QCoreApplication.translate("services", "collection"),
            "price": QCoreApplication.translate("services", "price"), "card": QCoreApplication.translate("services", "card"),
            "phone": QCoreApplication.translate("services", "phone"), "total": QCoreApplication.translate("services", "total")}


def translated(message: str) -> str:
    """`message` in the app's language when it is one of the shapes above, else as it is. A
    message shown with its field ("unit price: '2,8x' is not an amount of money") has both
    parts translated."""
    if not message:  # a field's error cleared: every scan does it, twice
        return message
    for shape, translate in _SHAPES:
        match = shape.fullmatch(message)
        if match:
            return translate(match.groupdict())
    head, colon, rest = message.partition(": ")
    if colon and rest:
        tail = translated(rest)
        if tail != rest:
            return f"{_field_names().get(head, head)}: {tail}"
    return message
