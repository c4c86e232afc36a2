"""Tills on their own SQLite files syncing with a real PostgreSQL hub (services/sync.py)."""

from __future__ import annotations

from pathlib import Path
from typing import Iterator

import pytest

from pos_loyalty.domain.errors import ValidationError
from pos_loyalty.services import cards, checkout, customers, refunds, sync
from pos_loyalty.services.setup import open_store
from pos_loyalty.store.database import close_database
from pos_loyalty.store.models import db

from .conftest import MANAGER_PIN, at, ensure_manager, make_order
from .test_hub import fresh_pg, pg_server  # noqa: F401 - the fixtures

pytestmark = pytest.mark.hub


class Tills:
    """Several tills in one test: each its own SQLite file; `use` opens one (the models are bound
    to one database at a time, as in a till's process)."""

    def __init__(self, folder: Path, hub: str) -> None:
        self.folder, self.hub = folder, hub
        sync.init_hub(hub)

    def use(self, name: str) -> None:
        close_database()
        open_store(str(self.folder / f"{name}.db"))
        ensure_manager()

    def attach(self, name: str, margin: int | None = 0) -> None:
        self.use(name)
        sync.attach(self.hub, name, "Main Street", margin, manager_pin=MANAGER_PIN)


@pytest.fixture
def tills(tmp_path: Path, fresh_pg: str) -> Iterator[Tills]:
    yield Tills(tmp_path, fresh_pg)
    close_database()
    sync.close_hubs()


def hub_balances(url: str) -> dict[str, int]:
    import psycopg

    with psycopg.connect(url) as conn:
        return dict(conn.execute("SELECT number, balance FROM card WHERE balance <> 0 OR customer_id IS NOT NULL").fetchall())


def assert_running_totals_replay(database: object) -> None:
    """What sync left in the running totals (lots, counters, products, standing firings) is what
    a replay of the ledger, the orders and the trigger log gives, on that database (a till's
    file or the hub)."""
    from pos_loyalty.store import running_totals as rt

    assert rt.stored_lot_totals(database) == rt.replayed_lot_totals(database)
    assert rt.without_zeros(rt.stored_counters(database)) == rt.without_zeros(rt.replay_counters(database))
    assert rt.stored_products(database) == rt.replay_products(database)
    assert rt.stored_standing(database) == rt.replay_standing(database)


def local_balances() -> dict[str, int]:
    return dict(db.obj.execute_sql("SELECT number, balance FROM card WHERE balance <> 0 OR customer_id IS NOT NULL").fetchall())


def test_a_card_enrolled_on_one_till_is_sold_on_the_other_and_both_agree_with_the_hub(tills: Tills) -> None:
    tills.attach("A")
    tills.attach("B")
    tills.use("A")
    _c, card = customers.enrol(customers.CustomerInput("Ann Smith", "+44 7700 900123", "ann@example.com"))
    number = card.number
    r = checkout.commit(make_order("A-1", number, [("COFFEE", 40, "2.80")]), when=at(2))
    assert r.points_earned > 0
    earned = r.balance
    sync.run()
    tills.use("B")
    sync.run()
    assert cards.lookup(number).balance == earned
    assert cards.lookup(number).customer_name == "Ann Smith"
    assert [c.name for c in customers.search("smith")] == ["Ann Smith"]  # found by name at the other till
    r = checkout.commit(make_order("B-1", number, [("CAKE", 2, "6.05")], rewards=[{"id": "pay-with-points", "points": 100}]), when=at(3))
    assert r.points_spent == 100
    sync.run()
    tills.use("A")
    sync.run()
    assert local_balances() == hub_balances(tills.hub)
    assert cards.lookup(number).balance == r.balance
    tills.use("B")
    assert local_balances() == hub_balances(tills.hub)


