"""The command line: argparse over `services/`, with `--json` on every command.

Exit codes: 0 success, 2 bad input or a refused action (the message names the field) — a
command line argparse cannot read too, as JSON with `--json` —, 1 an internal error (logged;
no traceback for the user), 141 when the reader of standard output went away (`| head -1`).
`serve --stdio` (serve.py) runs the same commands for many requests in one process.
"""

from __future__ import annotations

import argparse
import dataclasses
import datetime as dt
import json
import logging
import sys
from decimal import Decimal
from pathlib import Path
from typing import Any, Callable, Sequence

from . import cli_triggers
from .domain.errors import LoyaltyError, ValidationError
from .formats import count, date_text, datetime_text, points
from .domain.jsonfile import loads_json
from .domain.limits import is_ascii_digits

log = logging.getLogger(__name__)

# Decimal values in JSON output that are not money (so not padded to the currency's minor unit).
NOT_MONEY = frozenset({"effective_points", "earn_multiplier", "tier_multiplier", "multiplier"})


class Output:
    """Prints a result either as JSON or as short human text.

    In JSON every amount of money carries the currency's minor unit ("0.00", not "0"):
    `currency` says which currency, asked only when there is a Decimal to print."""

    def __init__(self, as_json: bool, currency: Callable[[], str] | None = None) -> None:
        self.as_json = as_json
        self._currency = currency

    def plain(self, data: Any) -> Any:
        """`data` as JSON-ready values (dataclasses, Decimals, dates converted)."""
        return _plain(data, _Minor(self._currency, data))

    def emit(self, data: Any, text: str | Callable[[], str]) -> None:
        if self.as_json:
            print(json.dumps(self.plain(data), indent=2, sort_keys=True))
        else:
            print(text() if callable(text) else text)

    def error(self, data: dict[str, Any], text: str) -> None:
        """A refused command: JSON on standard output with `--json`, else one message on stderr."""
        if self.as_json:
            self.emit(data, "")
        else:
            print(text, file=sys.stderr)

    def internal_error(self, message: str) -> None:
        """An unexpected failure (exit 1): one line on stderr; the details are in the log."""
        print(message, file=sys.stderr)


class _Minor:
    """The number of decimals money is shown with: the quote's own currency, else the active one."""

    def __init__(self, currency: Callable[[], str] | None, data: Any) -> None:
        own = getattr(data, "currency", None)
        self._code: str | None = own if isinstance(own, str) else None
        self._ask = currency
        self._digits: int | None = None

    def digits(self) -> int | None:
        if self._digits is None and (self._code or self._ask):
            from .domain.money import minor_units

            try:
                self._digits = minor_units(self._code or self._ask())  # type: ignore[misc]
            except LoyaltyError:  # no rules yet: amounts as they are
                self._ask = None
                return None
        return self._digits


def _money(value: Decimal, minor: _Minor) -> str:
    digits = minor.digits()
    if digits is not None and value.is_finite() and -value.as_tuple().exponent < digits:  # type: ignore[operator]
        value = value.quantize(Decimal(1).scaleb(-digits))  # pads only: never rounds away a digit
    return str(value)


def _plain(value: Any, minor: _Minor, key: str = "") -> Any:
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return {f.name: _plain(getattr(value, f.name), minor, f.name) for f in dataclasses.fields(value)}
    if isinstance(value, dict):
        return {str(k): _plain(v, minor, str(k)) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_plain(v, minor, key) for v in value]
    if isinstance(value, Decimal):
        return str(value) if key in NOT_MONEY else _money(value, minor)
    if isinstance(value, (dt.datetime, dt.date)):
        return value.isoformat()
    return value


def _read_json_file(path: str, field: str) -> Any:
    """Read an order (or other) JSON file, refusing — with a message naming the file, never
    an internal error — what is not UTF-8 JSON: invalid or UTF-16 bytes, NaN/Infinity,
    nesting deeper than anyone writes, integers longer than Python will convert."""
    try:
        if path == "-":
            raw: bytes | str = sys.stdin.buffer.read() if hasattr(sys.stdin, "buffer") else sys.stdin.read()
        else:
            raw = Path(path).read_bytes()
    except OSError as exc:
        raise ValidationError(field, f"cannot read {path}: {exc.strerror}") from None
    return loads_json(raw, path, field)


