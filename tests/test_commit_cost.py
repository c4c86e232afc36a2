"""What a sale's commit sends to the database (issues 10 and 12: a commit within 2× the cost of
writing its rows, triggers adding under 1 ms). Counted with SQLite's statement trace, on the
statements that are avoidable — a second read of the active rules or of a setting, a look-up of
a key just made, a savepoint, an UPDATE of a row just inserted — so a change that brings one
back fails here, not only in `make bench`. The figures themselves (what fired, what was paid)
are the other tests' business; here they only show that the path under count did its work."""

from __future__ import annotations

import datetime as dt
import json
import re
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest

from pos_loyalty.domain.engine import CardState, Engine
from pos_loyalty.domain.errors import ValidationError
from pos_loyalty.domain.order import RewardChoice
from pos_loyalty.resources import resource_path
from pos_loyalty.services import cards, checkout, customers, rules_sync
from pos_loyalty.store import statements
from pos_loyalty.store.models import Coupon, Message, MilestoneAward, OrderLine, TriggerLog, db

from .conftest import ensure_manager, make_order, query_plan, traced
from .test_hub import fresh_pg, hub, pg_server  # noqa: F401 (fixtures)

T0 = dt.datetime(2026, 11, 2, 10)


def activate(folder: Path, version: str, **sections: Any) -> None:
    data = json.loads(resource_path("demo_rules.json").read_text(encoding="utf-8"))
    data["version"] = version
    data.update(sections)
    path = folder / f"rules-{version}.json"
    path.write_text(json.dumps(data), encoding="utf-8")
    rules_sync.import_file(path, manager_pin=ensure_manager())


def enrol_with_email() -> str:
    _customer, card = customers.enrol(customers.CustomerInput("Ann Smith", "+44 7700 900123", "ann@example.com"))
    return card.number


BOGO = {"id": "bogo", "name": "BOGO", "products": ["WIDGET"], "criterion": {"kind": "bogo", "orders": 1},
        "reward": {"reward_id": "free-coffee"}, "coupon_valid_days": 30,
        "message": {"subject": "A coffee on us, {{ customer_name }}", "text": "Code {{ coupon_code }} for {{ reward_name }}"}}


def test_a_sale_that_fires_a_trigger_reads_rules_and_settings_once_and_queues_its_email_in_one_insert(store: Path, tmp_path: Path) -> None:
    activate(tmp_path, "cost", triggers=[BOGO])
    number = enrol_with_email()
    result, sent = traced(lambda: checkout.commit(make_order("C-1", number, [("WIDGET", 1, "4.00")]), when=T0))
    [fired] = result.fired
    assert fired.coupon is not None
    reads_of = lambda table: [s for s in sent if s.startswith("SELECT") and f'FROM "{table}"' in s]  # noqa: E731
    [setup] = reads_of("rules_version")  # the commit's own read, with the order caps: milestones and the e-mail reuse it
    assert setup.count('FROM "setting"') == 3  # the caps, read with the rules in force
    assert len(reads_of("setting")) == 2  # that, then the store name and sender together
    assert reads_of("message") == []  # the e-mail's key was made by this firing: nothing to look up
    assert not [s for s in sent if s.startswith(("SAVEPOINT", "RELEASE"))]
    assert len([s for s in sent if s.startswith('INSERT INTO "message"')]) == 1
    # What was queued is the whole message, rendered with the reward's name from the rules.
    message = Message.get(Message.key == f"trigger:{fired.log_id}")
    assert (message.status, message.subject) == ("pending", "A coffee on us, Ann Smith")
    assert message.body_text == f"Code {fired.coupon} for Free coffee"


def test_a_milestone_step_with_a_coupon_is_written_in_one_insert(store: Path, tmp_path: Path) -> None:
    activate(tmp_path, "ms", milestones=[{"id": "orders", "name": "Order milestones", "kind": "orders", "coupon_valid_days": 30,
                                          "steps": [{"requirement": 1, "reward_id": "free-coffee"}]}])
    number = enrol_with_email()
    result, sent = traced(lambda: checkout.commit(make_order("M-1", number), when=T0))
    [unlocked] = result.unlocked
    award = MilestoneAward.get(MilestoneAward.rule_id == "orders")
    assert award.coupon.code == unlocked.coupon and award.coupon.expires_at == T0 + dt.timedelta(days=30)
    assert Coupon.get(Coupon.code == unlocked.coupon).source == "milestone"
    assert not [s for s in sent if s.startswith('UPDATE "milestone_award"')]


