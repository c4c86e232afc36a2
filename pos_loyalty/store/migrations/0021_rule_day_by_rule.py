"""0021: two indexes for what every sale asks (issue 10: a commit costs the same for a customer
with 10 orders or 100,000, and as little as it can).

A customer's earnings per rule and day, found by rule.

A rule limited to once a day, week, month or year asks, on every quote and commit, whether it
already gave this customer points in the period. `customer_rule_day` was indexed by (customer,
day, rule): the question read every rule's rows of every day of the period — for a yearly rule
and a customer who buys daily under 20 earning rules, some 7,000 index entries a sale. Indexed
by (customer, rule, day) it is one probe per rule.

The new index replaces `customer_rule_day_customer_id` (the customer alone), which both the
unique (customer, day, rule) index and this one begin with: a sale's writes keep the same
number of index entries.

A customer's standing milestone awards, read from an index alone. Every sale of a customer past
a first step asks which steps are paid (to pay only the new ones): the rows were read one by one
through the customer index (26 rows, a third of the milestones' cost on a commit). Indexed by
(customer, status, rule, requirement), the answer is in the index; it replaces
`milestone_award_customer_id`, which the unique (customer, rule, requirement) index begins with.
"""

from __future__ import annotations


def up(migrator, database):  # type: ignore[no-untyped-def]
    database.execute_sql("CREATE INDEX IF NOT EXISTS customer_rule_day_customer_id_rule_id_day ON customer_rule_day (customer_id, rule_id, day)")
    database.execute_sql("DROP INDEX IF EXISTS customer_rule_day_customer_id")
    database.execute_sql("CREATE INDEX IF NOT EXISTS milestone_award_customer_id_status_rule_id_requirement "
                         "ON milestone_award (customer_id, status, rule_id, requirement)")
    database.execute_sql("DROP INDEX IF EXISTS milestone_award_customer_id")