# -- commands -----------------------------------------------------------------------------


def _approval(args: argparse.Namespace) -> dict[str, Any]:
    """The manager's PIN and name `cli_auth.authenticate` read, for a manager-only service
    (which checks them itself: a command run without them is refused, exit 2)."""
    return {"manager_pin": getattr(args, "manager_pin", None), "manager": getattr(args, "manager", None)}


def _pin_reader(args: argparse.Namespace) -> Any:
    from .cli_auth import PinReader

    return getattr(args, "pin_reader", None) or PinReader.for_process(getattr(args, "pin_stdin", False))


def cmd_rules_check(args: argparse.Namespace, out: Output) -> int:
    from .services import rules_sync

    bundle = rules_sync.read_bundle_file(args.file)
    out.emit({"valid": True, "version": bundle.version, "earning_rules": len(bundle.earning_rules), "rewards": len(bundle.rewards)},
             f"{args.file}: valid (version {bundle.version}, {count(len(bundle.earning_rules), 'earning rule')}, {count(len(bundle.rewards), 'reward')})")
    return 0


def cmd_rules_import(args: argparse.Namespace, out: Output) -> int:
    from .services import rules_sync

    result = rules_sync.import_file(args.file, user=args.user, allow_empty=args.allow_empty, **_approval(args))
    out.emit(result, f"rules {result.version} {'activated' if result.changed else 'already active: nothing changed'} ({result.checksum[:12]})")
    return 0


def cmd_rules_show(args: argparse.Namespace, out: Output) -> int:
    from .services import rules_sync
    from .services.describe import describe_rules

    version = rules_sync.active_version()
    bundle, digest = rules_sync.active_rules()
    data = {"version": version.version, "checksum": digest, "source": version.source, "imported_at": version.imported_at, "rules": json.loads(version.body)}
    out.emit(data, lambda: f"{bundle.name} — version {version.version}, synced {datetime_text(version.imported_at)} from {version.source}\n" + "\n".join(describe_rules(bundle)))
    return 0


def cmd_cards_create(args: argparse.Namespace, out: Output) -> int:
    from .services import cards

    result = cards.bulk_create(args.count, args.batch, prefix=args.prefix, length=args.length, user=args.user)
    out.emit(result, f"created {count(result.count, 'card')} in batch '{result.name}' ({result.first} … {result.last})")
    return 0


def _card_text(view: Any) -> str:
    lines = [f"card {view.number}: {view.status}", f"balance: {points(view.balance)}"]
    if view.customer_name:
        lines.append(f"customer: {view.customer_name} {view.phone} {view.email}".rstrip())
    if view.tier:
        lines.append(f"tier: {view.tier}")
    if view.expiring_points:
        lines.append(f"expiring soon: {points(view.expiring_points)} by {date_text(view.expiring_on)}")
    if view.replaced_by:
        lines.append(f"replaced by: {view.replaced_by}")
    return "\n".join(lines)


def cmd_cards_show(args: argparse.Namespace, out: Output) -> int:
    from .services import cards, rules_sync

    rules, _ = rules_sync.active_rules()
    view = cards.lookup(args.number, rules)
    rows = cards.history(cards.get_card(args.number), limit=args.history)
    data = {"card": view, "history": rows}
    out.emit(data, lambda: _card_text(view) + "".join(f"\n  {datetime_text(r.at)} {r.kind:<9} {r.points:>+7} {r.order_id or ''} {r.note}" for r in rows))
    return 0


def cmd_cards_find(args: argparse.Namespace, out: Output) -> int:
    from .services import search

    hits = search.find(args.query)
    out.emit(hits, lambda: "\n".join(f"{h.number or '-':<14} {h.name:<30} {h.phone:<15} {h.email}  {points(h.balance)}" for h in hits) or "no match")
    return 0


