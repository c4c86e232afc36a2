"""The reports a manager reads (issue 14), each a function of a `Period` registered by name in
`services/reports.py`. Time series and totals come from the summaries of
`services/report_days.py` (already brought up to date by `reports.run`); the few figures that
are a state now (outstanding points, points about to expire) read the running totals, and the
tiers each customer's days as `services/report_customers.py` keeps them.

A till or store filter keeps what belongs to an order made on those tills: points earned,
spent, reversed and returned on its orders; its orders, refunds, rewards and the customers who
ordered there. Adjustments, actions, milestones, triggers, expiry and enrolments belong to no
till: with a filter they are left out of the tables (the headline states of now — outstanding
points, expiring points, tiers — always cover the whole programme).
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from ..domain.errors import LoyaltyError
from ..domain.money import round_money
from ..domain.report_table import Chart, Column, Figure, Period, Report, Table
from ..store.fields import money_from_db
from ..store.models import db, now
from . import report_customers, report_days, rules_sync
from .reports import _REGISTRY, _report, bounds, bucket, buckets

EXPIRY_WINDOWS = (30, 60, 90)  # days ahead the points report looks for points about to expire
TOP = 10  # customers in each "top customers" table

# Ledger kinds by the column of the points report they count in (the sign says which way):
# a credit of these kinds is points issued; a debit of a milestone or trigger is its reversal.
ISSUED = ("earn", "action", "milestone", "trigger")
REVERSED = ("reverse",)
NOT_COUNTED = ("transfer",)  # a card replaced: the points move, none are issued or spent


def _rules() -> Any | None:
    try:
        return rules_sync.active_rules()[0]
    except LoyaltyError:
        return None


def _percent(part: int, whole: int) -> Decimal | None:
    if not whole:
        return None
    return (Decimal(part * 100) / Decimal(whole)).quantize(Decimal("0.1"))


def _money(value: Decimal, rules: Any | None) -> Decimal:
    """An exact sum shown to the currency's minor unit (sums of rounded amounts: nothing is lost)."""
    return round_money(value, rules.settings.currency if rules is not None else "EUR")


def _info(name: str):  # type: ignore[no-untyped-def]
    return _REGISTRY[name].info


def money_per_point(rules: Any | None) -> Decimal | None:
    """What one point is worth in the liability: the highest conversion factor among the active
    rules' points rewards (the most the points can be turned into — the prudent figure); None
    when no points reward is active (the points then have no set money value)."""
    if rules is None:
        return None
    factors = [r.conversion_factor for r in rules.rewards if getattr(r, "type", "") == "points"]
    return max(factors) if factors else None


# -- points ---------------------------------------------------------------------------------


def _points_column(measure: str) -> tuple[str, int] | None:
    """(column, sign to show it with) for a ledger measure 'points:<kind><+|->'."""
    kind, sign = measure[len("points:"):-1], measure[-1]
    if kind in NOT_COUNTED:
        return None
    if kind in ISSUED and (sign == "+" or kind in ("earn", "action")):
        return "issued", 1
    if kind == "spend":
        return "redeemed", -1
    if kind == "return":
        return "returned", 1
    if kind == "expire":
        return "expired", -1
    if kind in REVERSED or kind in ISSUED:  # a milestone's or a trigger's points taken back
        return "reversed", -1
    return "adjusted", 1  # adjustments, and any other entry (an imported opening balance)


POINTS_COLUMNS = ("issued", "redeemed", "returned", "expired", "reversed", "adjusted")


@_report("points", "Points",
         "Points issued (orders, actions, milestones, triggers), redeemed, returned by refunds, expired, reversed and adjusted per "
         "period; the points outstanding now and their money value at the highest conversion factor of the active rules' points "
         "rewards (none: no value); points expiring within 30, 60 and 90 days.")
