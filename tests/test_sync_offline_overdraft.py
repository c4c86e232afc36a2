"""Two tills spend the same points while the hub does not answer: once both sync, the hub
flags the card, and every till's exceptions list shows it — the till whose push overdrew the
card too (its pull skips the rows it sent itself, so the hub must journal the flag as its own).
"""

from __future__ import annotations

import pytest

from pos_loyalty.services import checkout, customers, sync
from pos_loyalty.store.models import db

from .conftest import at, make_order
from .test_hub import fresh_pg, pg_server  # noqa: F401 - the fixtures
from .test_sync import Tills, tills  # noqa: F401 - the fixture

pytestmark = pytest.mark.hub

CLOSED = "postgresql://postgres@127.0.0.1:1/nowhere"  # nothing listens on port 1: refused at once


def point_at(url: str) -> None:
    """Make this till's hub `url` (as if the network to the real one went down, or came back)."""
    db.obj.execute_sql("UPDATE sync_state SET value = ? WHERE key = 'hub_url'", (url,))
    sync._forget_cache()


def enrolled() -> str:
    _customer, card = customers.enrol(customers.CustomerInput("Ann Smith", "+44 7700 900123", "ann@example.com"))
    return card.number


def overdraw_offline(tills: Tills) -> str:
    """Tills A and B (offline margin 0) last synced the same balance; each spends all but 10
    points of it while the hub does not answer; then B syncs, then A (whose spending, on top,
    overdraws the card). Returns the card number; till A is open."""
    tills.attach("A")
    tills.attach("B")
    tills.use("A")
    number = enrolled()
    balance = checkout.commit(make_order("A-1", number, [("COFFEE", 40, "2.80")]), when=at(2)).balance
    sync.run()
    for till in ("B", "A"):
        tills.use(till)
        sync.run()
        point_at(CLOSED)
        spent = checkout.commit(make_order(f"{till}-2", number, [("CAKE", 10, "6.05")],
                                           rewards=[{"id": "pay-with-points", "points": balance - 10}]), when=at(3))
        assert spent.points_spent == balance - 10, "offline, up to the last synced balance"
        point_at(tills.hub)
    tills.use("B")
    sync.run()  # B's spending fits: the hub takes it
    tills.use("A")
    sync.run()  # A's, on top, overdraws the card: flagged, not refused, not clamped
    return number


def test_the_till_whose_push_overdrew_a_card_lists_the_exception_too(tills: Tills) -> None:
    number = overdraw_offline(tills)
    found = [(e.kind, e.subject) for e in sync.exceptions()]
    assert found == [("overdraft", number)] and sync.status().exceptions == 1
    tills.use("B")
    sync.run()
    assert [(e.kind, e.subject) for e in sync.exceptions()] == [("overdraft", number)]
