"""Peewee models: the application's view of the schema.

The schema itself is made by the numbered migrations in `store/migrations/`; a change
here always comes with a new migration. All models bind to `db`, a `DatabaseProxy`
initialised by `store.database.open_database`.
"""

from __future__ import annotations

import datetime as dt

from peewee import (
    AutoField,
    BigIntegerField,
    BooleanField,
    DatabaseProxy,
    DateField,
    DateTimeField,
    ForeignKeyField,
    IntegerField,
    Model,
    fn,
)

from .fields import CharField, MoneyField, TextField  # text checked against domain/limits.py before it is written

db = DatabaseProxy()


def now() -> dt.datetime:
    return dt.datetime.now()


class BaseModel(Model):
    class Meta:
        database = db
        legacy_table_names = False


class Customer(BaseModel):
    id = AutoField()
    name = CharField(max_length=120)
    name_key = CharField(max_length=120, index=True)  # folded (domain/names.fold): no case, no accents
    phone = CharField(max_length=32, null=True, index=True)  # E.164, e.g. +447700900123 (domain/phones.py)
    email = CharField(max_length=254, null=True, index=True)  # lower-case
    marketing_opt_in = BooleanField(default=False)
    created_at = DateTimeField(default=now)
    birth_month = IntegerField(null=True)  # an optional birthday, without the year (the birthday action)
    birth_day = IntegerField(null=True)
    # Set when the customer asked to be forgotten (services/privacy.py, migration 0017): their
    # personal details are gone, the row stays for the orders, cards and ledger that refer to it.
    forgotten_at = DateTimeField(null=True)


class CustomerWord(BaseModel):
    """Each folded word of a customer's name (domain/names.words), so a search for any word
    of the name — "smith" for "Ann Smith", "joao" for "João" — is an index range scan; the
    other words typed are matched against `words` in the same (covering) index entry."""

    id = AutoField()
    customer = ForeignKeyField(Customer, backref="words", on_delete="CASCADE")
    word = CharField(max_length=120)
    words = CharField(max_length=130)  # every word of the name: ' ann marie o neil ' (names.words_key)

    class Meta:
        indexes = ((("word", "customer", "words"), False), (("customer", "word"), True))


class CardBatch(BaseModel):
    id = AutoField()
    name = CharField(max_length=80, unique=True)
    prefix = CharField(max_length=16, default="")
    length = IntegerField()
    count = IntegerField()
    created_at = DateTimeField(default=now)
    created_by = CharField(max_length=80, default="")
    # A bulk creation writes its cards a few thousand at a time; until the last chunk is in, the
    # batch is not complete and neither it nor its cards are shown, found, printed or given out.
    complete = BooleanField(default=True)
    touched_at = DateTimeField(null=True)  # the creation's last chunk: a stale, incomplete batch was abandoned


class Card(BaseModel):
    id = AutoField()
    number = CharField(max_length=24, unique=True)
    status = CharField(max_length=16, default="unassigned", index=True)  # unassigned|active|suspended|replaced
    customer = ForeignKeyField(Customer, null=True, backref="cards", index=True, on_delete="RESTRICT")
    batch = ForeignKeyField(CardBatch, null=True, backref="cards", index=True, on_delete="RESTRICT")
    balance = IntegerField(default=0)  # cache of SUM(ledger.points); kept in the same transaction
    created_at = DateTimeField(default=now)
    assigned_at = DateTimeField(null=True)
    replaced_by = ForeignKeyField("self", null=True, backref="replaced", on_delete="RESTRICT")


def card_is_visible():  # type: ignore[no-untyped-def]
    """The condition every query that shows, finds, prints or gives out cards adds: the card
    is not part of a batch still being created (see `CardBatch.complete`)."""
    return ~fn.EXISTS(CardBatch.select(CardBatch.id).where((CardBatch.id == Card.batch) & (CardBatch.complete == False)))  # noqa: E712