def cmd_cards_replace(args: argparse.Namespace, out: Output) -> int:
    from .services import cards

    new = cards.replace(args.number, args.new, user=args.user, reason=args.reason, **_approval(args))
    out.emit({"old": args.number, "new": new.number, "balance": new.balance}, f"card {args.number} replaced by {new.number}; balance of {points(new.balance)} moved")
    return 0


def cmd_cards_suspend(args: argparse.Namespace, out: Output) -> int:
    from .services import cards

    card = cards.suspend(args.number, user=args.user, reason=args.reason, **_approval(args))
    out.emit({"card": card.number, "status": card.status}, f"card {card.number} is {card.status}")
    return 0


def cmd_cards_reactivate(args: argparse.Namespace, out: Output) -> int:
    from .services import cards

    card = cards.reactivate(args.number, user=args.user, reason=args.reason, **_approval(args))
    out.emit({"card": card.number, "status": card.status}, f"card {card.number} is {card.status}")
    return 0


def cmd_cards_print(args: argparse.Namespace, out: Output) -> int:
    from .services import printing

    result = printing.print_cards(args.out, batch=args.batch, numbers=args.numbers, layout=args.layout)
    out.emit({"path": str(result.path), "cards": result.cards, "pages": result.pages, "layout": result.layout},
             f"printed {count(result.cards, 'card')} on {count(result.pages, 'page')} ({result.layout}) to {result.path}")
    return 0


def cmd_customers_add(args: argparse.Namespace, out: Output) -> int:
    from .services import customers

    customer, card = customers.enrol(customers.CustomerInput(args.name, args.phone or "", args.email or "", args.opt_in), args.card, user=args.user)
    out.emit({"customer_id": customer.id, "name": customer.name, "card": card.number}, f"enrolled {customer.name} with card {card.number}")
    return 0


def _quote_text(q: Any) -> str:
    lines = [f"subtotal {q.subtotal}  discount {q.discount}  rewards -{q.rewards_off}  tax {q.tax}  shipping {q.shipping - q.shipping_off}",
             f"total {q.total} {q.currency}", f"points to earn: {points(q.points_earned)}"]
    lines += [f"  {e.explanation}" for e in q.earnings]
    if q.applied:
        lines.append(f"points spent: {points(q.points_spent)}")
        lines += [f"  {a.name}: {a.explanation}" for a in q.applied]
    available = [o for o in q.options if o.available]
    if available:
        lines.append("rewards available now:")
        lines += [f"  {o.reward_id}: {o.name} — {points(o.points_cost)}, {o.effect}" for o in available]
    return "\n".join(lines)


def cmd_checkout_quote(args: argparse.Namespace, out: Output) -> int:
    from .domain.order import parse_order
    from .services import checkout

    q, _ = checkout.quote(parse_order(_read_json_file(args.file, "file")))
    out.emit(q, lambda: _quote_text(q))
    return 0


def cmd_checkout_commit(args: argparse.Namespace, out: Output) -> int:
    from .domain.order import parse_order
    from .services import checkout

    result = checkout.commit(parse_order(_read_json_file(args.file, "file")), user=args.user)
    note = " (already committed: nothing changed)" if result.replayed else ""
    out.emit(result, f"order {result.order_id} committed{note}: total {result.total}, {points(result.points_earned, signed=True)} earned, {points(result.points_spent)} spent"
             + (f", balance {points(result.balance)}" if result.balance is not None else "")
             + "".join(f"\n  {fired.summary()}" for fired in result.fired))
    return 0


def cmd_orders_fulfil(args: argparse.Namespace, out: Output) -> int:
    from .services import checkout

    result = checkout.fulfil(args.order_id, user=args.user)
    out.emit(result, f"order {result.order_id} fulfilled" + (f"; balance {points(result.balance)}" if result.balance is not None else ""))

    if not out.as_json:  # what the fulfilment fired (JSON carries it as `fired`)
        for fired in result.fired:
            print(f"  {fired.summary()}")
    return 0