def test_an_online_redemption_the_hub_cannot_cover_is_refused_and_changes_nothing(tills: Tills) -> None:
    tills.attach("A")
    tills.attach("B")
    tills.use("A")
    _c, card = customers.enrol(customers.CustomerInput("Ann Smith", "+44 7700 900123", "ann@example.com"))
    number = card.number
    balance = checkout.commit(make_order("A-1", number, [("COFFEE", 40, "2.80")]), when=at(2)).balance
    sync.run()
    tills.use("B")
    sync.run()
    # A spends most of it and the hub knows; B has not pulled since
    tills.use("A")
    left = checkout.commit(make_order("A-2", number, [("CAKE", 10, "6.05")], rewards=[{"id": "pay-with-points", "points": balance - 10}]), when=at(3)).balance
    assert sync.status().waiting == 0  # the redemption went to the hub with the sale
    assert left < 100 < balance
    tills.use("B")
    with pytest.raises(ValidationError) as refused:
        checkout.commit(make_order("B-1", number, [("CAKE", 10, "6.05")], rewards=[{"id": "pay-with-points", "points": 100}]), when=at(3))
    assert refused.value.field == "rewards" and "on the hub" in refused.value.message
    assert cards.lookup(number).balance == balance  # nothing changed at B
    assert checkout.Order.get_or_none(checkout.Order.order_id == "B-1") is None
    sync.run()
    assert cards.lookup(number).balance == left
    assert local_balances() == hub_balances(tills.hub)


def test_a_replayed_push_and_pull_change_nothing(tills: Tills) -> None:
    tills.attach("A")
    _c, card = customers.enrol(customers.CustomerInput("Ann Smith", "+44 7700 900123", ""))
    for i in range(5):
        checkout.commit(make_order(f"A-{i}", card.number, [("COFFEE", 3, "2.80")]), when=at(2 + i))
    refunds.refund("A-1", "R-1", "full", when=at(9))
    # everything still in the outbox is pushed twice: as after a crash between the hub's commit and ours
    ids, by_table = sync._outbox_batch(10_000)
    records = sync._records(sync.Keys(db.obj, "A"), by_table)
    hub = sync.hub_database(tills.hub)
    sync._apply_on_hub(hub, records, "A")
    sync.run()
    sync._apply_on_hub(hub, records, "A")
    assert local_balances() == hub_balances(tills.hub)
    import psycopg

    with psycopg.connect(tills.hub) as conn:
        assert conn.execute("SELECT COUNT(*) FROM ledger_entry").fetchone()[0] == db.obj.execute_sql("SELECT COUNT(*) FROM ledger_entry").fetchone()[0]
        assert conn.execute('SELECT COUNT(*) FROM "order"').fetchone()[0] == 5
        assert conn.execute("SELECT status FROM \"order\" WHERE order_id = 'A-1'").fetchone()[0] == "refunded"


CLOSED_PORT_URL = "postgresql://postgres@127.0.0.1:9/none"  # nothing listens there: the hub is unreachable


def go_offline() -> str:
    """Cut this till off the hub (as a pulled network cable does); returns the real URL."""
    url = sync.attached()[0]
    db.obj.execute_sql("UPDATE sync_state SET value = ? WHERE key = 'hub_url'", (CLOSED_PORT_URL,))
    sync._forget_cache()
    return url


def go_online(url: str) -> None:
    db.obj.execute_sql("UPDATE sync_state SET value = ? WHERE key = 'hub_url'", (url,))
    sync._forget_cache()


def enrol(name: str, phone: str) -> str:
    return customers.enrol(customers.CustomerInput(name, phone, ""))[1].number


