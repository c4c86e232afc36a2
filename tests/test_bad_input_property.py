"""Property: whatever a till, a file or a person gives the command line, it answers 0 (done) or
2 (refused, field named) — never 1 (internal error) — and a refusal changes nothing in the
database, on SQLite and on a real PostgreSQL hub alike.

Hypothesis mutates a valid order, a valid rules bundle and valid command arguments with the
values that broke things before (non-ASCII digits, NUL, lone surrogates, floats, huge numbers,
over-long text, unknown keys, missing keys) and runs `pos_loyalty.cli.main` in-process; a few
fixed cases also run as real processes. The database is dumped (every row; on PostgreSQL every
sequence too) before and after each refusal and compared.
"""

from __future__ import annotations

import itertools
import copy
import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any, Callable, Iterator

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from pos_loyalty import cli
from pos_loyalty.resources import resource_path
from pos_loyalty.services import cards, checkout, customers
from pos_loyalty.services.setup import open_store
from pos_loyalty.store.database import close_database

from .conftest import ensure_manager, make_order
from .db_compare import REPO, dump
from .test_hub import fresh_pg, pg_server  # noqa: F401  (the hub fixtures: a real PostgreSQL server)

NASTY: list[Any] = [
    None, True, False, 0, -3, 1.5, 2.0, 10**30, 5 * 10**14, "", " ", "1.005", "2,80", "1_000", "١٢", "²", "①", "１２",
    "1e3", "NaN", "Infinity", "-1", "A\x00B", "\ud800", "x" * 300, "é" * 70, {}, [], {"a": 1}, [1, 2], "2.80", "100000000",
    "080894804303", "0770O 900123", "+44 7700 900123",
]
UNKNOWN_KEYS = ["point", "tip", "Quantity", "unit price", "\x00", "é"]
SETTINGS = settings(max_examples=int(os.environ.get("POS_LOYALTY_PROPERTY_EXAMPLES", "25")), deadline=None,
                    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
_ids = itertools.count()


class Store:
    """A database (a SQLite file or a hub URL) with a customer, spare cards and one order, and
    how to run the CLI on it and dump it."""

    def __init__(self, target: str, dumper: Callable[[], str], folder: Path) -> None:
        self.target = target
        self.dump = dumper
        self.folder = folder
        open_store(target)
        _customer, card = customers.enrol(customers.CustomerInput("Ann Smith", "07700 900123", "ann@example.com"))
        self.card = card.number
        self.spare = cards.bulk_create(3, "Spare").first
        checkout.commit(make_order("BASE-1", self.card, [("COFFEE", 2, "2.80"), ("CAKE", 1, "3.50")]))
        self.pin = ensure_manager()  # commands run as the manager Maya, her PIN from the environment
        close_database()

    def run(self, *args: str) -> int:
        """`pos-loyalty --db TARGET ARGS` in this process; argparse's own refusals count as exit 2."""
        saved = os.environ.get("POS_LOYALTY_PIN")
        os.environ["POS_LOYALTY_PIN"] = self.pin
        try:
            return cli.main(["--db", self.target, "--user", "Maya", *args])
        except SystemExit as stop:
            return int(stop.code or 0)
        finally:
            close_database()
            if saved is None:
                del os.environ["POS_LOYALTY_PIN"]
            else:
                os.environ["POS_LOYALTY_PIN"] = saved

    def write(self, content: str | bytes) -> str:
        path = self.folder / f"input-{next(_ids)}.json"
        path.write_bytes(content if isinstance(content, bytes) else content.encode("utf-8", "surrogatepass"))
        return str(path)


def sqlite_store(folder: Path) -> Store:
    path = folder / "loyalty.db"
    return Store(str(path), lambda: dump(path), folder)


def pg_dump(url: str) -> str:
    """Every row of every table and the position of every sequence, as text."""
    import psycopg

    with psycopg.connect(url) as conn:
        tables = [r[0] for r in conn.execute("SELECT tablename FROM pg_tables WHERE schemaname = 'public' ORDER BY 1")]
        sequences = [r[0] for r in conn.execute("SELECT sequencename FROM pg_sequences WHERE schemaname = 'public' ORDER BY 1")]
        parts = [f"{t}: {sorted(map(repr, conn.execute(f'SELECT * FROM {chr(34)}{t}{chr(34)}').fetchall()))}" for t in tables]
        parts += [f"{s}: {conn.execute(f'SELECT last_value, is_called FROM {s}').fetchone()}" for s in sequences]
    return "\n".join(parts)


@pytest.fixture
def sqlite_db(tmp_path: Path) -> Iterator[Store]:
    yield sqlite_store(tmp_path)


@pytest.fixture
def hub_db(fresh_pg: str, tmp_path: Path) -> Iterator[Store]:  # noqa: F811
    yield Store(fresh_pg, lambda: pg_dump(fresh_pg), tmp_path)


# -- what is fed in ------------------------------------------------------------------------------


def _paths(value: Any, path: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    found = [path]
    if isinstance(value, dict):
        for key, item in value.items():
            found += _paths(item, (*path, key))
    elif isinstance(value, list):
        for index, item in enumerate(value):
            found += _paths(item, (*path, index))
    return found


@st.composite
def mutated(draw: st.DrawFn, base: Any) -> Any:
    """`base` with one to three places replaced, removed or given an unknown key."""
    doc = json.loads(json.dumps(base))
    for _ in range(draw(st.integers(1, 3))):
        paths = [p for p in _paths(doc) if p]
        if not paths:
            break
        path = draw(st.sampled_from(paths))
        parent = doc
        for step in path[:-1]:
            parent = parent[step]
        action = draw(st.sampled_from(["replace", "replace", "remove", "unknown"]))
        # copies: a NASTY list or dict put in the document must never be changed by a later step
        # (that changed NASTY itself, and with it what the next examples drew: Hypothesis saw flaky data)
        if action == "replace":
            parent[path[-1]] = copy.deepcopy(draw(st.sampled_from(NASTY)))
        elif action == "remove":
            del parent[path[-1]]
        elif isinstance(parent, dict):
            parent[draw(st.sampled_from(UNKNOWN_KEYS))] = copy.deepcopy(draw(st.sampled_from(NASTY)))
    return doc


def base_order(card: str) -> dict[str, Any]:
    return {"order_id": "P-ORDER", "card": card, "discount": "0.00", "tax": "0.00",
            "lines": [{"sku": "COFFEE", "name": "Filter coffee", "collection": "drinks", "quantity": 2, "unit_price": "2.80"}],
            "rewards": [{"id": "pay-with-points", "points": 100}]}


def base_bundle() -> dict[str, Any]:
    return json.loads(resource_path("demo_rules.json").read_text())


ARG = st.sampled_from([a for a in NASTY if isinstance(a, str)] + ["5", "99", "0:1", "0:²", "9:1", "-5"])


def command(store: Store, draw: st.DrawFn) -> list[str]:
    """A command of the CLI with nasty arguments in its places."""
    card = st.sampled_from([store.card, store.spare]) | ARG
    choices: list[Callable[[], list[str]]] = [
        lambda: ["cards", "show", draw(card)],
        lambda: ["cards", "find", draw(ARG)],
        lambda: ["cards", "suspend", draw(card), "--reason", draw(ARG)],
        lambda: ["cards", "replace", draw(card), "--new", draw(card)],
        lambda: ["cards", "create", "--count", draw(st.sampled_from(["2", "0", "-1", "١٢", "1_0"])), "--batch", draw(ARG),
                 "--prefix", draw(st.sampled_from(["29", "٢٩", "²", "", "x", "2" * 30])), "--length", draw(st.sampled_from(["12", "13", "99", "²"]))],
        lambda: ["customers", "add", "--name", draw(ARG), "--phone", draw(ARG), "--email", draw(st.sampled_from(["bo@example.com", "a" * 250 + "@x.io", "b\x00@x.io"])),
                 *(["--card", draw(card)] if draw(st.booleans()) else [])],
        lambda: ["refund", draw(st.sampled_from(["BASE-1", "\ud800", "x" * 70])), "--refund-id", draw(ARG), "--lines", draw(ARG)],
        lambda: ["orders", "fulfil", draw(ARG)],
    ]
    return draw(st.sampled_from(choices))()


def assert_refusal_changes_nothing(store: Store, *args: str) -> None:
    before = store.dump()
    code = store.run(*args)
    assert code in (0, 2), f"exit {code} for {args!r}"
    if code == 2:
        assert store.dump() == before, f"a refused command changed the database: {args!r}"


def check_orders(store: Store, data: st.DataObject) -> None:
    doc = data.draw(mutated(base_order(store.card)))
    if isinstance(doc, dict) and doc.get("order_id") == "P-ORDER":
        doc["order_id"] = f"P-{next(_ids)}"
    path = store.write(json.dumps(doc))
    assert_refusal_changes_nothing(store, "checkout", data.draw(st.sampled_from(["quote", "commit"])), path)


def check_bundles(store: Store, data: st.DataObject) -> None:
    doc = data.draw(mutated(base_bundle()))
    if isinstance(doc, dict):
        doc["version"] = f"prop-{next(_ids)}" if doc.get("version") == "2026.1" else doc.get("version")
    path = store.write(json.dumps(doc))
    assert_refusal_changes_nothing(store, "rules", data.draw(st.sampled_from(["check", "import"])), path)


def check_arguments(store: Store, data: st.DataObject) -> None:
    assert_refusal_changes_nothing(store, *command(store, data.draw))


FAMILIES = {"orders": check_orders, "bundles": check_bundles, "arguments": check_arguments}


@pytest.mark.parametrize("family", FAMILIES)
@SETTINGS
@given(data=st.data())
def test_sqlite_answers_0_or_2_and_a_refusal_changes_nothing(sqlite_db: Store, family: str, data: st.DataObject) -> None:
    FAMILIES[family](sqlite_db, data)


@pytest.mark.hub
@pytest.mark.parametrize("family", FAMILIES)
@settings(SETTINGS, max_examples=max(8, SETTINGS.max_examples // 2))
@given(data=st.data())
def test_the_hub_answers_0_or_2_and_a_refusal_changes_nothing(hub_db: Store, family: str, data: st.DataObject) -> None:
    FAMILIES[family](hub_db, data)


# -- fixed cases that broke before, on the hub, and as real processes ------------------------------


@pytest.mark.hub
def test_the_hub_refuses_what_postgresql_would_crash_on(hub_db: Store) -> None:
    """NUL characters, over-long e-mails and user names, lone surrogates and 2^31 points: the
    same refusal (exit 2) as on SQLite, before PostgreSQL sees them."""
    order = base_order(hub_db.card)
    cases = [
        ["customers", "add", "--name", "Nul\x00Name", "--email", "nul@example.com"],
        ["customers", "add", "--name", "Long Mail", "--email", "a" * 250 + "@example.com"],
        ["cards", "create", "--count", "2", "--batch", "B" * 81],
        ["checkout", "commit", hub_db.write(json.dumps({**order, "order_id": "BAD-\ud800"}))],
        ["checkout", "commit", hub_db.write(json.dumps({**order, "order_id": "HUGE", "rewards": [],
                                                        "lines": [{"sku": "X", "quantity": 50_000, "unit_price": "10000000"}]}))],
    ]
    for args in cases:
        before = hub_db.dump()
        assert hub_db.run(*args) == 2, args
        assert hub_db.dump() == before, args


@pytest.mark.hub
def test_the_hub_finds_customers_by_any_word_and_by_phone_either_way(hub_db: Store, capsys: pytest.CaptureFixture[str]) -> None:
    assert hub_db.run("customers", "add", "--name", "João Under_Score", "--phone", "+44 7700 900999") == 0
    capsys.readouterr()
    for query, expected in (("joao", ["João Under_Score"]), ("smi ann", ["Ann Smith"]), ("under_ jo", ["João Under_Score"]),
                            ("under% jo", []), ("07700 900999", ["João Under_Score"]), ("+44 7700 900123", ["Ann Smith"])):
        assert hub_db.run("--json", "cards", "find", query) == 0
        assert [hit["name"] for hit in json.loads(capsys.readouterr().out)] == expected, query


@pytest.mark.parametrize("content", [
    "[" * 100_000 + "]" * 100_000,
    json.dumps({"order_id": "U16", "total": "1"}).encode("utf-16"),
    '{"order_id": "BIG", "total": ' + "9" * 5000 + "}",
])
def test_real_processes_exit_2_on_files_that_crashed_them(tmp_path: Path, content: str | bytes) -> None:
    store = sqlite_store(tmp_path)
    path = store.write(content)
    before = store.dump()
    env = {**{k: v for k, v in os.environ.items() if k != "POS_LOYALTY_DB"}, "POS_LOYALTY_PIN": store.pin}
    for args in (["checkout", "commit", path], ["rules", "import", path], ["cards", "show", "①23456789012"]):
        done = subprocess.run([sys.executable, "main.py", "--db", store.target, "--user", "Maya", *args], cwd=REPO, capture_output=True, text=True, timeout=120, env=env)
        assert done.returncode == 2, done.stderr
        assert "internal error" not in done.stderr and done.stderr.startswith("error: ")
    assert store.dump() == before