def test_a_sale_reads_every_frequency_limited_rule_in_one_statement(store: Path, tmp_path: Path) -> None:
    rules = [{"id": f"visit-{f}", "name": f"{f} visit", "mode": "fixed", "points": 5, "frequency": f} for f in ("daily", "weekly", "monthly", "yearly")]
    activate(tmp_path, "freq", earning_rules=[{"id": "spend", "name": "1 point per 1.00", "mode": "per_amount", "points": 1, "per_amount": "1.00"}, *rules])
    number = enrol_with_email()
    first = checkout.commit(make_order("F-1", number, [("CAKE", 1, "10.00")]), when=T0)
    second, sent = traced(lambda: checkout.commit(make_order("F-2", number, [("CAKE", 1, "10.00")]), when=T0 + dt.timedelta(days=1)))
    assert first.points_earned == 10 + 4 * 5
    assert second.points_earned == 10 + 5  # a new day: only the daily visit earns again
    assert len([s for s in sent if "FROM customer_rule_day" in s]) == 1
    # The counters still say which rule earned on which day (what the next sale reads).
    assert len([s for s in sent if s.startswith("INSERT INTO customer_day")]) == 1  # the order and its points together


def test_a_commit_prices_without_the_reward_options_and_the_figures_are_the_same(store: Path) -> None:
    rules, _ = rules_sync.active_rules()
    order = make_order("Q-1", None, [("COFFEE", 2, "2.80"), ("BEANS@beans", 1, "12.00")]).order
    state = CardState(status="active", balance=500)
    chosen = (RewardChoice("pay-with-points", 100),)
    full = Engine(rules).quote(order, state, chosen, T0)
    lean = Engine(rules).quote(order, state, chosen, T0, options=False)
    assert full.options and lean.options == ()
    assert lean == full.__class__(**{**full.__dict__, "options": ()})


def test_rows_inserted_on_the_sale_path_still_refuse_bad_text(store: Path) -> None:
    """The fast path of `statements` lets plain values through unchanged; anything else still
    goes through the field's checks (NUL, over-long text) and converters (money, a model)."""
    number = enrol_with_email()
    checkout.commit(make_order("S-1", number), when=T0)
    order_id = OrderLine.select().first().order_id
    fields = (OrderLine.order, OrderLine.position, OrderLine.sku, OrderLine.name, OrderLine.collection, OrderLine.quantity,
              OrderLine.unit_price, OrderLine.line_total, OrderLine.reward_id)
    good = (order_id, 7, "SKU", "naïve café", None, 2, Decimal("1.25"), Decimal("2.50"), None)
    assert statements._values(fields, good) == tuple(f.db_value(v) for f, v in zip(fields, good)) == (
        order_id, 7, "SKU", "naïve café", None, 2, 12_500, 25_000, None)
    with pytest.raises(ValidationError) as nul:
        statements._values(fields, (order_id, 8, "SKU", "bad\x00name", None, 1, Decimal(1), Decimal(1), None))
    assert nul.value.field == "name"
    with pytest.raises(ValidationError) as long:
        statements._values(fields, (order_id, 8, "S" * 500, "name", None, 1, Decimal(1), Decimal(1), None))
    assert long.value.field == "sku"


def test_the_groups_of_several_bogo_triggers_are_read_in_one_statement(store: Path, tmp_path: Path) -> None:
    def bogo(tid: str, products: list[str]) -> dict[str, Any]:
        return {**BOGO, "id": tid, "name": tid, "products": products, "criterion": {"kind": "bogo", "orders": 2}}

    activate(tmp_path, "groups", triggers=[bogo("pair", ["WIDGET", "CAKE"]), bogo("trio", ["WIDGET", "TEA", "SCONE"])])
    number = enrol_with_email()
    assert checkout.commit(make_order("G-1", number, [("WIDGET", 1, "1.00")]), when=T0).fired == ()
    second, sent = traced(lambda: checkout.commit(make_order("G-2", number, [("CAKE", 1, "1.00"), ("TEA", 1, "1.00")]), when=T0))
    assert sorted(f.trigger_id for f in second.fired) == ["pair", "trio"]  # two orders with some of each group's products
    assert len([s for s in sent if s.startswith("SELECT") and "FROM customer_product_group" in s]) == 1


