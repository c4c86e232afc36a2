"""What the command line prints, for people and for programs: amounts with the currency's
minor unit, each rule line with its own terms, "1 point", quiet exits when the reader of a
pipe goes away, and a CLI that starts without the drivers and GUI it does not need."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from pos_loyalty.cli import main as cli


REPO = Path(__file__).resolve().parents[1]


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    words = list(args)
    if os.environ.get("POS_LOYALTY_PIN"):  # a test run as Maya (the as_maya fixture)
        words = ["--user", "Maya", *words]
    code = cli(words)
    out, err = capsys.readouterr()
    return code, out, err


def cli_env(tmp_path: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("POS_LOYALTY_", "VIRTUAL_ENV"))}
    env.update(POS_LOYALTY_DATA_DIR=str(tmp_path / "data"), POS_LOYALTY_CONFIG_DIR=str(tmp_path / "config"),
               POS_LOYALTY_LOG_DIR=str(tmp_path / "logs"), PYTHONPATH=str(REPO))
    return env


@pytest.fixture
def enrolled(store: Path, card: str, as_maya: list[str]) -> tuple[Path, str]:
    """A store with an enrolled card, the CLI run by the manager Maya (PIN from the environment)."""
    return store, card


def write_order(path: Path, data: dict[str, Any]) -> str:
    path.write_text(json.dumps(data), encoding="utf-8")
    return str(path)


def test_quote_json_amounts_carry_the_minor_unit_and_each_rule_its_own_terms(enrolled, tmp_path, capsys):
    db, card = enrolled
    first = write_order(tmp_path / "first.json", {"order_id": "Q-1", "card": card, "lines": [{"sku": "COFFEE", "quantity": 2, "unit_price": "2.80"}]})
    assert run(capsys, "--db", str(db), "--json", "checkout", "commit", first)[0] == 0
    second = write_order(tmp_path / "second.json", {"order_id": "Q-2", "card": card, "total": "12"})
    code, out, err = run(capsys, "--db", str(db), "--json", "checkout", "quote", second)
    assert code == 0 and err == ""
    quote = json.loads(out)
    # Every amount as money of the currency (EUR: two decimals), zeros included.
    for key in ("subtotal", "discount", "rewards_off", "tax", "shipping", "shipping_off", "total"):
        assert quote[key].count(".") == 1 and len(quote[key].split(".")[1]) == 2, (key, quote[key])
    assert (quote["subtotal"], quote["discount"], quote["tax"]) == ("12.00", "0.00", "0.00")
    earnings = {e["rule_id"]: e for e in quote["earnings"]}
    # The welcome bonus does not apply (not the first order) but still says what it is.
    welcome = earnings["welcome"]
    assert welcome["points"] == 0 and "first order only" in welcome["explanation"]
    assert (welcome["mode"], welcome["minimum_order"]) == ("fixed", "5.00")
    assert (earnings["spend"]["mode"], earnings["spend"]["minimum_order"]) == ("per_amount", "0.00")
    assert earnings["spend"]["base"] == "12.00" and earnings["spend"]["order_amount"] == "12.00"


def test_amounts_follow_the_currency_of_the_rules(store, tmp_path, capsys):
    from .conftest import activate_demo_rules

    activate_demo_rules(tmp_path, "yen", currency="JPY")
    order = write_order(tmp_path / "o.json", {"order_id": "Y-1", "total": "1200"})
    code, out, _ = run(capsys, "--db", str(store), "--json", "checkout", "quote", order)
    assert code == 0
    quote = json.loads(out)
    assert (quote["currency"], quote["total"], quote["tax"]) == ("JPY", "1200", "0")


def test_text_output_says_1_point_and_shows_dates_one_way(enrolled, manager, capsys):
    db, card = enrolled
    assert run(capsys, "--db", str(db), "points", "adjust", card, "1", "--reason", "goodwill")[0] == 0
    code, out, _ = run(capsys, "--db", str(db), "cards", "show", card)
    assert code == 0
    assert "balance: 1 point\n" in out and "1 points" not in out
    from pos_loyalty.formats import datetime_text
    from pos_loyalty.services import cards

    (row,) = cards.history(cards.get_card(card))
    assert f"  {datetime_text(row.at)} " in out
    code, out, _ = run(capsys, "--db", str(db), "cards", "create", "--count", "1", "--batch", "Single")
    assert code == 0 and out.startswith("created 1 card in batch")


@pytest.mark.parametrize("as_json", [False, True], ids=["text", "json"])
def test_a_closed_pipe_ends_the_command_quietly(store, tmp_path, as_json):
    """`pos-loyalty rules show | head -1`: the reader goes away; no "internal error", no traceback."""
    process = subprocess.Popen([sys.executable, "main.py", "--db", str(store), *(["--json"] if as_json else []), "rules", "show"],
                               cwd=REPO, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=cli_env(tmp_path))
    assert process.stdout is not None and process.stderr is not None
    process.stdout.close()  # the reader is gone before the first line is written
    err = process.stderr.read()
    assert process.wait(timeout=60) in (0, 141)
    assert err == ""


def test_a_pipe_that_breaks_in_process_returns_141(store, monkeypatch, capsys):
    class Closed:
        def write(self, text: str) -> int:
            raise BrokenPipeError(32, "Broken pipe")

        def flush(self) -> None:
            raise BrokenPipeError(32, "Broken pipe")

    monkeypatch.setattr(sys, "stdout", Closed())
    assert cli(["--db", str(store), "rules", "show"]) == 141
    assert capsys.readouterr().err == ""


def test_importing_the_cli_loads_no_database_driver_gui_or_pdf_library():
    """CLI start: these cost tens of milliseconds each and `cards show` needs none of them."""
    code = ("import sys, pos_loyalty.cli, pos_loyalty.services.setup, pos_loyalty.services.cards, pos_loyalty.services.rules_sync;"
            "print(sorted(m for m in sys.modules if m.split('.')[0] in ('psycopg', 'psycopg2', 'PySide6', 'reportlab', 'pydantic')))")
    result = subprocess.run([sys.executable, "-c", code], cwd=REPO, capture_output=True, text=True, timeout=60, env={**os.environ, "PYTHONPATH": str(REPO)})
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "[]"


def test_cards_show_loads_nothing_it_does_not_use(store: Path, card: str, tmp_path: Path) -> None:
    """CLI start (issue 10: `cards show N --json` in 120 ms): phone parsing, the refunds' and
    the hub push's modules are loaded by the commands that use them. Loaded by every command,
    they made its start 122 ms (87 ms without them)."""
    code = ("import runpy, sys; sys.argv = ['main.py', '--db', sys.argv[1], '--json', 'cards', 'show', sys.argv[2]]\n"
            "try:\n    runpy.run_path('main.py', run_name='__main__')\nexcept SystemExit as exit:\n    assert not exit.code, exit.code\n"
            "print(sorted(m for m in sys.modules if m.split('.')[0] == 'phonenumbers' or m in "
            "('concurrent.futures', 'pos_loyalty.services.refunds', 'pos_loyalty.domain.receipt_printer')), file=sys.stderr)")
    result = subprocess.run([sys.executable, "-c", code, str(store), card], cwd=REPO, capture_output=True, text=True, timeout=60, env=cli_env(tmp_path))
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout)["card"]["number"] == card
    assert result.stderr.strip().splitlines()[-1] == "[]"


def test_a_postgresql_url_loads_the_driver_then_and_says_so_when_it_is_missing(tmp_path):
    """psycopg is imported when a PostgreSQL URL is opened, not before; without it, exit 2 naming --db."""
    probe = ("import sys, pos_loyalty, peewee; from pos_loyalty.store.database import make_database; "
             "assert 'psycopg' not in sys.modules and peewee.psycopg is None; "
             "database = make_database('postgresql://nobody@127.0.0.1:1/none'); "
             "print(type(database._adapter).__name__, peewee.psycopg is sys.modules['psycopg'])")
    env = {**cli_env(tmp_path)}
    result = subprocess.run([sys.executable, "-c", probe], cwd=REPO, capture_output=True, text=True, timeout=60, env=env)
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == ["Psycopg3Adapter", "True"]
    blocked = tmp_path / "no-psycopg"
    blocked.mkdir()
    (blocked / "psycopg.py").write_text("raise ImportError('not installed here')\n", encoding="utf-8")
    env["PYTHONPATH"] = f"{blocked}{os.pathsep}{REPO}"
    result = subprocess.run([sys.executable, "main.py", "--db", "postgresql://nobody@127.0.0.1:1/none", "--json", "rules", "show"],
                            cwd=REPO, capture_output=True, text=True, timeout=60, env=env)
    assert result.returncode == 2, result.stderr
    assert json.loads(result.stdout) == {"error": "a PostgreSQL hub needs the psycopg package: pip install 'psycopg[binary]'", "field": "db"}
