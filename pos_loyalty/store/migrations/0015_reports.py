"""0015: reports (issue 14) — which till made each order, and the summaries reports read.

- `order.till`, `order.store`: the till that committed the order and its store (the names
  it was attached to a hub under; `hub` for the hub's own sales; '' on a till of its own),
  written at commit and carried to the hub and the other tills with the order, so reports can
  be filtered by till and by store wherever the orders are (`report_till`: each till seen in
  the orders summarised, with its store).
  Existing orders take the name of a known till (this database's own, or one attached to
  this hub) when their id starts with it — the till id starts every order id a till makes.
- `report_day`: per day, till and measure ('earn+', 'spend-', 'order_card', 'refund',
  'reward:<id>', 'enrol' …) a count, points and an amount of money: what a year of the
  ledger, the orders and the refunds sums to in a few thousand rows instead of millions.
- `report_visit`: each customer's days with an order, per till, and whether one of those
  orders took a reward: active customers and redemption rates count distinct customers,
  which no per-day sum can give.
- `report_customer_day`: the same days over every till, each linked to the customer's day
  with an order before and after it (and the one before with a reward): the customers active
  in a range are counted as the rows in it with no earlier day in it — an index range, no
  DISTINCT —, the lapsed as the last rows before a day with no next one up to the range's end.
- `report_mark` / `report_gap`: how far each source table (by id) is summarised, and the
  ids a PostgreSQL transaction still open had taken (they commit out of order): read and
  brought up to date by `services/report_days.py` each time a report runs — nothing is
  added to a sale's commit. The summaries start empty; the first report reads the history
  once, a few ten thousand rows per short transaction.
"""

from __future__ import annotations

from peewee import SqliteDatabase

SOURCES = ("ledger_entry", "order", "refund", "customer")

COMMON = [
    """CREATE TABLE report_day (id {serial}, day DATE NOT NULL, till VARCHAR(16) NOT NULL, measure VARCHAR(80) NOT NULL,
       count {big} NOT NULL, points {big} NOT NULL, amount {big} NOT NULL)""",
    "CREATE UNIQUE INDEX report_day_measure_day_till ON report_day (measure, day, till)",
    """CREATE TABLE report_visit (id {serial}, customer_id INTEGER NOT NULL, day DATE NOT NULL, till VARCHAR(16) NOT NULL,
       redeemed INTEGER NOT NULL)""",
    "CREATE UNIQUE INDEX report_visit_customer_day_till ON report_visit (customer_id, day, till)",
    "CREATE INDEX report_visit_day_till_customer ON report_visit (day, till, customer_id, redeemed)",
    """CREATE TABLE report_customer_day (id {serial}, customer_id INTEGER NOT NULL, day DATE NOT NULL, redeemed INTEGER NOT NULL,
       prev_day DATE, next_day DATE, prev_redeemed DATE)""",
    "CREATE UNIQUE INDEX report_customer_day_customer_day ON report_customer_day (customer_id, day)",
    "CREATE INDEX report_customer_day_day_prev ON report_customer_day (day, prev_day)",
    "CREATE INDEX report_customer_day_day_next ON report_customer_day (day, next_day)",
    "CREATE INDEX report_customer_day_redeemed ON report_customer_day (redeemed, day, prev_redeemed)",
    "CREATE TABLE report_mark (source VARCHAR(40) NOT NULL PRIMARY KEY, last_id {big} NOT NULL)",
    """CREATE TABLE report_gap (id {serial}, source VARCHAR(40) NOT NULL, low {big} NOT NULL, high {big} NOT NULL,
       noticed_at TIMESTAMP NOT NULL)""",
    "CREATE INDEX report_gap_source ON report_gap (source)",
    "CREATE TABLE report_till (till VARCHAR(16) NOT NULL PRIMARY KEY, store VARCHAR(120) NOT NULL)",
    """ALTER TABLE "order" ADD COLUMN till VARCHAR(16) NOT NULL DEFAULT ''""",
    """ALTER TABLE "order" ADD COLUMN store VARCHAR(120) NOT NULL DEFAULT ''""",
]


def _known_tills(database) -> dict[str, str]:  # type: ignore[no-untyped-def]
    """Till → store: those attached to this hub, and this till itself."""
    known = dict(database.execute_sql("SELECT name, store FROM sync_till").fetchall())
    state = dict(database.execute_sql("SELECT key, value FROM sync_state WHERE key IN ('till', 'store')").fetchall())
    if state.get("till"):
        known[state["till"]] = state.get("store", "")
    return {name: store for name, store in known.items() if name}


def up(migrator, database):  # type: ignore[no-untyped-def]
    sqlite = isinstance(database, SqliteDatabase)
    serial = "INTEGER NOT NULL PRIMARY KEY" if sqlite else "SERIAL NOT NULL PRIMARY KEY"
    big = "INTEGER" if sqlite else "BIGINT"  # as peewee declares a BigIntegerField on each
    p = database.param
    for statement in COMMON:
        database.execute_sql(statement.format(serial=serial, big=big))
    for source in SOURCES:
        database.execute_sql(f"INSERT INTO report_mark (source, last_id) VALUES ({p}, 0)", (source,))
    for till, store in sorted(_known_tills(database).items()):  # names are letters, digits and dashes: no LIKE wildcard
        database.execute_sql(f"""UPDATE "order" SET till = {p}, store = {p} WHERE order_id LIKE {p}""", (till, store, till + "-%"))