def test_coupon_codes_are_ten_characters_of_the_unambiguous_alphabet() -> None:
    from pos_loyalty.services import coupons

    assert len(coupons._ALPHABET) == 32 == len(set(coupons._ALPHABET))  # five random bits a character
    codes = {coupons._new_code() for _ in range(2_000)}
    assert len(codes) == 2_000
    assert all(len(code) == 10 and set(code) <= set(coupons._ALPHABET) for code in codes)
    assert set("".join(codes)) == set(coupons._ALPHABET)  # every character turns up


def test_a_sale_that_fires_three_triggers_reads_the_store_settings_once(store: Path, tmp_path: Path) -> None:
    activate(tmp_path, "three", triggers=[{**BOGO, "id": f"t{i}", "name": f"T{i}"} for i in range(3)])
    number = enrol_with_email()
    result, sent = traced(lambda: checkout.commit(make_order("T-1", number, [("WIDGET", 1, "4.00")]), when=T0))
    assert len(result.fired) == 3
    assert len([s for s in sent if s.startswith("SELECT") and 'FROM "setting"' in s]) == 2  # the caps (with the rules); the name and sender for all three
    assert Message.select().where(Message.status == "pending").count() == 3


def test_the_lines_a_rule_covers_are_the_ones_covers_says_yes_to() -> None:
    """`ScopeIndex` (the rules' SKUs and collections turned around, one walk of the lines) answers
    for each rule as `covers` asked of every line would, for the rules' own objects and the
    pydantic models alike — a SKU or collection named twice, or by several rules, included."""
    import random
    from types import SimpleNamespace

    from pos_loyalty.domain.rules import AppliesTo
    from pos_loyalty.domain.trusted_rules import ScopeIndex

    rng = random.Random(4)
    skus, collections = [f"S{i}" for i in range(8)], ["tea", "cake", "deli"]
    for _ in range(300):
        lines = [SimpleNamespace(sku=rng.choice(skus), collection=rng.choice([*collections, None])) for _ in range(rng.randint(0, 12))]
        scopes = []
        for _rule in range(rng.randint(1, 6)):
            kind = rng.choice(["all", "products", "collections"])
            scopes.append(AppliesTo(kind=kind, **({"skus": rng.choices(skus, k=rng.randint(1, 4))} if kind == "products" else {}),
                                    **({"collections": rng.choices(collections, k=rng.randint(1, 2))} if kind == "collections" else {})))
        covered = ScopeIndex(scopes).covered(lines)
        for scope, found in zip(scopes, covered):
            expected = [] if scope.kind == "all" else [i for i, line in enumerate(lines) if scope.covers(line.sku, line.collection)]
            assert found == expected


def test_the_lean_reads_and_writes_give_the_same_figures_on_the_hub(hub: str, tmp_path: Path) -> None:  # noqa: F811
    """PostgreSQL runs the same SQL: the frequency-limited rules' one read (a UNION ALL of
    grouped ranges), the settings read together, a milestone's coupon in its award's INSERT,
    three e-mails queued in the sale's transaction, the customer read plainly."""
    rules = [{"id": f"visit-{f}", "name": f"{f} visit", "mode": "fixed", "points": 5, "frequency": f} for f in ("daily", "weekly", "monthly", "yearly")]
    activate(tmp_path, "hub-cost", earning_rules=[{"id": "spend", "name": "1 point per 1.00", "mode": "per_amount", "points": 1, "per_amount": "1.00"}, *rules],
             triggers=[{**BOGO, "id": f"t{i}", "name": f"T{i}"} for i in range(3)],
             milestones=[{"id": "orders", "name": "Order milestones", "kind": "orders", "coupon_valid_days": 30,
                          "steps": [{"requirement": 1, "reward_id": "free-coffee"}]}])
    number = enrol_with_email()
    first = checkout.commit(make_order("H-1", number, [("WIDGET", 1, "10.00")]), when=T0)
    second = checkout.commit(make_order("H-2", number, [("CAKE", 1, "10.00")]), when=T0 + dt.timedelta(days=1))
    assert (first.points_earned, second.points_earned) == (10 + 4 * 5, 10 + 5)
    assert len(first.fired) == 3 and second.fired == ()
    assert Message.select().where((Message.status == "pending") & (Message.subject == "A coffee on us, Ann Smith")).count() == 3
    [unlocked] = first.unlocked
    assert MilestoneAward.get(MilestoneAward.rule_id == "orders").coupon.code == unlocked.coupon


