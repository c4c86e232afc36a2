"""The active programme in plain words, for the Rules screen and `rules show`.

The words come from a `DescribeWords`: English here (the CLI's `rules show` always uses these,
money as ``1.00 EUR``); the desktop app builds its language's from its translations
(ui/programme_texts.describe_words) and writes money the screen's way (``1,00 €``). Counts
agree with their number in both (`formats.count`): "1 point", not "1 points". Names from the
bundle (rules, rewards, tiers, triggers, actions, SKUs, products) are shown as written.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal
from typing import TYPE_CHECKING

from ..domain.money import round_money
from ..formats import count, date_text, number_text

if TYPE_CHECKING:
    from ..domain.rules import RulesBundle

Pair = tuple[str, str]  # (one, many): the noun for 1 and for any other number


def plain_money(value: Decimal, currency: str) -> str:
    """``1.00 EUR``: how `rules show` writes an amount (rounded to the currency's minor unit)."""
    return f"{round_money(value, currency)} {currency}"


def plain_rate(value: Decimal, currency: str) -> str:
    """``0.05 EUR``: the worth of one point as the bundle gives it (it may have more decimals than the currency)."""
    return f"{value} {currency}"


@dataclass(frozen=True)
class DescribeWords:
    """Every word and shape of `describe_rules`, with the figures as {placeholders}, and how
    an amount (`money`) and a point's worth (`rate`) are written."""

    money: Callable[[Decimal, str], str] = plain_money
    rate: Callable[[Decimal, str], str] = plain_rate
    counted_on: str = "Points are counted on the order total {parts}, awarded when the order is {award_on}."
    after_discounts: str = "after discounts"
    with_taxes: str = "with taxes"
    with_shipping: str = "with shipping"
    items_only: str = "of the items only"
    paid: str = "paid"
    fulfilled: str = "fulfilled"
    expire_after: str = "Points expire {days} after they are earned; the soonest-expiring are spent first."
    expire_on: str = "Points expire on {date}."
    earning: str = "Earning:"
    earning_line: str = "{name}: {what} {scope}, {frequency}{minimum}{state}"
    per_amount: str = "{points} per {amount} spent"
    per_order: str = "{points} per order"
    on_all_products: str = "on all products"
    on_these: str = "on {names}"  # SKUs or collections
    every_order: str = "on every order"
    daily: str = "once a day"
    weekly: str = "once a week"
    monthly: str = "once a month"
    yearly: str = "once a year"
    first_order: str = "on the first order only"
    orders_from: str = ", orders from {amount}"
    switched_off: str = " (switched off)"
    rewards: str = "Rewards:"
    points_reward: str = "{name}: each point is worth {amount} (from {points})"
    discount_reward: str = "{name}: {points} for {value} off {target}{cap}"
    percent: str = "{value}%"
    the_order: str = "the order"
    shipping: str = "shipping"
    at_most: str = ", at most {amount}"
    free_product: str = "{name}: {points} for a free {product}"
    replace_product: str = "{name}: {points} for {product} instead of {replaced}"
    triggers: str = "Customer-reward triggers:"
    trigger_line: str = "{name}: at {need}{again} → {reward} and an e-mail{audience}{state}"
    any_product: str = "any product"
    bogo: str = "{orders} with {products}"
    order_count: str = "{orders}"
    total_spent: str = "{amount} spent in all"
    average_spent: str = "{amount} on average over at least {orders}"
    order_spent: str = "{amount} in one order"
    product_units: str = "{units} of {products}"
    again: str = ", again every {orders}"
    coupon_for: str = "a coupon for {reward}"
    opted_in_only: str = " (opted-in customers only)"
    tiers: str = "Tiers:"
    tier_line: str = "{name}: {who}; earns ×{multiplier}"
    tier_from: str = "from {need} in {days}"
    tier_either: str = "{first} or {second}"
    tier_spent: str = "{amount} spent"
    everyone: str = "everyone"
    actions: str = "Points for actions:"
    action_line: str = "{name}: {points} {when}{cap}{state}"
    when_enrolled: str = "when the customer is enrolled"
    on_birthday: str = "on the birthday"
    in_birthday_month: str = "in the birthday's month"
    at_the_till: str = "recorded at the till"
    once_per_customer: str = "once per customer"
    at_most_daily: str = "at most once a day"
    at_most_weekly: str = "at most once a week"
    at_most_monthly: str = "at most once a month"
    at_most_yearly: str = "at most once a year"
    point: Pair = ("point", "points")
    order: Pair = ("order", "orders")
    separate_order: Pair = ("separate order", "separate orders")
    more_order: Pair = ("more order", "more orders")
    unit: Pair = ("unit", "units")
    bonus_point: Pair = ("bonus point", "bonus points")
    day: Pair = ("day", "days")


ENGLISH = DescribeWords()


def describe_rules(bundle: RulesBundle, words: DescribeWords = ENGLISH) -> list[str]:
    """The programme's lines, in `words` (English unless told)."""
    w = words
    cur = bundle.settings.currency
    s = bundle.settings

    def money(value: Decimal) -> str:
        return w.money(value, cur)

    def n(value: int, pair: Pair) -> str:
        return count(value, *pair)

    parts = [p for p, on in ((w.after_discounts, s.points_total_includes.discounts), (w.with_taxes, s.points_total_includes.taxes),
                             (w.with_shipping, s.points_total_includes.shipping)) if on]
    award_on = {"paid": w.paid, "fulfilled": w.fulfilled}[s.award_on]
    lines = [w.counted_on.format(parts=", ".join(parts) or w.items_only, award_on=award_on)]
    if s.points_expire_after_days:
        lines.append(w.expire_after.format(days=n(s.points_expire_after_days, w.day)))
    elif s.points_expire_on:
        lines.append(w.expire_on.format(date=date_text(s.points_expire_on)))
    frequency = {"every_order": w.every_order, "daily": w.daily, "weekly": w.weekly, "monthly": w.monthly, "yearly": w.yearly,
                 "first_order": w.first_order}
    lines.append(w.earning)
    for r in bundle.earning_rules:
        earned = n(r.points, w.point)
        what = w.per_amount.format(points=earned, amount=money(r.per_amount)) if r.mode == "per_amount" and r.per_amount else w.per_order.format(points=earned)
        scope = {"all": w.on_all_products, "products": w.on_these.format(names=", ".join(r.applies_to.skus)),
                 "collections": w.on_these.format(names=", ".join(r.applies_to.collections))}[r.applies_to.kind]
        minimum = w.orders_from.format(amount=money(r.minimum_order)) if r.minimum_order else ""
        lines.append("  • " + w.earning_line.format(name=r.name, what=what, scope=scope, frequency=frequency[r.frequency], minimum=minimum,
                                                    state="" if r.active else w.switched_off))
    lines.append(w.rewards)
    for reward in bundle.rewards:
        if reward.type == "points":
            lines.append("  • " + w.points_reward.format(name=reward.name, amount=w.rate(reward.conversion_factor, cur),
                                                         points=n(reward.min_points, w.point)))
        elif reward.type == "discount":
            value = w.percent.format(value=number_text(str(reward.value))) if reward.discount == "percent" else money(reward.value)
            target = {"order": w.the_order, "shipping": w.shipping, "product": reward.sku}[reward.apply_to]
            cap = w.at_most.format(amount=money(reward.max_amount)) if reward.max_amount else ""
            lines.append("  • " + w.discount_reward.format(name=reward.name, points=n(reward.points_cost, w.point), value=value, target=target, cap=cap))
        elif reward.mode == "add":
            lines.append("  • " + w.free_product.format(name=reward.name, points=n(reward.points_cost, w.point), product=reward.product_name))
        else:
            lines.append("  • " + w.replace_product.format(name=reward.name, points=n(reward.points_cost, w.point), product=reward.product_name,
                                                           replaced=reward.replaces_sku))
    if bundle.triggers:
        lines.append(w.triggers)
        for g in bundle.triggers:
            c = g.criterion
            watched = ", ".join(g.products) or w.any_product
            amount = money(c.amount if c.amount else Decimal(0))
            need = {"bogo": lambda: w.bogo.format(orders=n(c.orders, w.separate_order), products=watched),
                    "order_count": lambda: w.order_count.format(orders=n(c.orders, w.order)),
                    "total_spent": lambda: w.total_spent.format(amount=amount),
                    "average_spent": lambda: w.average_spent.format(amount=amount, orders=n(c.min_orders, w.order)),
                    "order_spent": lambda: w.order_spent.format(amount=amount),
                    "product_units": lambda: w.product_units.format(units=n(c.units, w.unit), products=watched)}[c.kind]()
            again = w.again.format(orders=n(g.repeat_every, w.more_order)) if g.repeat_every else ""
            reward_text = w.coupon_for.format(reward=g.reward.reward_id) if g.reward.reward_id else n(g.reward.points, w.bonus_point)
            audience = w.opted_in_only if g.send_to == "opted_in" else ""
            lines.append("  • " + w.trigger_line.format(name=g.name, need=need, again=again, reward=reward_text, audience=audience,
                                                        state="" if g.active else w.switched_off))
    if bundle.tiers:
        lines.append(w.tiers)
        for t in bundle.tiers:
            needs = [x for x in (n(t.min_orders, w.order) if t.min_orders else "", w.tier_spent.format(amount=money(t.min_spent)) if t.min_spent else "") if x]
            need = w.tier_either.format(first=needs[0], second=needs[1]) if len(needs) == 2 else "".join(needs)
            who = w.tier_from.format(need=need, days=n(t.period_days, w.day)) if need else w.everyone
            lines.append("  • " + w.tier_line.format(name=t.name, who=who, multiplier=number_text(str(t.earn_multiplier))))
    if bundle.actions:
        lines.append(w.actions)
        capped = {"once": w.once_per_customer, "daily": w.at_most_daily, "weekly": w.at_most_weekly, "monthly": w.at_most_monthly,
                  "yearly": w.at_most_yearly}
        for a in bundle.actions:
            when = {"sign_up": w.when_enrolled, "birthday": w.on_birthday if a.birthday_on == "day" else w.in_birthday_month}.get(a.kind, w.at_the_till)
            cap = "" if a.kind in ("sign_up", "birthday") else ", " + capped[a.frequency]
            lines.append("  • " + w.action_line.format(name=a.name, points=n(a.points, w.point), when=when, cap=cap,
                                                       state="" if a.active else w.switched_off))
    return lines