def _points(period: Period) -> Report:
    chosen = report_days.tills(period)
    per = {b: dict.fromkeys(POINTS_COLUMNS, 0) for b in buckets(period)}
    for (day, measure), total in report_days.day_sums(period.start, period.end, "points:", chosen).items():
        column = _points_column(measure)
        if column is not None:
            per[bucket(day, period.grain)][column[0]] += column[1] * total.points
    rows = tuple((b, *(v[c] for c in POINTS_COLUMNS), v["issued"] - v["redeemed"] + v["returned"] - v["expired"] - v["reversed"] + v["adjusted"])
                 for b, v in per.items())
    table = Table("per_period", "Points per period",
                  (Column("period", "Period", "date"), *(Column(c, c.capitalize(), "points") for c in POINTS_COLUMNS),
                   Column("net", "Net change", "points")),
                  rows, Chart("line", "period", ("issued", "redeemed", "expired")))
    rules = _rules()
    outstanding = report_days.all_time_points()
    factor = money_per_point(rules)
    currency = rules.settings.currency if rules is not None else "EUR"
    value = round_money(Decimal(outstanding) * factor, currency) if factor is not None else None
    figures = [Figure(c, f"Points {c}", sum(v[c] for v in per.values()), "points") for c in POINTS_COLUMNS]
    figures += [Figure("outstanding", "Points outstanding now", outstanding, "points"),
                Figure("outstanding_value", f"Their value ({currency})" if factor is not None else "Their value (no points reward active)",
                       value, "money")]
    figures += [Figure(f"expiring_{days}", f"Expiring within {days} days", n, "points") for days, n in zip(EXPIRY_WINDOWS, _expiring())]
    return Report(_info("points"), period, tuple(figures), (table,))


def _expiring() -> list[int]:
    """Open points whose date falls within each window from now (points already past their
    date, which the next expiry run writes off, included): one indexed range per window."""
    database = db.obj
    p = database.param
    moment = now()
    out = []
    for days in EXPIRY_WINDOWS:
        (n,) = database.execute_sql(f"SELECT COALESCE(SUM(points), 0) FROM card_lot WHERE expires_at <= {p}",
                                    (moment + dt.timedelta(days=days),)).fetchone()
        out.append(int(n))
    return out


# -- rewards --------------------------------------------------------------------------------


@_report("rewards", "Rewards",
         "Redemptions, points and money given away per reward, most popular first; the redemption rate: customers who took "
         "a reward on an order in the range ÷ customers who placed an order with their card in the range.")
def _rewards(period: Period) -> Report:
    chosen = report_days.tills(period)
    by: dict[str, list[Any]] = {}
    for (_day, measure), total in report_days.day_sums(period.start, period.end, "reward:", chosen).items():
        row = by.setdefault(measure[len("reward:"):], [0, 0, Decimal(0)])
        row[0] += total.count
        row[1] += total.points
        row[2] += total.amount
    rules = _rules()
    names = {r.id: r.name for r in rules.rewards} if rules is not None else {}
    ordered = sorted(by.items(), key=lambda item: (-item[1][0], item[0]))
    table = Table("by_reward", "Rewards redeemed",
                  (Column("reward", "Reward", "text"), Column("name", "Name", "text"), Column("redemptions", "Redemptions", "int"),
                   Column("points", "Points spent", "points"), Column("money_off", "Money given away", "money")),
                  tuple((rid, names.get(rid, rid), n, pts, _money(money, rules)) for rid, (n, pts, money) in ordered), Chart("bar", "reward", ("redemptions",)))
    redeemed = report_days.customers(period.start, period.end, chosen, redeemed=True)
    active = report_days.customers(period.start, period.end, chosen)
    figures = (Figure("redemptions", "Redemptions", sum(v[0] for v in by.values()), "int"),
               Figure("money_off", "Money given away", _money(sum((v[2] for v in by.values()), Decimal(0)), rules), "money"),
               Figure("customers_redeemed", "Customers who redeemed", redeemed, "int"),
               Figure("customers_ordering", "Customers who ordered", active, "int"),
               Figure("redemption_rate", "Redemption rate", _percent(redeemed, active), "percent"))
    return Report(_info("rewards"), period, figures, (table,))


# -- customers ------------------------------------------------------------------------------


@_report("customers", "Customers",
         "New customers (enrolled in the range), active (placed an order with their card in the range), lapsed (had ordered, "
         "but not in the last N days up to the range's end; N is --lapsed-days, 90 by default), enrolments per period, and what "
         "the programme gave: milestone steps, actions and trigger firings in the range, by status.")