def test_plain_templates_render_exactly_as_jinja_does() -> None:
    """A template of text and placeholders is filled without Jinja2's per-render context; what
    it gives must be Jinja2's own output, to the character — HTML escaping, comments, ``{{-``
    trimming, line breaks, unicode — and anything more than that still goes to Jinja2."""
    import random

    from jinja2 import TemplateSyntaxError

    from pos_loyalty.domain import templates

    rng = random.Random(12)
    pieces = ["Hello ", "<b>", "&amp;", "'\"", "\n", "\r\n", "  ", "€ ünïcode ", "{# note #}", "}", "{", "%",
              *[f"{{{{ {name} }}}}" for name in templates.PLACEHOLDERS], "{{- customer_name -}}", "{{customer_name}}",
              "{% raw %}{{ not a placeholder }}{% endraw %}"]
    values_pool = ["Ann", "<script>alert(1)</script>", "O'Brien & \"Co\"", "", "1,234", "€5 ünïcode\nline"]
    plain = 0
    for _ in range(600):
        source = "".join(rng.choice(pieces) for _ in range(rng.randint(0, 8)))
        values = {name: rng.choice(values_pool) for name in templates.PLACEHOLDERS}
        for html in (False, True):
            try:
                expected = templates._compiled(source, html).render(values)
            except TemplateSyntaxError:  # "{" next to "{{ … }}" can make a broken tag: Jinja2's error, not ours to fill
                assert templates._plain(source, html) is None
                continue
            assert templates._render(source, html, values, "text") == expected, (source, html)
            plain += templates._plain(source, html) is not None
    assert plain > 600  # most of them took the plain path
    for other in ("{{ customer_name | upper }}", "{% if points %}x{% endif %}", "{{ customer_name ~ '!' }}", "{{ 'text' }}"):
        assert templates._plain(other, True) is None and templates._plain(other, False) is None
    assert templates.render("{{ customer_name | upper }}", "", "", {"customer_name": "ann"}).subject == "ANN"


def test_a_customer_with_many_firings_costs_a_sale_one_bounded_read_of_the_standing_steps(store: Path, tmp_path: Path) -> None:
    """A repeating trigger logs a row per step, without end: a sale reads only the highest step
    standing per trigger, kept in the customer's running row (`customer_firing`, read in the
    statement that reads the sale's card), never the log — and the next step still fires,
    a blocked step is still logged once and does not stand."""
    activate(tmp_path, "many", triggers=[{**BOGO, "id": "every", "criterion": {"kind": "bogo", "orders": 2}, "repeat_every": 2}])
    number = enrol_with_email()
    step = lambda fired: TriggerLog.get_by_id(fired.log_id).step  # noqa: E731
    buy = lambda order_id: checkout.commit(make_order(order_id, number, [("WIDGET", 1, "1.00")]), when=T0).fired  # noqa: E731
    assert [[step(f) for f in buy(f"E-{i}")] for i in range(1, 12)] == [[], [1], [], [2], [], [3], [], [4], [], [5], []]
    result, sent = traced(lambda: buy("E-12"))
    assert [step(f) for f in result] == [6]
    reads = [s for s in sent if s.startswith("SELECT") and "customer_firing" in s]
    assert len(reads) == 2 and "FROM card c" in reads[0]  # read with the sale's card, and again by the firing before it writes
    assert not any(s.startswith("SELECT") and "trigger_log" in s for s in sent)
    customer_id = cards.get_card(number).customer_id
    standing = lambda: db.obj.execute_sql("SELECT steps FROM customer_firing WHERE customer_id = ?", (customer_id,)).fetchall()  # noqa: E731
    assert standing() == [('{"every":6}',)]
    customers.update(customer_id, customers.CustomerInput("Ann Smith", "+44 7700 900123", ""))  # no address: blocked
    blocked = [[(step(f), f.status) for f in buy(f"B-{i}")] for i in range(13, 17)]
    assert blocked == [[], [(7, "blocked")], [], [(8, "blocked")]]  # a blocked step is logged once
    assert standing() == [('{"every":6}',)]  # and does not stand


