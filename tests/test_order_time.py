"""Every order and event has a time of its own (issue 11 §1): an order file's `at`, the
commands' `--at` / `--as-of`. A till replaying offline sales earns what it would have earned
then; a store runs yesterday's job today; a moment in the future is refused."""

from __future__ import annotations

import datetime as dt
import json
import sqlite3
from pathlib import Path
from typing import Any

import pytest

from pos_loyalty import cli, serve
from pos_loyalty.domain.errors import ValidationError
from pos_loyalty.domain.limits import MAX_CLOCK_SKEW
from pos_loyalty.domain.moments import parse_as_of, parse_at
from pos_loyalty.domain.order import parse_order
from pos_loyalty.resources import resource_path
from pos_loyalty.services import checkout
from pos_loyalty.store.database import close_database

from .db_compare import dump

NOW = dt.datetime(2026, 11, 20, 12, 0)


def offset_text(local: dt.datetime) -> str:
    """A local naive moment written as ISO 8601 with this machine's offset at that moment."""
    return local.astimezone().isoformat()


# -- the one parser of a moment ------------------------------------------------------------


def test_at_needs_an_offset_and_is_stored_as_local_time() -> None:
    assert parse_at("2026-11-20T14:30:00+01:00", now=NOW + dt.timedelta(days=1)) == \
        dt.datetime(2026, 11, 20, 13, 30, tzinfo=dt.timezone.utc).astimezone().replace(tzinfo=None)
    assert parse_at("2026-11-20T13:30:00Z", now=NOW + dt.timedelta(days=1)) == parse_at("2026-11-20T14:30:00+01:00", now=NOW + dt.timedelta(days=1))
    with pytest.raises(ValidationError, match=r"needs a UTC offset, e\.g\. \+01:00") as err:
        parse_at("2026-11-20T14:30:00", now=NOW)
    assert err.value.field == "at"
    for bad in ("yesterday", "2026-13-01T00:00:00Z", 20261120, ""):
        with pytest.raises(ValidationError) as err:
            parse_at(bad, now=NOW)
        assert err.value.field == "at"


def test_a_moment_more_than_the_allowed_skew_ahead_is_refused() -> None:
    assert MAX_CLOCK_SKEW == dt.timedelta(minutes=5)
    assert parse_at(offset_text(NOW + dt.timedelta(minutes=4)), now=NOW) == NOW + dt.timedelta(minutes=4)  # a till's clock a little fast
    with pytest.raises(ValidationError, match="in the future") as err:
        parse_at(offset_text(NOW + dt.timedelta(minutes=6)), now=NOW)
    assert err.value.field == "at"
    with pytest.raises(ValidationError) as err:
        parse_as_of("2026-11-21", "--as-of", now=NOW)
    assert err.value.field == "--as-of"


def test_as_of_a_date_is_the_end_of_that_day_and_today_is_now() -> None:
    assert parse_as_of("2026-11-19", now=NOW) == dt.datetime(2026, 11, 19, 23, 59, 59, 999999)
    assert parse_as_of("2026-11-20", now=NOW) == NOW
    assert parse_as_of("2026-11-19T08:15", now=NOW) == dt.datetime(2026, 11, 19, 8, 15)  # no offset: local time
    assert parse_as_of(offset_text(dt.datetime(2026, 11, 19, 8, 15)), now=NOW) == dt.datetime(2026, 11, 19, 8, 15)


def test_an_order_files_at_is_part_of_its_fingerprint_only_when_given() -> None:
    plain = {"order_id": "A-1", "total": "5.00"}
    dated = {**plain, "at": "2026-11-20T09:00:00+00:00"}
    assert parse_order(plain).at is None
    assert parse_order(dated).at == dt.datetime(2026, 11, 20, 9, tzinfo=dt.timezone.utc).astimezone().replace(tzinfo=None)
    # the first form of the fingerprint of an order without `at` is what it always was (what
    # orders committed before stored, and still replay against: test_services)
    assert checkout._first_hash(parse_order(plain)) == "c64dcf3f002f9c226c814e0f5f13a13fbb9d75c36d85a69ea59020e30ad064bb"
    assert checkout._first_hash(parse_order(plain)) != checkout._first_hash(parse_order(dated))
    assert checkout.request_hash(parse_order(plain)) != checkout.request_hash(parse_order(dated))


# -- through the command line --------------------------------------------------------------


