"""The problems of a refused rules bundle as data: where, the English shape of what is wrong
with its values ("must be at most {limit} characters"), and the input it got. The command line
prints `Problem.what` (the shape filled in, in English); the desktop app reads the same shape
and values through its translation (ui/programme_texts.py), so a problem reads the same in
every language without parsing English. Pydantic's errors are read by their `type` and `ctx`;
the bundle's own checks raise `refuse(shape, **values)` or build `problem(...)` directly. Pure:
no Qt.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from typing import Any, Mapping

from pydantic_core import PydanticCustomError

GOT = ", got {value}"  # added to most pydantic problems: the value the bundle had there
OWN_CHECK = "bundle_rule"  # the error type of `refuse`


@dataclass(frozen=True)
class Problem:
    """One problem: `where` (``rewards[2].points``), `shape` (English, with ``{name}``
    placeholders filled from `values`), `got` (the input as the bundle wrote it, or None) and,
    for a value that must be one of a few, the `choices` (``'paid'``, ``'fulfilled'``)."""

    where: str
    shape: str
    values: Mapping[str, str] = field(default_factory=dict)
    got: str | None = None
    choices: tuple[str, ...] = ()

    @property
    def what(self) -> str:
        """What is wrong, in English (the command line's words)."""
        text = self.shape.format(**self.values) if self.values else self.shape
        return text + (GOT.format(value=self.got) if self.got is not None else "")


def problem(where: str, shape: str, **values: object) -> Problem:
    """A problem found by the bundle's own checks; `shape` is one of `OWN_SHAPES`."""
    return Problem(where, shape, {k: str(v) for k, v in values.items()})


def refuse(shape: str, **values: object) -> PydanticCustomError:
    """What a model validator raises for a problem with values: pydantic reports it with its
    English text, and `from_pydantic` finds the shape and values again in its ctx."""
    context = {k: str(v) for k, v in values.items()}
    return PydanticCustomError(OWN_CHECK, shape, {**context, "shape": shape})


def shown(value: object) -> str:
    """A value as the bundle wrote it, short: ``"abc"``, ``12``, ``true``."""
    text = json.dumps(value, ensure_ascii=False, default=str) if not isinstance(value, str) else json.dumps(value, ensure_ascii=False)
    return text if len(text) <= 40 else text[:37] + "…"


# The bundle's own checks (domain/rules.py): every shape, so the app's translation lists them all.
OWN_SHAPES = (
    "'{code}' is not an ISO 4217 currency code (such as EUR, GBP, USD)",
    "skus is only used with kind 'products', not '{kind}'",
    "collections is only used with kind 'collections', not '{kind}'",
    "kind '{kind}' needs {needed}",
    "{measure} is not used by kind '{kind}' (it needs {needed})",
    "min_orders is only used with kind 'average_spent', not '{kind}'",
    "repeat_every is only used with kind 'bogo', not '{kind}'",
    "a sign_up action is given once, when the customer is enrolled: must be 'once', not '{frequency}'",
    "a birthday action is given once a year: must be 'yearly', not '{frequency}'",
    "is only used with kind 'birthday', not '{kind}'",
    "must be the number 1, got {value}",
    "'{ident}' is already the id of {key}[{first}]; each id must be different",
    "'{name}' is already the name of tiers[{first}]",
    "tier {label} needs min_orders or min_spent: only the first tier may have neither",
    "tier {label} needs {value} (orders) but {below} below it already needs {previous}: "
    "tiers are listed from the lowest, and each needs more than the ones before (thresholds strictly increase)",
    "tier {label} needs {value} (spend) but {below} below it already needs {previous}: "
    "tiers are listed from the lowest, and each needs more than the ones before (thresholds strictly increase)",
    "{day} is in the past: every point would expire at once",
    "'{kind}' is already the kind of actions[{first}]; only 'custom' actions may be more than one",
    "a free product needs a product reward: '{reward}' is a {type} reward",
    "a free product needs a product reward: there is no reward '{reward}'",
    "must be a whole number for kind '{kind}', got {value}",
    "must be higher than the previous step's {previous} (requirements strictly increase)",
    "'{reward}' is not the id of a reward in this bundle",
    "'{reward}' is a points reward (money off for points); a coupon needs a discount or product reward",
)

# Pydantic's error types as a store manager reads them: (shape, whether the input is added).
_NUMBER_SHAPES = {
    "greater_than": ("gt", "must be a whole number above {limit}", "must be a number above {limit}"),
    "greater_than_equal": ("ge", "must be a whole number of {limit} or more", "must be a number of {limit} or more"),
    "less_than": ("lt", "must be a whole number below {limit}", "must be a number below {limit}"),
    "less_than_equal": ("le", "must be a whole number of at most {limit}", "must be a number of at most {limit}"),
}
_AMOUNT = "must be an amount such as \"2.50\""
_WHOLE = "must be a whole number"
_TRUE_FALSE = "must be true or false"
_DATE = "must be a date such as \"2026-12-31\""
_OBJECT = "must be an object {...}"  # never formatted: it has no values
_SHAPES: dict[str, tuple[str, bool]] = {
    "missing": ("is required", False),
    "extra_forbidden": ("is not a known field here (a typo?)", False),
    "int_type": (_WHOLE, True), "int_parsing": (_WHOLE, True), "int_from_float": (_WHOLE, True),
    "decimal_type": (_AMOUNT, True), "decimal_parsing": (_AMOUNT, True),
    "decimal_max_places": ("may have at most {places} decimals", True),
    "decimal_max_digits": ("may have at most {digits} digits", True),
    "decimal_whole_digits": ("has too many digits before the point", True),
    "bool_type": (_TRUE_FALSE, True), "bool_parsing": (_TRUE_FALSE, True),
    "string_type": ("must be text", True),
    "string_too_long": ("must be at most {limit} characters", True),
    "literal_error": ("must be {expected}", True),
    "date_type": (_DATE, True), "date_parsing": (_DATE, True), "date_from_datetime_parsing": (_DATE, True),
    "too_long": ("has {count} items; at most {limit} are allowed", False),
    "list_type": ("must be a list [...]", True),
    "model_type": (_OBJECT, True), "dict_type": (_OBJECT, True), "model_attributes_type": (_OBJECT, True),
    "union_tag_invalid": ("type must be {expected}", True),
    "union_tag_not_found": ("needs a \"type\": 'points', 'discount' or 'product'", False),
}
PYDANTIC_SHAPES = tuple(sorted({shape for shape, _ in _SHAPES.values()} | {s for _, *shapes in _NUMBER_SHAPES.values() for s in shapes}
                               | {"is required (it cannot be empty)", "must be at least {limit} characters",
                                  "may only use letters A-Z, digits, '_', '.' and '-'", "has the wrong form"}))


def _choices(expected: str) -> tuple[str, ...]:
    """Pydantic's ``'paid' or 'fulfilled'`` / ``'a', 'b' or 'c'`` as its items (the app joins them in its language)."""
    items = tuple(part for part in re.split(r", | or ", expected) if part)
    return items if len(items) > 1 else ()


def from_pydantic(where: str, error: Mapping[str, Any]) -> Problem:
    """A pydantic error (an item of `ValidationError.errors()`) as a `Problem`."""
    kind, ctx = error["type"], error.get("ctx") or {}
    if kind == OWN_CHECK:
        values = {k: str(v) for k, v in ctx.items() if k != "shape"}
        return Problem(where, str(ctx["shape"]), values)
    got = shown(error["input"]) if "input" in error and kind not in ("missing", "value_error") else None
    if kind in _NUMBER_SHAPES:
        key, whole, number = _NUMBER_SHAPES[kind]
        limit = ctx.get(key)
        return Problem(where, whole if isinstance(limit, int) else number, {"limit": str(limit)}, got)
    if kind == "string_too_short":
        if ctx.get("min_length") == 1:
            return Problem(where, "is required (it cannot be empty)")
        return Problem(where, "must be at least {limit} characters", {"limit": str(ctx.get("min_length"))}, got)
    if kind == "string_pattern_mismatch":
        letters = "A-Za-z0-9_" in str(ctx.get("pattern"))
        return Problem(where, "may only use letters A-Z, digits, '_', '.' and '-'" if letters else "has the wrong form", {}, got)
    if kind not in _SHAPES:
        return Problem(where, str(error["msg"]).removeprefix("Value error, "))  # a validator's fixed message, or pydantic's own
    shape, with_input = _SHAPES[kind]
    values = {"places": ctx.get("decimal_places"), "digits": ctx.get("max_digits"), "limit": ctx.get("max_length"),
              "count": ctx.get("actual_length"), "expected": ctx.get("expected", ctx.get("expected_tags", "points, discount or product"))}
    used = {k: str(v) for k, v in values.items() if "{" + k + "}" in shape}
    choices = _choices(used["expected"]) if kind == "literal_error" else ()
    return Problem(where, shape, used, got if with_input else None, choices)