def _parse_lines(items: Sequence[str] | None) -> dict[int, int] | None:
    if not items:
        return None
    quantities: dict[int, int] = {}
    for item in items:
        position, _, qty = item.partition(":")
        if not is_ascii_digits(position) or not is_ascii_digits(qty) or len(position) > 9 or len(qty) > 9:
            raise ValidationError("lines", f"'{item}' is not POSITION:QUANTITY (e.g. 0:1)")
        quantities[int(position)] = quantities.get(int(position), 0) + int(qty)
    return quantities


def _refund_kind(args: argparse.Namespace) -> str:
    return "cancel" if args.cancel else ("partial" if args.lines else "full")


def cmd_refund(args: argparse.Namespace, out: Output) -> int:
    from .services import refunds

    kind = _refund_kind(args)
    result = refunds.refund(args.order_id, args.refund_id, kind, _parse_lines(args.lines), user=args.user, **_approval(args))
    note = " (already made: nothing changed)" if result.replayed else ""
    flag = " — BALANCE BELOW ZERO, flagged for the manager" if result.flagged_negative else ""
    out.emit(result, f"{kind} refund {result.refund_id} of order {result.order_id}{note}: {result.amount}, {points(result.points_reversed)} reversed, {points(result.points_returned)} given back"
             + (f", balance {points(result.balance)}" if result.balance is not None else "") + flag)
    return 0


def cmd_points_adjust(args: argparse.Namespace, out: Output) -> int:
    from .services import adjustments

    result = adjustments.adjust(args.number, args.points, args.reason, **_approval(args))
    out.emit(result, f"card {result.card}: {points(result.points, signed=True)} by {result.manager} ({result.reason}); balance {points(result.balance)}")
    return 0


def cmd_points_expire(args: argparse.Namespace, out: Output) -> int:
    from .services import expiry

    expired = expiry.sweep()
    out.emit({"cards": len(expired), "points": sum(expired.values())}, f"expired {points(sum(expired.values()))} on {count(len(expired), 'card')}")
    return 0


def cmd_users_add(args: argparse.Namespace, out: Output) -> int:
    from .services import users

    pin = _pin_reader(args).read_new(args.name)
    user = users.add_user(args.name, args.role, pin, operator=args.user, **_approval(args))
    out.emit({"name": user.name, "role": user.role}, f"user {user.name} added as {user.role}")
    return 0


def cmd_users_list(args: argparse.Namespace, out: Output) -> int:
    from .formats import datetime_text
    from .services import users

    rows = [{"name": u.name, "role": u.role, "active": u.active, "locked_until": u.locked_until} for u in users.list_users()]

    def line(r: dict[str, Any]) -> str:
        state = "" if r["active"] else "  (deactivated)"
        locked = f"  locked until {datetime_text(r['locked_until'])}" if r["locked_until"] else ""
        return f"{r['name']:<20} {r['role']}{state}{locked}"

    from .services import auth

    till_until = auth.till_locked_until()
    till = f"\nmanager PINs typed without a name are locked at this till until {datetime_text(till_until)}" if till_until else ""
    out.emit(rows, lambda: ("\n".join(line(r) for r in rows) or "no users") + till)
    return 0


def cmd_users_change(args: argparse.Namespace, out: Output) -> int:
    """deactivate, activate, role, unlock: a manager's decision about one user."""
    from .services import users

    manager = {**_approval(args), "operator": args.user}
    if args.action == "role":
        user = users.set_role(args.name, args.role, **manager)
    elif args.action == "unlock":
        user = users.unlock(args.name, **manager)
    else:
        user = users.set_active(args.name, args.action == "activate", **manager)
    out.emit({"name": user.name, "role": user.role, "active": user.active}, f"user {user.name}: {user.role}, {'active' if user.active else 'deactivated'}")
    return 0


def cmd_users_pin(args: argparse.Namespace, out: Output) -> int:
    from .services import users

    users.change_pin(args.user, getattr(args, "user_pin", None) or "", _pin_reader(args).read_new(args.user))
    out.emit({"name": args.user, "changed": True}, f"PIN of {args.user} changed")
    return 0


