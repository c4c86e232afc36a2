"""Importing an existing loyalty programme from CSV: customers, the card numbers they already
carry and their opening balances (the format: `domain/import_format.py` and the README).

Three steps, the first two shared by the dry run and the import:
1. read — the csv module over the whole file (UTF-8, with or without a byte-order mark; the
   separator from the header line); every cell checked, every row of one customer compared;
2. check against the database — a card that exists already, a phone or email that belongs to
   another customer; every problem is a bad row (line, column, problem) and a file with any
   bad row imports nothing;
3. write (not in a dry run) — the customers and their search words (as enrolment writes
   them), the cards (active, in a batch named after the import, so a card shows where it came
   from), and one ledger entry of kind ``opening`` per balance with its lot (the expiry given,
   or the programme's expiry for points earned now), each card's balance the sum of its
   entries. Every row is built and written first into temporary tables of this connection
   (no lock on the store's tables: other tills go on selling); then one transaction runs the
   checks of step 2 again (another till may have enrolled someone meanwhile) and copies each
   temporary table into its real one with one INSERT … SELECT, ids shifted past the highest.

Why one transaction for the copy, and not the short ones bulk card creation uses
(invariant 10): points once in the append-only ledger can never be taken out again, so a
cancelled or failed import could not be undone chunk by chunk; and customers, unlike a
batch's cards, have no "not yet visible" state. So the import is all or nothing by the
database itself, and cancelling at any moment leaves nothing. What other tills may wait for
is only the copy (`make bench`, group `import`, measures it for 100,000 customers; the
README gives the figure); a few thousand customers take well under the 2 s a sale waits
(`BUSY_WAIT_MS`); scans and searches are reads and do not wait at all (WAL). Import a large programme when the
tills are quiet: the screen and the README say so.

Idempotent: an imported card belongs to a batch named ``import …``, and its balances carry
the keys ``opening:<card number>:<n>`` (the n-th balance of that card in the file). A row
whose card was imported before for the same customer with the same balances is "already
imported" and changes nothing; the same file imported twice writes nothing the second time
(not even an audit row). A changed balance or another customer for an imported card is a bad
row: use a points adjustment instead.
"""

from __future__ import annotations

import csv
import datetime as dt
import hashlib
import io
import logging
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable, Iterable

from peewee import PostgresqlDatabase

from ..domain import card_numbers, import_format, names, phones
from ..domain.errors import LoyaltyError, ValidationError
from ..domain.ledger import expiry_for
from ..domain.limits import check_text
from ..store.database import transaction
from ..store.models import NEVER, CardBatch, db, now
from . import audit, auth, changes, settings
from .cards import Cancelled
from .customers import EMAIL

log = logging.getLogger(__name__)

MAX_FILE_BYTES = 200 * 1024 * 1024  # a million customers' rows fit many times over
OPENING = "opening"  # the ledger kind of an opening balance
BATCH_PREFIX = "import "
_CHUNK = 500  # values per IN (…) list
_INSERT_CHUNK = 5_000  # rows per executemany between looks at `should_cancel`
_CANCEL_EVERY = 1_000  # rows read between looks at `should_cancel`

Progress = Callable[[str, int, int], None]  # (stage: reading|checking|writing, done, total)


@dataclass(frozen=True)
class BadRow:
    line: int
    column: str
    problem: str


@dataclass(frozen=True)
class ImportReport:
    """What a dry run found or an import did. The counts are what the import writes (or
    wrote): new customers, new cards, their balances (entries) and points."""

    file: str
    digest: str
    rows: int
    customers: int
    cards: int
    balances: int
    points: int
    already_imported: int  # rows whose card was imported before, unchanged
    bad: tuple[BadRow, ...]
    dry_run: bool
    written: bool
    batch: str = ""
    seconds: float = 0.0
    locked_seconds: float = 0.0  # how long the write transaction held the database (other tills' writes wait)

    @property
    def bad_rows(self) -> int:
        """Rows with at least one problem (`bad` lists each problem: a row can have several)."""
        return len({b.line for b in self.bad})


class ImportRefused(ValidationError):
    """A file with bad rows: nothing was imported; `report.bad` lists every one."""

    def __init__(self, report: ImportReport) -> None:
        bad = report.bad_rows
        super().__init__("file", f"{bad} bad row{'s' if bad != 1 else ''} in {report.file}: nothing was imported")
        self.report = report