def test_a_sales_rows_converted_column_by_column_are_what_each_field_would_send(store: Path) -> None:
    """`statements.insert_many` checks a column at once (whole numbers; text joined: ASCII, no
    NUL, within the length) and lets it through as it is; an amount is converted once and then
    found by value (2.5 and 2.50 alike, and 3 as 3.00), in a column or alone; a column with
    anything else goes value by value through its field. Either way the driver gets exactly what
    `db_value` gives, and a bad value is refused naming its column."""
    import random

    rng = random.Random(3)
    fields = (OrderLine.order, OrderLine.position, OrderLine.sku, OrderLine.name, OrderLine.collection, OrderLine.quantity,
              OrderLine.unit_price, OrderLine.line_total, OrderLine.reward_id)
    texts = ["SKU-1", "café", "", "x" * 64, "Deli item 4", "naïve", "1.00 eligible → 12 × 1 = 12"]
    for _ in range(200):
        rows = [(rng.randint(1, 9), i, rng.choice(texts[:4] + texts[4:5]), rng.choice(texts), rng.choice([None, "deli", "thé"]),
                 rng.randint(1, 3), Decimal(rng.randint(0, 99_999)) / 100, rng.choice([Decimal("2.5"), Decimal("2.50"), Decimal("0.000051"), Decimal("-1.00005"), 3]),
                 rng.choice([None, "free-coffee"])) for i in range(rng.randint(1, 12))]  # repeated amounts: converted once each
        assert statements.db_rows(fields, rows) == [tuple(f.db_value(v) for f, v in zip(fields, row)) for row in rows]
        assert [statements._values(fields, row) for row in rows] == [tuple(f.db_value(v) for f, v in zip(fields, row)) for row in rows]
    assert statements.db_rows(fields[6:8], [(Decimal("2.5"), 3), (Decimal("3.00"), None)]) == [(25000, 30000), (30000, None)]
    good = (1, 0, "SKU", "name", None, 1, Decimal(1), Decimal(1), None)
    for bad, field in [((1, 1, "SKU", "bad\x00", None, 1, Decimal(1), Decimal(1), None), "name"),
                       ((1, 1, "S" * 65, "name", None, 1, Decimal(1), Decimal(1), None), "sku"),
                       ((1, 1, "SKU", "name", "x" * 300, 1, Decimal(1), Decimal(1), None), "collection"),
                       ((1, 1, "SKU", "naïve \ud800", None, 1, Decimal(1), Decimal(1), None), "name")]:
        with pytest.raises(ValidationError) as refused:
            statements.db_rows(fields, [good, bad])
        assert refused.value.field == field


def test_whether_a_limited_rule_already_earned_costs_the_same_for_a_years_history(store: Path) -> None:
    """A once-a-year rule asks whether it earned this year. Counted in SQLite's own steps (its
    progress handler), the answer costs the same for a customer with one earning day as for one
    who earned under five rules every day of the year (migration 0021's index), and it is right."""
    from pos_loyalty.services import counters
    from pos_loyalty.store.database import transaction

    when = dt.datetime(2026, 12, 30, 12)
    limited = [("daily", "daily"), ("weekly", "weekly"), ("monthly", "monthly"), ("yearly", "yearly"), ("never", "yearly")]
    light, busy = (customers.enrol(customers.CustomerInput(name, "", f"{name[:4].lower()}@example.com"))[0].id for name in ("Light Buyer", "Busy Buyer"))
    with transaction():
        counters.record_order(light, dt.datetime(2026, 3, 1, 9), Decimal(5), ["yearly"])
        for day in range(364):
            counters.record_order(busy, dt.datetime(2026, 1, 1, 9) + dt.timedelta(days=day), Decimal(5), ["daily", "weekly", "monthly", "yearly", "other"])

    def steps(customer: int) -> tuple[dict[str, dt.datetime], int]:
        count = [0]

        def tick() -> int:
            count[0] += 1
            return 0

        connection = db.obj.connection()
        connection.set_progress_handler(tick, 1)
        try:
            return counters.earned_in_period(customer, limited, when), count[0]
        finally:
            connection.set_progress_handler(None, 1)

    (light_earned, light_steps), (busy_earned, busy_steps) = steps(light), steps(busy)
    assert light_earned == {"yearly": dt.datetime(2026, 1, 1)}
    assert busy_earned == {"daily": dt.datetime(2026, 12, 30), "weekly": dt.datetime(2026, 12, 28), "monthly": dt.datetime(2026, 12, 1), "yearly": dt.datetime(2026, 1, 1)}
    assert busy_steps <= light_steps + 40  # a few more for the rules that did earn; not a year of rows


