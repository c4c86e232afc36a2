"""How a row changed on two tills merges on the hub (store/replication.py): a change carries
the columns it changed, so a till that had not seen another's change never sends it back
undone; coupons follow replaced cards and refunds; a trigger step paid twice is listed."""

from __future__ import annotations

import psycopg
import pytest

from pos_loyalty.services import cards, checkout, coupons, customers, refunds, sync
from pos_loyalty.store.database import migrate
from pos_loyalty.store.models import MilestoneAward, db

from .conftest import MANAGER_PIN, at, make_order
from .test_hub import fresh_pg, pg_server  # noqa: F401 - the fixtures
from .test_sync import Tills, assert_running_totals_replay, enrol, go_offline, go_online, tills  # noqa: F401 - `tills` is a fixture
from .test_triggers import activate, trigger

pytestmark = pytest.mark.hub


def on_hub(url: str, sql: str, *params: object) -> list[tuple]:
    with psycopg.connect(url) as conn:
        return conn.execute(sql, params).fetchall()


def coffee(order_id: str, card: str, code: str) -> checkout.OrderRequest:
    return make_order(order_id, card, [("CAKE", 1, "4.00")], rewards=[{"id": "free-coffee", "coupon": code}])


def two_tills_with(tills: Tills, *people: tuple[str, str]) -> list[str]:
    """Tills A and B attached, these customers enrolled on A and known to both."""
    tills.attach("A")
    tills.attach("B")
    tills.use("A")
    numbers = [enrol(name, phone) for name, phone in people]
    sync.run()
    tills.use("B")
    sync.run()
    tills.use("A")
    return numbers


def test_a_suspension_stays_when_another_till_that_had_not_seen_it_merges_the_customer(tills: Tills) -> None:
    ann, ann2 = two_tills_with(tills, ("Ann Smith", "+44 7700 900123"), ("Ann Smyth", "+44 7700 900777"))
    cards.suspend(ann2, "Maya", "fraud", manager_pin=MANAGER_PIN)
    sync.run()
    tills.use("B")  # has not pulled the suspension: a manager merges the two records of Ann
    customers.merge(cards.lookup(ann).customer_id, cards.lookup(ann2).customer_id, "Maya", manager_pin=MANAGER_PIN)
    sync.run()
    assert on_hub(tills.hub, "SELECT k.status, c.name FROM card k JOIN customer c ON c.id = k.customer_id WHERE k.number = %s", ann2) == \
        [("suspended", "Ann Smith")]  # the merge moved the card; the suspension stays
    assert cards.lookup(ann2).status == "suspended"  # pulled back at B
    tills.use("A")
    sync.run()
    assert cards.lookup(ann2).status == "suspended"
    assert cards.lookup(ann2).customer_name == "Ann Smith"


def test_a_customer_merge_stays_when_another_till_that_had_not_seen_it_refunds_the_order(tills: Tills) -> None:
    ann, ann2 = two_tills_with(tills, ("Ann Smith", "+44 7700 900123"), ("Ann Smyth", "+44 7700 900777"))
    checkout.commit(make_order("A-1", ann2, [("CAKE", 4, "6.05")]), when=at(2))
    sync.run()
    tills.use("B")
    sync.run()
    tills.use("A")
    customers.merge(cards.lookup(ann).customer_id, cards.lookup(ann2).customer_id, "Maya", manager_pin=MANAGER_PIN)
    sync.run()
    tills.use("B")  # has not pulled the merge: refunds part of the order
    refunds.refund("A-1", "R-1", "partial", {0: 1}, when=at(3), manager_pin=MANAGER_PIN)
    sync.run()
    tills.use("A")
    sync.run()
    assert on_hub(tills.hub, 'SELECT o.order_id, o.status, c.name FROM "order" o JOIN customer c ON c.id = o.customer_id') == \
        [("A-1", "partially_refunded", "Ann Smith")]
    assert checkout.Order.get(checkout.Order.order_id == "A-1").customer.name == "Ann Smith"
    assert_running_totals_replay(sync.hub_database(tills.hub))
    assert_running_totals_replay(db.obj)


