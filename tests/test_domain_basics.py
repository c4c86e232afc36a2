"""Money rounding, card numbers and check digits."""

from __future__ import annotations

from decimal import Decimal

import barcode
import pytest
from hypothesis import given, strategies as st

from pos_loyalty.domain import card_numbers
from pos_loyalty.domain.errors import ValidationError
from pos_loyalty.domain.money import floor_points, parse_money, prorate, round_money, round_points


def test_money_rounds_half_up_once_to_the_minor_unit() -> None:
    assert round_money(Decimal("2.345")) == Decimal("2.35")
    assert round_money(Decimal("2.344999")) == Decimal("2.34")
    assert round_money(Decimal("-2.345")) == Decimal("-2.35")
    assert round_money(Decimal("1234.5"), "JPY") == Decimal("1235")
    assert round_money(Decimal("1.2345"), "KWD") == Decimal("1.235")


def test_points_floor_on_earning_and_half_up_on_reversal() -> None:
    assert floor_points(Decimal("12.99")) == 12
    assert round_points(Decimal("12.5")) == 13
    assert prorate(Decimal("10.00"), Decimal("1"), Decimal("3")) == Decimal("3.33")


def test_parse_money_names_the_field_and_rejects_garbage() -> None:
    assert parse_money("0.10", "price") == Decimal("0.10")
    with pytest.raises(ValidationError, match="as text"):  # README: amounts are strings or integers, never floats
        parse_money(0.1, "price")
    with pytest.raises(ValidationError) as err:
        parse_money("12,50x", "unit_price")
    assert err.value.field == "unit_price"
    with pytest.raises(ValidationError):
        parse_money("NaN", "tax")


@given(st.integers(min_value=10**11, max_value=10**12 - 1))
def test_every_single_digit_typo_is_caught(body: int) -> None:
    number = str(body) + card_numbers.check_digit(str(body))
    assert card_numbers.is_valid(number)
    for position in range(len(number)):
        for digit in "0123456789":
            if digit != number[position]:
                typo = number[:position] + digit + number[position + 1:]
                assert not card_numbers.is_valid(typo), typo


def test_thirteen_digit_numbers_are_valid_ean13_for_the_barcode_library() -> None:
    number = card_numbers.random_number("29", 13)
    assert card_numbers.symbology(number) == "ean13"
    assert barcode.get_barcode_class("ean13")(number[:12]).get_fullcode() == number


def test_validate_explains_what_is_wrong() -> None:
    good = card_numbers.random_number("", 12)
    assert card_numbers.validate(f" {good[:4]}-{good[4:]} ") == good
    bad = good[:-1] + str((int(good[-1]) + 1) % 10)
    with pytest.raises(ValidationError, match="check digit"):
        card_numbers.validate(bad)
    with pytest.raises(ValidationError, match="digits only"):
        card_numbers.validate("12AB5678")
    with pytest.raises(ValidationError, match="has 3 digits"):
        card_numbers.validate("123")


def test_random_numbers_from_a_stretch_stay_in_it_and_carry_their_check_digit() -> None:
    """Bulk creation draws each chunk's numbers from one stretch of the scheme: every number
    drawn lies in it, is valid, and the whole stretch can come up (its ends included)."""
    numbers = card_numbers.random_numbers(2_000, "77", 8, range(1_000, 1_010))
    assert {n[2:7] for n in numbers} == {f"{v:05d}" for v in range(1_000, 1_010)}
    assert all(card_numbers.is_valid(n) and n.startswith("77") for n in numbers)
    widest = card_numbers.random_numbers(50, "", 20, range(10**19 - 5, 10**19))  # past 2**63: no len() of the range
    assert all(n[:19] >= "9" * 18 + "5" and card_numbers.is_valid(n) for n in widest)
    for outside in (range(0, 10**5 + 1), range(7, 7), range(-1, 5), range(0, 10, 2)):
        with pytest.raises(ValueError):
            card_numbers.random_numbers(1, "77", 8, outside)


@given(st.integers(min_value=card_numbers.MIN_LENGTH, max_value=card_numbers.MAX_LENGTH), st.data())
def test_numbers_made_in_bulk_carry_the_check_digit_of_every_scheme(length: int, data: st.DataObject) -> None:
    """`random_numbers` works out all its check digits together (C code over columns of
    digits): each must be the one `check_digit` gives, for EAN-13 and Luhn, any prefix."""
    prefix = data.draw(st.text("0123456789", max_size=length - 5))
    count = data.draw(st.integers(min_value=1, max_value=300))
    numbers = card_numbers.random_numbers(count, prefix, length)
    assert len(numbers) == count
    for number in numbers:
        assert len(number) == length and number.startswith(prefix) and number[-1] == card_numbers.check_digit(number[:-1])


def test_scheme_must_leave_room_for_numbers() -> None:
    with pytest.raises(ValidationError) as err:
        card_numbers.validate_scheme("12345678", 12)
    assert err.value.field == "prefix"
    with pytest.raises(ValidationError):
        card_numbers.validate_scheme("9A", 12)


def test_money_on_screen_has_the_symbol_grouping_and_minor_unit() -> None:
    from pos_loyalty.domain.money import display_money

    assert display_money(Decimal("1234.5"), "EUR") == "€1,234.50"
    assert display_money(Decimal("1200"), "JPY") == "¥1,200"
    assert display_money(Decimal("1.25"), "KWD") == "KWD 1.250"
    assert display_money(Decimal("-3"), "gbp") == "-£3.00"
    assert display_money(Decimal("0.005"), "USD") == "$0.01"  # half-up, as round_money
    assert display_money(Decimal("12"), "XYZ") == "XYZ 12.00"