def test_a_sale_reaching_a_milestone_step_reads_the_paid_keys_from_the_index_alone_and_one_below_reads_nothing(store: Path, tmp_path: Path) -> None:
    """A sale that reaches a step asks which steps are already paid, in the statement that reads
    the figures: the answer comes from the (customer, status, rule, requirement) index (SQLite's
    plan says COVERING), no award row is read unless a new step is paid. A sale below the
    customer's next step due (`customer_milestone`, read with its card) reads neither — and the
    next step is still paid, once."""
    activate(tmp_path, "steps", milestones=[{"id": "orders", "name": "Order milestones", "kind": "orders",
                                             "steps": [{"requirement": 1, "points": 10}, {"requirement": 2, "points": 20}, {"requirement": 4, "points": 40}]}])
    number = enrol_with_email()
    assert [u.points for u in checkout.commit(make_order("P-1", number), when=T0).unlocked] == [10]
    second, sent = traced(lambda: checkout.commit(make_order("P-2", number), when=T0))
    assert [u.points for u in second.unlocked] == [20]
    reads = [s for s in sent if s.startswith("SELECT") and "FROM milestone_award" in s and "FROM customer_day" in s]
    assert len(reads) == 1  # the keys paid read with the figures, in one statement (then the row of the step it pays)
    assert re.search(r"SEARCH milestone_award USING COVERING INDEX", query_plan(reads[0]))
    third, sent = traced(lambda: checkout.commit(make_order("P-3", number), when=T0))
    assert third.unlocked == ()
    assert not any("milestone_award" in s for s in sent)  # 3 orders, the next step due at 4: nothing more is read
    due = json.loads(db.obj.execute_sql("SELECT due FROM customer_milestone").fetchone()[0])
    assert due["due"] == {"orders_to_date": 4}
    assert [u.points for u in checkout.commit(make_order("P-4", number), when=T0).unlocked] == [40]
    assert MilestoneAward.select().where(MilestoneAward.status == "awarded").count() == 3
    assert json.loads(db.obj.execute_sql("SELECT due FROM customer_milestone").fetchone()[0])["due"] == {}  # every step paid


def test_milestone_figures_share_a_probe_per_column_and_day(store: Path, tmp_path: Path) -> None:
    """Milestone rules of one kind without dates have the same figure: a sale reads it once (a
    dated rule adds the probe before its start), and each rule still gets its own figure."""
    steps = [{"requirement": 1, "points": 5}, {"requirement": 3, "points": 7}]
    rules = [{"id": f"orders-{i}", "name": f"Orders {i}", "kind": "orders", "steps": steps} for i in range(3)]
    rules.append({"id": "dated", "name": "Dated", "kind": "orders", "starts": "2026-11-02", "steps": [{"requirement": 2, "points": 9}]})
    activate(tmp_path, "shared", milestones=rules)
    number = enrol_with_email()
    checkout.commit(make_order("S-0", number), when=T0 - dt.timedelta(days=3))  # before the dated rule's start
    first, sent = traced(lambda: checkout.commit(make_order("S-1", number), when=T0))
    [probes] = [s.count("FROM customer_day") for s in sent if s.startswith("SELECT (SELECT orders_to_date FROM customer_day")
                and "day < " in s and "customer_id = c.id" not in s]
    assert probes == 2  # the orders up to today (all four rules), and before the dated rule's start
    assert sorted(u.rule_id for u in first.unlocked) == []  # 2 orders: steps at 1 were paid with S-0, the dated rule has 1
    third = checkout.commit(make_order("S-2", number), when=T0)
    assert sorted((u.rule_id, u.points) for u in third.unlocked) == [("dated", 9), ("orders-0", 7), ("orders-1", 7), ("orders-2", 7)]


def test_a_quote_reads_the_customers_tier_figures_and_period_earnings_in_one_statement(store: Path, tmp_path: Path) -> None:
    """A card's state — the order count, the tiers' figures and which once-a-period rules
    already earned — is one round trip on every quote and commit, and its answers are the ones
    the separate reads give."""
    from pos_loyalty.services import counters

    rules = [{"id": f"visit-{f}", "name": f"{f} visit", "mode": "fixed", "points": 5, "frequency": f} for f in ("daily", "weekly")]
    activate(tmp_path, "state", earning_rules=[{"id": "spend", "name": "1 point per 1.00", "mode": "per_amount", "points": 1, "per_amount": "1.00"}, *rules])
    number = enrol_with_email()
    checkout.commit(make_order("S-1", number, [("CAKE", 1, "10.00")]), when=T0)
    (quoted, _rules), sent = traced(lambda: checkout.quote(make_order("S-2", number, [("CAKE", 1, "10.00")]), when=T0 + dt.timedelta(hours=1)))
    assert quoted.points_earned == 10  # both visits already earned today and this week
    assert len([s for s in sent if "customer_day" in s or "customer_rule_day" in s]) == 1
    card = cards.get_card(number)
    when = T0 + dt.timedelta(days=1)
    since = [when - dt.timedelta(days=365)]
    limited = [("visit-daily", "daily"), ("visit-weekly", "weekly")]
    together = counters.stats_and_earned(card.customer_id, since, limited, when)
    assert together == (*counters.stats(card.customer_id, since, when), counters.earned_in_period(card.customer_id, limited, when))
    assert together[2] == {"visit-weekly": dt.datetime(2026, 11, 2)}  # a new day, the same week (T0 is a Monday)