# -- reading ------------------------------------------------------------------------------


@dataclass
class _Customer:
    key: tuple[str, str]
    line: int
    name: str
    phone: str | None = None
    email: str | None = None
    opt_in: bool | None = None
    birthday: tuple[int, int] | None = None
    enrolled_at: dt.datetime | None = None  # in the old programme; None: enrolled by the import
    cards: list[str] = field(default_factory=list)
    name_key: str = ""  # the search keys enrolment writes (`customers._index_words`), worked out before the write
    words: list[str] = field(default_factory=list)
    words_key: str = ""

    def __post_init__(self) -> None:
        self.name_key, self.words, self.words_key = names.name_key(self.name), names.words(self.name), names.words_key(self.name)


@dataclass
class _Lot:
    line: int
    points: int
    expires: dt.date | None


@dataclass
class _Card:
    number: str
    line: int
    key: tuple[str, str]
    lots: list[_Lot] = field(default_factory=list)


@dataclass
class _Parsed:
    file: str
    digest: str
    rows: int
    customers: dict[tuple[str, str], _Customer]
    cards: dict[str, _Card]
    bad: list[BadRow]


def _decode(raw: bytes, file: str) -> str:
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = raw[:exc.start].count(b"\n") + 1
        raise ValidationError("file", f"{file} is not UTF-8 text (line {line}); save it from the spreadsheet as "
                                      "'CSV UTF-8'") from None


def read_file(path: str | Path) -> tuple[str, bytes]:
    """The file's name and bytes, or a `ValidationError` naming the problem."""
    source = Path(path)
    try:
        size = source.stat().st_size
        if size > MAX_FILE_BYTES:
            raise ValidationError("file", f"{source.name} is {size:,} bytes; an import file may be up to {MAX_FILE_BYTES:,}")
        return source.name, source.read_bytes()
    except IsADirectoryError:
        raise ValidationError("file", f"{source} is a folder, not a CSV file") from None
    except OSError as exc:
        raise ValidationError("file", f"cannot read {source}: {exc.strerror or exc}") from None


class _RowChecker:
    """Reads the rows one by one into customers and cards, collecting every problem."""

    def __init__(self, header: import_format.Header, country: str, at: dt.datetime) -> None:
        self.header = header
        self.country = country
        self.at = at
        self.customers: dict[tuple[str, str], _Customer] = {}
        self.cards: dict[str, _Card] = {}
        self.phones: dict[str, tuple[tuple[str, str], int]] = {}
        self.emails: dict[str, tuple[tuple[str, str], int]] = {}
        self.bad: list[BadRow] = []

    def _cell(self, record: list[str], column: str) -> str:
        index = self.header.positions.get(column)
        return record[index] if index is not None and index < len(record) else ""

    def row(self, line: int, record: list[str]) -> None:
        problems: list[BadRow] = []

        def read(column: str, parse: Callable[[str], Any]) -> Any:
            try:
                return parse(self._cell(record, column))
            except ValidationError as exc:
                problems.append(BadRow(line, column, exc.message))
                return None

        extra = [cell for cell in record[self.header.width:] if cell.strip()]
        if extra:
            problems.append(BadRow(line, "", f"has {len(record)} fields; the header has {self.header.width}"))
        name = read("name", self._name)
        phone = read("phone", self._phone)
        email = read("email", self._email)
        opt_in = read("marketing_opt_in", lambda t: import_format.opt_in(t) if t.strip() else None)
        birthday = read("birthday", import_format.birthday)
        enrolled_at = read("enrolled_at", self._enrolled)
        number = read("card", lambda t: card_numbers.validate_imported(t, "card"))
        points = read("points", import_format.whole_points)
        expires = read("expires", lambda t: import_format.date(t, "expires"))
        ref = read("customer", lambda t: check_text("customer", " ".join(t.split()), 64))
        if problems:
            self.bad.extend(problems)
            return
        key = ("ref", ref) if ref else ("card", number)
        card = self.cards.get(number)
        if card is not None and card.key != key:
            self.bad.append(BadRow(line, "card", f"{number} is on line {card.line} for another customer"))
            return
        customer = self.customers.get(key)
        if customer is None and name is None:
            self.bad.append(BadRow(line, "name", "a name is required (on the first row of each customer)"))
            return
        values = {"name": name, "phone": phone, "email": email, "marketing_opt_in": opt_in, "birthday": birthday, "enrolled_at": enrolled_at}
        if customer is not None:
            for column, value in values.items():
                held = getattr(customer, _ATTRIBUTE[column])
                if value is not None and held is not None and value != held:
                    problems.append(BadRow(line, column, f"differs from line {customer.line}, the same customer (same {'customer' if key[0] == 'ref' else 'card'})"))
        for column, value, taken in (("phone", phone, self.phones), ("email", email, self.emails)):
            if value is not None and value in taken and taken[value][0] != key:
                problems.append(BadRow(line, column, f"{value} is also on line {taken[value][1]} for another customer"))
        if problems:
            self.bad.extend(problems)
            return
        if customer is None:
            customer = self.customers[key] = _Customer(key, line, name)
        for column, value in values.items():
            if value is not None and getattr(customer, _ATTRIBUTE[column]) is None:
                setattr(customer, _ATTRIBUTE[column], value)
        for value, taken in ((phone, self.phones), (email, self.emails)):
            if value is not None:
                taken.setdefault(value, (key, line))
        if card is None:
            card = self.cards[number] = _Card(number, line, key)
            customer.cards.append(number)
        card.lots.append(_Lot(line, points, expires))

    def _name(self, text: str) -> str | None:
        return " ".join(check_text("name", text).split()) or None

    def _enrolled(self, text: str) -> dt.datetime | None:
        enrolled = import_format.moment(text, "enrolled_at")
        if enrolled is not None and enrolled > self.at:
            raise ValidationError("enrolled_at", f"'{text}' is later than now")
        return enrolled

    def _phone(self, text: str) -> str | None:
        return phones.normalise(text, self.country) if text.strip() else None

    def _email(self, text: str) -> str | None:
        email = check_text("email", text.strip().lower())
        if email and not EMAIL.match(email):
            raise ValidationError("email", f"'{text}' is not an email address")
        return email or None

    def finish(self) -> None:
        for customer in self.customers.values():
            if customer.phone is None and customer.email is None:
                self.bad.append(BadRow(customer.line, "phone", "give a phone number or an email address for this customer"))
        for card in self.cards.values():
            if sum(lot.points for lot in card.lots) > import_format.MAX_OPENING_POINTS:
                self.bad.append(BadRow(card.line, "points", f"card {card.number}'s balances add up to more than "
                                                            f"{import_format.MAX_OPENING_POINTS:,} points"))


