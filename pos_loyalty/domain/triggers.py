"""Customer-reward triggers (seed 002), pure: a customer's history and the order just completed
→ which triggers fire; after a refund → which earlier firings the customer no longer qualifies for.

The history counts every order the customer ever made (net of refunds and cancellations),
also those made before the trigger existed ("regardless of when the workflow was created").
Criteria, exactly as seed 002 defines them:

- `bogo`: the watched products appear in N separate orders — orders, not quantity (10, 5 and 7
  units in three orders fire at the third order with N = 3); with `repeat_every` R it fires again
  at N + R, N + 2R… orders;
- `order_count`: the customer has N orders; `total_spent`: spent on all orders ≥ X;
  `average_spent`: spent / orders ≥ X once there are at least `min_orders` orders;
  `order_spent`: the completed order's total ≥ X; `product_units`: units of the watched
  products (any product when none is listed) ≥ N.

A trigger only fires on an order that contains one of its products when it lists any (for
every criterion), and only while it is active and within its dates (the order's day). Each
fires once per customer — or, repeating, once per threshold ("step"). A customer already past
several steps when a repeating trigger first sees them gets one firing, for the step reached.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any, Iterable, Mapping

ZERO = Decimal(0)


@dataclass(frozen=True)
class History:
    """A customer's history at the moment an order completes (that order included), or after a
    refund. `products`: sku → (separate orders containing it, units), net of refunds;
    `orders_with_any`: for a trigger watching several SKUs, the separate orders containing any
    of them (sorted SKUs → orders), which per-SKU counts cannot give without double counting."""

    orders: int
    spent: Decimal
    order_total: Decimal = ZERO
    order_skus: frozenset[str] = frozenset()
    products: Mapping[str, tuple[int, int]] = field(default_factory=dict)
    orders_with_any: Mapping[tuple[str, ...], int] = field(default_factory=dict)


@dataclass(frozen=True)
class Firing:
    trigger: Any  # a rules Trigger (pydantic or trusted)
    step: int
    explanation: str


def product_orders(trigger: Any, history: History) -> int:
    """Separate orders containing one of the trigger's products."""
    skus = tuple(sorted(set(trigger.products)))
    if len(skus) == 1:
        return history.products.get(skus[0], (0, 0))[0]
    return history.orders_with_any.get(skus, 0)


def product_units(trigger: Any, history: History) -> int:
    if not trigger.products:
        return sum(units for _orders, units in history.products.values())
    return sum(history.products.get(sku, (0, 0))[1] for sku in set(trigger.products))


def measure(trigger: Any, history: History) -> tuple[Decimal | int, str]:
    """The figure the criterion compares, and it in words."""
    c = trigger.criterion
    if c.kind == "bogo":
        n = product_orders(trigger, history)
        return n, f"{n} order{'s' if n != 1 else ''} with {', '.join(trigger.products)}"
    if c.kind == "order_count":
        return history.orders, f"{history.orders} order{'s' if history.orders != 1 else ''}"
    if c.kind == "total_spent":
        return history.spent, f"{history.spent:.2f} spent in all"
    if c.kind == "average_spent":
        average = history.spent / history.orders if history.orders else ZERO
        return average, f"{average:.2f} on average over {history.orders} orders"
    if c.kind == "order_spent":
        return history.order_total, f"{history.order_total:.2f} in one order"
    units = product_units(trigger, history)
    return units, f"{units} unit{'s' if units != 1 else ''}" + (f" of {', '.join(trigger.products)}" if trigger.products else " bought")


def step_reached(trigger: Any, history: History) -> int:
    """How many of the trigger's thresholds the history reaches: 0 (not qualified), 1, or for a
    repeating BOGO 1 + (orders − N) // repeat_every."""
    c = trigger.criterion
    value, _ = measure(trigger, history)
    if c.kind in ("bogo", "order_count"):
        threshold: Decimal | int = c.orders
    elif c.kind == "product_units":
        threshold = c.units
    else:
        threshold = c.amount
    if c.kind == "average_spent" and history.orders < c.min_orders:
        return 0
    if value < threshold:
        return 0
    if trigger.repeat_every:
        return 1 + (int(value) - int(threshold)) // trigger.repeat_every
    return 1


def watches(trigger: Any, order_skus: Iterable[str]) -> bool:
    """Whether an order with these SKUs can fire the trigger (any order when it lists none).
    The order's SKUs are a set already on a sale's path (asked of every live trigger, some
    three times a sale): its own look-ups, no set made of the trigger's products."""
    if not trigger.products:
        return True
    skus = order_skus if isinstance(order_skus, (set, frozenset)) else set(order_skus)
    return not skus.isdisjoint(trigger.products)


def to_fire(triggers: Iterable[Any], history: History, fired: Mapping[str, int], day: dt.date) -> list[Firing]:
    """The triggers the completed order fires: live on the order's `day`, watching one of its
    products, reaching a step above the highest one already fired for this customer
    (`fired`: trigger id → step; absent: never)."""
    firings = []
    for trigger in triggers:
        if not trigger.live_on(day) or not watches(trigger, history.order_skus):
            continue
        step = step_reached(trigger, history)
        if step > fired.get(trigger.id, 0):
            firings.append(Firing(trigger, step, measure(trigger, history)[1]))
    return firings


@dataclass(frozen=True)
class Fired:
    """A firing still standing (not taken back), as the log has it."""

    log_id: int
    trigger_id: str
    step: int
    order_total: Decimal  # the firing order's total net of refunds (what order_spent compares)


def unqualified(triggers: Iterable[Any], history: History, fired: Iterable[Fired]) -> list[tuple[int, str]]:
    """After a refund: the firings whose step the customer no longer reaches, with why
    ((log id, reason)). Firings of triggers no longer in the bundle stand (their criterion is gone)."""
    by_id = {t.id: t for t in triggers}
    out = []
    for row in fired:
        trigger = by_id.get(row.trigger_id)
        if trigger is None:
            continue
        seen = History(history.orders, history.spent, row.order_total, history.order_skus, history.products, history.orders_with_any)
        if step_reached(trigger, seen) < row.step:
            out.append((row.log_id, f"no longer qualifies: {measure(trigger, seen)[1]}"))
    return out
