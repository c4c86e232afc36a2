"""Waiting for the database (invariant 10) on SQLite: long jobs write in short transactions and
stay all-or-nothing for the user; a sale that cannot get the lock is told so at once, clearly;
migrations take a lock; backups are whole; a wrong --db is refused at start."""

from __future__ import annotations

import contextlib
import datetime as dt
import io
import json
import os
import sqlite3
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import pytest

from pos_loyalty.cli import main as cli
from pos_loyalty.domain import card_numbers
from pos_loyalty.domain.errors import Busy, NotFound, ValidationError
from pos_loyalty.services import card_list, cards, checkout, customers, printing, search, settings
from pos_loyalty.services.setup import open_store
from pos_loyalty.store import database
from pos_loyalty.store.database import backup_sqlite, close_database
from pos_loyalty.store.models import Card, CardBatch, LedgerEntry, Order, db

from .conftest import ensure_manager, make_order

ROOT = Path(__file__).resolve().parents[1]


def run_main(*args: str, timeout: float = 300) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "main.py", *args], cwd=ROOT, capture_output=True, text=True, timeout=timeout,
                          env={**os.environ, "PYTHONPATH": str(ROOT)})


def quiet(*args: str) -> tuple[int, str]:
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        code = cli(list(args))
    return code, out.getvalue() + err.getvalue()


@contextlib.contextmanager
def write_lock_held(path: Path):  # type: ignore[no-untyped-def]
    """Another connection (another till, a long job) holding SQLite's write lock."""
    other = sqlite3.connect(str(path), isolation_level=None, timeout=0)
    other.execute("BEGIN IMMEDIATE")
    try:
        yield other
    finally:
        other.execute("ROLLBACK")
        other.close()


# -- a sale that cannot get the lock --------------------------------------------------------------


def test_a_commit_that_cannot_get_the_lock_is_refused_quickly_with_a_clear_retryable_error(card: str, db_path: Path) -> None:
    before = (Order.select().count(), LedgerEntry.select().count())
    with write_lock_held(db_path):
        start = time.monotonic()
        with pytest.raises(Busy) as refused:
            checkout.commit(make_order("BUSY-1", card))
        waited = time.monotonic() - start
    assert 1.5 <= waited <= 3.5, waited  # BUSY_WAIT_MS = 2,000: it did wait, but not for 10 s
    assert refused.value.field == "database" and "busy" in refused.value.message and "try again" in refused.value.message
    assert (Order.select().count(), LedgerEntry.select().count()) == before
    assert checkout.commit(make_order("BUSY-1", card)).points_earned > 0  # retried once the lock is free: it goes through


def test_the_cli_reports_a_held_lock_as_exit_2_not_an_internal_error(card: str, db_path: Path, tmp_path: Path, as_maya: list[str]) -> None:
    order = tmp_path / "order.json"
    order.write_text(json.dumps({"order_id": "BUSY-2", "card": card, "lines": [{"sku": "A", "quantity": 1, "unit_price": "3.00"}]}))
    close_database()
    with write_lock_held(db_path):
        code, text = quiet(*as_maya, "--db", str(db_path), "checkout", "commit", str(order))
    assert code == 2, text
    assert "database: the database is busy" in text and "internal error" not in text and "OperationalError" not in text


def test_a_commit_waits_for_a_short_hold_instead_of_failing(card: str, db_path: Path) -> None:
    """The write lock held for 0.3 s (a chunk of a long job) — the sale waits and succeeds."""
    import threading

    other = sqlite3.connect(str(db_path), isolation_level=None, check_same_thread=False)
    other.execute("BEGIN IMMEDIATE")
    threading.Timer(0.3, lambda: other.execute("COMMIT")).start()
    start = time.monotonic()
    result = checkout.commit(make_order("WAIT-1", card))
    assert result.points_earned > 0 and 0.25 <= time.monotonic() - start < 1.5
    other.close()


# -- bulk creation: short transactions, visible only once complete -------------------------------


