"""The programme's own texts in the app's language: a milestone's progress and steps (the
milestone panel, the loyalty slip), the coupon slip's words and the Rules screen's description of the programme. The domain writes them in English from `MilestoneWords`
(the CLI and the notes stored with an award keep that); here the same shapes are read from
the installed translation, so the figures and names are filled in the same way in every
language."""

from __future__ import annotations

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication

from decimal import Decimal

from ..domain.milestones import MilestoneWords
from ..domain.money import display_money, has_extra_decimals
from ..domain.rule_problems import GOT, Problem
from ..formats import number_text
from ..printing.coupon_slip import CouponSlipWords
from ..services.describe import DescribeWords


def milestone_words() -> MilestoneWords:
    """`MilestoneWords` in the installed language (read at each call: the language of the moment)."""
    return MilestoneWords(
        units=(("orders", QCoreApplication.translate("programme", "order"),
                QCoreApplication.translate("programme", "orders")),
               ("points_earned", QCoreApplication.translate("programme", "point earned"),
                QCoreApplication.translate("programme", "points earned")),
               ("reviews", QCoreApplication.translate("programme", "review"),
                QCoreApplication.translate("programme", "reviews")),
               ("inactivity", QCoreApplication.translate("programme", "day without an order"),
                QCoreApplication.translate("programme", "days without an order"))),
        spent=QCoreApplication.translate("programme", "{amount} spent"),
        of_count=QCoreApplication.translate("programme", "{have} of {need}"),
        of_spent=QCoreApplication.translate("programme", "{have} of {need} spent"),
        next_step=QCoreApplication.translate("programme", "{rule}: {have} — next: {gift}"),
        every_step=QCoreApplication.translate("programme", "{rule}: {amount} — every step reached"),
        free_product=QCoreApplication.translate("programme", "a free {product}"),
        step=QCoreApplication.translate("programme", "{rule} — {amount}"),
        with_coupon=QCoreApplication.translate("programme", "{gift} (coupon {code})"))


def coupon_slip_words() -> CouponSlipWords:
    """The coupon slip's words in the installed language."""
    return CouponSlipWords(
        title=QCoreApplication.translate("programme", "Coupon {code}"),
        coupon=QCoreApplication.translate("programme", "Coupon"),
        your_coupon=QCoreApplication.translate("programme", "Your coupon"),
        for_customer=QCoreApplication.translate("programme", "for {customer}"),
        valid_until=QCoreApplication.translate("programme", "Valid until {date}"),
        no_expiry=QCoreApplication.translate("programme", "No expiry date"),
        note=QCoreApplication.translate("programme", "Show this slip at the till. One use."))


def _rate(value: Decimal, currency: str) -> str:
    """A point's worth on screen: as money (``0,05 €``), or with all its decimals and the
    currency's code when it has more than the currency (``0,005 EUR``)."""
    if has_extra_decimals(value, currency):
        return f"{number_text(format(value, 'f'))} {currency}"
    return display_money(value, currency)