def test_a_sales_reads_of_the_rules_version_and_the_order_caps_build_no_peewee_rows(store: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Every quote and commit asks which rules are in force and what the store's caps are: both
    run on the driver with SQL written once (no query built, no rows made by peewee), and a cap
    changed between two sales is the one the next sale sees."""
    from pos_loyalty.services import settings
    from pos_loyalty.store.database import Prepared

    built: list[str] = []
    rows = Prepared.rows

    def spy(self: Prepared, *values: Any) -> list[Any]:
        built.append(self._compile(db.obj, values)[1])
        return rows(self, *values)

    number = enrol_with_email()
    monkeypatch.setattr(Prepared, "rows", spy)
    (_quote, _rules), sent = traced(lambda: checkout.quote(make_order("P-1", number, [("CAKE", 1, "10.00")]), when=T0))
    checkout.commit(make_order("P-1", number, [("CAKE", 1, "10.00")]), when=T0)
    assert [s for s in sent if '"rules_version"' in s or '"setting"' in s]  # both were read …
    assert not [sql for sql in built if '"rules_version"' in sql or '"setting"' in sql]  # … without peewee
    settings.set_value("max_line_quantity", "2", manager_pin=ensure_manager())
    assert settings.order_caps().max_line_quantity == 2
    with pytest.raises(ValidationError, match="max_line_quantity"):
        checkout.commit(make_order("P-2", number, [("CAKE", 3, "10.00")]), when=T0)


def test_a_spend_deletes_the_lots_it_used_up_as_one_range_of_the_cards_spending_order(store: Path) -> None:
    """The lots a spend uses up are the front of the card's spending order: one range of the
    (card, expiry, id) index, however many lots the card holds open. Written as `expires_at < x
    OR (expires_at = x AND id <= y)`, SQLite walked every open lot of the card instead (15 ms a
    spend on a card with 140,000 open lots, in make bench)."""
    from pos_loyalty.services import ledger

    sql = ledger._sql(db.obj.param).delete_lots
    [plan] = [row[-1] for row in db.obj.execute_sql("EXPLAIN QUERY PLAN " + sql, (1, dt.datetime(2027, 1, 1), 1)).fetchall()]
    assert "card_lot_card_id_expires_at_id (card_id=? AND expires_at<?)" in plan
    number = customers.enrol(customers.CustomerInput("Lots Test", "", "lots@example.com"))[1].number
    for i in range(5):  # five lots, the first three expiring together
        checkout.commit(make_order(f"L-{i}", number, [("COFFEE", 10, "2.80")]), when=dt.datetime(2026, 1, 1 + (i // 3), 12))
    lots = db.obj.execute_sql("SELECT id, points FROM card_lot ORDER BY expires_at, id").fetchall()
    assert len(lots) == 5
    checkout.commit(make_order("L-spend", number, [("CAKE", 10, "6.05")], rewards=[{"id": "pay-with-points", "points": 100}]),
                    when=dt.datetime(2026, 1, 3, 12))
    left = db.obj.execute_sql("SELECT id, points FROM card_lot ORDER BY expires_at, id").fetchall()
    used = 100
    expected = []
    for lot_id, points in lots:  # taken from the front; those used up are gone, the next one is used in part
        take = min(points, used)
        used -= take
        if points - take:
            expected.append((lot_id, points - take))
    assert left[:len(expected)] == expected


def test_a_spend_that_takes_part_of_the_first_lot_is_one_update(store: Path) -> None:
    """Most sales take part of the card's first lot in spending order: one UPDATE finds the lot
    and takes from it, no lot is read. A spend the first lot cannot cover (it is used up, the
    next one used in part) takes the general path — either way the lots end as the spending
    order says."""
    number = customers.enrol(customers.CustomerInput("Lots Test", "", "lots@example.com"))[1].number
    for i in range(3):  # three lots, one a day
        checkout.commit(make_order(f"F-{i}", number, [("COFFEE", 100, "2.80")]), when=dt.datetime(2026, 1, 1 + i, 12))
    lots = lambda: [p for (p,) in db.obj.execute_sql("SELECT points FROM card_lot ORDER BY expires_at, id").fetchall()]  # noqa: E731

    def spend(key: str, points: int) -> list[str]:
        return traced(lambda: checkout.commit(make_order(key, number, [("CAKE", 10, "6.05")], rewards=[{"id": "pay-with-points", "points": points}]),
                                              when=dt.datetime(2026, 1, 5, 12)))[1]

    before = lots()
    assert len(before) == 3 and before[0] > 101
    sent = spend("S-part", before[0] - 1)
    assert not [s for s in sent if s.startswith("SELECT") and "FROM card_lot WHERE card_id" in s and "ORDER BY expires_at, id LIMIT" in s]
    assert len([s for s in sent if s.startswith("UPDATE card_lot")]) == 1
    after = lots()
    assert after[:3] == [1, before[1], before[2]]
    spend("S-over", 100)  # the first lot's last point, then 99 of the next
    assert lots()[:2] == [before[1] - 99, before[2]]


def test_a_second_sale_the_same_day_opens_no_row_of_the_day(store: Path) -> None:
    """The sale's card read says the customer's latest day with a row: a second sale that day
    (a staff card, a family's card) opens no row, only moves the day's sums on; the first sale
    of a day opens it — and the sums are the same either way."""
    number = enrol_with_email()
    day_inserts = lambda sent: [s for s in sent if s.startswith("INSERT INTO customer_day")]  # noqa: E731
    for order_id, when, opens in [("D-1", T0, True), ("D-2", T0 + dt.timedelta(hours=2), False), ("D-3", T0 + dt.timedelta(days=1), True)]:
        _result, sent = traced(lambda: checkout.commit(make_order(order_id, number, [("CAKE", 1, "10.00")]), when=when))
        assert len(day_inserts(sent)) == (1 if opens else 0), order_id
    rows = db.obj.execute_sql("SELECT day, orders_to_date, spent_to_date FROM customer_day ORDER BY day").fetchall()
    assert [(orders, spent) for _day, orders, spent in rows] == [(2, 200_000), (3, 300_000)]


def test_a_large_sale_goes_in_statements_of_fifty_rows_and_keeps_every_line(store: Path) -> None:
    """A sale's lines (and the customer's products) go in statements of many rows, at most
    `ROWS_PER_STATEMENT` each: 120 lines are three statements, every line stored in its place."""
    number = enrol_with_email()
    lines = [(f"SKU-{i:03}", 1 + i % 4, f"{1 + i % 7}.{i % 100:02}") for i in range(120)]
    result, sent = traced(lambda: checkout.commit(make_order("BIG-1", number, lines), when=T0))
    line_writes = [s for s in sent if s.startswith('INSERT INTO "order_line"')]
    assert [s.count("), (") + 1 for s in line_writes] == [50, 50, 20]
    product_writes = [s for s in sent if s.startswith("INSERT INTO customer_product")]
    assert [s.count("), (") + 1 for s in product_writes] == [50, 50, 20]
    stored = [(l.position, l.sku, l.quantity, l.unit_price, l.line_total) for l in OrderLine.select().order_by(OrderLine.position)]
    assert stored == [(i, sku, qty, Decimal(price), Decimal(price) * qty) for i, (sku, qty, price) in enumerate(lines)]
    assert Decimal(result.total) == sum(Decimal(price) * qty for _sku, qty, price in lines)


def test_a_row_refused_in_a_many_row_statement_writes_none_of_them(store: Path) -> None:
    """`write_rows` raises the driver's refusal as peewee's IntegrityError, and the
    transaction it ran in keeps none of the statement's rows."""
    from peewee import IntegrityError

    from pos_loyalty.store.database import transaction

    number = enrol_with_email()
    checkout.commit(make_order("ONE", number, [("A", 1, "1.00")]), when=T0)
    customer = db.obj.execute_sql("SELECT customer_id FROM card WHERE number = ?", (number,)).fetchone()[0]
    head = ("INSERT INTO customer_product (customer_id, sku, orders, units)", 4)
    with pytest.raises(IntegrityError), transaction():
        statements.write_rows(*head, [(customer, "B", 1, 1), (customer, "A", 1, 1), (customer, "C", 1, 1)])
    assert db.obj.execute_sql("SELECT sku, orders, units FROM customer_product ORDER BY sku").fetchall() == [("A", 1, 1)]
