"""Shared fixtures. Every test runs on its own real SQLite file in a temp folder, and the
app's data, settings and log folders point at temp folders: no test touches real data."""

from __future__ import annotations

import os
import tempfile

# Before anything imports Qt or reads the folders.
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
_SANDBOX = tempfile.mkdtemp(prefix="pos-loyalty-tests-")
for _name in ("DATA", "CONFIG", "LOG"):
    os.environ[f"POS_LOYALTY_{_name}_DIR"] = os.path.join(_SANDBOX, _name.lower())
os.environ.pop("POS_LOYALTY_DB", None)
# The app follows the computer's language ("language" setting "system"): tests that read English
# texts on screen run in English on any machine. Tests of other languages install them themselves.
for _var in [v for v in os.environ if v.startswith("LC_") or v == "LANGUAGE"]:
    os.environ.pop(_var)
os.environ["LANG"] = "C.UTF-8"

import datetime as dt  # noqa: E402
from pathlib import Path  # noqa: E402
from typing import Any, Callable, Iterator  # noqa: E402

import pytest  # noqa: E402
from hypothesis.configuration import set_hypothesis_home_dir  # noqa: E402

# Hypothesis remembers failing examples; keep them with pytest's cache, not at the top level.
set_hypothesis_home_dir(Path(__file__).resolve().parents[1] / ".pytest_cache" / "hypothesis")

from pos_loyalty.domain.order import OrderRequest, parse_order  # noqa: E402
from pos_loyalty.services import customers, users  # noqa: E402
from pos_loyalty.services.setup import open_store  # noqa: E402
from pos_loyalty.store.database import close_database  # noqa: E402

MANAGER_PIN = "246810"


@pytest.fixture(autouse=True)
def _isolated_folders(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    for name in ("DATA", "CONFIG", "LOG"):
        monkeypatch.setenv(f"POS_LOYALTY_{name}_DIR", str(tmp_path / f"app-{name.lower()}"))
    monkeypatch.delenv("POS_LOYALTY_DB", raising=False)


@pytest.fixture(autouse=True)
def _no_modal_questions(monkeypatch: pytest.MonkeyPatch) -> None:
    """A question box left open under test would hang the run. Unless a test answers it itself,
    the app's questions (e.g. "close with a sale in progress?" when a test's window is closed at
    its end) are answered Yes."""
    from PySide6.QtWidgets import QMessageBox

    from pos_loyalty.ui.pin_dialog import PinDialog

    monkeypatch.setattr(QMessageBox, "question", staticmethod(lambda *_args, **_kwargs: QMessageBox.StandardButton.Yes))

    def unanswered(dialog: PinDialog) -> int:
        raise AssertionError("a PIN dialog opened that the test does not answer (use PinPad)")
    monkeypatch.setattr(PinDialog, "exec", unanswered)  # fails the test at once instead of hanging the run


@pytest.fixture
def db_path(tmp_path: Path) -> Path:
    return tmp_path / "loyalty.db"


@pytest.fixture
def store(db_path: Path) -> Iterator[Path]:
    """A migrated SQLite file with the demo rules active."""
    open_store(str(db_path))
    yield db_path
    close_database()


@pytest.fixture
def manager(store: Path) -> str:
    return ensure_manager()


@pytest.fixture
def as_maya(store: Path, monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The command-line words of a script run by the manager Maya: `--user Maya`, with her PIN
    in the environment (as a script passes it; never on the command line)."""
    monkeypatch.setenv("POS_LOYALTY_PIN", ensure_manager())
    return ["--user", "Maya"]


def ensure_manager() -> str:
    """Manager Maya (created if the store has none yet); her PIN, for manager-only services."""
    if not users.managers_exist():
        users.add_user("Maya", "manager", MANAGER_PIN)
    return MANAGER_PIN


@pytest.fixture
def card(store: Path) -> str:
    """An enrolled customer's active card number."""
    _customer, c = customers.enrol(customers.CustomerInput("Ann Smith", "+44 7700 900123", "ann@example.com"))
    return c.number


def make_order(order_id: str, card: str | None, lines: list[tuple[str, int, str]] | None = None, **extra: Any) -> OrderRequest:
    """An order from (sku, quantity, unit price) lines; a collection is given as 'SKU@collection'."""
    raw_lines = []
    for sku, qty, price in lines or [("COFFEE", 2, "2.80")]:
        sku, _, collection = sku.partition("@")
        raw_lines.append({"sku": sku, "quantity": qty, "unit_price": price, **({"collection": collection} if collection else {})})
    return parse_order({"order_id": order_id, "card": card, "lines": raw_lines, **extra})


def activate_demo_rules(folder: Path, version: str, **settings: Any) -> None:
    """Import the demo programme as a new version with some of its settings changed,
    e.g. ``activate_demo_rules(tmp_path, "fulfil", award_on="fulfilled")``."""
    import json

    from pos_loyalty.resources import resource_path
    from pos_loyalty.services import rules_sync

    data = json.loads(resource_path("demo_rules.json").read_text(encoding="utf-8"))
    data["version"] = version
    data["settings"].update(settings)
    path = folder / f"rules-{version}.json"
    path.write_text(json.dumps(data), encoding="utf-8")
    rules_sync.import_file(path, manager_pin=ensure_manager())


def at(day: int, hour: int = 12) -> dt.datetime:
    return dt.datetime(2026, 11, day, hour, 0, 0)


def traced(call: Callable[[], Any]) -> tuple[Any, list[str]]:
    """`call()`'s result and every SQL statement it ran on the open SQLite store, in order."""
    from pos_loyalty.store.models import db

    sent: list[str] = []
    connection = db.obj.connection()
    connection.set_trace_callback(sent.append)
    try:
        return call(), sent
    finally:
        connection.set_trace_callback(None)


def query_plan(sql: str) -> str:
    """SQLite's plan for a statement `traced` saw (its values written in), as one line."""
    from pos_loyalty.store.models import db

    return " | ".join(row[-1] for row in db.obj.execute_sql("EXPLAIN QUERY PLAN " + sql).fetchall())
