"""Input that is refused, not changed: orders, amounts, card numbers, phones, names, text
limits and JSON files. Each case names the field and writes nothing."""

from __future__ import annotations

import json
from decimal import Decimal
from pathlib import Path

import pytest
from peewee import SqliteDatabase
from playhouse.migrations import Runner

from pos_loyalty import cli
from pos_loyalty.domain import card_numbers, names
from pos_loyalty.domain.errors import ValidationError
from pos_loyalty.domain.limits import OrderCaps
from pos_loyalty.domain.order import check_order, check_points, parse_order
from pos_loyalty.services import cards, checkout, customers, search, settings, users
from pos_loyalty.services.setup import open_store
from pos_loyalty.store.database import MIGRATIONS_DIR, close_database
from pos_loyalty.store.models import AuditLog, Customer, CustomerWord, Order

from .conftest import make_order, ensure_manager
from .db_compare import dump

LINE = {"sku": "COFFEE", "quantity": 1, "unit_price": "2.80"}


def order_with(**changes: object) -> dict:
    data: dict = {"order_id": "BAD-1", "lines": [dict(LINE)]}
    data.update(changes)
    return data


def line_with(**changes: object) -> dict:
    line = dict(LINE)
    for key, value in changes.items():
        if value is ...:
            line.pop(key)
        else:
            line[key] = value
    return order_with(lines=[line])


@pytest.mark.parametrize(("data", "field", "words"), [
    (line_with(quantity=-3), "lines[0].quantity", "1 or more"),
    (line_with(quantity=0), "lines[0].quantity", "1 or more"),
    (line_with(quantity=2.0), "lines[0].quantity", "whole number"),
    (line_with(quantity="1_000"), "lines[0].quantity", "whole number"),
    (line_with(quantity="٣"), "lines[0].quantity", "whole number"),
    (line_with(quantity=...), "lines[0].quantity", "required"),
    (line_with(unit_price=None), "lines[0].unit_price", "required"),
    (line_with(unit_price=...), "lines[0].unit_price", "required"),
    (line_with(unit_price=2.8), "lines[0].unit_price", "as text"),
    (line_with(unit_price="1_000"), "lines[0].unit_price", "not an amount"),
    (line_with(unit_price="١٢"), "lines[0].unit_price", "not an amount"),
    (line_with(unit_price="²"), "lines[0].unit_price", "not an amount"),
    (line_with(unit_price="1e3"), "lines[0].unit_price", "not an amount"),
    (line_with(unit_price="NaN"), "lines[0].unit_price", "not an amount"),
    (line_with(sku="A\x00B"), "lines[0].sku", "NUL"),
    (line_with(sku="x" * 65), "lines[0].sku", "longer than 64"),
    ({"order_id": "BAD-1", "total": "2,80"}, "total", "not an amount"),
    ({"order_id": "BAD-1", "total": 2.8}, "total", "as text"),
    ({"order_id": "BAD-\ud800", "total": "1"}, "order_id", "surrogate"),
    ({"order_id": "x" * 65, "total": "1"}, "order_id", "longer than 64"),
    (order_with(tip="1"), "tip", "not a known order field"),
    (order_with(rewards=[{"id": "pay-with-points", "point": 100}]), "rewards[0].point", "not a known reward field"),
    (order_with(rewards=[{"id": "pay-with-points", "points": "1_00"}]), "rewards[0].points", "whole number"),
    (order_with(card=80894804303), "card", "as text"),
])
def test_a_bad_order_is_refused_naming_the_field(data: dict, field: str, words: str) -> None:
    with pytest.raises(ValidationError) as err:
        parse_order(data)
    assert err.value.field == field and words in err.value.message