def cmd_settings_show(args: argparse.Namespace, out: Output) -> int:
    from .services import settings

    values = settings.all_settings()
    out.emit(values, lambda: "\n".join(f"{k:<22} {v}" for k, v in sorted(values.items())))
    return 0


def cmd_settings_set(args: argparse.Namespace, out: Output) -> int:
    from .services import settings

    settings.set_value(args.key, args.value, user=args.user, **_approval(args))
    out.emit({"key": args.key, "value": args.value}, f"{args.key} = {args.value}")
    return 0


# -- parser -------------------------------------------------------------------------------


def _positive_int(text: str) -> int:
    digits = text[1:] if text[:1] in "+-" else text
    if not is_ascii_digits(digits) or len(digits) > 18:  # int() would also take '1_000' and '١٢'
        raise argparse.ArgumentTypeError(f"'{text}' is not a whole number")
    return int(text)


class UsageError(Exception):
    """A command line argparse cannot read: exit 2, as JSON with `--json`."""

    def __init__(self, message: str, usage: str, prog: str) -> None:
        super().__init__(message)
        self.message = message
        self.usage = usage
        self.prog = prog

    @property
    def field(self) -> str:
        """The option or argument at fault, as typed (``--count``), or ``command``."""
        head, _, rest = self.message.partition(": ")
        if head.startswith("argument "):
            name = head.removeprefix("argument ").split("/")[0]
            return "command" if name in ("COMMAND", "ACTION") else name
        if head == "the following arguments are required":
            return rest.split(",")[0].strip()
        return "command"


class HelpShown(Exception):
    """``--help`` was printed: exit with `status` (0)."""

    def __init__(self, status: int) -> None:
        super().__init__(status)
        self.status = status


class Parser(argparse.ArgumentParser):
    """argparse that reports instead of exiting, so `main` (and `serve`) decide what is printed."""

    def error(self, message: str) -> None:  # type: ignore[override]
        raise UsageError(message, self.format_usage(), self.prog)

    def exit(self, status: int = 0, message: str | None = None) -> None:  # type: ignore[override]
        if message:
            print(message, file=sys.stderr, end="")
        raise HelpShown(status)


class _Unbuilt:
    """Stands in for the parser of a command of another group than the one asked for."""

    def add_argument(self, *args: Any, **kwargs: Any) -> None:
        return None

    def set_defaults(self, **kwargs: Any) -> None:
        return None


GLOBAL_OPTIONS_WITH_VALUE = ("--db", "--user", "--manager")
GROUPS = ("rules", "cards", "customers", "checkout", "orders", "points", "users", "settings")  # those with actions

GROUPS += ("triggers",)  # the customer-reward triggers' log and stats (cli_triggers.py)


def focus_of(argv: Sequence[str]) -> str | None:
    """The command group the arguments name (``cards`` in ``--db x cards show 1``), if any."""
    words = iter(argv)
    for word in words:
        if word in GLOBAL_OPTIONS_WITH_VALUE:
            next(words, None)
        elif not word.startswith("-"):
            return word
    return None


