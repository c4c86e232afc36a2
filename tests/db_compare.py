"""Comparing databases in tests: `dump` for “bad input changes nothing”, and for “every flow
leaves the database exactly as the same action through the CLI would”:

a GUI test takes a `snapshot` of the SQLite file before the action, does the action on screen,
then `assert_same_as_cli` runs the same action with the real command line (a separate process)
on the snapshot and compares the rows both wrote — every column but timestamps and random keys.
"""

from __future__ import annotations

import os
import sqlite3
import subprocess
import sys
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[1]

# The columns compared, per table: everything a user or an auditor relies on.
TABLES = {
    "customer": "id, name, name_key, phone, email, marketing_opt_in",
    "card": "id, number, status, customer_id, batch_id, balance, replaced_by_id",
    "order": "id, order_id, card_id, customer_id, status, currency, subtotal, discount, rewards_off, tax, shipping, shipping_off, total, "
             "points_earned, points_spent, points_awarded, content_hash, rules_checksum",
    "order_line": "order_id, position, sku, name, collection, quantity, unit_price, line_total, reward_id",
    "order_earning": "order_id, rule_id, points, mode, effective_points, order_amount, minimum_order, eligible_lines, explanation",
    "order_reward": "order_id, reward_id, kind, points_cost, money_off, coupon_id, explanation",
    "refund": "refund_id, order_id, kind, amount, points_reversed, points_returned, flagged_negative, content_hash",
    "refund_line": "refund_id, position, quantity",
    "refund_reversal": "refund_id, rule_id, points",
    "ledger_entry": "card_id, points, kind, order_id, refund_id, note, user",
    "coupon": "code, status, redeemed_order_id",
    "audit_log": "user, action, target, reason",
}


def dump(db: Path) -> str:
    """Every table's schema and rows, as SQL text (nothing excluded)."""
    conn = sqlite3.connect(db)
    try:
        return "\n".join(conn.iterdump())
    finally:
        conn.close()


def snapshot(db: Path, target: Path) -> Path:
    """A consistent copy of the live database (SQLite's backup API: WAL content included)."""
    source, copy = sqlite3.connect(db), sqlite3.connect(target)
    try:
        source.backup(copy)
    finally:
        source.close()
        copy.close()
    return target


# Rows left out of the comparison: wrong PINs typed on the screen before the right one are
# audited there, but are not part of what the action did.
WHERE = {"audit_log": "action NOT LIKE 'pin.%'"}
CLI_TEST_PIN = "8642"  # the PIN of a user `run_cli` adds to the snapshot when it has no such user


def rows(db: Path, tables: dict[str, str] = TABLES) -> dict[str, list[tuple[Any, ...]]]:
    conn = sqlite3.connect(db)
    try:
        return {table: sorted(conn.execute(f'SELECT {columns} FROM "{table}"' + (f" WHERE {WHERE[table]}" if table in WHERE else "")).fetchall(), key=repr)
                for table, columns in tables.items()}
    finally:
        conn.close()


def _user_pin(db: Path, user: str) -> str:
    """The PIN the CLI proves `user` with: the manager's for Maya; otherwise the user is added
    to the snapshot as a cashier (straight into the table: no audit row the screen did not write)."""
    from pos_loyalty.services.auth import hash_pin

    from .conftest import MANAGER_PIN

    if user == "Maya":
        return MANAGER_PIN
    conn = sqlite3.connect(db)
    try:
        if conn.execute("SELECT 1 FROM user WHERE name = ?", (user,)).fetchone() is None:
            salt = os.urandom(16).hex()
            with conn:
                conn.execute("INSERT INTO user (name, role, pin_hash, pin_salt, active, created_at) VALUES (?, 'cashier', ?, ?, 1, '2026-01-01 00:00:00')",
                             (user, hash_pin(CLI_TEST_PIN, salt), salt))
    finally:
        conn.close()
    return CLI_TEST_PIN


def run_cli(db: Path, *args: str, user: str = "cashier") -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if k != "POS_LOYALTY_DB"}
    env["POS_LOYALTY_PIN"] = _user_pin(db, user)
    done = subprocess.run([sys.executable, "main.py", "--db", str(db), "--user", user, "--json", *args],
                          cwd=REPO, capture_output=True, text=True, timeout=120, env=env)
    assert done.returncode == 0, done.stderr
    return done


def assert_same_as_cli(before: Path, after: Path, *args: str, user: str = "cashier", ignore: dict[str, str] | None = None) -> None:
    """Run `pos-loyalty ARGS` on `before` (the snapshot) and compare its rows with `after`.
    `ignore` replaces the compared columns of some tables (e.g. an audit row only the GUI writes)."""
    run_cli(before, *args, user=user)
    tables = {**TABLES, **(ignore or {})}
    by_cli, by_gui = rows(before, tables), rows(after, tables)
    for table in tables:
        assert by_cli[table] == by_gui[table], f"table {table} differs between the CLI and the screen"