_ATTRIBUTE = {"name": "name", "phone": "phone", "email": "email", "marketing_opt_in": "opt_in", "birthday": "birthday", "enrolled_at": "enrolled_at"}


def parse(file: str, raw: bytes, progress: Progress | None = None, should_cancel: Callable[[], bool] | None = None) -> _Parsed:
    """Read and check every row of the file (no database reads but the store's country)."""
    digest = hashlib.sha256(raw).hexdigest()
    text = _decode(raw, file)
    first_line = text[:text.find("\n")] if "\n" in text else text
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=import_format.delimiter(first_line), strict=True)
    total = max(1, text.count("\n"))
    try:
        header_cells = next(reader, None)
    except csv.Error as exc:
        raise ValidationError("file", f"{file}, line 1: {exc}") from None
    if not header_cells or not any(c.strip() for c in header_cells):
        raise ValidationError("file", f"{file} is empty: the first line must name the columns ({', '.join(import_format.COLUMNS)})")
    header, problems = import_format.read_header(header_cells)
    if problems:
        bad = tuple(BadRow(1, column, message) for column, message in problems)
        raise ImportRefused(ImportReport(file, digest, 0, 0, 0, 0, 0, 0, bad, True, False))
    checker = _RowChecker(header, settings.get("country"), now())
    rows = 0
    line = reader.line_num + 1
    while True:
        try:
            record = next(reader)
        except StopIteration:
            break
        except csv.Error as exc:  # an unclosed quote, a NUL: the rest of the file cannot be read reliably
            checker.bad.append(BadRow(line, "", f"cannot be read as CSV: {exc}"))
            break
        if record and any(cell.strip() for cell in record):
            rows += 1
            checker.row(line, record)
            if rows % _CANCEL_EVERY == 0:
                if should_cancel and should_cancel():
                    raise Cancelled("import cancelled; nothing was imported")
                if progress:
                    progress("reading", reader.line_num, total)
        line = reader.line_num + 1
    checker.finish()
    if rows == 0:
        checker.bad.append(BadRow(2, "", "the file has a header but no rows"))
    if progress:
        progress("reading", total, total)
    return _Parsed(file, digest, rows, checker.customers, checker.cards, checker.bad)


