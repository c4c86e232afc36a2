"""0020: each customer's orders, spend and points per day, laid out for the tiers report.

The tiers report places every customer in a tier at a range's end and ranks the top
customers by spend and points in the range. Read from the running counters (`customer_day`,
a row lookup per customer-day) it took 1.7–2.4 s on 1M cards; these tables answer it by
index:

- `report_customer_change`: per customer and day, what the day added to the counters
  (orders, spent net of refunds, points earned) — `customer_day` as differences, so a range's
  figure is a SUM over its days, read in key order (clustered by customer and day on SQLite).
- `report_customer_bound`: per customer, the sum of the positive days of each: no range can
  add up to more, so a customer whose bound is below a tier's lowest threshold, or below the
  tenth best of the top list, is never read.
- `report_customer_stale`: customers whose counters were rewritten outside a sale (a merge,
  rows replayed by sync): the next catch-up copies them again.

Kept by `services/report_customers.py` in the reports' catch-up (`report_days`: customers of
the orders, refunds and ledger entries written since its marks `customers:<table>`) —
nothing is added to a sale's commit. Filled here from the counters as they are, the marks
set at the tables' ids now.
"""

from __future__ import annotations

from peewee import SqliteDatabase

SOURCES = ("ledger_entry", "order", "refund", "report_customer_stale")


def up(migrator, database):  # type: ignore[no-untyped-def]
    sqlite = isinstance(database, SqliteDatabase)
    big = "INTEGER" if sqlite else "BIGINT"
    # Ids never used again, even once the rows below the catch-up's mark are deleted (a new
    # row's id is always above the mark).
    serial = "INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT" if sqlite else "SERIAL NOT NULL PRIMARY KEY"
    clustered = " WITHOUT ROWID" if sqlite else ""
    database.execute_sql(f"""CREATE TABLE report_customer_change (customer_id INTEGER NOT NULL, day DATE NOT NULL,
        orders INTEGER NOT NULL, spent {big} NOT NULL, points {big} NOT NULL, PRIMARY KEY (customer_id, day)){clustered}""")
    database.execute_sql(f"""CREATE TABLE report_customer_bound (customer_id INTEGER NOT NULL PRIMARY KEY,
        orders INTEGER NOT NULL, spent {big} NOT NULL, points {big} NOT NULL)""")
    for column in ("orders", "spent", "points"):
        database.execute_sql(f"CREATE INDEX report_customer_bound_{column} ON report_customer_bound ({column}, customer_id)")
    database.execute_sql(f"CREATE TABLE report_customer_stale (id {serial}, customer_id INTEGER NOT NULL)")
    database.execute_sql(
        "INSERT INTO report_customer_change (customer_id, day, orders, spent, points) "
        "SELECT customer_id, day, o, s, p FROM (SELECT customer_id, day, "
        "orders_to_date - COALESCE(LAG(orders_to_date) OVER w, 0) AS o, spent_to_date - COALESCE(LAG(spent_to_date) OVER w, 0) AS s, "
        "points_to_date - COALESCE(LAG(points_to_date) OVER w, 0) AS p FROM customer_day WINDOW w AS (PARTITION BY customer_id ORDER BY day)) d "
        "WHERE o <> 0 OR s <> 0 OR p <> 0")
    database.execute_sql(
        "INSERT INTO report_customer_bound (customer_id, orders, spent, points) SELECT customer_id, "
        "SUM(CASE WHEN orders > 0 THEN orders ELSE 0 END), SUM(CASE WHEN spent > 0 THEN spent ELSE 0 END), "
        "SUM(CASE WHEN points > 0 THEN points ELSE 0 END) FROM report_customer_change GROUP BY customer_id")
    p = database.param
    for table in SOURCES:
        database.execute_sql(f'INSERT INTO report_mark (source, last_id) SELECT {p}, COALESCE(MAX(id), 0) FROM "{table}"', ("customers:" + table,))
