"""One search box: a scanned card number, or a phone, email or name prefix."""

from __future__ import annotations

from dataclasses import dataclass

from ..domain import card_numbers
from ..domain.errors import ValidationError
from ..store.models import Card, Customer
from . import cards, customers


@dataclass(frozen=True)
class Hit:
    number: str | None
    status: str
    balance: int
    customer_id: int | None
    name: str
    phone: str
    email: str


def find(query: str, limit: int = customers.SEARCH_LIMIT) -> list[Hit]:
    text = query.strip()
    if not text:
        raise ValidationError("query", "type a card number, phone, email or name")
    number = card_numbers.normalise(text)
    if not card_numbers.is_valid(number):  # a number imported from a previous programme, as it was imported
        number = card_numbers.foreign_form(text) or ""
    if number:
        card = cards.find_card(number)  # with its customer, in one prepared statement: the scan path
        if card is not None:
            c = card.customer if card.customer_id else None
            return [Hit(card.number, card.status, card.balance, c.id if c else None, c.name if c else "", (c.phone or "") if c else "", (c.email or "") if c else "")]
    people = customers.search(text, limit)
    if not people:
        return []
    by_customer: dict[int, Card] = {}
    for card in Card.select().where(Card.customer.in_([p.id for p in people]) & (Card.status != "replaced")):
        by_customer.setdefault(card.customer_id, card)
    return [_hit(p, by_customer.get(p.id)) for p in people]


def _hit(person: Customer, card: Card | None) -> Hit:
    return Hit(card.number if card else None, card.status if card else "no card", card.balance if card else 0, person.id, person.name, person.phone or "", person.email or "")