class Order(BaseModel):
    id = AutoField()
    order_id = CharField(max_length=64, unique=True)  # the till's id: the idempotency key
    card = ForeignKeyField(Card, null=True, backref="orders", index=False, on_delete="RESTRICT")  # indexed with the time (below)
    customer = ForeignKeyField(Customer, null=True, backref="orders", on_delete="RESTRICT")
    at = DateTimeField(default=now)
    status = CharField(max_length=24, default="committed")  # committed|partially_refunded|refunded|cancelled
    currency = CharField(max_length=3)
    subtotal = MoneyField()
    discount = MoneyField()
    rewards_off = MoneyField()
    tax = MoneyField()
    shipping = MoneyField()
    shipping_off = MoneyField()
    total = MoneyField()
    points_earned = IntegerField(default=0)
    points_spent = IntegerField(default=0)
    points_awarded = BooleanField(default=False)  # False while waiting for fulfilment
    fulfilled_at = DateTimeField(null=True)
    content_hash = CharField(max_length=64)
    rules_checksum = CharField(max_length=64)
    till = CharField(max_length=16, default="")  # the till that committed it (migration 0015; `sync.this_till`)
    store = CharField(max_length=120, default="")  # and that till's store

    class Meta:
        indexes = ((("customer", "at"), False), (("card", "at", "id"), False))  # the second: migration 0022


class OrderLine(BaseModel):
    id = AutoField()
    order = ForeignKeyField(Order, backref="lines", on_delete="CASCADE")
    position = IntegerField()
    sku = CharField(max_length=64)
    name = CharField(max_length=120, default="")
    collection = CharField(max_length=64, null=True)
    quantity = IntegerField()
    unit_price = MoneyField()
    line_total = MoneyField()
    reward_id = CharField(max_length=64, null=True)  # set on free lines a product reward added


class OrderEarning(BaseModel):
    """What one rule earned on one order, with the snapshot that reverses it exactly."""

    id = AutoField()
    order = ForeignKeyField(Order, backref="earnings", on_delete="CASCADE")
    rule_id = CharField(max_length=64)
    points = IntegerField()
    mode = CharField(max_length=16)
    effective_points = CharField(max_length=32)  # Decimal text: rule points × tier multiplier
    order_amount = MoneyField()
    minimum_order = MoneyField()
    eligible_lines = TextField(default="")  # comma-separated positions
    explanation = TextField(default="")


class Coupon(BaseModel):
    id = AutoField()
    code = CharField(max_length=40, unique=True)
    card = ForeignKeyField(Card, backref="coupons", index=False, on_delete="RESTRICT")  # indexed with the state (below)
    reward_id = CharField(max_length=64)
    status = CharField(max_length=16, default="issued")  # issued|redeemed|void
    issued_at = DateTimeField(default=now)
    issued_by = CharField(max_length=80, default="")
    reason = TextField(default="")
    redeemed_order = ForeignKeyField(Order, null=True, backref="coupons", on_delete="RESTRICT")
    expires_at = DateTimeField(null=True)  # None: never
    source = CharField(max_length=16, default="manual")  # manual|milestone
    voided_at = DateTimeField(null=True)
    voided_by = CharField(max_length=80, default="")
    void_reason = TextField(default="")

    class Meta:
        indexes = ((("card", "status", "expires_at"), False),  # migration 0023
                   (("card", "issued_at"), False),  # 0024: the newest first (the card screen)
                   (("card", "status", "reward_id", "expires_at"), False))  # 0024: the one a sale would use, per reward (the checkout)


class OrderReward(BaseModel):
    id = AutoField()
    order = ForeignKeyField(Order, backref="rewards", on_delete="CASCADE")
    reward_id = CharField(max_length=64)
    kind = CharField(max_length=16)
    points_cost = IntegerField()
    money_off = MoneyField()
    coupon = ForeignKeyField(Coupon, null=True, on_delete="RESTRICT")
    explanation = TextField(default="")


