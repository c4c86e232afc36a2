"""The cards list service on a real SQLite file: keyset pages, filters, search, counts, and
query plans that go through an index (no full scan or sort of the card table)."""

from __future__ import annotations

import pytest

from pos_loyalty.domain import card_numbers
from pos_loyalty.domain.errors import ValidationError
from pos_loyalty.services import card_list, cards, customers
from pos_loyalty.store.database import transaction
from pos_loyalty.store.models import Card, db, now


def insert_cards(count: int, start: int = 1, status: str = "unassigned") -> list[str]:
    """`count` valid card numbers inserted directly (fast), in number order."""
    numbers = []
    for i in range(start, start + count):
        body = f"9{i:010d}"
        numbers.append(body + card_numbers.check_digit(body))
    with transaction():
        for offset in range(0, count, 2_000):
            rows = [(n, status, 0, now()) for n in numbers[offset:offset + 2_000]]
            Card.insert_many(rows, fields=[Card.number, Card.status, Card.balance, Card.created_at]).execute()
    return numbers


def plan(query) -> str:  # type: ignore[no-untyped-def]
    sql, params = query.sql()
    return " | ".join(row[-1] for row in db.execute_sql("EXPLAIN QUERY PLAN " + sql, params))


def all_pages(**kwargs) -> list[card_list.CardRow]:  # type: ignore[no-untyped-def]
    order = kwargs.get("order", "id")
    rows: list[card_list.CardRow] = []
    after = None
    while True:
        page = card_list.page(after, limit=kwargs.pop("limit", 200), **kwargs)
        rows.extend(page)
        if len(page) < 200:
            return rows
        after = page[-1].key(order)


@pytest.fixture
def people(store):  # type: ignore[no-untyped-def]
    """Three enrolled customers (cards with customers) among 450 unassigned cards."""
    insert_cards(450)
    enrolled = {}
    for name, phone, email in (("Ann Smith", "07700 900123", "ann@example.com"), ("Annie Hall", "07700 900999", "annie@example.com"),
                               ("Bob Jones", "0201234567", "bob@example.org")):
        _customer, card = customers.enrol(customers.CustomerInput(name, phone, email))
        enrolled[name] = card.number
    return enrolled


def test_pages_cover_every_card_once_in_id_order(people):
    rows = all_pages()
    assert len(rows) == 453
    assert [r.id for r in rows] == sorted(r.id for r in rows)
    assert len({r.id for r in rows}) == 453
    first = card_list.page(limit=200)
    second = card_list.page(first[-1].id, limit=200)
    assert first[-1].id < second[0].id


def test_descending_and_number_order(people):
    newest = card_list.page(limit=5, descending=True)
    assert newest[0].customer_name == "Bob Jones"
    assert [r.id for r in newest] == sorted((r.id for r in newest), reverse=True)
    by_number = all_pages(order="number")
    assert [r.number for r in by_number] == sorted(r.number for r in by_number)
    assert len(by_number) == 453


def test_rows_carry_customer_and_batch(store):
    cards.bulk_create(3, "Flyers")
    _customer, card = customers.enrol(customers.CustomerInput("Ann Smith", "07700 900123", "ann@example.com"))
    rows = {r.number: r for r in card_list.page()}
    ann = rows[card.number]
    assert (ann.status, ann.customer_name, ann.phone, ann.email, ann.balance) == ("active", "Ann Smith", "+447700900123", "ann@example.com", 0)
    assert sorted(r.batch for r in rows.values()) == ["", "Flyers", "Flyers", "Flyers"]


def test_status_filter(people):
    active = all_pages(status="active")
    assert sorted(r.customer_name for r in active) == ["Ann Smith", "Annie Hall", "Bob Jones"]
    assert len(all_pages(status="unassigned")) == 450
    assert card_list.page(status="suspended") == []


def test_search_by_name_phone_email_and_number(people):
    assert sorted(r.customer_name for r in card_list.page(search="ann")) == ["Ann Smith", "Annie Hall"]
    assert [r.customer_name for r in card_list.page(search="Ann S")] == ["Ann Smith"]
    assert [r.customer_name for r in card_list.page(search="07700 900 1")] == ["Ann Smith"]
    assert [r.customer_name for r in card_list.page(search="bob@")] == ["Bob Jones"]
    number = people["Bob Jones"]
    assert [r.number for r in card_list.page(search=number)] == [number]
    assert len(card_list.page(search="9000000001")) == 10  # cards 10..19 (and 1) share the prefix… up to the page
    assert card_list.page(search="nobody") == []
    assert card_list.page(search="   ") == card_list.page()