def describe_words() -> DescribeWords:
    """`DescribeWords` in the installed language, money written the screen's way (``1,00 €``);
    read at each call."""
    return DescribeWords(
        money=display_money,
        rate=_rate,
        counted_on=QCoreApplication.translate("programme", "Points are counted on the order total {parts}, awarded when the order is {award_on}."),
        after_discounts=QCoreApplication.translate("programme", "after discounts"),
        with_taxes=QCoreApplication.translate("programme", "with taxes"),
        with_shipping=QCoreApplication.translate("programme", "with shipping"),
        items_only=QCoreApplication.translate("programme", "of the items only"),
        paid=QCoreApplication.translate("programme", "paid"),
        fulfilled=QCoreApplication.translate("programme", "fulfilled"),
        expire_after=QCoreApplication.translate("programme", "Points expire {days} after they are earned; the soonest-expiring are spent first."),
        expire_on=QCoreApplication.translate("programme", "Points expire on {date}."),
        earning=QCoreApplication.translate("programme", "Earning:"),
        earning_line=QCoreApplication.translate("programme", "{name}: {what} {scope}, {frequency}{minimum}{state}"),
        per_amount=QCoreApplication.translate("programme", "{points} per {amount} spent"),
        per_order=QCoreApplication.translate("programme", "{points} per order"),
        on_all_products=QCoreApplication.translate("programme", "on all products"),
        on_these=QCoreApplication.translate("programme", "on {names}"),
        every_order=QCoreApplication.translate("programme", "on every order"),
        daily=QCoreApplication.translate("programme", "once a day"),
        weekly=QCoreApplication.translate("programme", "once a week"),
        monthly=QCoreApplication.translate("programme", "once a month"),
        yearly=QCoreApplication.translate("programme", "once a year"),
        first_order=QCoreApplication.translate("programme", "on the first order only"),
        orders_from=QCoreApplication.translate("programme", ", orders from {amount}"),
        switched_off=QCoreApplication.translate("programme", " (switched off)"),
        rewards=QCoreApplication.translate("programme", "Rewards:"),
        points_reward=QCoreApplication.translate("programme", "{name}: each point is worth {amount} (from {points})"),
        discount_reward=QCoreApplication.translate("programme", "{name}: {points} for {value} off {target}{cap}"),
        percent=QCoreApplication.translate("programme", "{value}%"),
        the_order=QCoreApplication.translate("programme", "the order"),
        shipping=QCoreApplication.translate("programme", "shipping"),
        at_most=QCoreApplication.translate("programme", ", at most {amount}"),
        free_product=QCoreApplication.translate("programme", "{name}: {points} for a free {product}"),
        replace_product=QCoreApplication.translate("programme", "{name}: {points} for {product} instead of {replaced}"),
        triggers=QCoreApplication.translate("programme", "Customer-reward triggers:"),
        trigger_line=QCoreApplication.translate("programme", "{name}: at {need}{again} → {reward} and an e-mail{audience}{state}"),
        any_product=QCoreApplication.translate("programme", "any product"),
        bogo=QCoreApplication.translate("programme", "{orders} with {products}"),
        total_spent=QCoreApplication.translate("programme", "{amount} spent in all"),
        average_spent=QCoreApplication.translate("programme", "{amount} on average over at least {orders}"),
        order_spent=QCoreApplication.translate("programme", "{amount} in one order"),
        product_units=QCoreApplication.translate("programme", "{units} of {products}"),
        again=QCoreApplication.translate("programme", ", again every {orders}"),
        coupon_for=QCoreApplication.translate("programme", "a coupon for {reward}"),
        opted_in_only=QCoreApplication.translate("programme", " (opted-in customers only)"),
        tiers=QCoreApplication.translate("programme", "Tiers:"),
        tier_line=QCoreApplication.translate("programme", "{name}: {who}; earns ×{multiplier}"),
        tier_from=QCoreApplication.translate("programme", "from {need} in {days}"),
        tier_either=QCoreApplication.translate("programme", "{first} or {second}"),
        tier_spent=QCoreApplication.translate("programme", "{amount} spent"),
        everyone=QCoreApplication.translate("programme", "everyone"),
        actions=QCoreApplication.translate("programme", "Points for actions:"),
        action_line=QCoreApplication.translate("programme", "{name}: {points} {when}{cap}{state}"),
        when_enrolled=QCoreApplication.translate("programme", "when the customer is enrolled"),
        on_birthday=QCoreApplication.translate("programme", "on the birthday"),
        in_birthday_month=QCoreApplication.translate("programme", "in the birthday's month"),
        at_the_till=QCoreApplication.translate("programme", "recorded at the till"),
        once_per_customer=QCoreApplication.translate("programme", "once per customer"),
        at_most_daily=QCoreApplication.translate("programme", "at most once a day"),
        at_most_weekly=QCoreApplication.translate("programme", "at most once a week"),
        at_most_monthly=QCoreApplication.translate("programme", "at most once a month"),
        at_most_yearly=QCoreApplication.translate("programme", "at most once a year"),
        point=(QCoreApplication.translate("programme", "point"), QCoreApplication.translate("programme", "points")),
        order=(QCoreApplication.translate("programme", "order"), QCoreApplication.translate("programme", "orders")),
        separate_order=(QCoreApplication.translate("programme", "separate order"), QCoreApplication.translate("programme", "separate orders")),
        more_order=(QCoreApplication.translate("programme", "more order"), QCoreApplication.translate("programme", "more orders")),
        unit=(QCoreApplication.translate("programme", "unit"), QCoreApplication.translate("programme", "units")),
        bonus_point=(QCoreApplication.translate("programme", "bonus point"), QCoreApplication.translate("programme", "bonus points")),
        day=(QCoreApplication.translate("programme", "day"), QCoreApplication.translate("programme", "days")))


