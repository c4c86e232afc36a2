"""The fingerprint of a sale (`checkout.request_hash`) tells a retry from a different order
under the same id: two requests share one exactly when the first form (JSON of the same
fields, which orders committed before it stored) says they are the same sale."""

from __future__ import annotations

import dataclasses
import datetime as dt
from decimal import Decimal

from hypothesis import given, settings, strategies as st

from pos_loyalty.domain.order import Order, OrderLine, OrderRequest, RewardChoice
from pos_loyalty.services import checkout

# Few characters, the separators among them, so that different requests often look alike
TEXT = st.text(alphabet=["a", "-", "=", " ", "\x00", "\x01", "2"], max_size=3)
OPTIONAL = st.none() | TEXT
PRICE = st.sampled_from([Decimal("0"), Decimal("2.5"), Decimal("2.50"), Decimal("25"), Decimal("0.25"), Decimal("2")])
LINE = st.builds(OrderLine, sku=TEXT, quantity=st.integers(0, 3), unit_price=PRICE, name=TEXT, collection=OPTIONAL)
REWARD = st.builds(RewardChoice, reward_id=TEXT, points=st.none() | st.integers(0, 3), coupon=OPTIONAL)
REQUEST = st.builds(
    OrderRequest,
    order=st.builds(Order, order_id=st.just("A-1"), lines=st.lists(LINE, max_size=3).map(tuple), discount=PRICE, tax=PRICE, shipping=PRICE),
    card=OPTIONAL,
    rewards=st.lists(REWARD, max_size=2).map(tuple),
    at=st.none() | st.sampled_from([dt.datetime(2026, 11, 20, 9), dt.datetime(2026, 11, 20, 9, 0, 1)]),
)


@st.composite
def near(draw: st.DrawFn, a: OrderRequest) -> OrderRequest:
    """`a` changed in one place (a field of a line or reward, the card, an amount, the time, a
    line or reward more or fewer), or not at all: requests that differ in one place are where
    a fingerprint that joins fields could mistake one for another."""
    lines, rewards = list(a.order.lines), list(a.rewards)
    order, card, at = a.order, a.card, a.at
    edit = draw(st.sampled_from(["none", "line", "reward", "add line", "drop line", "add reward", "drop reward", "card", "amount", "at"]))
    if edit == "line" and lines:
        i = draw(st.integers(0, len(lines) - 1))
        name, value = draw(st.sampled_from([("sku", TEXT), ("quantity", st.integers(0, 3)), ("unit_price", PRICE), ("name", TEXT),
                                            ("collection", OPTIONAL)]).flatmap(lambda f: st.tuples(st.just(f[0]), f[1])))
        lines[i] = dataclasses.replace(lines[i], **{name: value})
    elif edit == "reward" and rewards:
        i = draw(st.integers(0, len(rewards) - 1))
        name, value = draw(st.sampled_from([("reward_id", TEXT), ("points", st.none() | st.integers(0, 3)), ("coupon", OPTIONAL)])
                           .flatmap(lambda f: st.tuples(st.just(f[0]), f[1])))
        rewards[i] = dataclasses.replace(rewards[i], **{name: value})
    elif edit in ("add line", "add reward"):
        items = lines if edit == "add line" else rewards
        items.insert(draw(st.integers(0, len(items))), draw(LINE if edit == "add line" else REWARD))
    elif edit in ("drop line", "drop reward"):
        items = lines if edit == "drop line" else rewards
        if items:
            items.pop(draw(st.integers(0, len(items) - 1)))
    elif edit == "card":
        card = draw(OPTIONAL)
    elif edit == "amount":
        order = dataclasses.replace(order, **{draw(st.sampled_from(["discount", "tax", "shipping"])): draw(PRICE)})
    elif edit == "at":
        at = draw(st.none() | st.just(dt.datetime(2026, 11, 20, 9)))
    return OrderRequest(dataclasses.replace(order, lines=tuple(lines)), card, tuple(rewards), at)


@settings(max_examples=1500, deadline=None)
@given(REQUEST.flatmap(lambda a: st.tuples(st.just(a), near(a))))
def test_two_requests_share_a_fingerprint_exactly_when_they_are_the_same_sale(pair: tuple[OrderRequest, OrderRequest]) -> None:
    a, b = pair
    same = checkout._first_hash(a) == checkout._first_hash(b)
    assert (checkout.request_hash(a) == checkout.request_hash(b)) == same
    assert checkout.same_request(checkout.request_hash(a), b, checkout.request_hash(b)) == same
    assert checkout.same_request(checkout._first_hash(a), b, checkout.request_hash(b)) == same


@settings(max_examples=200, deadline=None)
@given(REQUEST)
def test_a_fingerprint_fits_its_column_and_says_its_form(a: OrderRequest) -> None:
    digest = checkout.request_hash(a)
    assert len(digest) == 64 and digest.startswith("2:") and digest == checkout.request_hash(a)


def test_a_price_written_with_more_zeros_is_the_same_sale() -> None:
    line = OrderLine("COFFEE", 2, Decimal("2.80"), "Coffee")
    request = OrderRequest(Order("A-1", (line,)), "123")
    again = OrderRequest(Order("A-1", (OrderLine("COFFEE", 2, Decimal("2.8"), "Coffee"),)), "123")
    other = OrderRequest(Order("A-1", (OrderLine("COFFEE", 2, Decimal("2.81"), "Coffee"),)), "123")
    assert checkout.request_hash(request) == checkout.request_hash(again) != checkout.request_hash(other)
