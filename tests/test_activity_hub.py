"""Points for actions on the PostgreSQL hub: the same figures as on SQLite — sign-up, a capped
review, an --id replay, birthdays found by the set-based query — and two tills recording the
same key at once record it once."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from pos_loyalty.domain.errors import ValidationError
from pos_loyalty.services import activity, cards, customers, ledger
from pos_loyalty.services.setup import open_store
from pos_loyalty.store.models import Activity, Card, db

from .test_activity import activate, seed_004_bundle
from .test_hub import _race, fresh_pg, hub, pg_server  # noqa: F401 (the hub's fixtures and its two-tills race)

pytestmark = pytest.mark.hub


def test_actions_on_the_hub_with_exact_figures(hub: str, tmp_path: Path) -> None:
    activate(tmp_path, seed_004_bundle())
    _c, card = customers.enrol(customers.CustomerInput("Hub Customer", "+44 7700 900123", birthday="02-29"), user="Sam")
    number = card.number
    assert cards.get_card(number).balance == 100
    assert activity.record(number, "review", at=dt.datetime(2026, 11, 3, 10), key="H-R1", user="Sam").balance == 150
    assert activity.record(number, "review", key="H-R1", user="Sam").replayed
    with pytest.raises(ValidationError, match="review already rewarded on 2026-11-03"):
        activity.record(number, "review", at=dt.datetime(2026, 11, 3, 18), user="Sam")
    assert activity.award_birthdays(dt.date(2026, 2, 28)).customers == 1
    assert activity.award_birthdays(dt.date(2026, 2, 28)).customers == 0
    assert [(r.action, r.points) for r in activity.of_card(number)] == [("signup", 100), ("review", 50), ("birthday", 200)]
    for c in Card.select():
        assert c.balance == ledger.sum_of_ledger(c)


@pytest.mark.parametrize("target", ["postgres", "sqlite"])
def test_two_tills_recording_the_same_key_at_once_record_it_once(fresh_pg: str, tmp_path: Path, target: str) -> None:
    open_store(fresh_pg if target == "postgres" else str(tmp_path / "race.db"))
    activate(tmp_path, seed_004_bundle())
    _c, card = customers.enrol(customers.CustomerInput("Race", "+44 7700 900123"), user="Sam")
    db.close()
    results = _race(target, [lambda: activity.record(card.number, "share", key="SAME-KEY", user="Sam")] * 2)
    assert all(isinstance(r, activity.ActionResult) for r in results), results
    assert sorted(r.replayed for r in results) == [False, True]
    assert {(r.points, r.balance) for r in results} == {(100, 200)}
    assert Activity.select().where(Activity.key == "SAME-KEY").count() == 1
    assert cards.get_card(card.number).balance == 200