def test_amounts_finer_than_the_currency_are_refused_not_rounded() -> None:
    order = parse_order(line_with(unit_price="1.005")).order
    with pytest.raises(ValidationError, match="more decimals than EUR allows") as err:
        check_order(order, "EUR", OrderCaps())
    assert err.value.field == "lines[0].unit_price"
    check_order(parse_order(line_with(unit_price="1.500")).order, "EUR", OrderCaps())  # the same value as 1.50
    check_order(parse_order(line_with(unit_price="1.005")).order, "KWD", OrderCaps())  # three decimals there
    with pytest.raises(ValidationError, match="more decimals than EUR allows"):  # fitting KWD does not make it fit EUR
        check_order(order, "EUR", OrderCaps())
    check_order(parse_order(line_with(unit_price="2.5")).order, "EUR", OrderCaps())
    with pytest.raises(ValidationError, match="more decimals than JPY allows"):  # 2.50 fits euros, not yen
        check_order(parse_order(line_with(unit_price="2.50")).order, "JPY", OrderCaps())
    total_only = parse_order({"order_id": "T", "total": "3"}).order
    with pytest.raises(ValidationError) as err:
        check_order(total_only, "EUR", OrderCaps(max_order_total=Decimal("2.00")))
    assert err.value.field == "total"


def test_the_store_caps_refuse_a_huge_order_and_its_points() -> None:
    huge = parse_order({"order_id": "H", "lines": [{"sku": "X", "quantity": 50_000, "unit_price": "10000000"}]}).order
    with pytest.raises(ValidationError) as err:
        check_order(huge, "EUR", OrderCaps())
    assert err.value.field == "lines[0].quantity" and "max_line_quantity" in err.value.message
    with pytest.raises(ValidationError) as err:
        check_order(huge, "EUR", OrderCaps(max_line_quantity=100_000))
    assert err.value.field == "lines[0].unit_price" and "max_order_total" in err.value.message
    with pytest.raises(ValidationError, match="max_order_points") as err:
        check_points(2**31, OrderCaps(max_order_points=2**40))  # never above what a 32-bit column holds
    assert err.value.field == "points"


def test_a_5e14_order_is_refused_at_the_checkout_and_writes_nothing(store: Path, card: str) -> None:
    before = dump(store)
    request = parse_order({"order_id": "BIG", "card": card, "lines": [{"sku": "X", "quantity": 50_000, "unit_price": "10000000"}]})
    for action in (checkout.quote, checkout.commit):
        with pytest.raises(ValidationError):
            action(request)
    settings.set_values({"max_order_points": "10"}, manager_pin=ensure_manager())
    with pytest.raises(ValidationError, match="max_order_points") as err:
        checkout.commit(make_order("MANY", card, [("COFFEE", 100, "2.80")]))
    assert err.value.field == "points"
    assert Order.select().count() == 0
    settings.set_value("max_order_points", "1000000", manager_pin=ensure_manager())
    assert checkout.commit(make_order("MANY", card, [("COFFEE", 100, "2.80")])).points_earned > 10
    assert "BIG" not in dump(store) and before != dump(store)


@pytest.mark.parametrize("key,value", [("max_order_total", "0"), ("max_order_total", "1e3"), ("max_line_quantity", "٣"),
                                       ("max_order_points", str(2**31)), ("country", "XX"), ("card_length", "¹²")])
def test_bad_cap_and_country_settings_are_refused(store: Path, key: str, value: str) -> None:
    with pytest.raises(ValidationError) as err:
        settings.set_value(key, value, manager_pin=ensure_manager())
    assert err.value.field == key


@pytest.mark.parametrize("typed", ["1234567890²", "①23456789012", "٢٩١٢٣٤٥٦٧٨٩٠", "１２３４５６７８９０１２"])
def test_card_numbers_take_ascii_digits_only(typed: str) -> None:
    assert not card_numbers.is_valid(typed)
    with pytest.raises(ValidationError, match="digits only") as err:
        card_numbers.validate(typed, "number")
    assert err.value.field == "number"


def test_cards_create_with_a_non_ascii_prefix_is_refused(as_maya, store: Path, capsys: pytest.CaptureFixture[str]) -> None:
    close_database()
    before = dump(store)
    assert cli.main([*as_maya, "--db", str(store), "cards", "create", "--count", "3", "--batch", "B", "--prefix", "٢٩"]) == 2
    assert "prefix" in capsys.readouterr().err
    for command in (["cards", "show", "1234567890²"], ["cards", "suspend", "①23456789012"], ["refund", "X", "--refund-id", "R", "--lines", "0:²"]):
        assert cli.main([*as_maya, "--db", str(store), *command]) == 2, command
    # an argument error: argparse's usage message, exit 2
    assert cli.main([*as_maya, "--db", str(store), "cards", "create", "--count", "١٢", "--batch", "B"]) == 2
    assert dump(store) == before