def _customers(period: Period) -> Report:
    chosen = report_days.tills(period)
    per = {b: 0 for b in buckets(period)}
    if chosen is None:  # enrolments belong to no till
        for (day, _m), total in report_days.day_sums(period.start, period.end, "enrol", None).items():
            per[bucket(day, period.grain)] += total.count
    enrolments = Table("per_period", "New customers", (Column("period", "Period", "date"), Column("new_customers", "New customers", "int")),
                       tuple(per.items()), Chart("line", "period", ("new_customers",)))
    programme = Table("programme", "Milestones, actions and triggers",
                      (Column("what", "What", "text"), Column("name", "Name", "text"), Column("status", "Status", "text"),
                       Column("count", "Count", "int"), Column("points", "Points", "points")),
                      _programme(period) if chosen is None else (), Chart("bar", "name", ("count",)))
    figures = (Figure("new_customers", "New customers", sum(per.values()), "int"),
               Figure("active_customers", "Active customers", report_days.customers(period.start, period.end, chosen), "int"),
               Figure("lapsed_customers", f"Lapsed (no order in {period.lapsed_days} days)",
                      report_days.lapsed(period.end, period.lapsed_days, chosen), "int"))
    return Report(_info("customers"), period, figures, (enrolments, programme))


def _programme(period: Period) -> tuple[tuple[Any, ...], ...]:
    """Milestone steps reached (by status now), actions recorded and trigger firings, in range."""
    low, high = bounds(period)
    database = db.obj
    p = database.param
    rows: list[tuple[Any, ...]] = []
    for what, sql in (
        ("milestone", f"SELECT rule_id, status, COUNT(*), SUM(points) FROM milestone_award WHERE awarded_at >= {p} AND awarded_at < {p} GROUP BY 1, 2"),
        ("action", f"SELECT action_id, kind, COUNT(*), SUM(points) FROM activity WHERE \"at\" >= {p} AND \"at\" < {p} GROUP BY 1, 2"),
        ("trigger", f"SELECT trigger_name, status, COUNT(*), SUM(points) FROM trigger_log WHERE \"at\" >= {p} AND \"at\" < {p} GROUP BY 1, 2"),
    ):
        rows += [(what, name, status, int(n), int(pts or 0)) for name, status, n, pts in database.execute_sql(sql, (low, high)).fetchall()]
    return tuple(sorted(rows))


# -- tiers and top customers ----------------------------------------------------------------


@_report("tiers", "Tiers and top customers",
         "How many customers are in each tier at the range's end (by the active rules' tiers, over each tier's period), and the "
         "customers who spent most (net of refunds) and earned most points (orders and actions) in the range. Covers every till.")
def _tiers(period: Period) -> Report:
    rules = _rules()
    tiers = list(rules.tiers) if rules is not None else []
    distribution, spend, points = _customer_pass(tiers, period)
    shares = Table("tiers", "Customers per tier", (Column("tier", "Tier", "text"), Column("customers", "Customers", "int")),
                   tuple(distribution), Chart("pie", "tier", ("customers",)))
    top_spend = Table("top_spend", "Top customers by spend",
                      (Column("customer", "Customer", "text"), Column("orders", "Orders", "int"), Column("spent", "Spent", "money")), spend,
                      Chart("bar", "customer", ("spent",)))
    top_points = Table("top_points", "Top customers by points earned",
                       (Column("customer", "Customer", "text"), Column("points", "Points earned", "points")), points,
                       Chart("bar", "customer", ("points",)))
    return Report(_info("tiers"), period, (), (shares, top_spend, top_points))


def _customers_by(end: dt.date) -> int:
    database = db.obj
    (n,) = database.execute_sql(f"SELECT COUNT(*) FROM customer WHERE created_at < {database.param}",
                                (dt.datetime.combine(end + dt.timedelta(days=1), dt.time()),)).fetchone()
    return int(n)


