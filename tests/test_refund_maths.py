"""Refund reversal maths, including the property that no sequence of partial refunds
ever reverses more than the order earned."""

from __future__ import annotations

from decimal import Decimal

from hypothesis import given, settings, strategies as st

from pos_loyalty.domain.refunds import EarnedSnapshot, points_to_keep, points_to_reverse


def snap(points: int, mode: str = "per_amount", eligible: tuple[int, ...] = (0, 1), minimum: str = "0", order_amount: str = "0", effective: int | None = None) -> EarnedSnapshot:
    return EarnedSnapshot("r", points, mode, Decimal(effective if effective is not None else points), Decimal(order_amount), Decimal(minimum), eligible)


TOTALS = [Decimal("60.00"), Decimal("40.00")]
QTYS = [3, 2]


def test_per_amount_reverses_in_proportion_to_refunded_eligible_items() -> None:
    s = snap(100)
    assert points_to_reverse(s, TOTALS, QTYS, [1, 0], 0) == 20   # one of three 20.00 items: 20% of the eligible value
    assert points_to_reverse(s, TOTALS, QTYS, [3, 2], 20) == 80  # the rest, after 20 already reversed


def test_ineligible_items_refunded_reverse_nothing_for_per_amount() -> None:
    s = snap(60, eligible=(0,))
    assert points_to_reverse(s, TOTALS, QTYS, [0, 2], 0) == 0


def test_fixed_points_are_recalculated_on_the_remaining_share() -> None:
    # 100 fixed points, eligible line 0 was 60% of the order → 60 earned.
    s = snap(60, mode="fixed", eligible=(0,), effective=100)
    # Refund two of the three eligible items: remaining 20 eligible of 60 left → 33 points kept.
    assert points_to_keep(s, TOTALS, QTYS, [2, 0]) == 33
    assert points_to_reverse(s, TOTALS, QTYS, [2, 0], 0) == 27
    # Refunding ineligible items can never give points back.
    assert points_to_reverse(s, TOTALS, QTYS, [0, 2], 0) == 0


def test_dropping_below_the_minimum_reverses_everything() -> None:
    s = snap(100, minimum="80.00", order_amount="100.00")
    assert points_to_reverse(s, TOTALS, QTYS, [0, 1], 0) == 20   # 80.00 left: still at the minimum
    assert points_to_reverse(s, TOTALS, QTYS, [1, 1], 20) == 80  # 60.00 left: below 80 → all gone


def _orders() -> st.SearchStrategy:
    line = st.tuples(st.integers(1, 5), st.integers(1, 5000))  # quantity, unit price in cents
    return st.lists(line, min_size=1, max_size=5)


@settings(max_examples=300, deadline=None)
@given(data=st.data(), lines=_orders(), points=st.integers(0, 5000), mode=st.sampled_from(["per_amount", "fixed"]),
       minimum=st.integers(0, 20000))
def test_no_sequence_of_partial_refunds_reverses_more_than_earned(data, lines, points, mode, minimum) -> None:  # type: ignore[no-untyped-def]
    totals = [Decimal(q * cents) / 100 for q, cents in lines]
    qtys = [q for q, _ in lines]
    eligible = tuple(data.draw(st.sets(st.integers(0, len(lines) - 1))))
    s = EarnedSnapshot("r", points, mode, Decimal(points), sum(totals, Decimal(0)), Decimal(minimum) / 100, eligible)
    refunded = [0] * len(lines)
    reversed_total = 0
    for _ in range(data.draw(st.integers(1, 8))):
        remaining = [(i, q - r) for i, (q, r) in enumerate(zip(qtys, refunded)) if q - r > 0]
        if not remaining:
            break
        index, left = data.draw(st.sampled_from(remaining))
        refunded[index] += data.draw(st.integers(1, left))
        step = points_to_reverse(s, totals, qtys, refunded, reversed_total)
        assert step >= 0
        reversed_total += step
        assert reversed_total <= points
    # Refunding whatever is left always brings the total reversed to exactly what was earned.
    reversed_total += points_to_reverse(s, totals, qtys, qtys, reversed_total)
    assert reversed_total == points
