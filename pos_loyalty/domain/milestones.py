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
import re
from dataclasses import dataclass
from decimal import Decimal
from functools import lru_cache
from typing import Any, Iterable

from ..formats import count, number, points
from .money import MoneyStyle, display_money, read_display_money

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


@dataclass(frozen=True)
class MilestoneWords:
    """How a milestone's figures and steps read. English here (the CLI, the log and the notes
    stored with an award always use these); the desktop app builds its language's from its
    translations (ui/programme_texts.py) for the milestone panel and the loyalty slip. The
    units are (one, many) pairs per kind; `count` picks one by the number."""

    units: tuple[tuple[str, str, str], ...] = tuple((kind, *_UNITS[kind]) for kind in _UNITS)  # (kind, one, many)
    spent: str = "{amount} spent"
    of_count: str = "{have} of {need}"  # 7 of 20 orders
    of_spent: str = "{have} of {need} spent"
    next_step: str = "{rule}: {have} — next: {gift}"
    every_step: str = "{rule}: {amount} — every step reached"
    free_product: str = "a free {product}"
    step: str = "{rule} — {amount}"  # a step reached: Order milestones — 5 orders
    with_coupon: str = "{gift} (coupon {code})"  # a free product reached, and the coupon that gives it

    def unit(self, kind: str) -> tuple[str, str]:
        for name, one, many in self.units:
            if name == kind:
                return one, many
        return _UNITS[kind]


ENGLISH = MilestoneWords()


def amount_text(kind: str, value: Decimal, currency: str, words: MilestoneWords = ENGLISH) -> str:
    """A requirement or figure as people read it: ``20 orders``, ``€250.00 spent``, ``30 days without an order``.
    In English words it is English throughout (``1,000 orders``, ``€1,250.00``) whatever the
    app's language: the notes stored with an award are written so, and read back by
    `read_amount_text` to be shown in another."""
    english = words is ENGLISH
    if kind == "amount_spent":
        return words.spent.format(amount=display_money(value, currency, MoneyStyle() if english else None))
    one, many = words.unit(kind)
    if english:
        return f"{int(value):,} {one if abs(int(value)) == 1 else many}"
    return count(int(value), one, many)


def read_amount_text(text: str) -> tuple[str, Decimal, str] | None:
    """(kind, value, currency) of an English `amount_text` (``5 orders``, ``€250.00 spent``;
    currency "" for a count), or None: the notes stored with an award are English, and a
    screen in another language shows them rebuilt in its own words."""
    if text.endswith(" spent"):
        money = read_display_money(text[: -len(" spent")])
        return ("amount_spent", money[0], money[1]) if money is not None else None
    figure, _, unit = text.partition(" ")
    if not re.fullmatch(r"\d{1,3}(?:,\d{3})*", figure):
        return None
    for kind, (one, many) in _UNITS.items():
        if unit in (one, many):
            return kind, Decimal(figure.replace(",", "")), ""
    return None


def gift_words(step_points: int | None, product: str, words: MilestoneWords = ENGLISH) -> str:
    """What a step gives: ``500 points``, or ``a free T-shirt`` for a product reward's `product`."""
    if step_points is not None:
        return points(step_points)
    return words.free_product.format(product=product)


def gift_text(step: Any, bundle: Any, words: MilestoneWords = ENGLISH) -> str:
    """What a step gives: ``500 points`` or ``a free T-shirt`` (the product reward's product name)."""
    return gift_words(step.points, step_product(step, bundle), words)


def step_product(step: Any, bundle: Any) -> str:
    """The product a step that gives one names (its reward's product, else the reward's id); empty for points."""
    if step.points is not None:
        return ""
    reward = bundle.reward(step.reward_id)
    return reward.product_name if reward is not None else step.reward_id


def progress_line(rule_name: str, kind: str, figure: Decimal, need: Decimal | None, gift: str, currency: str,
                  words: MilestoneWords = ENGLISH) -> str:
    """A rule's progress from its facts: ``Order milestones: 7 of 20 orders — next: 500 points``
    (`need`: the next step's requirement, `gift` what it gives, as `gift_words` writes it), or
    ``Order milestones: 30 orders — every step reached`` when `need` is None."""
    if need is None:
        return words.every_step.format(rule=rule_name, amount=amount_text(kind, figure, currency, words))
    if kind == "amount_spent":
        have = words.of_spent.format(have=display_money(figure, currency), need=display_money(need, currency))
    else:
        one, many = words.unit(kind)
        have = words.of_count.format(have=number(int(figure)), need=count(int(need), one, many))
    return words.next_step.format(rule=rule_name, have=have, gift=gift)


def reached_line(rule_name: str, kind: str, requirement: Decimal, currency: str, step_points: int | None, product: str,
                 coupon: str | None, words: MilestoneWords = ENGLISH) -> str:
    """A step just reached, as the till says it: ``Order milestones — 5 orders: +100 points``,
    or ``Order milestones — 30 orders: a free T-shirt (coupon K7Q2…)``."""
    step = words.step.format(rule=rule_name, amount=amount_text(kind, requirement, currency, words))
    if step_points is not None:
        return f"{step}: {points(step_points, signed=True)}"
    return f"{step}: {words.with_coupon.format(gift=gift_words(None, product, words), code=coupon)}"


def progress_text(rule: Any, figure: Decimal, bundle: Any) -> str:
    """``7 of 20 orders — next: 500 points``; ``every step reached`` past the last one (English)."""
    nxt = next((s for s in rule.steps if figure < s.requirement), None)
    gift = gift_text(nxt, bundle) if nxt is not None else ""
    return progress_line(rule.name, rule.kind, figure, nxt.requirement if nxt is not None else None, gift, bundle.settings.currency)