def _customer_pass(tiers: list[Any], period: Period) -> tuple[list[tuple[str, int]], tuple[tuple[Any, ...], ...], tuple[tuple[Any, ...], ...]]:
    """Customers per tier at the end of the range, and the top customers by spend and points in
    it, from each customer's days (`report_customers`: the running counters as differences). A
    tier is resolved as a card's is (`domain.tiers.resolve_tier`): the last tier in the rules'
    order whose orders or spend threshold is met in its period up to that day; a tier with
    neither is everybody's — so is a customer who reaches no threshold."""
    end = period.end
    counts = report_customers.tier_counts(tiers, end)
    spent = report_customers.top("spent", period.start, end, TOP)
    earned = [(c, v) for c, _o, v in report_customers.top("points", period.start, end, TOP)]
    quiet = _customers_by(end) - sum(counts.values())  # no threshold reached in any window: an entry tier
    entry = next((i for i in range(len(tiers) - 1, -1, -1) if tiers[i].min_orders == 0 and tiers[i].min_spent == 0), -1)
    counts[entry] = counts.get(entry, 0) + quiet
    distribution = [(t.name, counts.get(i, 0)) for i, t in enumerate(tiers)]
    if counts.get(-1):
        distribution.append(("(no tier)", counts[-1]))
    names = _names({c for c, _o, _v in spent} | {c for c, _v in earned})
    rules = _rules()
    return (distribution, tuple((names.get(c, str(c)), o, _money(money_from_db(v), rules)) for c, o, v in spent),
            tuple((names.get(c, str(c)), v) for c, v in earned))


def _names(ids: set[int]) -> dict[int, str]:
    if not ids:
        return {}
    database = db.obj
    marks = ", ".join([database.param] * len(ids))
    return {i: f"{name} (#{i})" for i, name in database.execute_sql(f"SELECT id, name FROM customer WHERE id IN ({marks})", list(ids)).fetchall()}


# -- orders ---------------------------------------------------------------------------------


@_report("orders", "Orders",
         "Orders with a loyalty card and without, the average basket (order total) of each, and refunds (count and amount, by "
         "the refund's day) per period.")
def _orders(period: Period) -> Report:
    chosen = report_days.tills(period)
    zero = Decimal(0)
    per = {b: {"card": [0, zero], "nocard": [0, zero], "refund": [0, zero]} for b in buckets(period)}
    for prefix, key in (("order_card", "card"), ("order_nocard", "nocard"), ("refund", "refund")):
        for (day, measure), total in report_days.day_sums(period.start, period.end, prefix, chosen).items():
            if measure == prefix:
                cell = per[bucket(day, period.grain)][key]
                cell[0] += total.count
                cell[1] += total.amount
    rules = _rules()
    currency = rules.settings.currency if rules is not None else "EUR"

    def average(cell: list[Any]) -> Decimal | None:
        return round_money(cell[1] / cell[0], currency) if cell[0] else None

    rows = tuple((b, v["card"][0], v["nocard"][0], average(v["card"]), average(v["nocard"]), v["refund"][0], _money(v["refund"][1], rules))
                 for b, v in per.items())
    table = Table("per_period", "Orders per period",
                  (Column("period", "Period", "date"), Column("orders_card", "Orders with a card", "int"),
                   Column("orders_nocard", "Orders without", "int"), Column("basket_card", "Average basket with a card", "money"),
                   Column("basket_nocard", "Average basket without", "money"), Column("refunds", "Refunds", "int"),
                   Column("refunded", "Amount refunded", "money")),
                  rows, Chart("line", "period", ("orders_card", "orders_nocard")))
    totals = {k: [sum(v[k][0] for v in per.values()), sum((v[k][1] for v in per.values()), zero)] for k in ("card", "nocard", "refund")}
    figures = (Figure("orders_card", "Orders with a card", totals["card"][0], "int"),
               Figure("orders_nocard", "Orders without a card", totals["nocard"][0], "int"),
               Figure("card_share", "Share of orders with a card", _percent(totals["card"][0], totals["card"][0] + totals["nocard"][0]), "percent"),
               Figure("basket_card", "Average basket with a card", average(totals["card"]), "money"),
               Figure("basket_nocard", "Average basket without a card", average(totals["nocard"]), "money"),
               Figure("refunds", "Refunds", totals["refund"][0], "int"),
               Figure("refunded", "Amount refunded", _money(totals["refund"][1], rules), "money"))
    return Report(_info("orders"), period, figures, (table,))