# -- checking against the database --------------------------------------------------------


@dataclass
class _Plan:
    customers: list[_Customer]  # new ones
    existing: dict[tuple[str, str], int]  # customer key → id of the customer imported before
    cards: list[_Card]  # new ones
    already: int  # rows of cards imported before, unchanged
    bad: list[BadRow]


def _chunks(values: list[Any]) -> Iterable[list[Any]]:
    for start in range(0, len(values), _CHUNK):
        yield values[start:start + _CHUNK]


def _marks(count: int) -> str:
    return ", ".join([db.obj.param] * count)


def _opening_key(number: str, index: int) -> str:
    return f"{OPENING}:{number}:{index}"


def _stored_openings(numbers: list[str]) -> dict[str, dict[int, tuple[int, Any]]]:
    """The opening balances of cards imported before: number → n → (points, expires_at)."""
    found: dict[str, dict[int, tuple[int, Any]]] = {}
    database = db.obj
    sql = f"SELECT idempotency_key, points, expires_at FROM ledger_entry WHERE idempotency_key >= {database.param} AND idempotency_key < {database.param}"
    for number in numbers:  # a range of the key's unique index per card (':' < ';')
        for key, points, expires in database.execute_sql(sql, (f"{OPENING}:{number}:", f"{OPENING}:{number};")):
            index = key.rsplit(":", 1)[1]
            if index.isdigit():
                found.setdefault(number, {})[int(index)] = (int(points), expires)
    return found


def _is_import_batch(name: str | None, length: int | None) -> bool:
    """A batch an import made: its name, and no number length (bulk batches have 6 to 20)."""
    return bool(name) and name.startswith(BATCH_PREFIX) and length == 0


def _same_balances(card: _Card, stored: dict[int, tuple[int, Any]]) -> bool:
    lots = [lot for lot in card.lots if lot.points]
    if len(lots) != len(stored):
        return False
    for index, lot in enumerate(lots, start=1):
        points, expires = stored.get(index, (None, None))
        if points != lot.points:
            return False
        if lot.expires is not None and str(expires)[:10] != lot.expires.isoformat():
            return False
    return True


def _check_database(parsed: _Parsed, today: dt.date) -> _Plan:
    """Which customers and cards are new, which were imported before, and every conflict
    with what the database holds."""
    database = db.obj
    bad = list(parsed.bad)
    numbers = list(parsed.cards)
    existing: dict[str, tuple[int | None, str, bool, str | None]] = {}  # number → customer, status, imported, customer's name
    for chunk in _chunks(numbers):
        rows = database.execute_sql(
            f"SELECT c.number, c.customer_id, c.status, b.name, b.length, u.name FROM card c LEFT JOIN card_batch b ON b.id = c.batch_id "
            f"LEFT JOIN customer u ON u.id = c.customer_id WHERE c.number IN ({_marks(len(chunk))})", chunk)
        existing.update((number, (customer_id, status, _is_import_batch(batch, length), name))
                        for number, customer_id, status, batch, length, name in rows)
    imported = [n for n, (_c, _s, was_imported, _n) in existing.items() if was_imported]
    openings = _stored_openings(imported)
    customer_of: dict[tuple[str, str], int] = {}
    already = 0
    new_cards: list[_Card] = []
    for number, card in parsed.cards.items():
        customer = parsed.customers[card.key]
        if number not in existing:
            new_cards.append(card)
            continue
        customer_id, status, was_imported, holder = existing[number]
        if not was_imported:
            who = f" of {holder}" if holder else ""
            bad.append(BadRow(card.line, "card", f"{number} is already a card of this store ({status}{who})"))
        elif customer_id is None or names.name_key(holder or "") != names.name_key(customer.name):
            bad.append(BadRow(card.line, "card", f"{number} was imported before for {holder or 'no customer'}, not {customer.name}"))
        elif not _same_balances(card, openings.get(number, {})):
            stored = sum(points for points, _e in openings.get(number, {}).values())
            bad.append(BadRow(card.line, "points", f"{number} was imported before with {stored:,} points; an opening balance "
                                                   "cannot change: adjust the card's points instead"))
        elif customer_of.setdefault(card.key, customer_id) != customer_id:
            bad.append(BadRow(card.line, "card", f"{number} was imported before for another customer than this customer's other cards"))
        else:
            already += len(card.lots)
    for card in new_cards:
        for lot in card.lots:
            if lot.expires is not None and lot.expires < today:
                bad.append(BadRow(lot.line, "expires", f"{lot.expires.isoformat()} is past: these points would expire at once"))
    new_customers = [c for key, c in parsed.customers.items() if key not in customer_of]
    for column in ("phone", "email"):
        wanted: dict[str, _Customer] = {getattr(c, column): c for c in new_customers if getattr(c, column)}
        for chunk in _chunks(list(wanted)):
            for value, holder in database.execute_sql(
                    f"SELECT {column}, name FROM customer WHERE {column} IN ({_marks(len(chunk))})", chunk):
                bad.append(BadRow(wanted[value].line, column, f"{value} already belongs to {holder}, a customer of this store"))
    bad.sort(key=lambda b: (b.line, import_format.COLUMNS.index(b.column) if b.column in import_format.COLUMNS else -1))
    return _Plan(new_customers, customer_of, new_cards, already, bad)