def build_parser(focus: str | None = None) -> argparse.ArgumentParser:
    """The whole command line; with `focus`, the commands of the other groups are not built
    (argparse builds each at some cost: a third of a `cards show` start). The group names
    themselves are always there, so a mistyped one is still reported with the choices."""
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument("--json", action="store_true", default=argparse.SUPPRESS, help="print machine-readable JSON")
    common.add_argument("--pin-stdin", action="store_true", default=argparse.SUPPRESS,
                        help="read PINs from standard input, one a line (the user's, then a manager's or a new one if needed)")
    common.add_argument("--manager", default=argparse.SUPPRESS, help="the manager whose PIN allows a manager-only action (default: whoever it belongs to)")
    common.add_argument("--pin", "--manager-pin", dest="pin_argument", nargs="?", const="", default=argparse.SUPPRESS, help=argparse.SUPPRESS)
    parser = Parser(prog="pos-loyalty", description="Point-of-sale loyalty companion. With no command, opens the desktop app.", parents=[common])
    parser.add_argument("--db", help="SQLite file or postgresql:// URL (default: $POS_LOYALTY_DB, else the user data folder)")
    parser.add_argument("--create", action="store_true", help="create the --db file's folder if it does not exist (refused otherwise: a typo would start an empty database)")
    parser.add_argument("--user", default=None, help="who is operating, proven by their PIN (asked for, or $POS_LOYALTY_PIN, or --pin-stdin); "
                                                      "needed by every command that changes data")
    groups = parser.add_subparsers(dest="group", required=True, metavar="COMMAND")

    unbuilt: list[argparse._SubParsersAction] = []  # type: ignore[type-arg]

    def group(name: str, help_text: str) -> argparse._SubParsersAction:
        sub = groups.add_parser(name, help=help_text, parents=[common]).add_subparsers(dest="action", required=True, metavar="ACTION")
        if focus in GROUPS and name != focus:
            unbuilt.append(sub)
        return sub

    def command(sub: argparse._SubParsersAction, name: str, func: Callable, help_text: str) -> argparse.ArgumentParser:  # type: ignore[type-arg]
        if any(sub is u for u in unbuilt):
            return _Unbuilt()  # type: ignore[return-value]
        p = sub.add_parser(name, help=help_text, parents=[common])
        p.set_defaults(func=func)
        return p

    rules = group("rules", "check, import and show the rules bundle")
    command(rules, "check", cmd_rules_check, "validate a bundle file; list every error (exit 2)").add_argument("file")
    p = command(rules, "import", cmd_rules_import, "validate and activate a bundle (atomic)")
    p.add_argument("file")
    p.add_argument("--allow-empty", action="store_true", help="confirm a bundle with no earning rules and no rewards")
    command(rules, "show", cmd_rules_show, "the active programme in plain words")

    cards = group("cards", "create, show, find, replace, suspend cards")
    p = command(cards, "create", cmd_cards_create, "bulk-create unassigned card numbers as a batch")
    p.add_argument("--count", type=_positive_int, required=True)
    p.add_argument("--batch", required=True, help="batch name")
    p.add_argument("--prefix", default=None, help="digits every number starts with")
    p.add_argument("--length", type=_positive_int, default=None, help="digits per number, check digit included (13 → EAN-13)")
    p = command(cards, "show", cmd_cards_show, "a card: customer, balance, tier, expiring points, history")
    p.add_argument("number")
    p.add_argument("--history", type=_positive_int, default=20, help="history rows to show (default 20)")
    command(cards, "find", cmd_cards_find, "find by card number, phone, email or name prefix").add_argument("query")
    p = command(cards, "replace", cmd_cards_replace, "replace a lost card; balance and history move")
    p.add_argument("number")
    p.add_argument("--new", default=None, help="a pre-printed unassigned card (default: a new number)")
    p.add_argument("--reason", default="lost")
    for name, func, text in (("suspend", cmd_cards_suspend, "suspend a card (earns and spends nothing)"), ("reactivate", cmd_cards_reactivate, "reactivate a suspended card")):
        p = command(cards, name, func, text)
        p.add_argument("number")
        p.add_argument("--reason", required=True, help="why (kept in the audit log)")

    p = command(cards, "print", cmd_cards_print, "print a batch or some cards to a PDF (Code128, or EAN-13 for 13 digits)")
    p.add_argument("numbers", nargs="*", help="card numbers to print (or use --batch)")
    p.add_argument("--batch", default=None, help="print every card of this batch")
    p.add_argument("--out", required=True, help="the PDF file to write")
    p.add_argument("--layout", default="a4", help="card (one CR80 card per page), a4 or letter (sheets with cut marks)")

    customers = group("customers", "enrol customers")
    p = command(customers, "add", cmd_customers_add, "enrol a customer with a new or pre-printed card")
    p.add_argument("--name", required=True)
    p.add_argument("--phone", default="")
    p.add_argument("--email", default="")
    p.add_argument("--opt-in", action="store_true", help="agrees to marketing")
    p.add_argument("--card", default=None, help="pre-printed card number to give (default: a new number)")

    checkout = group("checkout", "quote or commit an order from a JSON file (- for stdin)")
    command(checkout, "quote", cmd_checkout_quote, "points to earn, rewards available, totals").add_argument("file")
    command(checkout, "commit", cmd_checkout_commit, "commit the order and its points (idempotent by order_id)").add_argument("file")

    orders = group("orders", "order follow-up")
    command(orders, "fulfil", cmd_orders_fulfil, "mark fulfilled (awards points in fulfilment mode)").add_argument("order_id")

    p = groups.add_parser("refund", help="refund fully, by lines, or cancel an order", parents=[common])
    p.set_defaults(func=cmd_refund)
    p.add_argument("order_id")
    p.add_argument("--refund-id", required=True, help="idempotency key: the same id never refunds twice")
    p.add_argument("--lines", nargs="+", metavar="POS:QTY", help="partial refund: line position (from 0) and quantity")
    p.add_argument("--cancel", action="store_true", help="cancel the order instead of refunding")

    points = group("points", "manual adjustments and expiry")
    p = command(points, "adjust", cmd_points_adjust, "add or remove points (manager PIN, reason, audited)")
    p.add_argument("number")
    p.add_argument("points", type=_positive_int, help="e.g. 50 or -20")
    p.add_argument("--reason", required=True)
    command(points, "expire", cmd_points_expire, "write expiry entries for every point past its date")

    users = group("users", "cashiers and managers")
    p = command(users, "add", cmd_users_add, "add a user; their PIN is asked for (or $POS_LOYALTY_NEW_PIN); the first user is the manager")
    p.add_argument("name")
    p.add_argument("--role", choices=["cashier", "manager"], default="cashier")
    command(users, "list", cmd_users_list, "list users, with any wrong-PIN lockout")
    for name, text in (("deactivate", "stop a user signing in (their history stays)"), ("activate", "let a deactivated user sign in again"),
                       ("unlock", "lift a user's wrong-PIN lockout")):
        command(users, name, cmd_users_change, text).add_argument("name")
    p = command(users, "role", cmd_users_change, "make a user a cashier or a manager")
    p.add_argument("name")
    p.add_argument("role", choices=["cashier", "manager"])
    command(users, "pin", cmd_users_pin, "change your own PIN (--user; the new one is asked for, or $POS_LOYALTY_NEW_PIN)")

    store_settings = group("settings", "store settings (changes need a manager's PIN)")
    command(store_settings, "show", cmd_settings_show, "every setting and its value")
    p = command(store_settings, "set", cmd_settings_set, "change one setting")
    p.add_argument("key")
    p.add_argument("value")

    triggers = group("triggers", "customer-reward triggers: their log and stats (read-only)")
    cli_triggers.add_arguments(command(triggers, "log", cli_triggers.cmd_triggers_log, "log rows, newest first: --from/--to/--status, --csv"),
                               command(triggers, "stats", cli_triggers.cmd_triggers_stats, "pending, sent, conversions, revenue, sent per week"))

    p = groups.add_parser("serve", help="answer commands as JSON lines, one process for many sales (see README)", parents=[common])
    p.add_argument("--stdio", action="store_true", required=True, help="read one JSON request per line on stdin, answer on stdout")
    return parser