class Refund(BaseModel):
    id = AutoField()
    refund_id = CharField(max_length=64, unique=True)  # idempotency key
    order = ForeignKeyField(Order, backref="refunds", on_delete="RESTRICT")
    at = DateTimeField(default=now)
    kind = CharField(max_length=16)  # full|partial|cancel
    amount = MoneyField()
    points_reversed = IntegerField(default=0)
    points_returned = IntegerField(default=0)
    flagged_negative = BooleanField(default=False)  # the card went below zero: shown on reports
    content_hash = CharField(max_length=64)
    user = CharField(max_length=80, default="")


class RefundLine(BaseModel):
    id = AutoField()
    refund = ForeignKeyField(Refund, backref="lines", on_delete="CASCADE")
    position = IntegerField()
    quantity = IntegerField()


class RefundReversal(BaseModel):
    """Points one refund took back from one earning rule of the order."""

    id = AutoField()
    refund = ForeignKeyField(Refund, backref="reversals", on_delete="CASCADE")
    rule_id = CharField(max_length=64)
    points = IntegerField()


class LedgerEntry(BaseModel):
    """Append-only: rows are inserted, never updated or deleted."""

    id = AutoField()
    card = ForeignKeyField(Card, backref="ledger", on_delete="RESTRICT")
    points = IntegerField()
    kind = CharField(max_length=16)  # earn|spend|reverse|return|adjust|expire|transfer|action|milestone|trigger|opening (an imported balance)
    at = DateTimeField(default=now)
    expires_at = DateTimeField(null=True)
    order = ForeignKeyField(Order, null=True, backref="ledger", on_delete="RESTRICT")
    refund = ForeignKeyField(Refund, null=True, backref="ledger", on_delete="RESTRICT")
    idempotency_key = CharField(max_length=160, unique=True)
    note = TextField(default="")
    user = CharField(max_length=80, default="")

    class Meta:
        indexes = ((("card", "at"), False),)


NEVER = dt.datetime(9999, 12, 31, 23, 59, 59)  # a lot's `expires_at` when its points never expire


class CardLot(BaseModel):
    """What is left of one earning on a card, with its expiry: the ledger replayed, kept up to
    date in the same transaction as every ledger entry (`services.ledger`), so spending and
    expiry never read the ledger. `expires_at` is `NEVER` for points without an expiry, so
    the index gives the spending order (soonest first, oldest first) without a sort."""

    id = AutoField()
    card = ForeignKeyField(Card, backref="lots", on_delete="RESTRICT")
    expires_at = DateTimeField()
    points = IntegerField()
    entry_id = IntegerField()  # the ledger entry that opened it: its expiry entry's key

    class Meta:
        indexes = ((("card", "expires_at", "id"), False), (("expires_at",), False))


class CustomerDay(BaseModel):
    """A customer's orders (not cancelled) and amount spent net of refunds up to and including
    each day on which they ordered (running sums over the orders' `at` days): a tier's period
    is the latest row less the last row before the period, two index probes however long the
    history; 'first order only' reads the latest row."""

    id = AutoField()
    customer = ForeignKeyField(Customer, on_delete="RESTRICT")
    day = DateField()
    orders_to_date = IntegerField(default=0)
    spent_to_date = MoneyField(default=0)
    points_to_date = IntegerField(default=0)  # order earnings net of reversals (order's day) + points for actions
    reviews_to_date = IntegerField(default=0)

    class Meta:
        indexes = ((("customer", "day"), True),)


class CustomerRuleDay(BaseModel):
    """Orders (not cancelled) on which an earning rule gave a customer points, per day: what a
    rule limited to once a day, week, month or year needs to know."""

    id = AutoField()
    customer = ForeignKeyField(Customer, on_delete="RESTRICT", index=False)  # both indexes begin with it
    day = DateField()
    rule_id = CharField(max_length=64)
    orders = IntegerField(default=0)

    class Meta:
        indexes = ((("customer", "day", "rule_id"), True), (("customer", "rule_id", "day"), False))  # the second: migration 0021