def _what_is_new(plan: _Plan) -> tuple[list[tuple[str, str]], list[str], dict[tuple[str, str], int]]:
    return [c.key for c in plan.customers], [c.number for c in plan.cards], plan.existing


def _report(parsed: _Parsed, plan: _Plan, dry_run: bool, written: bool, batch: str = "", seconds: float = 0.0) -> ImportReport:
    lots = [lot for card in plan.cards for lot in card.lots if lot.points]
    return ImportReport(parsed.file, parsed.digest, parsed.rows, len(plan.customers), len(plan.cards), len(lots),
                        sum(lot.points for lot in lots), plan.already, tuple(plan.bad), dry_run, written, batch, round(seconds, 3))


# -- writing ------------------------------------------------------------------------------


# The rows are written into temporary tables of this connection first (no lock on the store's
# tables: other tills go on selling), with ids counted from 1; the write transaction then copies
# each table into its real one in one INSERT … SELECT, the ids shifted past the highest taken.
_STAGED = {
    "customer": ("import_customer", "k BIGINT, name TEXT, name_key TEXT, phone TEXT, email TEXT, marketing_opt_in BOOLEAN, "
                                    "created_at TIMESTAMP, birth_month INTEGER, birth_day INTEGER"),
    "customer_word": ("import_word", "customer_k BIGINT, word TEXT, words TEXT"),
    "card": ("import_card", "k BIGINT, number TEXT, status TEXT, customer_k BIGINT, customer_id BIGINT, balance INTEGER, "
                            "created_at TIMESTAMP, assigned_at TIMESTAMP"),
    "ledger_entry": ("import_entry", 'k BIGINT, card_k BIGINT, points INTEGER, kind TEXT, "at" TIMESTAMP, expires_at TIMESTAMP, '
                                     'idempotency_key TEXT, note TEXT, "user" TEXT'),
    "card_lot": ("import_lot", "card_k BIGINT, expires_at TIMESTAMP, points INTEGER, entry_k BIGINT"),
}


@dataclass(frozen=True)
class _Staged:
    """What is staged, for the write transaction: how many rows of each table."""

    customers: int
    words: int
    cards: int
    entries: int


def _drop_staged() -> None:
    for temp, _columns in _STAGED.values():
        db.obj.execute_sql(f"DROP TABLE IF EXISTS {temp}")


def _insert(sql: str, rows: list[tuple], advance: Callable[[int], None]) -> None:
    """Run `sql` for every row, a chunk per executemany; `advance(rows)` after each chunk."""
    cursor = db.obj.cursor()
    for start in range(0, len(rows), _INSERT_CHUNK):
        chunk = rows[start:start + _INSERT_CHUNK]
        cursor.executemany(sql, chunk)
        advance(len(chunk))


def _default_expiry(at: dt.datetime) -> dt.datetime | None:
    """When points given now expire under the programme (as an adjustment's do); never when
    no rules are active yet."""
    from . import rules_sync

    try:
        rules, _ = rules_sync.active_rules(at)
    except LoyaltyError:
        return None
    return expiry_for(at, rules.settings.points_expire_after_days, rules.settings.points_expire_on)


