"""0026: each customer's next milestone steps due (issue 10: a commit costs as little as it can).

Every sale of a customer under rules with milestones read the customer's figures (a probe per
running total and rule start) and the keys of the steps paid, to pay the steps it reached: a
twentieth of a commit, though most sales reach none. `customer_milestone` keeps, per customer,
how far each running total may go before a step not yet paid is reached, for the rules live
over a range of days (`services.programme`); the card's statement reads it, and a sale below
it reads nothing more. A customer without a row is read in full by its next sale, which writes
the row: nothing to fill here.
"""

from __future__ import annotations


def up(migrator, database):  # type: ignore[no-untyped-def]
    database.execute_sql("CREATE TABLE IF NOT EXISTS customer_milestone (customer_id INTEGER NOT NULL PRIMARY KEY "
                         "REFERENCES customer (id) ON DELETE RESTRICT, due TEXT NOT NULL)")