def test_search_combined_with_status_and_paging(people):
    assert [r.customer_name for r in card_list.page(search="ann", status="active", order="number")] == sorted(
        ["Ann Smith", "Annie Hall"], key=lambda name: people[name])
    assert card_list.page(search="ann", status="unassigned") == []
    prefix_rows = all_pages(search="90000000", order="number")  # all 450 inserted numbers start so
    assert len(prefix_rows) == 450
    assert [r.number for r in prefix_rows] == sorted(r.number for r in prefix_rows)


def test_counts(people):
    assert card_list.count() == card_list.CardCount(453, True)
    insert_cards(5, start=10_000)
    assert card_list.count() == card_list.CardCount(458, True)  # cached, then topped up
    assert card_list.count("active") == card_list.CardCount(3, True)
    assert card_list.count(search="ann") == card_list.CardCount(2, True)
    assert card_list.count("unassigned", cap=100) == card_list.CardCount(100, False)
    assert card_list.count(search="9", cap=50) == card_list.CardCount(50, False)
    assert card_list.count(search="zz") == card_list.CardCount(0, True)


def test_bad_arguments_are_refused(store):
    with pytest.raises(ValidationError) as info:
        card_list.page(status="lost")
    assert info.value.field == "status"
    with pytest.raises(ValidationError):
        card_list.page(order="balance")
    with pytest.raises(ValidationError):
        card_list.page(limit=0)


def test_page_queries_use_indexes(store):
    insert_cards(3_000)
    customers.enrol(customers.CustomerInput("Ann Smith", "07700 900123", "ann@example.com"))
    # No search: a primary-key range, or the status index that carries the rowid. Never a sort.
    for kwargs, index in ((dict(after=100), "INTEGER PRIMARY KEY"), (dict(after=100, descending=True), "INTEGER PRIMARY KEY"),
                          (dict(status="unassigned", after=5), "card_status"), (dict(order="number", after="5"), "card_number")):
        text = plan(card_list.page_query(**kwargs))
        assert "SEARCH t1 USING" in text and index in text and "TEMP B-TREE" not in text, (kwargs, text)
    # A search drives from the index of each field it could be, with or without a status.
    indexes = {"number": "card_number", "phone": "customer_phone", "email": "customer_email", "name": "customer_name_key"}
    seen = set()
    for search in ("ann", "07700", "ann@", "9000"):
        for term in card_list._search_terms(search):
            for status in (None, "active", "unassigned"):
                text = plan(card_list.page_query(term=term, status=status))
                assert f"USING INDEX {indexes[term[0]]} (" in text and "SCAN" not in text, (search, term[0], status, text)
            seen.add(term[0])
    assert seen == set(indexes)


def test_many_matches_walk_the_key_instead_of_sorting(store):
    insert_cards(2_500)
    # Status "unassigned" by number matches every card: walk the number index, no sort.
    walk = card_list._walk_key("number", "unassigned", None, cap=1_000)
    assert walk == "number"
    text = plan(card_list.page_query(order="number", status="unassigned", walk_key=walk))
    assert "card_number" in text and "TEMP B-TREE" not in text
    # A short number prefix ordered by id: walk the primary key.
    term = card_list._search_terms("9")[0]
    walk = card_list._walk_key("id", None, term, cap=1_000)
    assert walk == "id"
    assert "TEMP B-TREE" not in plan(card_list.page_query(term=term, walk_key=walk))
    # Few matches: the filter's index drives and sorts only its matches.
    assert card_list._walk_key("number", "active", None, cap=1_000) is None
    # The answers are the same either way.
    assert [r.number for r in card_list.page(order="number", status="unassigned", limit=50)] == sorted(
        r.number for r in card_list.page(order="number", limit=50))


def test_detail_reads_view_history_and_opt_in(store):
    _customer, card = customers.enrol(customers.CustomerInput("Ann Smith", "07700 900123", "", marketing_opt_in=True))
    data = card_list.detail(card.number)
    assert data.view.number == card.number and data.view.customer_name == "Ann Smith"
    assert data.history == [] and data.marketing_opt_in is True


def test_batch_rows_and_database_location(store):
    cards.bulk_create(4, "Flyers", user="Maya")
    assert [(name, count, by) for name, count, _at, by in card_list.batch_rows()] == [("Flyers", 4, "Maya")]
    assert card_list.database_location() == str(store)