def _stage(parsed: _Parsed, plan: _Plan, user: str, at: dt.datetime, advance: Callable[[int], None]) -> _Staged:
    """Every row the import writes, in the temporary tables (outside any transaction on the
    store's tables), ids counted from 1 per table."""
    customer_k = {c.key: k for k, c in enumerate(plan.customers, start=1)}
    card_k = {c.number: k for k, c in enumerate(plan.cards, start=1)}
    default = _default_expiry(at)
    customers = [(customer_k[c.key], c.name, c.name_key, c.phone, c.email, bool(c.opt_in), c.enrolled_at or at,
                  c.birthday[0] if c.birthday else None, c.birthday[1] if c.birthday else None) for c in plan.customers]
    words = [(customer_k[c.key], word, c.words_key) for c in plan.customers for word in c.words]
    cards = [(card_k[c.number], c.number, "active", customer_k.get(c.key), plan.existing.get(c.key), sum(lot.points for lot in c.lots), at, at)
             for c in plan.cards]
    entries, lots = [], []
    for card in plan.cards:
        for index, lot in enumerate((lot for lot in card.lots if lot.points), start=1):
            k = len(entries) + 1
            expires = dt.datetime.combine(lot.expires, dt.time.max) if lot.expires is not None else default
            note = f"opening balance, imported from {parsed.file} line {lot.line}"[:500]
            entries.append((k, card_k[card.number], lot.points, OPENING, at, expires, _opening_key(card.number, index), note, user))
            lots.append((card_k[card.number], expires or NEVER, lot.points, k))
    database = db.obj
    _drop_staged()
    for table, rows in (("customer", customers), ("customer_word", words), ("card", cards), ("ledger_entry", entries), ("card_lot", lots)):
        temp, columns = _STAGED[table]
        database.execute_sql(f"CREATE TEMPORARY TABLE {temp} ({columns})")
        _insert(f"INSERT INTO {temp} VALUES ({_marks(columns.count(',') + 1)})", rows, advance)
    return _Staged(len(customers), len(words), len(cards), len(entries))


def _id_base(table: str, count: int) -> int:
    """What the staged ids 1..count of `table` are shifted by (inside the write transaction,
    which no other writer shares: SQLite's write lock, the hub's exclusive lock): past the
    highest id taken. On PostgreSQL the table's sequence is moved past them too."""
    database = db.obj
    top = int(database.execute_sql(f'SELECT COALESCE(MAX(id), 0) FROM "{table}"').fetchone()[0])
    if isinstance(database, PostgresqlDatabase) and count:
        (sequence,) = database.execute_sql("SELECT pg_get_serial_sequence(%s, 'id')", (table,)).fetchone()
        (last,) = database.execute_sql(f"SELECT last_value FROM {sequence}").fetchone()
        top = max(top, int(last))
        database.execute_sql("SELECT setval(%s, %s)", (sequence, top + count))
    return top


def _publish(parsed: _Parsed, staged: _Staged, user: str, at: dt.datetime, advance: Callable[[int], None]) -> str:
    """Copy the staged rows into the store's tables (inside the write transaction); the batch's name."""
    database, p = db.obj, db.obj.param
    batch = f"{BATCH_PREFIX}{at:%Y-%m-%d %H:%M} {parsed.file}"[:80]
    if CardBatch.select().where(CardBatch.name == batch).exists():
        batch = f"{batch[:66]} {parsed.digest[:12]}"
    batch_id = CardBatch.create(name=batch, prefix="", length=0, count=staged.cards, created_at=at, created_by=user, complete=True).id
    customers, cards, entries = _id_base("customer", staged.customers), _id_base("card", staged.cards), _id_base("ledger_entry", staged.entries)
    steps = [
        ("INSERT INTO customer (id, name, name_key, phone, email, marketing_opt_in, created_at, birth_month, birth_day) "
         f"SELECT k + {p}, name, name_key, phone, email, marketing_opt_in, created_at, birth_month, birth_day FROM import_customer ORDER BY k",
         (customers,), staged.customers),
        (f"INSERT INTO customer_word (customer_id, word, words) SELECT customer_k + {p}, word, words FROM import_word", (customers,), staged.words),
        ("INSERT INTO card (id, number, status, customer_id, batch_id, balance, created_at, assigned_at) "
         f"SELECT k + {p}, number, status, COALESCE(customer_id, customer_k + {p}), {p}, balance, created_at, assigned_at FROM import_card ORDER BY k",
         (cards, customers, batch_id), staged.cards),
        ('INSERT INTO ledger_entry (id, card_id, points, kind, "at", expires_at, idempotency_key, note, "user") '
         f'SELECT k + {p}, card_k + {p}, points, kind, "at", expires_at, idempotency_key, note, "user" FROM import_entry ORDER BY k',
         (entries, cards), staged.entries),
        (f"INSERT INTO card_lot (card_id, expires_at, points, entry_id) SELECT card_k + {p}, expires_at, points, entry_k + {p} FROM import_lot",
         (cards, entries), staged.entries),
    ]
    for sql, params, rows in steps:
        database.execute_sql(sql, params)
        advance(rows)
    changes.announce("customer")
    changes.announce("card")
    changes.announce("batch", batch)
    return batch


