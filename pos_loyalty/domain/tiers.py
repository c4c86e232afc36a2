"""VIP tiers: the highest tier whose threshold the customer meets in its period."""

from __future__ import annotations

from decimal import Decimal
from typing import TYPE_CHECKING, Callable

if TYPE_CHECKING:
    from .rules import Tier


def resolve_tier(tiers: list[Tier], stats: Callable[[int], tuple[int, Decimal]]) -> Tier | None:
    """`stats(period_days)` gives (orders, spent) over that period; thresholds of 0 are not used.

    A tier is reached by its order count *or* its amount spent; a tier with neither
    threshold is the entry tier everybody has.
    """
    reached: Tier | None = None
    cache: dict[int, tuple[int, Decimal]] = {}
    for tier in tiers:
        if tier.period_days not in cache:
            cache[tier.period_days] = stats(tier.period_days)
        orders, spent = cache[tier.period_days]
        by_orders = tier.min_orders > 0 and orders >= tier.min_orders
        by_spend = tier.min_spent > 0 and spent >= tier.min_spent
        if by_orders or by_spend or (tier.min_orders == 0 and tier.min_spent == 0):
            reached = tier
    return reached