class CustomerProduct(BaseModel):
    """Per customer and product (sku): the separate orders containing it and the units bought,
    net of refunds (a full refund or cancel takes the order out; a partial refund takes back
    its units, and the order once none of that sku is left). Free lines a reward added are not
    bought. Kept in the same transaction as the order or refund (`counters.record_products`)."""

    id = AutoField()
    customer = ForeignKeyField(Customer, on_delete="RESTRICT", index=False)
    sku = CharField(max_length=64)
    orders = IntegerField(default=0)
    units = IntegerField(default=0)

    class Meta:
        indexes = ((("customer", "sku"), True),)


class CustomerProductGroup(BaseModel):
    """For a BOGO trigger watching several SKUs: the customer's separate orders containing any of
    them, net of refunds. `group_key` names the SKUs and the rules version (`services.triggers`):
    a row is filled from the customer's orders the first time a sale needs it, then kept with
    every sale and refund while that version is active — so no sale recounts the history."""

    id = AutoField()
    customer = ForeignKeyField(Customer, on_delete="RESTRICT", index=False)
    group_key = CharField(max_length=64)
    orders = IntegerField(default=0)

    class Meta:
        indexes = ((("customer", "group_key"), True),)


class TriggerLog(BaseModel):
    """A trigger (seed 002) fired for a customer, or blocked: what it issued, what became of its
    message (pending → sent → conversion once its coupon is redeemed), and whether a refund
    took it back (`revoked_at`, with the reason). `trigger_name` is kept so rules later deleted
    from the bundle still show in the logs and stats. `step`: the how-manyth firing of a
    repeating trigger (its threshold), 1 otherwise."""

    id = AutoField()
    trigger_id = CharField(max_length=64)
    trigger_name = CharField(max_length=120)
    customer = ForeignKeyField(Customer, on_delete="RESTRICT")
    card = ForeignKeyField(Card, on_delete="RESTRICT")
    order = ForeignKeyField(Order, null=True, on_delete="RESTRICT")
    step = IntegerField(default=1)
    status = CharField(max_length=16, default="pending")  # pending|sent|conversion|blocked
    reason = TextField(default="")
    coupon = ForeignKeyField(Coupon, null=True, on_delete="RESTRICT")
    points = IntegerField(default=0)
    at = DateTimeField(default=now, index=True)
    sent_at = DateTimeField(null=True)
    revoked_at = DateTimeField(null=True)
    conversion_order = ForeignKeyField(Order, null=True, backref="conversions", on_delete="RESTRICT")
    conversion_total = MoneyField(null=True)

    class Meta:
        indexes = ((("customer", "trigger_id", "step"), False), (("status", "at"), False))


class CustomerFiring(BaseModel):
    """Per customer, the highest step of each trigger that fired and stands (neither blocked nor
    taken back), as JSON (`store.running_totals.standing_text`): what `trigger_log` says, kept
    in the same transaction as each firing, revocation and erasure and after rows arrive from
    another database. Every sale of a customer a trigger watches reads it with its card, one
    look-up by the customer's id, where asking the log took a walk down its index per trigger
    (migration 0025)."""

    customer = ForeignKeyField(Customer, primary_key=True, on_delete="RESTRICT")
    steps = TextField()


class CustomerMilestone(BaseModel):
    """Per customer, how far each running total a milestone counts may go before a step not yet
    paid is reached, for the rules live over a range of days (JSON: `services.programme`'s
    `_due_text`): a sale below them pays nothing and reads nothing more. Worked out by the
    sales that read the milestones, forgotten by a refund and by totals replayed (migration
    0026)."""

    customer = ForeignKeyField(Customer, primary_key=True, on_delete="RESTRICT")
    due = TextField()


class MilestoneAward(BaseModel):
    """One milestone step reached by a customer: paid once (unique), reversed when a refund takes
    the customer back below it (`status` 'reversed'), paid again if they reach it again
    (`times` counts the payments: each has its own ledger key)."""

    id = AutoField()
    customer = ForeignKeyField(Customer, on_delete="RESTRICT", index=False)  # both indexes begin with it
    card = ForeignKeyField(Card, on_delete="RESTRICT")  # the card credited
    rule_id = CharField(max_length=64)
    requirement = CharField(max_length=32)  # the step's requirement as text (Decimal for amounts)
    status = CharField(max_length=16, default="awarded")  # awarded|reversed
    points = IntegerField(default=0)
    coupon = ForeignKeyField(Coupon, null=True, on_delete="RESTRICT")
    times = IntegerField(default=1)
    awarded_at = DateTimeField(default=now)
    reversed_at = DateTimeField(null=True)

    class Meta:
        indexes = ((("customer", "rule_id", "requirement"), True), (("customer", "status", "rule_id", "requirement"), False))  # the second: 0021