def test_a_till_attached_before_the_outbox_said_what_changed_gets_the_new_triggers_when_it_migrates(tills: Tills) -> None:
    (ann,) = two_tills_with(tills, ("Ann Smith", "+44 7700 900123"))
    # As the till and the hub were before migration 0014: no `changed`, triggers without it.
    local = db.obj
    local.execute_sql("DROP TRIGGER sync_out_card_upd")
    local.execute_sql("ALTER TABLE sync_outbox DROP COLUMN changed")
    local.execute_sql("ALTER TABLE sync_journal DROP COLUMN changed")
    local.execute_sql("CREATE TRIGGER sync_out_card_upd AFTER UPDATE OF status ON card BEGIN INSERT INTO sync_outbox (tbl, row_id) VALUES ('card', NEW.id); END")
    local.execute_sql("DELETE FROM schema_migration WHERE name LIKE '0014%'")
    with psycopg.connect(tills.hub, autocommit=True) as conn:
        conn.execute("DROP TRIGGER sync_journal_upd ON card")
        conn.execute("ALTER TABLE sync_journal DROP COLUMN changed")
        conn.execute("ALTER TABLE sync_outbox DROP COLUMN changed")
        conn.execute("DELETE FROM schema_migration WHERE name LIKE '0014%'")
    hub = sync.hub_database(tills.hub)
    assert [name.split("_")[0] for name in migrate(hub)] == ["0014"]
    assert [name.split("_")[0] for name in migrate(local)] == ["0014"]
    cards.suspend(ann, "Maya", "fraud", manager_pin=MANAGER_PIN)
    assert local.execute_sql("SELECT tbl, changed FROM sync_outbox WHERE tbl = 'card'").fetchall() == [("card", "status,")]
    sync.run()
    assert on_hub(tills.hub, "SELECT changed FROM sync_journal WHERE tbl = 'card' ORDER BY seq DESC LIMIT 1") == [("status,",)]


def test_a_coupon_given_back_by_a_refund_reaches_the_hub_and_can_be_used_again(tills: Tills) -> None:
    (ann,) = two_tills_with(tills, ("Ann Smith", "+44 7700 900123"))
    code = coupons.issue(ann, "free-coffee", "sorry", MANAGER_PIN).code
    checkout.commit(coffee("A-1", ann, code), when=at(2))  # online: on the hub with the sale
    refunds.refund("A-1", "R-1", "full", when=at(3), manager_pin=MANAGER_PIN)  # gives the coupon back
    sync.run()
    assert on_hub(tills.hub, "SELECT status, redeemed_order_id FROM coupon") == [("issued", None)]
    tills.use("B")
    sync.run()
    assert coupons.find(code).status == "issued"
    tills.use("A")
    checkout.commit(coffee("A-2", ann, code), when=at(4))  # the hub agrees: not "already used on another till"
    assert on_hub(tills.hub, 'SELECT c.status, o.order_id FROM coupon c JOIN "order" o ON o.id = c.redeemed_order_id') == [("redeemed", "A-2")]
    assert on_hub(tills.hub, "SELECT kind FROM sync_exception") == []


def test_a_coupon_voided_by_the_refund_of_the_order_it_paid_for_is_not_a_coupon_used_twice(tills: Tills) -> None:
    tills.use("A")
    activate(tills.folder, "trig", trigger())  # a coupon at the third order with a widget
    tills.attach("A")
    ann = customers.enrol(customers.CustomerInput("Ann Smith", "+44 7700 900123", "ann@example.com", True))[1].number
    for i in (1, 2, 3):
        checkout.commit(make_order(f"A-{i}", ann, [("WIDGET", 1, "1.00")]), when=at(i))
    (code,) = [c.code for c in coupons.of_card(ann)]
    checkout.commit(coffee("A-4", ann, code), when=at(4))
    refunds.refund("A-3", "R-3", "full", when=at(5), manager_pin=MANAGER_PIN)  # takes the trigger back; its coupon was used
    sync.run()
    refunds.refund("A-4", "R-4", "full", when=at(6), manager_pin=MANAGER_PIN)  # so the coupon is not given back but voided
    assert coupons.find(code).status == "void"
    sync.run()
    assert on_hub(tills.hub, "SELECT status, redeemed_order_id FROM coupon") == [("void", None)]
    assert on_hub(tills.hub, "SELECT kind FROM sync_exception") == []
    assert on_hub(tills.hub, "SELECT steps FROM customer_firing") == []  # the firing the refund took back stands nowhere
    assert_running_totals_replay(db.obj)