# -- phones and names ----------------------------------------------------------------------


@pytest.mark.parametrize("typed", ["0770O 900123", "07700 9001 ext", "07700 ⁹⁰⁰¹²³", "٠٧٧٠٠٩٠٠١٢٣", "+44+7700900123", "12"])
def test_a_phone_with_letters_or_other_digits_is_refused_not_stripped(store: Path, typed: str) -> None:
    with pytest.raises(ValidationError) as err:
        customers.enrol(customers.CustomerInput("Ann Smith", typed))
    assert err.value.field == "phone"
    assert Customer.select().count() == 0


def test_phones_are_stored_as_e164_and_found_either_way(store: Path) -> None:
    ann, _ = customers.enrol(customers.CustomerInput("Ann Smith", "07700 900123"))
    assert ann.phone == "+447700900123"
    with pytest.raises(ValidationError, match="already belongs to Ann Smith"):
        customers.enrol(customers.CustomerInput("Ann Again", "+44 7700 900123"))
    for typed in ("07700 900123", "+44 7700 900123", "0044 7700 900", "07700-9", "+447700"):
        assert [h.name for h in search.find(typed)] == ["Ann Smith"], typed
    settings.set_value("country", "FR", manager_pin=ensure_manager())
    jean, _ = customers.enrol(customers.CustomerInput("Jean Dupont", "06 12 34 56 78"))
    assert jean.phone == "+33612345678"
    assert [h.name for h in search.find("06 12 34")] == ["Jean Dupont"]


def test_name_search_ignores_accents_and_case_and_matches_any_word(store: Path) -> None:
    for name, email in (("João Silva", "j@example.com"), ("Ann Smith", "a@example.com"), ("Zoë Ångström-Smith", "z@example.com"), ("Bob Jones", "b@example.com")):
        customers.enrol(customers.CustomerInput(name, "", email))
    def names_found(query: str) -> list[str]:
        return [c.name for c in customers.search(query)]
    assert names_found("joao") == ["João Silva"]
    assert names_found("JOÃO") == ["João Silva"]
    assert names_found("silva") == ["João Silva"]
    assert names_found("smith") == ["Ann Smith", "Zoë Ångström-Smith"]
    assert names_found("angstrom") == ["Zoë Ångström-Smith"]
    assert names_found("smi zo") == ["Zoë Ångström-Smith"]  # every word typed, in any order
    assert names_found("sm jo") == []
    customer = Customer.get(Customer.name == "Bob Jones")
    customers.update(customer.id, customers.CustomerInput("Bob Müller", "", "b@example.com"))
    assert names_found("muller") == ["Bob Müller"] and names_found("jones") == []
    assert names.words("Ann-Marie O'Neil") == ["ann", "marie", "o", "neil"]
    long_name = "Strauß" * 20  # 120 characters that fold to 140
    customers.enrol(customers.CustomerInput(long_name, "", "s@example.com"))
    assert names_found("strauss") == [long_name]
    customers.enrol(customers.CustomerInput("Zed Under_Score", "", "u@example.com"))
    assert names_found("under_ ze") == ["Zed Under_Score"]
    assert names_found("under% ze") == [] and names_found("ze under%") == [] and names_found("ze u_d") == []


def test_name_search_uses_the_word_index(store: Path) -> None:
    from pos_loyalty.store.models import db

    customers.enrol(customers.CustomerInput("Ann Smith", "", "a@example.com"))
    query = CustomerWord.select(CustomerWord.customer).where((CustomerWord.word >= "smith") & (CustomerWord.word < "smith\uffff"))
    sql, params = query.sql()
    plan = " ".join(str(row) for row in db.obj.execute_sql("EXPLAIN QUERY PLAN " + sql, params).fetchall())
    assert "USING COVERING INDEX" in plan and "customer_word_word_customer_id_words" in plan