class Activity(BaseModel):
    """An action recorded for a customer (sign-up, review, social share, birthday, custom), once
    per idempotency key; the points it gave, if any, are a ledger entry keyed `activity:<key>`."""

    id = AutoField()
    key = CharField(max_length=160, unique=True)
    customer = ForeignKeyField(Customer, index=False, on_delete="RESTRICT")  # indexed with the time (below)
    card = ForeignKeyField(Card, on_delete="RESTRICT")
    action_id = CharField(max_length=64)
    kind = CharField(max_length=16)  # sign_up|review|social_share|birthday|custom
    at = DateTimeField(default=now)
    points = IntegerField(default=0)
    user = CharField(max_length=80, default="")
    note = TextField(default="")

    class Meta:
        indexes = ((("customer", "action_id", "at"), False),
                   (("customer", "at"), False))  # 0024: the newest first



class Message(BaseModel):
    """An e-mail to a customer in the outbox (services/messages.py), rendered when queued.

    status: pending (waiting for its `next_attempt_at`, or for an SMTP server to be configured)
    → sending (claimed by `claimed_by`; safe to resend while `data_done_at` is empty) → sent;
    or in_doubt (the whole message may have reached the server but no answer was recorded:
    never resent automatically), failed (refused for good, or too many attempts), blocked
    (never sendable: no e-mail address, a template error). `last_answer` keeps the server's
    last reply or the reason."""

    id = AutoField()
    key = CharField(max_length=160, unique=True)  # the caller's idempotency key, e.g. trigger:<log id>
    customer = ForeignKeyField(Customer, null=True, on_delete="RESTRICT")
    card = ForeignKeyField(Card, null=True, on_delete="RESTRICT")
    coupon = ForeignKeyField(Coupon, null=True, on_delete="RESTRICT")
    source = CharField(max_length=120, default="")  # what queued it (a trigger's id)
    to_address = CharField(max_length=254, default="")
    subject = TextField(default="")
    body_text = TextField(default="")
    body_html = TextField(default="")
    status = CharField(max_length=16, default="pending")  # pending|sending|sent|in_doubt|failed|blocked
    attempts = IntegerField(default=0)
    next_attempt_at = DateTimeField(null=True)
    last_answer = TextField(default="")
    message_id = CharField(max_length=250)  # RFC 5322 Message-ID, fixed when queued
    claimed_by = CharField(max_length=120, default="")  # host:pid of the sender that claimed it
    data_done_at = DateTimeField(null=True)  # written just before the final "." of DATA
    created_at = DateTimeField(default=now)
    sent_at = DateTimeField(null=True)

    class Meta:
        indexes = ((("status", "next_attempt_at"), False),)

class RulesVersion(BaseModel):
    id = AutoField()
    version = CharField(max_length=40)
    name = CharField(max_length=120)
    checksum = CharField(max_length=64, index=True)
    source = TextField()
    body = TextField()
    imported_at = DateTimeField(default=now)  # when it arrived in this database (a till: when it was synced)
    # False only for a version retired before migration 0013, when retiring was a flag: it never
    # applies again. Every version published since stays True: which one applies is a matter of
    # time (`rules_sync.active_rules`), never of this flag — clearing it at a publish would leave
    # a till whose clock is behind with no version in force until the new one's moment.
    active = BooleanField(default=True, index=True)
    effective_from = DateTimeField()  # it applies from then on, until a later one takes effect
    published_at = DateTimeField(default=now)  # when a manager published it (on the hub, for a till)
    published_by = CharField(max_length=80, default="")

    class Meta:
        indexes = ((("checksum", "effective_from"), True), (("active", "effective_from", "published_at", "checksum"), False))