def test_a_till_offline_for_200_checkouts_catches_up_exactly_and_its_overdraft_is_flagged(tills: Tills) -> None:
    import random

    rng = random.Random(13)
    tills.attach("A")
    numbers = [enrol(f"Customer {i}", f"+44 7700 9001{i:02d}") for i in range(5)]
    for i, number in enumerate(numbers):
        checkout.commit(make_order(f"A-seed-{i}", number, [("COFFEE", 100, "2.80")]), when=at(2))
    sync.run()
    tills.attach("B", margin=20)
    tills.use("B")
    url = go_offline()
    with pytest.raises(sync.HubUnreachable):
        sync.run()
    # B sells 200 times offline: earning, spending within what it may, and refunding an order A made
    spent_offline = 0
    for i in range(200):
        number = numbers[i % 5]
        # customer 1 spends at every visit on small baskets; the others now and then on big ones
        rewards = [{"id": "pay-with-points", "points": 100}] if number == numbers[1] or rng.random() < 0.3 else []
        lines = [("CAKE", 2 if number == numbers[1] else 20, "6.05")]
        try:
            r = checkout.commit(make_order(f"B-{i}", number, lines, rewards=rewards), when=at(3))
            spent_offline += r.points_spent
        except ValidationError as refused:  # beyond the offline allowance (or the card's points): refused, nothing written
            assert refused.field.startswith("rewards")
            assert refused.field != "rewards" or "offline" in refused.message
            assert checkout.Order.get_or_none(checkout.Order.order_id == f"B-{i}") is None
    refunds.refund("A-seed-0", "B-refund-1", "full", when=at(4), manager_pin=MANAGER_PIN)
    assert spent_offline > 0
    # meanwhile A spends most of customer 1's points online
    tills.use("A")
    left = cards.lookup(numbers[1]).balance
    checkout.commit(make_order("A-big", numbers[1], [("CAKE", 6, "6.05")], rewards=[{"id": "pay-with-points", "points": left - 5}]), when=at(3))
    tills.use("B")
    go_online(url)
    report = sync.run()
    assert report.pushed > 200
    tills.use("A")
    sync.run()
    hub = hub_balances(tills.hub)
    assert local_balances() == hub
    tills.use("B")
    sync.run()
    assert local_balances() == hub
    import psycopg

    with psycopg.connect(tills.hub) as conn:
        keys = [k for (k,) in conn.execute("SELECT idempotency_key FROM ledger_entry")]
        status = conn.execute("SELECT status FROM \"order\" WHERE order_id = 'A-seed-0'").fetchone()[0]
        flagged = conn.execute("SELECT subject, details FROM sync_exception WHERE kind = 'overdraft'").fetchall()
    assert len(keys) == len(set(keys)) == db.obj.execute_sql("SELECT COUNT(*) FROM ledger_entry").fetchone()[0]
    assert status == "refunded"
    for number, balance in hub.items():
        if balance < 0:  # an offline spend the hub could not cover: flagged, with its orders, never clamped
            assert number in [s for s, _d in flagged]
    assert sum(1 for b in hub.values() if b < 0) == len({s for s, _d in flagged if hub.get(s, 0) < 0})
    assert_running_totals_replay(db.obj)
    assert_running_totals_replay(sync.hub_database(tills.hub))
    assert hub[numbers[1]] < 0 and numbers[1] in [s for s, _d in flagged]  # B spent offline what A had spent online
    assert all(f"B-{i}" in d for s, d in flagged if s == numbers[1] for i in [1])  # the orders involved are named


def test_a_push_of_many_sales_leaves_the_hubs_lots_and_balances_as_a_replay_gives(tills: Tills) -> None:
    """A batch large enough for the hub's bulk paths (lots by COPY, each card's balance moved in
    one statement): cards that only earned in it (their stored lots are not read, only summed)
    and a card that also spent (its lots read and taken from in spending order)."""
    tills.attach("A")
    numbers = [enrol(f"Customer {i}", f"+44 7700 9002{i:02d}") for i in range(4)]
    for i, number in enumerate(numbers):
        checkout.commit(make_order(f"seed-{i}", number, [("COFFEE", 100, "2.80")]), when=at(2))
    sync.run()
    url = go_offline()
    for i in range(80):
        number = numbers[i % 4]
        rewards = [{"id": "pay-with-points", "points": 100}] if i % 32 == 3 else []  # card 3, three times: within what it may spend offline
        checkout.commit(make_order(f"sale-{i}", number, [("CAKE", 3, "6.05")], rewards=rewards), when=at(3))
    go_online(url)
    assert sync.run().pushed > 160
    assert hub_balances(tills.hub) == local_balances()
    assert_running_totals_replay(sync.hub_database(tills.hub))
    assert_running_totals_replay(db.obj)