# What each command needs before it runs (cli_auth): read-only commands need nobody; every
# command that changes data needs a proven --user; manager-only actions need a manager's PIN.
_READ_ONLY = {cmd_rules_check, cmd_rules_show, cmd_cards_show, cmd_cards_find, cmd_cards_print, cmd_checkout_quote, cmd_users_list, cmd_settings_show}
_MANAGER_ONLY = {cmd_rules_import, cmd_cards_replace, cmd_cards_suspend, cmd_cards_reactivate, cmd_points_adjust,
                 cmd_users_add, cmd_users_change, cmd_settings_set}


_READ_ONLY |= {cli_triggers.cmd_triggers_log, cli_triggers.cmd_triggers_stats}


def needs(args: argparse.Namespace) -> Any:
    """What the parsed command needs proven before it runs (a `cli_auth.Need`)."""
    from .cli_auth import Need
    from .services import auth, refunds

    if args.group == "serve":  # a --user given is proven at start; each request is checked by serve
        return Need.NOTHING
    if args.func in _READ_ONLY:
        return Need.NOTHING
    if args.func is cmd_users_add and not auth.managers_exist():
        return Need.NOTHING  # the store's first user, its manager
    if args.func in _MANAGER_ONLY:
        return Need.MANAGER
    if args.func is cmd_refund and args.refund_id and refunds.needs_manager(args.order_id, args.refund_id, _refund_kind(args), _parse_lines(args.lines)):
        return Need.MANAGER
    return Need.USER