class Run:
    def __init__(self, words: list[str], db: Path, tmp: Path, capsys: pytest.CaptureFixture[str]) -> None:
        self.words, self.db, self.tmp, self.capsys = words, db, tmp, capsys

    def __call__(self, *args: str) -> tuple[int, Any]:
        code = cli.main([*self.words, "--db", str(self.db), "--json", *args])
        out, err = self.capsys.readouterr()
        assert "Traceback" not in out + err
        return code, json.loads(out)

    def ok(self, *args: str) -> Any:
        code, data = self(*args)
        assert code == 0, data
        return data

    def file(self, name: str, data: dict[str, Any]) -> str:
        path = self.tmp / f"{name}.json"
        path.write_text(json.dumps(data), encoding="utf-8")
        return str(path)

    def bundle(self, name: str, *extra_rules: dict[str, Any]) -> None:
        data = json.loads(resource_path("demo_rules.json").read_text(encoding="utf-8"))
        data["version"] = name
        data["earning_rules"] += list(extra_rules)
        self.ok("rules", "import", self.file(name, data))


@pytest.fixture
def run(as_maya: list[str], store: Path, card: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> Run:
    close_database()  # the commands open the file themselves
    return Run(as_maya, store, tmp_path, capsys)


def local(days_ago: float, hour: int = 12) -> dt.datetime:
    day = dt.date.today() - dt.timedelta(days=days_ago)
    return dt.datetime.combine(day, dt.time(hour))


def test_an_order_replayed_with_its_time_last_week_still_earns_a_once_a_week_rule(run: Run, card: str) -> None:
    run.bundle("weekly-visit", {"id": "visit", "name": "10 points a week for a visit", "mode": "fixed", "points": 10, "frequency": "weekly"})
    today = dt.date.today()
    last_tuesday = local((today.weekday() + 7) - 1)  # Tuesday of last week
    newest = run.ok("checkout", "commit", run.file("n1", {"order_id": "N-1", "card": card, "total": "5.00"}))
    assert newest["points_earned"] == 5 + 50 + 10
    offline = {"order_id": "N-0", "card": card, "total": "5.00", "at": offset_text(last_tuesday)}
    replayed = run.ok("checkout", "commit", run.file("n0", offline))
    assert replayed["points_earned"] == 5 + 10  # last week's visit, not this week's (already earned by N-1)
    assert run.ok("checkout", "commit", run.file("n0", offline))["replayed"] is True  # a retry changes nothing
    again = run.ok("checkout", "commit", run.file("n2", {"order_id": "N-2", "card": card, "total": "5.00"}))
    assert again["points_earned"] == 5
    with sqlite3.connect(run.db) as conn:
        assert conn.execute("SELECT \"at\" FROM \"order\" WHERE order_id = 'N-0'").fetchone()[0].startswith(last_tuesday.isoformat(" ")[:16])


def test_a_rule_that_ended_yesterday_still_earns_for_an_order_made_before(run: Run, card: str) -> None:
    yesterday = dt.date.today() - dt.timedelta(days=1)
    run.bundle("promo", {"id": "promo", "name": "Autumn promo", "mode": "fixed", "points": 20, "ends": yesterday.isoformat()})
    run.ok("checkout", "commit", run.file("first", {"order_id": "P-0", "card": card, "total": "5.00"}))  # the welcome bonus, out of the way
    before = run.ok("checkout", "commit", run.file("p1", {"order_id": "P-1", "card": card, "total": "5.00", "at": offset_text(local(3))}))
    assert before["points_earned"] == 5 + 20
    now = run.ok("checkout", "commit", run.file("p2", {"order_id": "P-2", "card": card, "total": "5.00"}))
    assert now["points_earned"] == 5
    quoted = run.ok("checkout", "quote", run.file("p3", {"order_id": "P-3", "card": card, "total": "5.00"}), "--at", local(2).isoformat())
    assert quoted["points_earned"] == 5 + 20  # --at gives the time when the file has none


def test_a_future_at_is_refused_naming_at_and_writes_nothing(run: Run, card: str) -> None:
    before = dump(run.db)
    future = dt.datetime.now() + dt.timedelta(hours=1)
    for args in (("checkout", "commit", run.file("f1", {"order_id": "F-1", "card": card, "total": "5.00", "at": offset_text(future)})),
                 ("checkout", "commit", run.file("f2", {"order_id": "F-2", "card": card, "total": "5.00", "at": "2026-01-01T10:00:00"})),
                 ("checkout", "commit", run.file("f3", {"order_id": "F-3", "card": card, "total": "5.00"}), "--at", future.isoformat())):
        code, refused = run(*args)
        assert code == 2 and refused["field"] in ("at", "--at"), refused
    assert "needs a UTC offset" in run("checkout", "quote", run.file("f2", {"order_id": "F-2", "total": "5.00", "at": "2026-01-01T10:00:00"}))[1]["error"]
    code, refused = run("points", "expire", "--as-of", (dt.date.today() + dt.timedelta(days=2)).isoformat())
    assert code == 2 and refused["field"] == "--as-of"
    assert dump(run.db) == before


def test_at_in_the_file_and_a_different_at_option_are_refused(run: Run, card: str) -> None:
    when = local(1)
    order = run.file("both", {"order_id": "B-1", "card": card, "total": "5.00", "at": offset_text(when)})
    code, refused = run("checkout", "commit", order, "--at", local(2).isoformat())
    assert code == 2 and refused["field"] == "at"
    assert run.ok("checkout", "commit", order, "--at", when.isoformat())["points_earned"] == 55  # the same moment: fine


def test_points_expire_as_of_a_date_expires_exactly_the_lots_due_by_then(run: Run, card: str) -> None:
    """Demo rules: points expire 365 days after earning. Lots earned 400, 380 and 300 days ago
    are due 35 and 15 days ago and in 65 days."""
    for name, days in (("E-400", 400), ("E-380", 380), ("E-300", 300)):
        run.ok("checkout", "commit", run.file(name, {"order_id": name, "card": card, "total": "10.00", "at": offset_text(local(days))}))
    # E-400 was the first order (and earned the welcome bonus at its time): 60, then 10 and 10
    as_of = run.ok("cards", "show", card, "--as-of", (dt.date.today() - dt.timedelta(days=50)).isoformat())["card"]
    assert (as_of["balance"], as_of["expiring_points"]) == (80, 60)  # as of then, E-400's lot was expiring within 30 days
    assert run.ok("cards", "show", card, "--as-of", (dt.date.today() - dt.timedelta(days=100)).isoformat())["card"]["expiring_points"] == 0
    assert run.ok("points", "expire", "--as-of", (dt.date.today() - dt.timedelta(days=25)).isoformat()) == {"cards": 1, "points": 60}
    assert run.ok("points", "expire", "--as-of", (dt.date.today() - dt.timedelta(days=25)).isoformat()) == {"cards": 0, "points": 0}
    assert run.ok("points", "expire", "--as-of", (dt.date.today() - dt.timedelta(days=10)).isoformat()) == {"cards": 1, "points": 10}
    assert run.ok("points", "expire") == {"cards": 0, "points": 0}  # E-300's lot is not due yet
    with sqlite3.connect(run.db) as conn:
        days = [r[0][:10] for r in conn.execute("SELECT \"at\" FROM ledger_entry WHERE kind = 'expire' ORDER BY id")]
    assert days == [(dt.date.today() - dt.timedelta(days=25)).isoformat(), (dt.date.today() - dt.timedelta(days=10)).isoformat()]


def test_cards_show_as_of_gives_the_tier_of_then(run: Run, card: str) -> None:
    """Silver needs 10 orders in 365 days: ten orders 200 days ago reach it; as of 201 days ago
    none of them was made yet."""
    for i in range(10):
        run.ok("checkout", "commit", run.file(f"t{i}", {"order_id": f"T-{i}", "card": card, "total": "5.00", "at": offset_text(local(200, 9 + i))}))
    assert run.ok("cards", "show", card)["card"]["tier"] == "Silver"
    assert run.ok("cards", "show", card, "--as-of", (dt.date.today() - dt.timedelta(days=201)).isoformat())["card"]["tier"] == "Bronze"


def test_refund_and_fulfil_take_their_time(run: Run, card: str) -> None:
    run.ok("checkout", "commit", run.file("r1", {"order_id": "R-1", "card": card, "total": "10.00", "at": offset_text(local(5))}))
    run.ok("orders", "fulfil", "R-1", "--at", local(4).isoformat())
    run.ok("refund", "R-1", "--refund-id", "RF-1", "--at", local(3).isoformat())
    with sqlite3.connect(run.db) as conn:
        assert conn.execute("SELECT fulfilled_at FROM \"order\" WHERE order_id = 'R-1'").fetchone()[0][:10] == local(4).date().isoformat()
        assert conn.execute("SELECT \"at\" FROM refund WHERE refund_id = 'RF-1'").fetchone()[0][:10] == local(3).date().isoformat()
        assert conn.execute("SELECT \"at\" FROM ledger_entry WHERE kind = 'reverse'").fetchone()[0][:10] == local(3).date().isoformat()


def test_serve_takes_the_same_options(store: Path, card: str, as_maya: list[str], tmp_path: Path) -> None:
    parser = cli.build_parser()
    order = tmp_path / "s1.json"
    order.write_text(json.dumps({"order_id": "S-1", "card": card, "total": "10.00", "at": offset_text(local(400))}), encoding="utf-8")
    committed = serve.answer(parser, json.dumps({"id": 1, "command": ["checkout", "commit", str(order)]}), "Maya")
    assert committed["exit"] == 0, committed
    expired = serve.answer(parser, json.dumps({"id": 2, "command": ["points", "expire", "--as-of", local(20).date().isoformat()]}), "Maya")
    assert (expired["exit"], expired["output"]) == (0, {"cards": 1, "points": 60})
    refused = serve.answer(parser, json.dumps({"id": 3, "command": ["points", "expire", "--as-of", "2999-01-01"]}), "Maya")
    assert refused["exit"] == 2 and refused["output"]["field"] == "--as-of"