# Every shape a refused bundle's problem can have (domain/rule_problems.py: pydantic's types and
# the bundle's own checks; the model validators' fixed messages; limits.text_problem's), listed
# for pyside6-lupdate. A problem whose shape is not here (a template's Jinja error, the JSON
# reader's) is shown in English. tests/gui/test_rules_problems_spanish.py checks the list is whole.
RULE_SHAPES = (
    QT_TRANSLATE_NOOP("programme", "'{code}' is not an ISO 4217 currency code (such as EUR, GBP, USD)"),
    QT_TRANSLATE_NOOP("programme", "skus is only used with kind 'products', not '{kind}'"),
    QT_TRANSLATE_NOOP("programme", "collections is only used with kind 'collections', not '{kind}'"),
    QT_TRANSLATE_NOOP("programme", "kind '{kind}' needs {needed}"),
    QT_TRANSLATE_NOOP("programme", "{measure} is not used by kind '{kind}' (it needs {needed})"),
    QT_TRANSLATE_NOOP("programme", "min_orders is only used with kind 'average_spent', not '{kind}'"),
    QT_TRANSLATE_NOOP("programme", "repeat_every is only used with kind 'bogo', not '{kind}'"),
    QT_TRANSLATE_NOOP("programme", "a sign_up action is given once, when the customer is enrolled: must be 'once', not '{frequency}'"),
    QT_TRANSLATE_NOOP("programme", "a birthday action is given once a year: must be 'yearly', not '{frequency}'"),
    QT_TRANSLATE_NOOP("programme", "is only used with kind 'birthday', not '{kind}'"),
    QT_TRANSLATE_NOOP("programme", "must be the number 1, got {value}"),
    QT_TRANSLATE_NOOP("programme", "'{ident}' is already the id of {key}[{first}]; each id must be different"),
    QT_TRANSLATE_NOOP("programme", "'{name}' is already the name of tiers[{first}]"),
    QT_TRANSLATE_NOOP("programme", "tier {label} needs min_orders or min_spent: only the first tier may have neither"),
    QT_TRANSLATE_NOOP("programme", "tier {label} needs {value} (orders) but {below} below it already needs {previous}: tiers are listed from the lowest, and each needs more than the ones before (thresholds strictly increase)"),
    QT_TRANSLATE_NOOP("programme", "tier {label} needs {value} (spend) but {below} below it already needs {previous}: tiers are listed from the lowest, and each needs more than the ones before (thresholds strictly increase)"),
    QT_TRANSLATE_NOOP("programme", "{day} is in the past: every point would expire at once"),
    QT_TRANSLATE_NOOP("programme", "'{kind}' is already the kind of actions[{first}]; only 'custom' actions may be more than one"),
    QT_TRANSLATE_NOOP("programme", "a free product needs a product reward: '{reward}' is a {type} reward"),
    QT_TRANSLATE_NOOP("programme", "a free product needs a product reward: there is no reward '{reward}'"),
    QT_TRANSLATE_NOOP("programme", "must be a whole number for kind '{kind}', got {value}"),
    QT_TRANSLATE_NOOP("programme", "must be higher than the previous step's {previous} (requirements strictly increase)"),
    QT_TRANSLATE_NOOP("programme", "'{reward}' is not the id of a reward in this bundle"),
    QT_TRANSLATE_NOOP("programme", "'{reward}' is a points reward (money off for points); a coupon needs a discount or product reward"),
    QT_TRANSLATE_NOOP("programme", "has the wrong form"),
    QT_TRANSLATE_NOOP("programme", "has too many digits before the point"),
    QT_TRANSLATE_NOOP("programme", "has {count} items; at most {limit} are allowed"),
    QT_TRANSLATE_NOOP("programme", "is not a known field here (a typo?)"),
    QT_TRANSLATE_NOOP("programme", "is required"),
    QT_TRANSLATE_NOOP("programme", "is required (it cannot be empty)"),
    QT_TRANSLATE_NOOP("programme", "may have at most {digits} digits"),
    QT_TRANSLATE_NOOP("programme", "may have at most {places} decimals"),
    QT_TRANSLATE_NOOP("programme", "may only use letters A-Z, digits, '_', '.' and '-'"),
    QT_TRANSLATE_NOOP("programme", "must be a date such as \"2026-12-31\""),
    QT_TRANSLATE_NOOP("programme", "must be a list [...]"),
    QT_TRANSLATE_NOOP("programme", "must be a number above {limit}"),
    QT_TRANSLATE_NOOP("programme", "must be a number below {limit}"),
    QT_TRANSLATE_NOOP("programme", "must be a number of at most {limit}"),
    QT_TRANSLATE_NOOP("programme", "must be a number of {limit} or more"),
    QT_TRANSLATE_NOOP("programme", "must be a whole number"),
    QT_TRANSLATE_NOOP("programme", "must be a whole number above {limit}"),
    QT_TRANSLATE_NOOP("programme", "must be a whole number below {limit}"),
    QT_TRANSLATE_NOOP("programme", "must be a whole number of at most {limit}"),
    QT_TRANSLATE_NOOP("programme", "must be a whole number of {limit} or more"),
    QT_TRANSLATE_NOOP("programme", "must be an amount such as \"2.50\""),
    QT_TRANSLATE_NOOP("programme", "must be an object {...}"),
    QT_TRANSLATE_NOOP("programme", "must be at least {limit} characters"),
    QT_TRANSLATE_NOOP("programme", "must be at most {limit} characters"),
    QT_TRANSLATE_NOOP("programme", "must be text"),
    QT_TRANSLATE_NOOP("programme", "must be true or false"),
    QT_TRANSLATE_NOOP("programme", "must be {expected}"),
    QT_TRANSLATE_NOOP("programme", "needs a \"type\": 'points', 'discount' or 'product'"),
    QT_TRANSLATE_NOOP("programme", "type must be {expected}"),
    QT_TRANSLATE_NOOP("programme", "set points_expire_after_days or points_expire_on, not both"),
    QT_TRANSLATE_NOOP("programme", "kind 'products' needs at least one sku in skus"),
    QT_TRANSLATE_NOOP("programme", "kind 'collections' needs at least one name in collections"),
    QT_TRANSLATE_NOOP("programme", "ends is before starts"),
    QT_TRANSLATE_NOOP("programme", "mode 'per_amount' needs per_amount (the money step)"),
    QT_TRANSLATE_NOOP("programme", "mode 'fixed' does not use per_amount"),
    QT_TRANSLATE_NOOP("programme", "a percent discount cannot exceed 100"),
    QT_TRANSLATE_NOOP("programme", "apply_to 'product' needs sku"),
    QT_TRANSLATE_NOOP("programme", "sku is only used with apply_to 'product'"),
    QT_TRANSLATE_NOOP("programme", "mode 'replace' needs replaces_sku"),
    QT_TRANSLATE_NOOP("programme", "replaces_sku is only used with mode 'replace'"),
    QT_TRANSLATE_NOOP("programme", "kind 'average_spent' needs min_orders (2 or more), so one big first order is not an average"),
    QT_TRANSLATE_NOOP("programme", "give reward_id (a coupon) or points, not both and not neither"),
    QT_TRANSLATE_NOOP("programme", "kind 'bogo' needs products (the SKUs whose orders are counted)"),
    QT_TRANSLATE_NOOP("programme", "coupon_valid_days is only used with a coupon reward (reward_id)"),
    QT_TRANSLATE_NOOP("programme", "give either points or reward_id (a free product), not both and not neither"),
    QT_TRANSLATE_NOOP("programme", "must not contain a NUL character"),
    QT_TRANSLATE_NOOP("programme", "contains a character that is not valid text (a lone surrogate)"),
    QT_TRANSLATE_NOOP("programme", "must not contain control characters"),
    QT_TRANSLATE_NOOP("programme", "this key is not valid text"),
    QT_TRANSLATE_NOOP("programme", "must be a JSON object"),
    QT_TRANSLATE_NOOP("programme", ", got {value}"),
)


def _either(choices: tuple[str, ...]) -> str:
    """``'paid' o 'fulfilled'``: the values one of which is needed, joined in the app's language."""
    if len(choices) < 2:
        return "".join(choices)
    return QCoreApplication.translate("programme", "{some} or {last}").format(some=", ".join(choices[:-1]), last=choices[-1])


def problem_text(problem: Problem) -> str:
    """What is wrong with a refused bundle, in the installed language: the problem's shape
    translated, then filled with its values (names and values from the bundle stay as written)."""
    shape = QCoreApplication.translate("programme", problem.shape)
    values = dict(problem.values)
    if problem.choices:
        values["expected"] = _either(problem.choices)
    text = shape.format(**values) if values else shape
    if problem.got is not None:
        text += QCoreApplication.translate("programme", GOT).format(value=problem.got)
    return text