class User(BaseModel):
    id = AutoField()
    name = CharField(max_length=80, unique=True)
    role = CharField(max_length=16)  # cashier|manager
    pin_hash = CharField(max_length=128)
    pin_salt = CharField(max_length=64)
    active = BooleanField(default=True)
    created_at = DateTimeField(default=now)


class PinThrottle(BaseModel):
    """Wrong PINs per user or per till (migration 0005): failures since the last success and
    the lockout they led to, so restarting the CLI or the till does not reset them."""

    id = AutoField()
    scope = CharField(max_length=16)  # user|till
    key = CharField(max_length=80)  # the user's name folded to lower case, or the till id
    failures = IntegerField(default=0)
    last_failure_at = DateTimeField(null=True)
    locked_until = DateTimeField(null=True)

    class Meta:
        indexes = ((("scope", "key"), True),)


class ApiToken(BaseModel):
    """A token of the local HTTP API (migration 0019): its SHA-256 only, the name the API acts
    as, and when it was last used or revoked (`services/api_tokens.py`)."""

    id = AutoField()
    name = CharField(max_length=40, index=True)
    token_hash = CharField(max_length=64, unique=True)
    created_at = DateTimeField(default=now)
    created_by = CharField(max_length=80, default="")
    last_used_at = DateTimeField(null=True)
    revoked_at = DateTimeField(null=True)
    revoked_by = CharField(max_length=80, default="")


class AuditLog(BaseModel):
    id = AutoField()
    at = DateTimeField(default=now, index=True)
    user = CharField(max_length=80)
    action = CharField(max_length=40)
    target = CharField(max_length=120)
    reason = TextField(default="")
    details = TextField(default="{}")


class Setting(BaseModel):
    key = CharField(max_length=64, primary_key=True)
    value = TextField()


class ChangeLog(BaseModel):
    """What each committed write transaction changed (`services.changes`): one row per
    transaction, read by every open window — in this process or another, on this file or the
    hub — to refresh what it shows. Old rows are pruned; nothing else depends on them."""

    id = AutoField()
    kinds = CharField(max_length=120)  # space-separated: card customer batch rules settings users order
    keys = TextField(default="{}")  # JSON: kind → the keys it touched (card numbers, order ids…); absent = any
    at = DateTimeField(default=now)


class ReportDay(BaseModel):
    """Per day (of each event's own `at`), till and measure: a count, points and money — the
    ledger, orders, refunds and enrolments summed for the reports (services/report_days.py)."""

    id = AutoField()
    day = DateField()
    till = CharField(max_length=16)
    measure = CharField(max_length=80)
    count = BigIntegerField()
    points = BigIntegerField()
    amount = MoneyField()

    class Meta:
        indexes = ((("measure", "day", "till"), True),)


class ReportVisit(BaseModel):
    """A customer's day with an order on a till, and whether one of those orders took a reward."""

    id = AutoField()
    customer_id = IntegerField()
    day = DateField()
    till = CharField(max_length=16)
    redeemed = IntegerField()

    class Meta:
        indexes = ((("customer_id", "day", "till"), True), (("day", "till", "customer_id", "redeemed"), False))


class ReportCustomerDay(BaseModel):
    """A customer's day with an order on any till, linked to their previous and next such day
    (and the previous one with a reward): distinct customers in a range as an index count."""

    id = AutoField()
    customer_id = IntegerField()
    day = DateField()
    redeemed = IntegerField()
    prev_day = DateField(null=True)
    next_day = DateField(null=True)
    prev_redeemed = DateField(null=True)

    class Meta:
        indexes = ((("customer_id", "day"), True), (("day", "prev_day"), False), (("day", "next_day"), False),
                   (("redeemed", "day", "prev_redeemed"), False))


class ReportTill(BaseModel):
    """Every till whose orders are here, with its store: a store filter's tills on any database."""

    till = CharField(max_length=16, primary_key=True)
    store = CharField(max_length=120)


