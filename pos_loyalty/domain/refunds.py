"""How many earned points a refund takes back (seed 003, "Points cancellations").

Every reversal is computed from the *cumulative* refunded quantities, as "what the
order may still keep", never as a delta of the lines refunded now. So any sequence of
partial refunds — in any order, retried or not — takes back at most what the order
earned, and a refund of everything takes back exactly that.

| rule mode   | what the order keeps after refunds                                              |
|-------------|---------------------------------------------------------------------------------|
| per_amount  | earned × remaining eligible value ÷ original eligible value (half-up)           |
| fixed       | rule points × remaining eligible value ÷ remaining order value (floored, ≤ earned)|
| any         | nothing, once the remaining order falls below the rule's minimum amount         |
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import Sequence

from .money import ZERO, floor_points, round_points


@dataclass(frozen=True)
class EarnedSnapshot:
    """What a committed order earned from one rule, with what is needed to reverse it."""

    rule_id: str
    points: int
    mode: str
    effective_points: Decimal
    order_amount: Decimal
    minimum_order: Decimal
    eligible_lines: tuple[int, ...]


def _remaining(line_totals: Sequence[Decimal], quantities: Sequence[int], refunded: Sequence[int], indexes: Sequence[int]) -> Decimal:
    return sum((line_totals[i] * (quantities[i] - refunded[i]) / quantities[i] for i in indexes), ZERO)


def points_to_keep(snap: EarnedSnapshot, line_totals: Sequence[Decimal], quantities: Sequence[int], refunded: Sequence[int]) -> int:
    """Points the order may still keep from this rule once `refunded` quantities are back."""
    if snap.points <= 0:
        return 0
    every = range(len(line_totals))
    original_all = sum(line_totals, ZERO)
    remaining_all = _remaining(line_totals, quantities, refunded, every)
    if remaining_all <= 0:
        return 0
    if snap.minimum_order > 0 and original_all > 0:
        if snap.order_amount * remaining_all / original_all < snap.minimum_order:
            return 0
    remaining_eligible = _remaining(line_totals, quantities, refunded, snap.eligible_lines)
    if snap.mode == "fixed":
        return min(snap.points, floor_points(snap.effective_points * remaining_eligible / remaining_all))
    original_eligible = sum((line_totals[i] for i in snap.eligible_lines), ZERO)
    if original_eligible <= 0:
        return 0
    return min(snap.points, round_points(snap.points * remaining_eligible / original_eligible))


def points_to_reverse(
    snap: EarnedSnapshot,
    line_totals: Sequence[Decimal],
    quantities: Sequence[int],
    refunded_after: Sequence[int],
    already_reversed: int,
) -> int:
    """Points this refund takes back: earned − kept − reversed before, never negative."""
    keep = points_to_keep(snap, line_totals, quantities, refunded_after)
    return max(0, snap.points - keep - already_reversed)