def test_migration_0003_turns_old_phones_into_e164_and_indexes_old_names(tmp_path: Path) -> None:
    path = tmp_path / "old.db"
    old = SqliteDatabase(str(path), pragmas={"foreign_keys": 1})
    Runner(old, directory=str(MIGRATIONS_DIR)).up(target="0002_ledger_append_only")
    for name, phone in (("João Silva", "07700900123"), ("Ann Smith", "447700900456"), ("Odd One", "12")):
        old.execute_sql("INSERT INTO customer (name, name_key, phone, marketing_opt_in, created_at) VALUES (?, ?, ?, 0, '2025-01-01')", (name, name.lower(), phone))
    old.close()
    open_store(str(path))
    try:
        stored = {c.name: (c.phone, c.name_key) for c in Customer.select()}
        assert stored == {"João Silva": ("+447700900123", "joao silva"), "Ann Smith": ("+447700900456", "ann smith"), "Odd One": ("12", "odd one")}
        assert [h.name for h in search.find("joao")] == ["João Silva"]
        assert [h.name for h in search.find("07700 900456")] == ["Ann Smith"]
    finally:
        close_database()


# -- text limits, the same on every database --------------------------------------------------


def test_text_limits_are_enforced_before_the_database(store: Path) -> None:
    with pytest.raises(ValidationError) as err:
        customers.enrol(customers.CustomerInput("Ann\x00Smith", "", "ann@example.com"))
    assert err.value.field == "name" and "NUL" in err.value.message
    with pytest.raises(ValidationError) as err:
        customers.enrol(customers.CustomerInput("Ann Smith", "", "a" * 250 + "@example.com"))
    assert err.value.field == "email" and "254" in err.value.message
    with pytest.raises(ValidationError) as err:  # the net under every service: the column itself
        users.add_user("U" * 81, "manager", "246810")
    assert err.value.field == "name" and "80" in err.value.message
    with pytest.raises(ValidationError) as err:
        Customer.create(name="Lone \udc80", name_key="x", phone=None, email="x@example.com")
    assert err.value.field == "name"
    assert Customer.select().count() == 0
    number = customers.enrol(customers.CustomerInput("Ann Smith", "", "ann@example.com"))[1].number
    for reason, words in (("r" * 501, "500"), ("lost\x00", "NUL")):
        with pytest.raises(ValidationError, match=words) as err:
            cards.suspend(number, reason=reason, manager_pin=ensure_manager())
        assert err.value.field == "reason"
    assert AuditLog.select().where(AuditLog.action == "card.suspend").count() == 0


# -- JSON files ---------------------------------------------------------------------------------


@pytest.mark.parametrize(("content", "words"), [
    ("[" * 100_000 + "]" * 100_000, "nested too deeply"),
    ('{"a":' * 100 + "1" + "}" * 100, "nested too deeply"),
    (json.dumps({"order_id": "U", "total": "1"}).encode("utf-16"), "not UTF-8"),
    (json.dumps({"order_id": "U", "total": "1"}).encode("utf-16-le"), "not UTF-8"),
    (b'{"order_id": "\xff\xfe", "total": "1"}', "not UTF-8"),
    ('{"order_id": "U", "total": ' + "9" * 5000 + "}", "too long"),
    ('{"order_id": "U", "total": NaN}', "NaN is not a number"),
    ('{"order_id": "U", "total": -Infinity}', "Infinity is not a number"),
    ('{"order_id": "U", "total": 1e999}', "too large"),
])
def test_a_bad_order_file_exits_2_naming_the_file(as_maya, store: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str], content: str | bytes, words: str) -> None:
    close_database()
    path = tmp_path / "order.json"
    path.write_bytes(content if isinstance(content, bytes) else content.encode())
    before = dump(store)
    for action in ("quote", "commit"):
        assert cli.main([*as_maya, "--db", str(store), "checkout", action, str(path)]) == 2
        err = capsys.readouterr().err
        assert words in err and str(path) in err and "internal error" not in err
    assert dump(store) == before


def test_a_utf8_order_file_with_a_byte_order_mark_is_read(as_maya, store: Path, tmp_path: Path, card: str) -> None:
    close_database()
    path = tmp_path / "order.json"
    path.write_bytes(b"\xef\xbb\xbf" + json.dumps({"order_id": "BOM-1", "card": card, "total": "2.80"}).encode())
    assert cli.main([*as_maya, "--db", str(store), "checkout", "commit", str(path)]) == 0