class ReportMark(BaseModel):
    """How far a source table is summarised: every row with an id up to `last_id` (but gaps)."""

    source = CharField(max_length=40, primary_key=True)
    last_id = BigIntegerField()


class ReportGap(BaseModel):
    """Ids below a mark that had no row when it moved (a PostgreSQL transaction still open, or
    an id a rollback or a replay used up): looked at again until `report_days.GAP_WAIT`."""

    id = AutoField()
    source = CharField(max_length=40, index=True)
    low = BigIntegerField()
    high = BigIntegerField()
    noticed_at = DateTimeField()


ALL_MODELS = [
    Customer, CustomerWord, CardBatch, Card, Order, OrderLine, OrderEarning, Coupon, OrderReward,
    Refund, RefundLine, RefundReversal, LedgerEntry, RulesVersion, User, AuditLog, Setting, PinThrottle,
    ChangeLog, CardLot, CustomerDay, CustomerRuleDay,
]


class Product(BaseModel):
    """A product of the catalogue (migration 0018): imported on the hub, or on a till without
    one (services/catalogue.py), and pulled by every till like the rules."""

    id = AutoField()
    sku = CharField(max_length=64, unique=True)
    sku_key = CharField(max_length=64, index=True)  # the folded SKU (names.fold): a prefix search without case
    name = CharField(max_length=120)
    collection = CharField(max_length=64, default="")
    price = MoneyField()
    active = BooleanField(default=True)


class ProductBarcode(BaseModel):
    """A barcode of a product. One taken off its product keeps its row with no product, so the
    change reaches the tills (sync copies rows, never deletions)."""

    id = AutoField()
    barcode = CharField(max_length=48, unique=True)
    product = ForeignKeyField(Product, null=True, backref="barcodes", on_delete="CASCADE")


class ProductWord(BaseModel):
    """Each folded word of a product's name (as `CustomerWord`): derived from the name where
    the product is written, never synced."""

    id = AutoField()
    product = ForeignKeyField(Product, backref="words", on_delete="CASCADE")
    word = CharField(max_length=120)
    words = CharField(max_length=130)

    class Meta:
        indexes = ((("word", "product", "words"), False), (("product", "word"), True))


class SyncState(BaseModel):
    """This database's side of the sync with a hub (migration 0012): key → value."""

    key = CharField(max_length=40, primary_key=True)
    value = TextField()


class SyncOutbox(BaseModel):
    """On an attached till: a row of a synced table written here and not yet on the hub."""

    id = AutoField()
    tbl = CharField(max_length=40)
    row_id = BigIntegerField()


class SyncKey(BaseModel):
    """The global key of a guest row without a natural key (store/replication.py)."""

    id = AutoField()
    tbl = CharField(max_length=40)
    local_id = BigIntegerField()
    key = CharField(max_length=120)

    class Meta:
        indexes = ((("tbl", "local_id"), True), (("tbl", "key"), True))


class SyncJournal(BaseModel):
    """On the hub: every write to a synced table, by the transaction that made it."""

    seq = AutoField()
    xid = BigIntegerField(default=0)
    tbl = CharField(max_length=40)
    row_id = BigIntegerField()
    origin = CharField(max_length=40, default="")

    class Meta:
        indexes = ((("xid", "seq"), False),)


class SyncTill(BaseModel):
    id = AutoField()
    name = CharField(max_length=16, unique=True)
    store = CharField(max_length=120)
    attached_at = DateTimeField(default=now)
    last_push_at = DateTimeField(null=True)


class SyncException(BaseModel):
    """Something sync could not settle by itself, for a manager (see the migration 0012)."""

    id = AutoField()
    key = CharField(max_length=160, unique=True)
    kind = CharField(max_length=24)  # overdraft|card_collision|duplicate_customer|coupon_twice|duplicate_award|duplicate_trigger
    subject = CharField(max_length=120)
    details = TextField(default="{}")
    at = DateTimeField(default=now)
    resolved_at = DateTimeField(null=True)
    resolved_by = CharField(max_length=80, default="")
    resolution = TextField(default="")