def test_a_firing_taken_back_after_it_reached_the_hub_no_longer_stands_there(tills: Tills) -> None:
    """The hub keeps each customer's standing step per trigger (`customer_firing`) from the log
    rows that arrive: a firing pushed, then taken back by a refund on the till, leaves no
    standing step on the hub once the change arrives, and the other till pulls the same."""
    for name in ("A", "B"):
        tills.use(name)
        activate(tills.folder, "trig", trigger())
        tills.attach(name)
    tills.use("A")
    ann = customers.enrol(customers.CustomerInput("Ann Smith", "+44 7700 900123", "ann@example.com", True))[1].number
    for i in (1, 2, 3):
        checkout.commit(make_order(f"A-{i}", ann, [("WIDGET", 1, "1.00")]), when=at(i))
    sync.run()
    assert on_hub(tills.hub, "SELECT steps FROM customer_firing") == [('{"bogo":1}',)]
    tills.use("B")
    sync.run()
    assert db.obj.execute_sql("SELECT steps FROM customer_firing").fetchall() == [('{"bogo":1}',)]
    tills.use("A")
    refunds.refund("A-3", "R-3", "full", when=at(5), manager_pin=MANAGER_PIN)  # two orders with a widget left: taken back
    sync.run()
    assert on_hub(tills.hub, "SELECT steps FROM customer_firing") == []
    tills.use("B")
    sync.run()
    assert db.obj.execute_sql("SELECT steps FROM customer_firing").fetchall() == []
    assert_running_totals_replay(db.obj)


def test_a_coupon_used_on_two_tills_offline_is_still_listed(tills: Tills) -> None:
    (ann,) = two_tills_with(tills, ("Ann Smith", "+44 7700 900123"))
    code = coupons.issue(ann, "free-coffee", "sorry", MANAGER_PIN).code
    sync.run()
    tills.use("B")
    sync.run()
    url = go_offline()
    checkout.commit(coffee("B-1", ann, code), when=at(2))
    go_online(url)
    tills.use("A")
    checkout.commit(coffee("A-1", ann, code), when=at(2))
    tills.use("B")
    sync.run()
    assert on_hub(tills.hub, "SELECT kind, subject FROM sync_exception") == [("coupon_twice", code)]
    assert on_hub(tills.hub, 'SELECT o.order_id FROM coupon c JOIN "order" o ON o.id = c.redeemed_order_id') == [("A-1",)]


def test_a_coupon_moves_to_the_new_card_on_every_till_when_its_card_is_replaced(tills: Tills) -> None:
    (old,) = two_tills_with(tills, ("Ann Smith", "+44 7700 900123"))
    code = coupons.issue(old, "free-coffee", "sorry", MANAGER_PIN).code
    sync.run()
    tills.use("B")
    sync.run()
    tills.use("A")
    new = cards.replace(old, user="Maya", reason="lost", manager_pin=MANAGER_PIN).number
    sync.run()
    assert on_hub(tills.hub, "SELECT c.code, k.number FROM coupon c JOIN card k ON k.id = c.card_id") == [(code, new)]
    tills.use("B")
    sync.run()
    assert [c.code for c in coupons.of_card(new)] == [code]
    checkout.commit(coffee("B-1", new, code), when=at(3))  # the customer shows the new card and the coupon
    assert on_hub(tills.hub, 'SELECT k.number, o.order_id FROM coupon c JOIN card k ON k.id = c.card_id '
                             'JOIN "order" o ON o.id = c.redeemed_order_id') == [(new, "B-1")]


