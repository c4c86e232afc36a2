"""Milestones (seed 001), pure: a customer's figure for a rule's kind → the steps newly reached,
the awarded steps a refund took the customer back below, and the progress line a manager reads.

A step is paid once per customer: `evaluate` is told which steps are currently awarded
(`live`) and never reaches them again; a step reversed by a refund is no longer live, so
reaching it again pays it again. Steps are reached only while the rule is live at the event's
moment; a reversal applies whenever the figure drops below a paid step (a refund may come
after the rule ended).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal
from functools import lru_cache
from typing import Any, Iterable

from ..formats import count, points
from .money import display_money

WHOLE_KINDS = ("orders", "points_earned", "reviews", "inactivity")
HIDDEN_KINDS = ("inactivity",)  # evaluated by the daily job; never shown to customers
_UNITS = {"orders": ("order", "orders"), "points_earned": ("point earned", "points earned"), "reviews": ("review", "reviews"),
          "inactivity": ("day without an order", "days without an order")}


@lru_cache(maxsize=4096)
def step_key(requirement: Decimal) -> str:
    """A step's requirement as stored on its award (`milestone_award.requirement`): ``5``, ``250.5``.
    Kept per value: every sale asks it of every step of every rule (equal amounts, ``5`` and
    ``5.0``, have the same key)."""
    return format(requirement.normalize(), "f")


def figure_window(rule: Any, moment: dt.datetime) -> tuple[dt.date | None, dt.date]:
    """The days a rule's figure counts: from its start (None: the beginning) to the moment's
    day, or the rule's end if that is earlier."""
    last = moment.date() if rule.ends is None else min(moment.date(), rule.ends)
    return rule.starts, last


@dataclass(frozen=True)
class Evaluation:
    reached: tuple[Any, ...]  # steps newly reached (the rule's step objects), lowest first
    to_reverse: tuple[str, ...]  # step keys of live awards the figure is now below


def evaluate(rule: Any, figure: Decimal, live: Iterable[str], moment: dt.datetime) -> Evaluation:
    """What changes for one customer and one rule at `moment`, given their `figure` for the
    rule's kind within its dates and the step keys currently awarded to them."""
    awarded = set(live)
    is_live = rule.live_on(moment.date())
    keyed = [(s, step_key(s.requirement)) for s in rule.steps]
    reached = tuple(s for s, key in keyed if is_live and figure >= s.requirement and key not in awarded)
    to_reverse = tuple(key for s, key in keyed if key in awarded and figure < s.requirement)
    return Evaluation(reached, to_reverse)


def amount_text(kind: str, value: Decimal, currency: str) -> str:
    """A requirement or figure as people read it: ``20 orders``, ``€250.00 spent``, ``30 days without an order``."""
    if kind == "amount_spent":
        return f"{display_money(value, currency)} spent"
    one, many = _UNITS[kind]
    return count(int(value), one, many)


def gift_text(step: Any, bundle: Any) -> str:
    """What a step gives: ``500 points`` or ``a free T-shirt`` (the product reward's product name)."""
    if step.points is not None:
        return points(step.points)
    reward = bundle.reward(step.reward_id)
    return f"a free {reward.product_name if reward is not None else step.reward_id}"


def progress_text(rule: Any, figure: Decimal, bundle: Any) -> str:
    """``7 of 20 orders — next: 500 points``; ``all 3 steps reached`` past the last one."""
    currency = bundle.settings.currency
    nxt = next((s for s in rule.steps if figure < s.requirement), None)
    if nxt is None:
        return f"{rule.name}: {amount_text(rule.kind, figure, currency)} — every step reached"
    if rule.kind == "amount_spent":
        have = f"{display_money(figure, currency)} of {display_money(nxt.requirement, currency)} spent"
    else:
        one, many = _UNITS[rule.kind]
        have = f"{int(figure):,} of {count(int(nxt.requirement), one, many)}"
    return f"{rule.name}: {have} — next: {gift_text(nxt, bundle)}"
