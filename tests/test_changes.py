"""The services announce what changed: once per committed transaction, never for one that rolled
back; the change log lets another process notice (a poller reads it), skipping our own rows."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from pos_loyalty.domain.errors import LoyaltyError, ValidationError
from pos_loyalty.services import adjustments, cards, changes, checkout, customers, refunds, rules_sync, settings
from pos_loyalty.store.database import transaction
from pos_loyalty.store.models import ChangeLog

from .conftest import activate_demo_rules, make_order, ensure_manager

REPO = Path(__file__).resolve().parents[1]


@pytest.fixture
def heard():  # type: ignore[no-untyped-def]
    """Every announcement this process hears, in order."""
    seen: list[changes.Changes] = []
    unsubscribe = changes.subscribe(seen.append)
    yield seen
    unsubscribe()


def test_a_checkout_is_announced_once_after_it_committed(store, card, heard):
    rows_before = ChangeLog.select().count()
    in_transaction: list[bool] = []
    unsubscribe = changes.subscribe(lambda _c: in_transaction.append(ChangeLog._meta.database.in_transaction()))
    try:
        checkout.commit(make_order("CH-1", card))
    finally:
        unsubscribe()
    assert len(heard) == 1, "one announcement per transaction"
    assert heard[0].touches("card", card) and heard[0].touches("order", "CH-1")
    assert not heard[0].touches("card", "000000000000") and not heard[0].touches("rules")
    assert in_transaction == [False], "heard after the commit, not inside the transaction"
    assert ChangeLog.select().count() == rows_before + 1, "one change-log row per transaction"
    row = ChangeLog.select().order_by(ChangeLog.id.desc()).get()
    assert row.kinds == "card order" and json.loads(row.keys) == {"card": [card], "order": ["CH-1"]}


def test_nothing_is_announced_for_a_refused_or_rolled_back_change(store, card, manager, heard):
    rows_before = ChangeLog.select().count()
    with pytest.raises(ValidationError):
        adjustments.adjust(card, -500, "closing the account", manager)  # below zero: refused inside the transaction
    with pytest.raises(LoyaltyError):
        checkout.commit(make_order("CH-2", card, rewards=[{"id": "ten-percent"}]))
    with pytest.raises(RuntimeError):
        with transaction():
            changes.announce("settings", "store_name")
            raise RuntimeError("rolled back")
    assert heard == [] and ChangeLog.select().count() == rows_before
    settings.set_value("store_name", "Corner Café", manager_pin=ensure_manager())  # the next transaction still announces, with its own changes only
    assert [sorted(h.kinds) for h in heard] == [["settings"]] and heard[0].touches("settings", "store_name")


def test_every_writing_service_announces_its_kind(store, card, manager, heard, tmp_path):
    _customer, other = customers.enrol(customers.CustomerInput("Bo Lind", "0611111111"))
    adjustments.adjust(card, 300, "welcome gift", manager)
    checkout.commit(make_order("CH-3", card))
    refunds.refund("CH-3", "R-1")
    cards.suspend(other.number, reason="test", manager_pin=ensure_manager())
    new = cards.replace(card, manager_pin=ensure_manager())
    cards.bulk_create(25, "Flyers")
    activate_demo_rules(tmp_path, "2026.12")
    settings.set_values({"store_name": "Corner Café", "till_id": "TILL2"}, manager_pin=ensure_manager())
    from pos_loyalty.services import users

    users.add_user("Sam", "cashier", "1357", manager)
    expected = [
        ("customer", None), ("card", other.number), ("card", card), ("card", card), ("order", "CH-3"), ("order", "CH-3"),
        ("card", other.number), ("card", new.number), ("batch", "Flyers"), ("rules", "2026.12"), ("settings", "till_id"), ("users", "Sam"),
    ]
    for kind, key in expected:
        assert any(h.touches(kind, key) for h in heard), (kind, key)
    batch = next(h for h in heard if "batch" in h.kinds)
    assert batch.kinds == {"batch"}, "a bulk creation is one announcement, not one per card"


def test_keys_merge_and_a_kind_without_keys_means_any():
    a = changes.Changes(frozenset({"card"}), {"card": frozenset({"1"})})
    b = changes.Changes(frozenset({"card", "rules"}), {"card": frozenset({"2"})})
    merged = a.merge(b)
    assert merged.touches("card", "1") and merged.touches("card", "2") and not merged.touches("card", "3")
    assert merged.touches("rules", "anything") and not merged.touches("batch")
    assert a.merge(changes.Changes(frozenset({"card"}))).touches("card", "3"), "unknown keys: any card"
    assert changes.ALL.touches("settings", "store_name") and not changes.NOTHING


def test_the_poller_hears_another_process_and_not_this_one(store, card, manager):
    poller = changes.Poller()
    checkout.commit(make_order("CH-4", card))
    assert not poller.poll(), "this process's own change was already heard in-process"
    env = {**os.environ, "POS_LOYALTY_PIN": ensure_manager()}  # made before the poller's look: its own change
    result = subprocess.run([sys.executable, "main.py", "--db", str(store), "--user", "Maya", "--json", "cards", "create", "--count", "3", "--batch", "Elsewhere"],
                            cwd=REPO, capture_output=True, text=True, timeout=120, env=env)
    assert result.returncode == 0, result.stderr
    heard = poller.poll()
    assert heard.touches("batch", "Elsewhere") and not heard.touches("card", card)
    assert not poller.poll(), "each change is reported once"


def test_a_poller_that_slept_through_a_prune_says_anything_may_have_changed(store, monkeypatch):
    poller = changes.Poller()
    rules_sync.active_rules()
    monkeypatch.setattr(changes, "KEEP_ROWS", 2)
    monkeypatch.setattr(changes, "PRUNE_ONE_IN", 1)
    for i in range(6):
        settings.set_value("store_name", f"Store {i}", manager_pin=ensure_manager())
    assert ChangeLog.select().count() <= 3, "old rows are pruned by the writers"
    monkeypatch.setattr(changes, "_own", set())  # as if another process wrote them
    poller._version = None
    assert poller.poll() == changes.ALL