def test_a_once_only_trigger_fired_on_two_offline_tills_is_listed_and_both_bonuses_stay(tills: Tills) -> None:
    for name in ("A", "B"):
        tills.use(name)
        activate(tills.folder, "trig", trigger(reward={"points": 50}, coupon_valid_days=None))
        tills.attach(name)
    tills.use("A")
    ann = customers.enrol(customers.CustomerInput("Ann Smith", "+44 7700 900123", "ann@example.com", True))[1].number
    for i in (1, 2):
        checkout.commit(make_order(f"A-{i}", ann, [("WIDGET", 1, "1.00")]), when=at(i))
    sync.run()
    tills.use("B")
    sync.run()
    url = go_offline()
    assert checkout.commit(make_order("B-3", ann, [("WIDGET", 1, "1.00")]), when=at(4)).fired
    go_online(url)
    tills.use("A")
    url = go_offline()
    assert checkout.commit(make_order("A-3", ann, [("WIDGET", 1, "1.00")]), when=at(4)).fired
    go_online(url)
    sync.run()
    tills.use("B")
    sync.run()
    assert len(on_hub(tills.hub, "SELECT id FROM ledger_entry WHERE kind = 'trigger'")) == 2  # nothing taken back by the sync
    flagged = on_hub(tills.hub, "SELECT kind, details FROM sync_exception")
    assert [kind for kind, _details in flagged] == ["duplicate_trigger"]
    assert '"trigger": "bogo"' in flagged[0][1] and '"points": 50' in flagged[0][1]
    assert [e.kind for e in sync.exceptions()] == ["duplicate_trigger"]  # on the tills' list too
    assert on_hub(tills.hub, "SELECT steps FROM customer_firing") == [('{"bogo":1}',)]  # the other till's firing arrived: one row
    assert_running_totals_replay(db.obj)


class _Stop(Exception):
    pass


def test_a_milestone_step_taken_back_on_another_till_and_pulled_after_its_refund_is_paid_again_when_reached(
        tills: Tills, monkeypatch: pytest.MonkeyPatch) -> None:
    """A pull can end between a refund and the award it took back (the journal is cut at the
    batch's size): the refund replays the customer here, a sale then reads the award as still
    paid and keeps the next steps due as "none left", and the award's reversal comes in the next
    pull. That pull forgets the customer's steps due, so the sale that reaches the step again
    pays it."""
    from .test_milestones import activate as activate_bundle, bundle, day

    rules = bundle({"id": "orders", "name": "Orders", "kind": "orders", "steps": [{"requirement": 2, "points": 100}]})
    for name in ("A", "B"):
        tills.use(name)
        activate_bundle(tills.folder, rules)
        tills.attach(name)
    tills.use("A")
    ann = enrol("Ann Smith", "+44 7700 900123")
    for i in (1, 2):
        checkout.commit(make_order(f"A-{i}", ann, [("COFFEE", 1, "5.00")]), when=day(i))
    sync.run()
    tills.use("B")
    sync.run()  # B: 2 orders, the step paid on A
    tills.use("A")
    refunds.refund("A-2", "R-2", "cancel", when=day(3), manager_pin=MANAGER_PIN)  # 1 order: the step taken back
    sync.run()
    tills.use("B")
    xid, seq = sync._cursor(sync._state())
    with psycopg.connect(tills.hub) as conn:
        tables = [t for (t,) in conn.execute("SELECT tbl FROM sync_journal WHERE xid > %s OR (xid = %s AND seq > %s) ORDER BY xid, seq",
                                             (xid, xid, seq)).fetchall()]
    original = sync._apply_pulled
    calls: list[int] = []

    def first_batch_only(*args: object, **kwargs: object) -> object:
        if calls:
            raise _Stop()
        calls.append(1)
        return original(*args, **kwargs)

    monkeypatch.setattr(sync, "_apply_pulled", first_batch_only)
    with pytest.raises(_Stop):
        sync.pull(limit=tables.index("milestone_award"))  # the refund arrives; the award's reversal is in the next batch
    monkeypatch.setattr(sync, "_apply_pulled", original)
    checkout.commit(make_order("B-3", ann, [("COFFEE", 1, "5.00")]), when=day(4))  # 2 orders again; the award still reads paid here
    sync.pull()  # the award's reversal arrives
    assert [award.status for award in MilestoneAward.select()] == ["reversed"]
    reached = checkout.commit(make_order("B-4", ann, [("COFFEE", 1, "5.00")]), when=day(5))  # 3 orders: the step reached again
    assert [u.requirement for u in reached.unlocked] == ["2 orders"]
