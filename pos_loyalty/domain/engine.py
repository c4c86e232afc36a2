"""The loyalty engine: order + card state + rules → a quote.

Shapes follow django-oscar's offers (a condition decides, a benefit computes, results
are small value objects) but nothing here touches a database, so every rule is tested
directly. The quote says what the order earns (one explanation line per rule), which
rewards the customer can take now, and the totals after the rewards the cashier chose.

Order of work, which the README also documents:
1. line totals (rounded once each) and the subtotal;
2. the chosen rewards, in the order chosen, each on what is left to pay;
3. totals (never below zero);
4. points earned, on the eligible items only (seed 003's table for mixed orders).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import ROUND_FLOOR, ROUND_HALF_UP, Decimal
from typing import TYPE_CHECKING, Mapping

from .errors import ValidationError
from .ledger import already_expired
from .money import ZERO, floor_points, prorate, quantum, round_money
from .order import Order, OrderLine, RewardChoice
from .trusted_rules import Node, ScopeIndex

if TYPE_CHECKING:  # the engine reads a validated bundle or its trusted copy (trusted_rules.py) alike
    from .rules import DiscountReward, EarningRule, PointsReward, RulesBundle

HUNDRED = Decimal(100)


@dataclass(frozen=True)
class CardState:
    """What the engine needs to know about the card and its customer."""

    status: str = "active"
    balance: int = 0
    tier: str | None = None
    tier_multiplier: Decimal = Decimal(1)
    orders_count: int = 0
    last_earned: Mapping[str, dt.datetime] = field(default_factory=dict)


@dataclass(frozen=True, init=False)
class Earning:
    rule_id: str
    rule_name: str
    points: int
    base: Decimal
    explanation: str
    # Snapshot used to reverse the points exactly on a refund.
    mode: str = "per_amount"
    effective_points: Decimal = Decimal(0)
    order_amount: Decimal = ZERO
    minimum_order: Decimal = ZERO
    eligible_lines: tuple[int, ...] = ()

    def __init__(self, rule_id: str, rule_name: str, points: int, base: Decimal, explanation: str, mode: str = "per_amount",
                 effective_points: Decimal = Decimal(0), order_amount: Decimal = ZERO, minimum_order: Decimal = ZERO,
                 eligible_lines: tuple[int, ...] = ()) -> None:
        # The dataclass's own __init__, with the same fields: a quote builds one per earning rule
        # (30 at every commit), and filling the instance's dict at once costs a fraction of the ten
        # object.__setattr__ calls a frozen dataclass makes. Still frozen: attributes cannot be set.
        self.__dict__.update(rule_id=rule_id, rule_name=rule_name, points=points, base=base, explanation=explanation, mode=mode,
                             effective_points=effective_points, order_amount=order_amount, minimum_order=minimum_order,
                             eligible_lines=eligible_lines)


@dataclass(frozen=True)
class FreeLine:
    sku: str
    name: str
    value: Decimal
    reward_id: str


@dataclass(frozen=True)
class AppliedReward:
    reward_id: str
    name: str
    kind: str
    points_cost: int
    money_off: Decimal
    explanation: str
    coupon: str | None = None
    free_line: FreeLine | None = None
    shipping_off: Decimal = ZERO


@dataclass(frozen=True)
class RewardOption:
    reward_id: str
    name: str
    kind: str
    points_cost: int
    effect: str
    available: bool
    reason: str = ""
    money_off: Decimal = ZERO


@dataclass(frozen=True)
class Quote:
    currency: str
    subtotal: Decimal
    discount: Decimal
    rewards_off: Decimal
    tax: Decimal
    shipping: Decimal
    shipping_off: Decimal
    total: Decimal
    points_earned: int
    earnings: tuple[Earning, ...]
    points_spent: int
    applied: tuple[AppliedReward, ...]
    options: tuple[RewardOption, ...]
    balance_before: int
    balance_after: int
    line_totals: tuple[Decimal, ...]

    @property
    def free_lines(self) -> tuple[FreeLine, ...]:
        return tuple(a.free_line for a in self.applied if a.free_line)


def same_period(frequency: str, last: dt.datetime, now: dt.datetime) -> bool:
    """Whether `last` falls in the same calendar period as `now` for a frequency limit."""
    if frequency == "daily":
        return last.date() == now.date()
    if frequency == "weekly":
        return last.isocalendar()[:2] == now.isocalendar()[:2]
    if frequency == "monthly":
        return (last.year, last.month) == (now.year, now.month)
    if frequency == "yearly":
        return last.year == now.year
    return False


class _Basket:
    """Running state while rewards are applied: what is left to pay, per line and overall."""

    def __init__(self, order: Order, currency: str) -> None:
        self.currency = currency
        unit = quantum(currency)  # `OrderLine.total` (`round_money`) of every line, without two calls per line
        self.line_totals = [(line.unit_price * line.quantity).quantize(unit, rounding=ROUND_HALF_UP) for line in order.lines]
        self.subtotal = sum(self.line_totals, ZERO)  # the line totals never change: summed once
        self.line_off = [ZERO] * len(order.lines)  # product-specific reward discounts
        self.lines_off = ZERO  # their sum, kept as they are taken (`take_from_sku`)
        self.order_off = min(order.discount, self.subtotal)  # manual + order rewards
        self.manual_discount = self.order_off
        self.shipping = order.shipping
        self.shipping_off = ZERO

    @property
    def goods_left(self) -> Decimal:
        return max(ZERO, self.subtotal - self.lines_off - self.order_off)

    @property
    def shipping_left(self) -> Decimal:
        return max(ZERO, self.shipping - self.shipping_off)

    def line_left(self, index: int) -> Decimal:
        return max(ZERO, self.line_totals[index] - self.line_off[index])

    def take_from_sku(self, sku: str, lines: tuple[OrderLine, ...], amount: Decimal) -> Decimal:
        """Take up to `amount` off the lines of `sku` (never below zero); returns what was taken."""
        taken = ZERO
        for index, line in enumerate(lines):
            if line.sku != sku or taken >= amount:
                continue
            # The order-level discount may already cover part of the goods; never go below zero overall.
            step = min(amount - taken, self.line_left(index), self.goods_left)
            self.line_off[index] += step
            self.lines_off += step
            taken += step
        return taken


class _RulePlan:
    """What an earning rule's terms alone decide, worked out once per bundle: the texts of its
    fixed explanations (and the `Earning`s that carry nothing else — frozen, so one object
    serves every quote), its minimum as text, the constant parts of its explanation."""

    __slots__ = ("rule", "name", "mode", "minimum", "frequency", "first_order", "everything", "points", "per_amount",
                 "not_first", "already", "minimum_text", "no_items", "per_text", "fixed_text")

    def __init__(self, rule: EarningRule, currency: str) -> None:
        self.rule = rule
        self.name = name = rule.name
        self.mode = mode = rule.mode
        self.minimum = minimum = rule.minimum_order
        self.frequency = frequency = rule.frequency
        self.first_order = frequency == "first_order"
        self.everything = rule.applies_to.kind == "all"
        self.points = rule.points
        self.per_amount = rule.per_amount
        self.not_first = Earning(rule.id, name, 0, ZERO, f"{name}: first order only — not the first order", mode=mode, minimum_order=minimum)
        self.already = Earning(rule.id, name, 0, ZERO, f"{name}: already earned this {frequency.removesuffix('ly').replace('dai', 'day')}",
                               mode=mode, minimum_order=minimum)
        self.minimum_text = str(round_money(minimum, currency))
        self.no_items = f"{name}: no eligible items"
        self.per_text = f" × {rule.points!s} per {rule.per_amount!s}"
        self.fixed_text = f"{name}: {rule.points!s} per order"


_PLANS: dict[int, tuple[RulesBundle, list[_RulePlan], dt.date | None, list[_RulePlan], ScopeIndex | None]] = {}


def _live_plans(rules: RulesBundle, today: dt.date) -> tuple[list[_RulePlan], ScopeIndex]:
    """The plans of the earning rules live on `today`, in the bundle's order, and what their
    scopes cover (`ScopeIndex`, by position in that list). Kept per bundle (and its day) only
    for the read-only bundle the services load (`trusted_rules`); a validated bundle can still
    be changed in place, so its plans are made for each quote."""
    if not isinstance(rules, Node):
        currency = rules.settings.currency
        live = [_RulePlan(rule, currency) for rule in rules.earning_rules if rule.live_on(today)]
        return live, ScopeIndex([plan.rule.applies_to for plan in live])
    entry = _PLANS.get(id(rules))
    if entry is None or entry[0] is not rules:
        if len(_PLANS) > 8:
            _PLANS.clear()
        currency = rules.settings.currency
        entry = (rules, [_RulePlan(rule, currency) for rule in rules.earning_rules], None, [], None)
    if entry[2] != today:
        live = [plan for plan in entry[1] if plan.rule.live_on(today)]
        entry = (entry[0], entry[1], today, live, ScopeIndex([plan.rule.applies_to for plan in live]))
    _PLANS[id(rules)] = entry
    return entry[3], entry[4]


class Engine:
    """Quotes orders against one rules bundle. Cheap to build; holds no state between quotes."""

    def __init__(self, rules: RulesBundle) -> None:
        self.rules = rules
        self.currency = rules.settings.currency

    # -- rewards ---------------------------------------------------------------------------

    def _condition_problem(self, reward, order: Order, card: CardState, basket: _Basket, today: dt.date) -> str:  # type: ignore[no-untyped-def]
        if not reward.live_on(today):
            return "not active today"
        cond = reward.conditions
        if cond.tiers and card.tier not in cond.tiers:
            return f"only for tier {', '.join(cond.tiers)}"
        if basket.goods_left < cond.minimum_order:
            return f"needs an order of at least {round_money(cond.minimum_order, self.currency)}"
        # the order's SKUs, unless nothing asks (paying with points, the common reward, asks none)
        skus = {line.sku for line in order.lines} if cond.required_skus or reward.type != "points" else set()
        missing = [s for s in cond.required_skus if s not in skus]
        if missing:
            return f"needs {', '.join(missing)} in the order"
        if reward.type == "discount" and reward.apply_to == "product" and reward.sku not in skus:
            return f"needs {reward.sku} in the order"
        if reward.type == "discount" and reward.apply_to == "shipping" and basket.shipping_left == 0:
            return "no shipping to discount"
        if reward.type == "product" and reward.mode == "replace" and reward.replaces_sku not in skus:
            return f"needs {reward.replaces_sku} in the order to replace"
        if reward.type == "points" and basket.goods_left == 0:
            return "nothing left to pay"
        return ""

    def _discount_amount(self, reward: DiscountReward, order: Order, basket: _Basket) -> Decimal:
        if reward.apply_to == "order":
            room = basket.goods_left
        elif reward.apply_to == "shipping":
            room = basket.shipping_left
        else:
            room = min(basket.goods_left, sum((basket.line_left(i) for i, l in enumerate(order.lines) if l.sku == reward.sku), ZERO))
        if reward.discount == "percent":
            amount = round_money(room * reward.value / HUNDRED, self.currency)
        else:
            amount = round_money(min(reward.value, room), self.currency)
        if reward.max_amount is not None:
            amount = min(amount, round_money(reward.max_amount, self.currency))
        return amount

    def _points_for(self, reward: PointsReward, requested: int | None, spendable: int, basket: _Basket, where: str) -> tuple[int, Decimal]:
        most_useful = floor_points(basket.goods_left / reward.conversion_factor)
        limit = min(spendable, most_useful, reward.max_points or spendable)
        if requested is None:
            points = limit
            if points < reward.min_points:
                raise ValidationError(f"{where}.points", f"needs at least {reward.min_points} points; {limit} can be used")
        else:
            points = requested
            if points < reward.min_points:
                raise ValidationError(f"{where}.points", f"at least {reward.min_points} points must be used")
            if reward.max_points is not None and points > reward.max_points:
                raise ValidationError(f"{where}.points", f"at most {reward.max_points} points can be used")
            if points > spendable:
                raise ValidationError(f"{where}.points", f"{points} points asked but only {spendable} available")
            if points > most_useful:
                raise ValidationError(
                    f"{where}.points",
                    f"{points} points are worth more than the {round_money(basket.goods_left, self.currency)} left to pay; use at most {most_useful}",
                )
        return points, round_money(points * reward.conversion_factor, self.currency)

    def _apply(self, choice: RewardChoice, where: str, order: Order, card: CardState, basket: _Basket, spendable: int, today: dt.date) -> AppliedReward:
        reward = self.rules.reward(choice.reward_id)
        if reward is None:
            raise ValidationError(f"{where}.id", f"no reward '{choice.reward_id}' in the active rules")
        problem = self._condition_problem(reward, order, card, basket, today)
        if problem:
            raise ValidationError(where, f"{reward.name}: {problem}")
        if reward.type == "points":
            if choice.coupon:
                raise ValidationError(f"{where}.coupon", "a points reward cannot be paid by a coupon")
            points, money = self._points_for(reward, choice.points, spendable, basket, where)
            basket.order_off += money
            return AppliedReward(reward.id, reward.name, "points", points, money, f"{points} points × {reward.conversion_factor} = {money} off")
        if choice.points is not None:
            raise ValidationError(f"{where}.points", "only points rewards take a number of points")
        cost = 0 if choice.coupon else reward.points_cost
        if cost > spendable:
            raise ValidationError(where, f"{reward.name} costs {cost} points; only {spendable} available")
        if reward.type == "discount":
            amount = self._discount_amount(reward, order, basket)
            if reward.apply_to == "shipping":
                basket.shipping_off += amount
                return AppliedReward(reward.id, reward.name, "discount", cost, ZERO, f"{amount} off shipping", choice.coupon, shipping_off=amount)
            if reward.apply_to == "product":
                amount = basket.take_from_sku(reward.sku or "", order.lines, amount)
                return AppliedReward(reward.id, reward.name, "discount", cost, amount, f"{amount} off {reward.sku}", choice.coupon)
            basket.order_off += amount
            return AppliedReward(reward.id, reward.name, "discount", cost, amount, f"{amount} off the order", choice.coupon)
        free = FreeLine(reward.sku, reward.product_name, round_money(reward.value, self.currency), reward.id)
        if reward.mode == "replace":
            unit = next(l.unit_price for l in order.lines if l.sku == reward.replaces_sku)
            amount = basket.take_from_sku(reward.replaces_sku or "", order.lines, round_money(unit, self.currency))
            return AppliedReward(reward.id, reward.name, "product", cost, amount, f"{reward.product_name} replaces one {reward.replaces_sku} ({amount} off)", choice.coupon, free)
        return AppliedReward(reward.id, reward.name, "product", cost, ZERO, f"free {reward.product_name} (worth {round_money(free.value, self.currency)} {self.currency})", choice.coupon, free)

    def _options(self, order: Order, card: CardState, basket: _Basket, spendable: int, used: set[str], today: dt.date) -> list[RewardOption]:
        options = []
        for reward in self.rules.rewards:
            if not reward.live_on(today):
                continue
            problem = "already applied" if reward.id in used else self._condition_problem(reward, order, card, basket, today)
            cost = reward.points_cost
            money = ZERO
            if reward.type == "points":
                usable = min(spendable, floor_points(basket.goods_left / reward.conversion_factor), reward.max_points or spendable)
                money = round_money(usable * reward.conversion_factor, self.currency)
                effect = f"{reward.conversion_factor} per point; up to {money} off now"
                if not problem and usable < reward.min_points:
                    problem = f"needs {reward.min_points} points"
            elif reward.type == "discount":
                value = f"{reward.value}%" if reward.discount == "percent" else f"{round_money(reward.value, self.currency)}"
                target = {"order": "the order", "shipping": "shipping", "product": reward.sku}[reward.apply_to]
                cap = f" (max {round_money(reward.max_amount, self.currency)})" if reward.max_amount else ""
                effect = f"{value} off {target}{cap}"
                if not problem:
                    money = self._discount_amount(reward, order, basket)
            else:
                effect = (f"free {reward.product_name}" if reward.mode == "add" else f"{reward.product_name} instead of {reward.replaces_sku}")
                money = round_money(reward.value, self.currency)
            if not problem and cost > spendable:
                problem = f"needs {cost} points; {spendable} available"
            options.append(RewardOption(reward.id, reward.name, reward.type, cost, effect, not problem, problem, money))
        return options

    # -- earning ---------------------------------------------------------------------------

    def _amount(self, indexes: tuple[int, ...], order: Order, basket: _Basket, left: tuple[Decimal, ...], whole_left: Decimal) -> Decimal:
        """The order total used for points over these lines (seed 003: eligible items only)."""
        includes = self.rules.settings.points_total_includes
        cur = self.currency
        # A share of nothing is nothing: no discount, tax or shipping is prorated when there is
        # none (most sales; the same figure, `max` below returns ZERO for any zero).
        if includes.discounts:
            goods = whole_left if len(indexes) == len(left) else sum((left[i] for i in indexes), ZERO)
            whole = whole_left
            value = goods - prorate(basket.order_off, goods, whole, cur) if basket.order_off else goods
        else:
            goods = sum((basket.line_totals[i] for i in indexes), ZERO)
            whole = basket.subtotal
            value = goods
        if includes.taxes and order.tax:
            value += prorate(order.tax, goods, whole, cur)
        if includes.shipping:
            shipping = basket.shipping_left if includes.discounts else order.shipping
            if shipping:
                value += prorate(shipping, goods, whole, cur)
        return max(ZERO, value)

    def _earnings(self, order: Order, card: CardState, basket: _Basket, now: dt.datetime) -> list[Earning]:
        """One `Earning` per rule live today, in the bundle's order. Everything that is the same for
        every rule is worked out once per quote: what is left to pay on each line and its sum, the
        amount of the whole order, the lines each rule covers (`ScopeIndex`, one walk of the lines), the eligible
        amount of each distinct set of lines (most rules share one: all lines, or one collection),
        the rounded texts and the tier note (numbers written with `!s`: the same text as a plain
        `{}`, whose Decimal formatting costs three times as much). A commit prices 30 rules over 30 lines; walking the
        lines per rule cost more than the order's database writes (tests/test_engine_earnings.py
        checks this against the plain per-rule walk)."""
        cur = self.currency
        count = len(order.lines)
        if basket.lines_off:  # `line_left` of each line; the basket no longer changes
            left = tuple([max(ZERO, total - off) for total, off in zip(basket.line_totals, basket.line_off)])
            whole_left = sum(left, ZERO)
        else:  # no product discount: what is left of each line is its total
            left, whole_left = tuple(basket.line_totals), basket.subtotal
        everything = tuple(range(count))
        order_amount = self._amount(everything, order, basket, left, whole_left)
        bases: dict[tuple[int, ...], tuple[Decimal, str]] = {}  # eligible lines -> (amount, its rounded text)
        today = now.date()
        plans, scopes = _live_plans(self.rules, today)
        covered: list[list[int]] | None = None  # per plan, the lines its scope covers (`ScopeIndex`)
        multiplier = card.tier_multiplier
        tier_note = f" × {multiplier!s} ({card.tier})" if multiplier != 1 else ""
        first_order_done = card.orders_count > 0
        last_earned = card.last_earned
        order_text = ""
        earnings: list[Earning] = []
        append = earnings.append
        for position, plan in enumerate(plans):
            rule = plan.rule
            if plan.first_order and first_order_done:  # a rule that does not apply still reports its own terms
                append(plan.not_first)
                continue
            last = last_earned.get(rule.id) if last_earned else None
            if last is not None and same_period(plan.frequency, last, now):
                append(plan.already)
                continue
            mode, minimum = plan.mode, plan.minimum
            if plan.everything:
                eligible = everything
            else:
                if covered is None:
                    covered = scopes.covered(order.lines)
                eligible = tuple(covered[position])
            effective = plan.points * multiplier
            if order_amount < minimum:
                if not order_text:
                    order_text = str(round_money(order_amount, cur))
                append(Earning(rule.id, plan.name, 0, order_amount, f"{plan.name}: order {order_text} is below the minimum {plan.minimum_text}",
                               mode, effective, order_amount, minimum, eligible))
                continue
            if not eligible:
                append(Earning(rule.id, plan.name, 0, ZERO, plan.no_items, mode, effective, order_amount, minimum, ()))
                continue
            found = bases.get(eligible)
            if found is None:
                amount = order_amount if len(eligible) == count else self._amount(eligible, order, basket, left, whole_left)
                found = bases[eligible] = (amount, str(round_money(amount, cur)))
            base = found[0]
            if mode == "per_amount":
                steps = int((base / plan.per_amount).to_integral_value(rounding=ROUND_FLOOR))  # `floor_points`, inline
                points = int((steps * effective).to_integral_value(rounding=ROUND_FLOOR))
                text = f"{plan.name}: {found[1]} eligible → {steps!s}{plan.per_text}{tier_note} = {points!s}"
            else:
                share = base / order_amount if order_amount else Decimal(1)
                points = int((effective * share).to_integral_value(rounding=ROUND_FLOOR))
                share_note = "" if share == 1 else f" × {round_money(share * HUNDRED, cur)!s}% eligible"
                text = f"{plan.fixed_text}{share_note}{tier_note} = {points!s}"
            append(Earning(rule.id, plan.name, points, base, text, mode, effective, order_amount, minimum, eligible))
        return earnings

    # -- the quote -------------------------------------------------------------------------

    def quote(self, order: Order, card: CardState | None, chosen: tuple[RewardChoice, ...] = (), now: dt.datetime | None = None,
              options: bool = True) -> Quote:
        """Price the order for this card. Raises `ValidationError` for a reward that cannot apply.
        `options=False`: leave out the rewards the cashier could still add (`Quote.options`, a
        third of the pricing's time) — a commit prices what was chosen and offers nothing."""
        now = now or dt.datetime.now()
        today = now.date()
        card = card or CardState(status="none")
        if chosen and card.status != "active":
            raise ValidationError("rewards", f"the card is {card.status}; rewards cannot be used")
        basket = _Basket(order, self.currency)
        applied: list[AppliedReward] = []
        used: set[str] = set()
        spendable = max(0, card.balance)
        for index, choice in enumerate(chosen):
            where = f"rewards[{index}]"
            if choice.reward_id in used:
                raise ValidationError(where, f"'{choice.reward_id}' is already applied to this order")
            result = self._apply(choice, where, order, card, basket, spendable, today)
            spendable -= result.points_cost
            used.add(choice.reward_id)
            applied.append(result)

        earnings: list[Earning] = []
        settings = self.rules.settings
        if card.status == "active" and already_expired(now, settings.points_expire_after_days, settings.points_expire_on):
            # e.g. an offline sale replayed after the programme's fixed expiry date: points that
            # would be past their date the moment they land are not awarded at all.
            earnings.append(Earning("-", "-", 0, ZERO, f"points expired on {settings.points_expire_on}: none are earned"))
        elif card.status == "active":
            earnings = self._earnings(order, card, basket, now)
        elif card.status != "none":
            earnings.append(Earning("-", "-", 0, ZERO, f"card is {card.status}: no points are earned"))
        points_earned = sum(e.points for e in earnings)
        points_spent = sum(a.points_cost for a in applied)
        goods_left = basket.goods_left
        shipping_left = basket.shipping_left
        total = goods_left + order.tax + shipping_left
        subtotal = basket.subtotal
        cur = self.currency
        return Quote(
            currency=cur,
            subtotal=subtotal,
            discount=round_money(basket.manual_discount, cur),
            rewards_off=round_money(subtotal - basket.manual_discount - goods_left, cur),
            tax=round_money(order.tax, cur),
            shipping=round_money(order.shipping, cur),
            shipping_off=round_money(order.shipping - shipping_left, cur),
            total=round_money(total, cur),
            points_earned=points_earned,
            earnings=tuple(earnings),
            points_spent=points_spent,
            applied=tuple(applied),
            options=tuple(self._options(order, card, basket, spendable, used, today)) if options and card.status == "active" else (),
            balance_before=card.balance,
            balance_after=card.balance - points_spent + (points_earned if self.rules.settings.award_on == "paid" else 0),
            line_totals=tuple(basket.line_totals),
        )