def test_a_card_replaced_on_one_till_and_used_offline_on_another_ends_with_its_points_on_the_new_card(tills: Tills) -> None:
    tills.attach("A")
    old = enrol("Ann Smith", "+44 7700 900123")
    checkout.commit(make_order("A-1", old, [("COFFEE", 50, "2.80")]), when=at(2))
    sync.run()
    tills.attach("B")
    tills.use("B")
    url = go_offline()
    earned = checkout.commit(make_order("B-1", old, [("COFFEE", 20, "2.80")]), when=at(3)).points_earned  # the lost card, still in a pocket
    tills.use("A")
    new = cards.replace(old, user="Maya", reason="lost", manager_pin=MANAGER_PIN).number
    moved = cards.lookup(new).balance
    sync.run()
    tills.use("B")
    go_online(url)
    sync.run()
    assert cards.lookup(old).balance == 0
    assert cards.lookup(new).balance == moved + earned
    hub = hub_balances(tills.hub)
    assert local_balances() == hub and hub[new] == moved + earned
    tills.use("A")
    sync.run()
    assert local_balances() == hub


def test_one_customer_enrolled_on_two_offline_tills_is_offered_for_merging(tills: Tills) -> None:
    tills.attach("A")
    tills.attach("B")
    tills.use("A")
    first = enrol("Ann Smith", "+44 7700 900123")
    checkout.commit(make_order("A-1", first, [("COFFEE", 10, "2.80")]), when=at(2))
    sync.run()  # B has not pulled: it enrols her again
    tills.use("B")
    second = customers.enrol(customers.CustomerInput("Ann Smyth", "+44 7700 900123", ""))[1].number
    checkout.commit(make_order("B-1", second, [("COFFEE", 10, "2.80")]), when=at(2))
    sync.run()
    [flag] = sync.exceptions()
    assert flag.kind == "duplicate_customer" and flag.subject.startswith("B:")
    sync.merge_duplicate(flag.id, "Maya", manager_pin=MANAGER_PIN)
    assert sync.exceptions() == []
    assert cards.lookup(first).customer_id == cards.lookup(second).customer_id
    tills.use("A")
    sync.run()
    assert cards.lookup(first).customer_id == cards.lookup(second).customer_id
    assert sync.exceptions() == [] and len(sync.exceptions(include_resolved=True)) == 1
    assert local_balances() == hub_balances(tills.hub)


def test_the_command_line_prepares_a_hub_attaches_a_till_syncs_and_reports(tmp_path: Path, fresh_pg: str, capsys: pytest.CaptureFixture[str],
                                                                            monkeypatch: pytest.MonkeyPatch) -> None:
    import json

    from pos_loyalty.cli import main as cli

    till = str(tmp_path / "till.db")

    def run(*args: str, user: bool = True) -> tuple[int, object]:
        code = cli(["--db", till, *(["--user", "Maya"] if user else []), "--json", *args])
        out, err = capsys.readouterr()
        assert "Traceback" not in out + err
        return code, json.loads(out) if out.strip() else err

    monkeypatch.setenv("POS_LOYALTY_PIN", MANAGER_PIN)
    monkeypatch.setenv("POS_LOYALTY_NEW_PIN", MANAGER_PIN)
    assert cli(["--db", till, "users", "add", "Maya", "--role", "manager"]) == 0  # the store's first user: its manager
    capsys.readouterr()
    code, status = run("sync", "status", user=False)
    assert code == 0 and status["attached"] is False
    code, _ = run("hub", "init", fresh_pg, user=False)
    assert code == 0
    code, refused = run("hub", "attach", "sqlite:///not-a-hub", "--till", "T1", "--store", "Main")
    assert code == 2 and refused["field"] == "url"
    code, attached = run("hub", "attach", fresh_pg, "--till", "T1", "--store", "Main", "--offline-margin", "25")
    assert code == 0 and attached["till"] == "T1" and attached["online"] is True and attached["offline_margin"] == 25
    code, report = run("sync", "run")
    assert code == 0 and report["pushed"] == 0
    code, status = run("sync", "status", user=False)
    assert status["attached"] and status["waiting"] == 0 and status["last_sync_at"] and "password" not in json.dumps(status)
    code, _ = run("sync", "margin", "off")
    assert code == 0 and run("sync", "status", user=False)[1]["offline_margin"] is None
    code, rows = run("sync", "exceptions", user=False)
    assert code == 0 and rows == []
    sync.close_hubs()