def check(path: str | Path, *, manager_pin: str | None, manager: str | None = None, progress: Progress | None = None,
          should_cancel: Callable[[], bool] | None = None) -> ImportReport:
    """The dry run: read and check every row, against the database too, and report what an
    import would write and every bad row. Writes nothing. A manager's PIN allows it."""
    return import_file(path, manager_pin=manager_pin, manager=manager, dry_run=True, progress=progress, should_cancel=should_cancel)


def import_file(path: str | Path, user: str = "", *, manager_pin: str | None, manager: str | None = None, dry_run: bool = False,
                progress: Progress | None = None, should_cancel: Callable[[], bool] | None = None) -> ImportReport:
    """Import the programme in the CSV file at `path` — all of it or nothing. A file with bad
    rows raises `ImportRefused` listing every one (a dry run returns them in its report).
    `progress(stage, done, total)` is called as it goes; `should_cancel()` returning true stops
    it with `Cancelled`, nothing written. A manager's PIN allows it; the audit log names who
    and what was imported."""
    started = time.perf_counter()
    file, raw = read_file(path)
    who = auth.verify_manager(manager_pin, manager)
    parsed = parse(file, raw, progress, should_cancel)
    if progress:
        progress("checking", 0, 1)
    today = now().date()
    if dry_run:
        plan = _check_database(parsed, today)
        if progress:
            progress("checking", 1, 1)
        return _report(parsed, plan, True, False, seconds=time.perf_counter() - started)
    if parsed.bad:  # refused before the write lock is taken, with every bad row, as the dry run lists them
        raise ImportRefused(_report(parsed, _check_database(parsed, today), False, False))
    operator = user or who.name
    at = now()
    plan = _check_database(parsed, at.date())
    if plan.bad:
        raise ImportRefused(_report(parsed, plan, False, False))
    if not plan.customers and not plan.cards:
        if progress:
            progress("checking", 1, 1)
        return _report(parsed, plan, False, False, seconds=time.perf_counter() - started)
    entries = sum(1 for card in plan.cards for lot in card.lots if lot.points)
    total = 2 * (sum(len(c.words) + 1 for c in plan.customers) + len(plan.cards) + 2 * entries)  # staged, then copied
    done = [0]

    def advance(rows: int) -> None:
        if should_cancel and should_cancel():
            raise Cancelled("import cancelled; nothing was imported")
        done[0] += rows
        if progress:
            progress("writing", done[0], total)

    try:
        with db.obj.atomic():  # the temporary tables only: no lock on the store's tables
            staged = _stage(parsed, plan, operator, at, advance)
        with transaction():
            locked = time.perf_counter()
            again = _check_database(parsed, at.date())  # holding the lock now: nobody changes the answer any more
            if progress:
                progress("checking", 1, 1)
            if again.bad:
                raise ImportRefused(_report(parsed, again, False, False))
            if _what_is_new(again) != _what_is_new(plan):
                raise ValidationError("file", "customers or cards of this file were written meanwhile (another import?); "
                                              "nothing was imported: check the file again")
            batch = _publish(parsed, staged, operator, at, advance)
            report = _report(parsed, plan, False, True, batch)
            audit.record(who.name, "customers.import", parsed.file[:120], details={
                "digest": parsed.digest, "rows": report.rows, "customers": report.customers, "cards": report.cards,
                "balances": report.balances, "points": report.points, "already_imported": report.already_imported,
                "batch": batch, "operator": operator})
    finally:
        _drop_staged()
    ended = time.perf_counter()
    log.info("imported %s: %s customers, %s cards, %s points", file, report.customers, report.cards, report.points)
    return ImportReport(**{**report.__dict__, "seconds": round(ended - started, 3), "locked_seconds": round(ended - locked, 3)})
