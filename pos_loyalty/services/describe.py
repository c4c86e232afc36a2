"""The active programme in plain words, for the Rules screen and `rules show`."""

from __future__ import annotations

from ..domain.money import round_money
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from ..domain.rules import RulesBundle

_FREQUENCY = {"every_order": "on every order", "daily": "once a day", "weekly": "once a week", "monthly": "once a month",
              "yearly": "once a year", "first_order": "on the first order only"}


_ACTION_FREQUENCY = {"once": "once per customer", "daily": "at most once a day", "weekly": "at most once a week",
                     "monthly": "at most once a month", "yearly": "at most once a year"}


def describe_rules(bundle: RulesBundle) -> list[str]:
    cur = bundle.settings.currency
    s = bundle.settings
    parts = [p for p, on in (("after discounts", s.points_total_includes.discounts), ("with taxes", s.points_total_includes.taxes),
                             ("with shipping", s.points_total_includes.shipping)) if on]
    lines = [f"Points are counted on the order total {', '.join(parts) or 'of the items only'}, awarded when the order is {s.award_on}."]
    if s.points_expire_after_days:
        lines.append(f"Points expire {s.points_expire_after_days} days after they are earned; the soonest-expiring are spent first.")
    elif s.points_expire_on:
        lines.append(f"Points expire on {s.points_expire_on:%Y-%m-%d}.")
    lines.append("Earning:")
    for r in bundle.earning_rules:
        what = f"{r.points} points per {round_money(r.per_amount, cur)} {cur} spent" if r.mode == "per_amount" and r.per_amount else f"{r.points} points per order"
        scope = {"all": "on all products", "products": f"on {', '.join(r.applies_to.skus)}", "collections": f"on {', '.join(r.applies_to.collections)}"}[r.applies_to.kind]
        minimum = f", orders from {round_money(r.minimum_order, cur)} {cur}" if r.minimum_order else ""
        state = "" if r.active else " (switched off)"
        lines.append(f"  • {r.name}: {what} {scope}, {_FREQUENCY[r.frequency]}{minimum}{state}")
    lines.append("Rewards:")
    for w in bundle.rewards:
        if w.type == "points":
            lines.append(f"  • {w.name}: each point is worth {w.conversion_factor} {cur} (from {w.min_points} points)")
        elif w.type == "discount":
            value = f"{w.value}%" if w.discount == "percent" else f"{round_money(w.value, cur)} {cur}"
            target = {"order": "the order", "shipping": "shipping", "product": w.sku}[w.apply_to]
            cap = f", at most {round_money(w.max_amount, cur)} {cur}" if w.max_amount else ""
            lines.append(f"  • {w.name}: {w.points_cost} points for {value} off {target}{cap}")
        else:
            how = f"a free {w.product_name}" if w.mode == "add" else f"{w.product_name} instead of {w.replaces_sku}"
            lines.append(f"  • {w.name}: {w.points_cost} points for {how}")
    if bundle.triggers:
        lines.append("Customer-reward triggers:")
        for g in bundle.triggers:
            c = g.criterion
            watched = ", ".join(g.products) or "any product"
            need = {"bogo": f"{c.orders} separate orders with {watched}", "order_count": f"{c.orders} orders",
                    "total_spent": f"{round_money(c.amount, cur) if c.amount else 0} {cur} spent in all",
                    "average_spent": f"{round_money(c.amount, cur) if c.amount else 0} {cur} on average over at least {c.min_orders} orders",
                    "order_spent": f"{round_money(c.amount, cur) if c.amount else 0} {cur} in one order",
                    "product_units": f"{c.units} units of {watched}"}[c.kind]
            again = f", again every {g.repeat_every} more orders" if g.repeat_every else ""
            reward = f"a coupon for {g.reward.reward_id}" if g.reward.reward_id else f"{g.reward.points} bonus points"
            audience = " (opted-in customers only)" if g.send_to == "opted_in" else ""
            lines.append(f"  • {g.name}: at {need}{again} → {reward} and an e-mail{audience}{'' if g.active else ' (switched off)'}")
    if bundle.tiers:
        lines.append("Tiers:")
        for t in bundle.tiers:
            need = " or ".join(x for x in (f"{t.min_orders} orders" if t.min_orders else "", f"{round_money(t.min_spent, cur)} {cur} spent" if t.min_spent else "") if x)
            lines.append(f"  • {t.name}: {('from ' + need + f' in {t.period_days} days') if need else 'everyone'}; earns ×{t.earn_multiplier}")
    if bundle.actions:
        lines.append("Points for actions:")
        for a in bundle.actions:
            when = {"sign_up": "when the customer is enrolled", "birthday": "on the birthday" if a.birthday_on == "day" else "in the birthday's month"}.get(a.kind, "recorded at the till")
            cap = "" if a.kind in ("sign_up", "birthday") else f", {_ACTION_FREQUENCY[a.frequency]}"
            lines.append(f"  • {a.name}: {a.points} points {when}{cap}{'' if a.active else ' (switched off)'}")
    return lines