def test_rules_published_on_the_hub_while_tills_are_offline_reach_each_at_its_next_sync_whole(tills: Tills) -> None:
    from pos_loyalty.services import rules_sync

    from .test_rules_publish import bundle_file

    tills.attach("A")
    tills.attach("B")
    number = enrol("Ann Smith", "+44 7700 900123")  # at B
    sync.run()
    urls = {}
    for name in ("A", "B"):
        tills.use(name)
        sync.run()
        urls[name] = go_offline()
        assert rules_sync.active_rules()[0].version != "v2"
    tills.use("HUB-MANAGER")  # a manager publishes on the hub itself (a till on the hub's URL)
    close_database()
    open_store(tills.hub)
    ensure_manager()
    published = rules_sync.publish_file(bundle_file(tills.folder, "v2", points=7), manager_pin=MANAGER_PIN)
    close_database()
    tills.use("A")
    with pytest.raises(sync.HubUnreachable):
        sync.run()
    first = checkout.commit(make_order("A-1", number, [("COFFEE", 10, "2.80")]))
    assert checkout.Order.get(checkout.Order.order_id == "A-1").rules_checksum != published.checksum  # offline: the last synced rules, whole
    go_online(urls["A"])
    sync.run()
    assert rules_sync.active_rules()[1] == published.checksum
    second = checkout.commit(make_order("A-2", number, [("COFFEE", 10, "2.80")]))
    assert checkout.Order.get(checkout.Order.order_id == "A-2").rules_checksum == published.checksum
    assert second.points_earned == 7 * 28 and first.points_earned != second.points_earned  # v2: 7 points per 1.00
    with pytest.raises(ValidationError) as refused:  # an attached till does not publish a programme of its own
        rules_sync.publish_file(bundle_file(tills.folder, "v3", points=9), manager_pin=MANAGER_PIN)
    assert refused.value.field == "rules" and "publish there" in refused.value.message
    tills.use("B")
    assert rules_sync.active_rules()[1] != published.checksum  # B has not synced yet: still the old programme
    go_online(urls["B"])
    sync.run()
    assert rules_sync.active_rules()[1] == published.checksum


def test_a_spend_on_a_card_another_push_holds_on_the_hub_says_busy_and_writes_nothing(tills: Tills) -> None:
    """The sale's own push waits for the card's lock on the hub (its statements pipelined), at
    most the lock timeout, then asks the cashier to try again — as any wait for a card does."""
    import psycopg

    from pos_loyalty.domain.errors import Busy

    tills.attach("A")
    number = enrol("Ann Smith", "+44 7700 900123")
    checkout.commit(make_order("A-0", number, [("COFFEE", 100, "2.80")]), when=at(1))
    sync.run()
    with psycopg.connect(tills.hub) as other:  # another till's push, holding Ann's card
        other.execute("SELECT id FROM card WHERE number = %s FOR UPDATE", (number,))
        with pytest.raises(Busy):
            checkout.commit(make_order("A-1", number, [("CAKE", 1, "6.05")], rewards=[{"id": "pay-with-points", "points": 100}]), when=at(2))
    assert checkout.Order.get_or_none(checkout.Order.order_id == "A-1") is None
    assert local_balances() == hub_balances(tills.hub)