def wants_json(argv: Sequence[str]) -> bool:
    """`--json` anywhere before a ``--``: asked for even when argparse cannot read the rest."""
    words = list(argv)
    return "--json" in (words[:words.index("--")] if "--" in words else words)


def parse(parser: argparse.ArgumentParser, argv: Sequence[str], out: Output) -> argparse.Namespace | int:
    """The parsed arguments, or the exit status after reporting a usage error (2) or help (0)."""
    try:
        return parser.parse_args(argv)
    except HelpShown as shown:
        return shown.status
    except UsageError as exc:
        out.error({"error": exc.message, "field": exc.field}, f"{exc.usage}{exc.prog}: error: {exc.message}")
        return 2


def run_command(args: argparse.Namespace, out: Output) -> int:
    """Run one parsed command on the open database; errors become exit statuses (2 refused, 1 internal)."""
    return guarded(lambda: args.func(args, out), out)


def guarded(work: Callable[[], int], out: Output) -> int:
    """`work()`'s exit status; a refusal is reported and gives 2, anything unexpected is logged and gives 1."""
    try:
        return int(work())
    except LoyaltyError as exc:
        errors = getattr(exc, "errors", None)  # a rejected rules bundle (BundleInvalid) lists every error
        if errors is not None:
            out.error({"error": "rules bundle rejected", "errors": [{"where": w, "what": m} for w, m in errors]}, f"error: {exc}")
        else:
            out.error({"error": exc.message, "field": exc.field}, f"error: {exc}")
        return 2
    except BrokenPipeError:  # the reader went away (`| head -1`): not our error
        raise
    except Exception as exc:  # an internal error: logged in full, reported in one line
        log.exception("internal error")
        out.internal_error(f"internal error: {type(exc).__name__}: {exc}")
        return 1


def _start(args: argparse.Namespace) -> int:
    """Open the database and prove who is operating (`cli_auth`): a PIN never comes from the
    command line, and a command that changes data needs a user proven by theirs."""
    from .cli_auth import PinReader, authenticate, refuse_pin_arguments
    from .services.setup import open_store

    refuse_pin_arguments(args)
    open_store(args.db, create=args.create)
    args.pin_reader = PinReader.for_process(getattr(args, "pin_stdin", False))
    authenticate(args, needs(args), args.pin_reader)
    return 0


def _active_currency() -> str:
    from .services import rules_sync

    return rules_sync.active_rules()[0].settings.currency


def _stdout_closed() -> int:
    """Standard output is a closed pipe (`| head -1` has read enough): stop quietly with 141
    (128 + SIGPIPE), as a Unix tool stopped by the signal would."""
    import os

    try:  # nothing more reaches the pipe, not even the interpreter's last flush
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
    except (OSError, ValueError, AttributeError):  # stdout is not a real file (tests)
        pass
    return 141


def main(argv: Sequence[str] | None = None) -> int:
    words = list(sys.argv[1:] if argv is None else argv)
    parser = build_parser(focus_of(words))
    out = Output(wants_json(words), currency=_active_currency)
    try:
        args = parse(parser, words, out)
        if isinstance(args, int):
            return args
        from .services.setup import close_store

        try:
            code = guarded(lambda: _start(args), out)
            if code == 0 and args.group == "serve":
                from .serve import serve_stdio

                code = serve_stdio(parser, args.user)
            elif code == 0:
                code = run_command(args, out)
        finally:
            close_store()
        sys.stdout.flush()
        return code
    except BrokenPipeError:
        return _stdout_closed()