def _everything_a_user_could_reach(number: str, batch: str) -> dict[str, Any]:
    """How a card and its batch show anywhere: lookup, search, lists, enrolment, printing."""
    seen: dict[str, Any] = {}
    for what, call in (("lookup", lambda: cards.lookup(number)), ("give", lambda: customers.card_to_give(number)),
                       ("print numbers", lambda: printing.numbers_to_print(numbers=[number])),
                       ("print batch", lambda: printing.numbers_to_print(batch=batch))):
        try:
            call()
            seen[what] = "found"
        except (NotFound, ValidationError) as exc:
            seen[what] = type(exc).__name__
    seen["search"] = [h.number for h in search.find(number)]
    seen["list"] = [r.number for r in card_list.page(search=number)]
    seen["count"] = card_list.count().value
    seen["batches"] = [b.name for b in cards.list_batches()]
    return seen


def fixed_chunks(monkeypatch: pytest.MonkeyPatch, size: int) -> None:
    for name in ("BULK_CHUNK", "BULK_CHUNK_MIN", "BULK_CHUNK_MAX"):
        monkeypatch.setattr(cards, name, size)


def test_bulk_create_commits_in_chunks_and_the_batch_appears_only_when_complete(store: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    fixed_chunks(monkeypatch, 50)
    transactions = []
    original = database._sqlite_transaction

    def counting(db_: Any) -> Any:
        transactions.append(db_.in_transaction())
        return original(db_)

    monkeypatch.setattr(database, "_sqlite_transaction", counting)
    midway: list[dict[str, Any]] = []

    def progress(done: int, total: int) -> None:
        if done == 100:  # two chunks are committed; the batch is not complete
            assert not db.in_transaction()
            number = Card.select(Card.number).join(CardBatch).where(CardBatch.name == "Spring").first().number
            midway.append(_everything_a_user_could_reach(number, "Spring"))
            with sqlite3.connect(str(store)) as other:  # another process sees the rows, so they are committed
                assert other.execute("SELECT COUNT(*) FROM card WHERE batch_id = (SELECT id FROM card_batch WHERE name = 'Spring')").fetchone()[0] == 100

    result = cards.bulk_create(300, "Spring", progress=progress)
    assert result.count == 300
    assert sum(1 for nested in transactions if not nested) >= 300 // 50  # six chunks (the first makes the batch, the last completes it)
    (hidden,) = midway
    assert hidden["lookup"] == hidden["give"] == hidden["print numbers"] == hidden["print batch"] == "NotFound", hidden
    assert hidden["search"] == [] and hidden["batches"] == [] and hidden["list"] == [] and hidden["count"] == 0
    numbers = cards.batch_numbers("Spring")
    assert len(numbers) == len(set(numbers)) == 300 and (numbers[0], numbers[-1]) == (result.first, result.last)
    shown = _everything_a_user_could_reach(numbers[0], "Spring")
    assert shown["lookup"] == shown["give"] == shown["print batch"] == "found" and shown["batches"] == ["Spring"]


def test_each_chunk_of_a_bulk_create_writes_the_next_stretch_of_numbers(store: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A chunk's cards land on one run of the number index, after the chunk before: in id order
    a batch's numbers rise (chunks of numbers spread over the whole range rewrote most of the
    index at every commit, twice the time of one insert on a million cards), and they still
    spread over the whole scheme."""
    fixed_chunks(monkeypatch, 40)
    cards.bulk_create(400, "Stretches", prefix="5", length=10)
    batch = CardBatch.get(CardBatch.name == "Stretches")
    by_id = [c.number for c in Card.select(Card.number).where(Card.batch == batch).order_by(Card.id)]
    assert len(by_id) == 400 and by_id == sorted(by_id)
    assert by_id[0] < "51" and by_id[-1] >= "59"  # ten chunks, ten stretches: the first and the last tenth of the range


def test_a_cancelled_bulk_create_leaves_nothing(store: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    fixed_chunks(monkeypatch, 40)
    calls = []
    with pytest.raises(cards.Cancelled):
        cards.bulk_create(400, "Halfway", progress=lambda done, total: calls.append(done), should_cancel=lambda: len(calls) >= 3)
    assert calls == [40, 80, 120]
    assert Card.select().count() == 0 and CardBatch.select().count() == 0
    assert cards.bulk_create(40, "Halfway").count == 40  # the name is free again


def test_a_creation_that_failed_half_way_is_removed_and_its_cards_were_never_enrollable(store: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    fixed_chunks(monkeypatch, 30)
    real = cards.insert_rows
    calls = []

    def failing(*args: Any, **kwargs: Any) -> int:
        calls.append(1)
        if len(calls) == 3:
            raise OSError("disk full")
        return real(*args, **kwargs)

    monkeypatch.setattr(cards, "insert_rows", failing)
    with pytest.raises(OSError):
        cards.bulk_create(300, "Broken")
    assert Card.select().count() == 0 and CardBatch.select().count() == 0


def test_a_creation_stopped_by_a_crash_stays_hidden_and_is_cleared_later(store: Path) -> None:
    """What a kill -9 mid-creation leaves: an incomplete batch with some cards. They can never be
    given out or scanned, and the next bulk creation removes them once they are stale."""
    batch = CardBatch.create(name="Crashed", prefix="", length=12, count=500, complete=False, touched_at=dt.datetime.now())
    cards._write_cards(lambda: batch.id, lambda batch_id: None, 120, "", 12, None, None)  # killed before the last chunk
    CardBatch.update(complete=False).execute()
    number = Card.select().where(Card.batch == batch).first().number
    with pytest.raises(NotFound):
        customers.enrol(customers.CustomerInput("Eve", "+44 7700 900999"), number)
    with pytest.raises(NotFound):
        cards.lookup(number)
    with pytest.raises(ValidationError, match="is being created"):
        cards.bulk_create(10, "Crashed")
    assert cards.clear_abandoned() == 0  # still fresh: maybe another process is at work
    CardBatch.update(touched_at=dt.datetime.now() - cards.ABANDONED_AFTER - dt.timedelta(seconds=1)).execute()
    assert cards.bulk_create(10, "Crashed").count == 10
    assert Card.select().count() == 10 and [b.name for b in cards.list_batches()] == ["Crashed"]


@pytest.mark.slow
def test_a_sale_commits_within_a_second_while_another_process_bulk_creates_200000_cards(card: str, db_path: Path) -> None:
    pin = ensure_manager()
    close_database()
    creator = subprocess.Popen([sys.executable, "main.py", "--db", str(db_path), "--user", "Maya", "--json", "cards", "create", "--count", "200000", "--batch", "Big"],
                               cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                               env={**os.environ, "PYTHONPATH": str(ROOT), "POS_LOYALTY_PIN": pin})
    try:
        open_store(str(db_path))
        deadline = time.monotonic() + 60
        while not CardBatch.select().where(CardBatch.name == "Big").exists():
            assert time.monotonic() < deadline and creator.poll() is None, creator.communicate()
            time.sleep(0.01)
        timings, during = [], 0
        for i in range(400):
            if CardBatch.get(CardBatch.name == "Big").complete:
                break
            start = time.monotonic()
            checkout.commit(make_order(f"DURING-{i}", card))
            timings.append(time.monotonic() - start)
            during += 1
        out, err = creator.communicate(timeout=300)
    finally:
        if creator.poll() is None:
            creator.kill()
    assert creator.returncode == 0, err
    assert json.loads(out)["count"] == 200_000
    assert during >= 5, f"the creation finished before the sales could be measured ({during} sales)"
    assert max(timings) < 1.0, sorted(timings)[-5:]
    assert Card.select().where(Card.batch == CardBatch.get(CardBatch.name == "Big")).count() == 200_000


# -- refusing up front what cannot work ------------------------------------------------------------


def test_cards_create_refuses_when_the_number_space_is_too_small_counting_existing_cards(store: Path) -> None:
    # 6 digits with prefix 1: 4 free digits, 10,000 numbers, at most 1,000 cards.
    cards.bulk_create(900, "First", prefix="1", length=6)
    start = time.monotonic()
    with pytest.raises(ValidationError) as refused:
        cards.bulk_create(200, "Second", prefix="1", length=6)
    assert time.monotonic() - start < 2
    assert refused.value.field == "count" and "900 exist" in refused.value.message and "room for 100" in refused.value.message
    assert CardBatch.select().count() == 1
    assert cards.bulk_create(100, "Second", prefix="1", length=6).count == 100  # what is left still fits


def test_the_cli_refuses_a_full_number_space_with_exit_2(store: Path, as_maya: list[str]) -> None:
    close_database()
    assert quiet(*as_maya, "--db", str(store), "cards", "create", "--count", "1000", "--batch", "A", "--prefix", "1", "--length", "6")[0] == 0
    code, text = quiet(*as_maya, "--db", str(store), "cards", "create", "--count", "1", "--batch", "B", "--prefix", "1", "--length", "6")
    assert code == 2 and "count:" in text and "room for 0" in text


def test_a_single_new_card_in_a_full_scheme_is_refused_not_searched_for_ever(store: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(card_numbers, "random_numbers", lambda count, prefix, length, within=None: ["1000009"] * count)  # every draw is taken
    Card.create(number="1000009", status="unassigned")
    with pytest.raises(ValidationError) as refused:
        customers.enrol(customers.CustomerInput("Full", "+44 7700 900111"))
    assert refused.value.field == "card_length"


def test_13_digit_cards_without_a_prefix_are_in_the_gs1_in_store_range(store: Path) -> None:
    result = cards.bulk_create(200, "EAN", length=13)
    numbers = cards.batch_numbers("EAN")
    assert result.prefix == "2" and all(n.startswith("2") and len(n) == 13 and card_numbers.symbology(n) == "ean13" for n in numbers)
    assert cards.bulk_create(5, "Own", prefix="977", length=13).prefix == "977"  # a prefix the store chose is kept
    settings.set_values({"card_length": "13"}, manager_pin=ensure_manager())
    _customer, card = customers.enrol(customers.CustomerInput("Thirteen", "+44 7700 900222"))
    assert card.number.startswith("2") and len(card.number) == 13
    assert cards.bulk_create(5, "Twelve", length=12).prefix == ""  # 12 digits (Code128) need no store range


# -- migrations, backups --------------------------------------------------------------------------


def test_four_processes_starting_together_on_a_fresh_sqlite_file_all_succeed(tmp_path: Path) -> None:
    for round_ in range(3):
        db_file = tmp_path / f"fresh-{round_}.db"
        procs = [subprocess.Popen([sys.executable, "main.py", "--db", str(db_file), "--json", "users", "list"], cwd=ROOT,
                                  stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env={**os.environ, "PYTHONPATH": str(ROOT)})
                 for _ in range(4)]
        results = [(p.wait(timeout=120), p.stderr.read()) for p in procs]
        assert [code for code, _ in results] == [0, 0, 0, 0], results
        with sqlite3.connect(db_file) as conn:
            names = [n for (n,) in conn.execute("SELECT name FROM schema_migration")]
            assert len(names) == len(set(names)) == len(list(database.MIGRATIONS_DIR.glob("[0-9]*.py")))
            assert conn.execute("SELECT COUNT(*) FROM rules_version WHERE active").fetchone()[0] == 1
            assert conn.execute("PRAGMA foreign_keys").fetchone() is not None


def test_the_backup_is_written_under_a_temporary_name_and_checked_before_it_gets_its_name(card: str, db_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    renamed: list[tuple[str, str]] = []
    real_replace = os.replace

    def interrupted(src: Any, dst: Any) -> None:
        renamed.append((str(src), str(dst)))
        with sqlite3.connect(src) as copy:  # complete and sound before it is named
            assert copy.execute("PRAGMA quick_check").fetchone()[0] == "ok"
            assert copy.execute("SELECT COUNT(*) FROM card").fetchone()[0] == 1
        raise KeyboardInterrupt  # killed just before the rename

    monkeypatch.setattr(database.os, "replace", interrupted)
    with pytest.raises(KeyboardInterrupt):
        backup_sqlite(db.obj)
    ((partial, final),) = renamed
    assert partial.endswith(".bak.partial") and final.endswith(".bak")
    assert not list(db_path.parent.glob("*.bak")), "a backup that was never finished must not carry a backup's name"
    monkeypatch.setattr(database.os, "replace", real_replace)
    done = backup_sqlite(db.obj)
    assert done is not None and done.name.endswith(".bak") and not Path(partial).exists()
    with sqlite3.connect(done) as copy:
        assert copy.execute("SELECT number FROM card").fetchone()[0] == card


def test_a_backup_that_fails_its_check_stops_the_migration(store: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    connect = sqlite3.connect

    class BrokenCopy:
        def __init__(self, path: str) -> None:
            self.conn = connect(path)

        def __enter__(self) -> Any:
            return self

        def __exit__(self, *exc: Any) -> None:
            self.conn.close()

        def backup(self, target: Any) -> None:
            self.conn.backup(target.conn)

        def execute(self, sql: str) -> Any:
            return self.conn.execute("SELECT '*** in database main ***'") if sql == "PRAGMA quick_check" else self.conn.execute(sql)

    monkeypatch.setattr(database.sqlite3, "connect", lambda path: BrokenCopy(path))
    with pytest.raises(Exception, match="failed its check"):
        backup_sqlite(db.obj)
    assert not list(store.parent.glob("*.bak*"))


# -- a wrong --db, said at start ------------------------------------------------------------------


def test_db_in_a_missing_folder_is_refused_unless_create(tmp_path: Path) -> None:
    typo = tmp_path / "stroe" / "loyalty.db"
    code, text = quiet("--db", str(typo), "users", "list")
    assert code == 2 and f"db: the folder {typo.parent} does not exist" in text and "--create" in text
    assert not typo.parent.exists()
    code, text = quiet("--db", str(typo), "--create", "users", "list")
    assert code == 0, text
    assert typo.exists()
    assert quiet("--db", str(typo), "users", "list")[0] == 0  # once it exists, no --create needed


def test_the_default_location_is_created_on_first_run(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv("POS_LOYALTY_DATA_DIR", str(tmp_path / "not-yet" / "data"))
    open_store()
    close_database()
    assert (tmp_path / "not-yet" / "data" / "pos_loyalty.db").exists()


def test_a_folder_or_a_read_only_file_as_db_is_refused_at_start(tmp_path: Path, store: Path) -> None:
    close_database()
    code, text = quiet("--db", str(tmp_path), "users", "list")
    assert code == 2 and "is a folder, not a database file" in text
    before = store.read_bytes()
    store.chmod(0o444)
    try:
        code, text = quiet("--db", str(store), "users", "list")
    finally:
        store.chmod(0o600)
    assert code == 2 and "is read-only" in text and "internal error" not in text
    assert store.read_bytes() == before
    junk = tmp_path / "notes.db"
    junk.write_text("not a database " * 200)
    code, text = quiet("--db", str(junk), "users", "list")
    assert code == 2 and "is not a SQLite database file" in text


def test_gui_and_cli_read_create_as_part_of_opening_the_app() -> None:
    from pos_loyalty.__main__ import wants_gui

    assert wants_gui(["--db", "x.db", "--create"]) and wants_gui(["--create"])
    assert not wants_gui(["--db", "x.db", "--create", "users", "list"])


@pytest.mark.gui
def test_the_app_says_in_a_dialog_at_start_that_the_database_folder_is_missing(qapp: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from PySide6.QtWidgets import QMessageBox

    from pos_loyalty.ui import app

    shown: list[str] = []
    monkeypatch.setattr(QMessageBox, "critical", staticmethod(lambda parent, title, text: shown.append(text)))
    typo = tmp_path / "missing" / "loyalty.db"
    assert app.run(["--db", str(typo)]) == 2
    assert len(shown) == 1 and str(typo.parent) in shown[0] and "does not exist" in shown[0]
    assert not typo.parent.exists()


# -- the ledger cannot be rewritten behind the app's back ------------------------------------------


def test_insert_or_replace_cannot_rewrite_a_ledger_row_on_sqlite(card: str, db_path: Path) -> None:
    checkout.commit(make_order("L-1", card))
    close_database()
    with sqlite3.connect(db_path) as conn:
        before = conn.execute("SELECT * FROM ledger_entry ORDER BY id").fetchall()
        row = before[0]
        columns = [c[1] for c in conn.execute("PRAGMA table_info(ledger_entry)")]
        rewritten = dict(zip(columns, row), points=1_000_000)
        marks = ", ".join("?" for _ in columns)
        same_key_new_id = dict(rewritten, id=row[0] + 100)
        for verb, values in (("INSERT OR REPLACE", rewritten), ("REPLACE", rewritten), ("REPLACE", same_key_new_id),
                             ("INSERT OR REPLACE", same_key_new_id)):
            with pytest.raises(sqlite3.IntegrityError, match="append-only"):
                conn.execute(f"{verb} INTO ledger_entry ({', '.join(columns)}) VALUES ({marks})", [values[c] for c in columns])
        with pytest.raises(sqlite3.IntegrityError, match="append-only"):
            conn.execute(f"INSERT INTO ledger_entry ({', '.join(columns)}) VALUES ({marks}) ON CONFLICT(id) DO UPDATE SET points = 5",
                         [rewritten[c] for c in columns])
        assert conn.execute("SELECT * FROM ledger_entry ORDER BY id").fetchall() == before


def test_a_logo_of_12000_by_12000_pixels_is_refused_in_settings_and_at_printing(store: Path, tmp_path: Path) -> None:
    from PIL import Image

    huge = tmp_path / "huge.png"
    Image.new("1", (12_000, 12_000)).save(huge)
    assert huge.stat().st_size < settings.LOGO_MAX_BYTES  # small on disk: only the pixels give it away
    with pytest.raises(ValidationError) as refused:
        settings.set_value("logo_path", str(huge), manager_pin=ensure_manager())
    assert refused.value.field == "logo_path" and "12,000 × 12,000 pixels" in refused.value.message
    assert settings.get("logo_path") == ""
    fine = tmp_path / "logo.png"
    Image.new("RGB", (600, 300), "white").save(fine)
    settings.set_value("logo_path", str(fine), manager_pin=ensure_manager())
    cards.bulk_create(2, "Logo")
    huge.replace(fine)  # the file changed after it was set: printing checks it again
    with pytest.raises(ValidationError) as refused:
        printing.print_cards(tmp_path / "cards.pdf", batch="Logo")
    assert refused.value.field == "logo_path" and not (tmp_path / "cards.pdf").exists()
    big_file = tmp_path / "noise.png"
    Image.frombytes("L", (1_900, 1_900), os.urandom(1_900 * 1_900)).save(big_file)
    big_file.write_bytes(big_file.read_bytes() + os.urandom(2 * 1024 * 1024))
    with pytest.raises(ValidationError, match="at most 5 MB"):
        settings.set_value("logo_path", str(big_file), manager_pin=ensure_manager())


def test_a_number_drawn_twice_in_one_batch_is_drawn_again_and_counted_once(store: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    fixed_chunks(monkeypatch, 10)
    real = card_numbers.random_numbers
    drawn: list[str] = []

    def with_repeats(count: int, prefix: str, length: int, within: range | None = None) -> list[str]:
        fresh = real(count, prefix, length, within)
        if drawn and count > 1:
            fresh[0] = drawn[0]  # the batch's own first number again, in later chunks
        drawn.extend(fresh)
        return fresh

    monkeypatch.setattr(card_numbers, "random_numbers", with_repeats)
    result = cards.bulk_create(50, "Repeats")
    numbers = cards.batch_numbers("Repeats")
    assert result.count == len(numbers) == len(set(numbers)) == 50
    assert (result.first, result.last) == (numbers[0], numbers[-1])


def test_a_large_batch_in_a_partly_used_range_is_made_though_most_chunks_meet_a_taken_number(store: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Many chunks that each meet a few taken numbers are normal once a range is partly used;
    only chunks in a row that get almost nothing in mean the range is full."""
    for name in ("BULK_CHUNK", "BULK_CHUNK_MAX", "BULK_CHUNK_MIN"):
        monkeypatch.setattr(cards, name, 100)
    assert cards.bulk_create(3_000, "First", prefix="", length=6).count == 3_000  # room for 10,000 six-digit cards (a tenth of the space)
    made = cards.bulk_create(6_000, "Second", prefix="", length=6)  # 60 chunks, nearly all of them meet a taken number
    assert made.count == 6_000 and Card.select().count() == 9_000
