"""The command line: argparse over `services/`, with `--json` on every command.

Exit codes: 0 success, 2 bad input or a refused action (the message names the field),
1 an internal error (logged; no traceback for the user).
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

from .domain.errors import LoyaltyError, ValidationError
from .domain.order import parse_order
from .domain.rules import BundleInvalid

log = logging.getLogger(__name__)


class Output:
    """Prints a result either as JSON or as short human text."""

    def __init__(self, as_json: bool) -> None:
        self.as_json = as_json

    def emit(self, data: Any, text: str | Callable[[], str]) -> None:
        if self.as_json:
            print(json.dumps(_plain(data), indent=2, sort_keys=True))
        else:
            print(text() if callable(text) else text)


def _plain(value: Any) -> Any:
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return {f.name: _plain(getattr(value, f.name)) for f in dataclasses.fields(value)}
    if isinstance(value, dict):
        return {str(k): _plain(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_plain(v) for v in value]
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, (dt.datetime, dt.date)):
        return value.isoformat()
    return value


def _read_json_file(path: str, field: str) -> Any:
    try:
        text = sys.stdin.read() if path == "-" else Path(path).read_text(encoding="utf-8")
    except OSError as exc:
        raise ValidationError(field, f"cannot read {path}: {exc.strerror}") from None
    try:
        return json.loads(text)
    except json.JSONDecodeError as exc:
        raise ValidationError(field, f"{path} is not valid JSON (line {exc.lineno}, column {exc.colno}: {exc.msg})") from None


# -- commands -----------------------------------------------------------------------------


def cmd_rules_check(args: argparse.Namespace, out: Output) -> int:
    from .services import rules_sync

    bundle = rules_sync.read_bundle_file(args.file)
    out.emit({"valid": True, "version": bundle.version, "earning_rules": len(bundle.earning_rules), "rewards": len(bundle.rewards)},
             f"{args.file}: valid (version {bundle.version}, {len(bundle.earning_rules)} earning rules, {len(bundle.rewards)} rewards)")
    return 0


def cmd_rules_import(args: argparse.Namespace, out: Output) -> int:
    from .services import rules_sync

    result = rules_sync.import_file(args.file, user=args.user)
    out.emit(result, f"rules {result.version} {'activated' if result.changed else 'already active: nothing changed'} ({result.checksum[:12]})")
    return 0


def cmd_rules_show(args: argparse.Namespace, out: Output) -> int:
    from .services import rules_sync
    from .services.describe import describe_rules

    version = rules_sync.active_version()
    bundle, digest = rules_sync.active_rules()
    data = {"version": version.version, "checksum": digest, "source": version.source, "imported_at": version.imported_at, "rules": bundle.model_dump(mode="json")}
    out.emit(data, lambda: f"{bundle.name} — version {version.version}, synced {version.imported_at:%Y-%m-%d %H:%M} from {version.source}\n" + "\n".join(describe_rules(bundle)))
    return 0


def cmd_cards_create(args: argparse.Namespace, out: Output) -> int:
    from .services import cards

    result = cards.bulk_create(args.count, args.batch, prefix=args.prefix, length=args.length, user=args.user)
    out.emit(result, f"created {result.count} cards in batch '{result.name}' ({result.first} … {result.last})")
    return 0


def _card_text(view: Any) -> str:
    lines = [f"card {view.number}: {view.status}", f"balance: {view.balance} points"]
    if view.customer_name:
        lines.append(f"customer: {view.customer_name} {view.phone} {view.email}".rstrip())
    if view.tier:
        lines.append(f"tier: {view.tier}")
    if view.expiring_points:
        lines.append(f"expiring soon: {view.expiring_points} points from {view.expiring_on:%Y-%m-%d}")
    if view.replaced_by:
        lines.append(f"replaced by: {view.replaced_by}")
    return "\n".join(lines)


def cmd_cards_show(args: argparse.Namespace, out: Output) -> int:
    from .services import cards, rules_sync

    rules, _ = rules_sync.active_rules()
    view = cards.lookup(args.number, rules)
    rows = cards.history(cards.get_card(args.number), limit=args.history)
    data = {"card": view, "history": rows}
    out.emit(data, lambda: _card_text(view) + "".join(f"\n  {r.at:%Y-%m-%d %H:%M} {r.kind:<9} {r.points:>+7} {r.order_id or ''} {r.note}" for r in rows))
    return 0


def cmd_cards_find(args: argparse.Namespace, out: Output) -> int:
    from .services import search

    hits = search.find(args.query)
    out.emit(hits, lambda: "\n".join(f"{h.number or '-':<14} {h.name:<30} {h.phone:<15} {h.email}  {h.balance} pts" for h in hits) or "no match")
    return 0


def cmd_cards_replace(args: argparse.Namespace, out: Output) -> int:
    from .services import cards

    new = cards.replace(args.number, args.new, user=args.user, reason=args.reason)
    out.emit({"old": args.number, "new": new.number, "balance": new.balance}, f"card {args.number} replaced by {new.number}; balance {new.balance} moved")
    return 0


def cmd_cards_suspend(args: argparse.Namespace, out: Output) -> int:
    from .services import cards

    card = cards.suspend(args.number, user=args.user, reason=args.reason)
    out.emit({"card": card.number, "status": card.status}, f"card {card.number} is {card.status}")
    return 0


def cmd_cards_reactivate(args: argparse.Namespace, out: Output) -> int:
    from .services import cards

    card = cards.reactivate(args.number, user=args.user, reason=args.reason)
    out.emit({"card": card.number, "status": card.status}, f"card {card.number} is {card.status}")
    return 0


def cmd_cards_print(args: argparse.Namespace, out: Output) -> int:
    from .services import printing

    result = printing.print_cards(args.out, batch=args.batch, numbers=args.numbers, layout=args.layout)
    out.emit({"path": str(result.path), "cards": result.cards, "pages": result.pages, "layout": result.layout},
             f"printed {result.cards} cards on {result.pages} page(s) ({result.layout}) to {result.path}")
    return 0


def cmd_customers_add(args: argparse.Namespace, out: Output) -> int:
    from .services import customers

    customer, card = customers.enrol(customers.CustomerInput(args.name, args.phone or "", args.email or "", args.opt_in), args.card, user=args.user)
    out.emit({"customer_id": customer.id, "name": customer.name, "card": card.number}, f"enrolled {customer.name} with card {card.number}")
    return 0


def _quote_text(q: Any) -> str:
    lines = [f"subtotal {q.subtotal}  discount {q.discount}  rewards -{q.rewards_off}  tax {q.tax}  shipping {q.shipping - q.shipping_off}",
             f"total {q.total} {q.currency}", f"points to earn: {q.points_earned}"]
    lines += [f"  {e.explanation}" for e in q.earnings]
    if q.applied:
        lines.append(f"points spent: {q.points_spent}")
        lines += [f"  {a.name}: {a.explanation}" for a in q.applied]
    available = [o for o in q.options if o.available]
    if available:
        lines.append("rewards available now:")
        lines += [f"  {o.reward_id}: {o.name} — {o.points_cost} pts, {o.effect}" for o in available]
    return "\n".join(lines)


def cmd_checkout_quote(args: argparse.Namespace, out: Output) -> int:
    from .services import checkout

    q, _ = checkout.quote(parse_order(_read_json_file(args.file, "file")))
    out.emit(q, lambda: _quote_text(q))
    return 0


def cmd_checkout_commit(args: argparse.Namespace, out: Output) -> int:
    from .services import checkout

    result = checkout.commit(parse_order(_read_json_file(args.file, "file")), user=args.user)
    note = " (already committed: nothing changed)" if result.replayed else ""
    out.emit(result, f"order {result.order_id} committed{note}: total {result.total}, +{result.points_earned} / -{result.points_spent} points"
             + (f", balance {result.balance}" if result.balance is not None else ""))
    return 0


def cmd_orders_fulfil(args: argparse.Namespace, out: Output) -> int:
    from .services import checkout

    result = checkout.fulfil(args.order_id, user=args.user)
    out.emit(result, f"order {result.order_id} fulfilled; balance {result.balance}")
    return 0


def _parse_lines(items: Sequence[str] | None) -> dict[int, int] | None:
    if not items:
        return None
    quantities: dict[int, int] = {}
    for item in items:
        position, _, qty = item.partition(":")
        if not position.isdigit() or not qty.isdigit():
            raise ValidationError("lines", f"'{item}' is not POSITION:QUANTITY (e.g. 0:1)")
        quantities[int(position)] = quantities.get(int(position), 0) + int(qty)
    return quantities


def cmd_refund(args: argparse.Namespace, out: Output) -> int:
    from .services import refunds

    kind = "cancel" if args.cancel else ("partial" if args.lines else "full")
    result = refunds.refund(args.order_id, args.refund_id, kind, _parse_lines(args.lines), user=args.user)
    note = " (already made: nothing changed)" if result.replayed else ""
    flag = " — BALANCE BELOW ZERO, flagged for the manager" if result.flagged_negative else ""
    out.emit(result, f"{kind} refund {result.refund_id} of order {result.order_id}{note}: {result.amount}, -{result.points_reversed} / +{result.points_returned} points, balance {result.balance}{flag}")
    return 0


def cmd_points_adjust(args: argparse.Namespace, out: Output) -> int:
    from .services import adjustments

    result = adjustments.adjust(args.number, args.points, args.reason, args.pin, args.manager)
    out.emit(result, f"card {result.card}: {result.points:+d} points by {result.manager} ({result.reason}); balance {result.balance}")
    return 0


def cmd_points_expire(args: argparse.Namespace, out: Output) -> int:
    from .services import expiry

    expired = expiry.sweep()
    out.emit({"cards": len(expired), "points": sum(expired.values())}, f"expired {sum(expired.values())} points on {len(expired)} cards")
    return 0


def cmd_users_add(args: argparse.Namespace, out: Output) -> int:
    from .services import users

    user = users.add_user(args.name, args.role, args.pin, args.manager_pin)
    out.emit({"name": user.name, "role": user.role}, f"user {user.name} added as {user.role}")
    return 0


def cmd_users_list(args: argparse.Namespace, out: Output) -> int:
    from .services import users

    rows = [{"name": u.name, "role": u.role, "active": u.active} for u in users.list_users()]
    out.emit(rows, lambda: "\n".join(f"{r['name']:<20} {r['role']}" for r in rows) or "no users")
    return 0


# -- parser -------------------------------------------------------------------------------


def _positive_int(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"'{text}' is not a whole number") from None
    return value


def build_parser() -> argparse.ArgumentParser:
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument("--json", action="store_true", default=argparse.SUPPRESS, help="print machine-readable JSON")
    parser = argparse.ArgumentParser(prog="pos-loyalty", description="Point-of-sale loyalty companion. With no command, opens the desktop app.", parents=[common])
    parser.add_argument("--db", help="SQLite file or postgresql:// URL (default: $POS_LOYALTY_DB, else the user data folder)")
    parser.add_argument("--create", action="store_true", help="create the --db file's folder if it does not exist (refused otherwise: a typo would start an empty database)")
    parser.add_argument("--user", default=None, help="who is operating (for the audit log; default: the login name)")
    groups = parser.add_subparsers(dest="group", required=True, metavar="COMMAND")

    def group(name: str, help_text: str) -> argparse._SubParsersAction:
        return groups.add_parser(name, help=help_text, parents=[common]).add_subparsers(dest="action", required=True, metavar="ACTION")

    def command(sub: argparse._SubParsersAction, name: str, func: Callable, help_text: str) -> argparse.ArgumentParser:  # type: ignore[type-arg]
        p = sub.add_parser(name, help=help_text, parents=[common])
        p.set_defaults(func=func)
        return p

    rules = group("rules", "check, import and show the rules bundle")
    command(rules, "check", cmd_rules_check, "validate a bundle file; list every error (exit 2)").add_argument("file")
    command(rules, "import", cmd_rules_import, "validate and activate a bundle (atomic)").add_argument("file")
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
        p.add_argument("--reason", default="")

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
    p.add_argument("--pin", required=True, help="manager PIN")
    p.add_argument("--manager", default=None, help="manager name (default: whoever the PIN belongs to)")
    command(points, "expire", cmd_points_expire, "write expiry entries for every point past its date")

    users = group("users", "cashiers and managers")
    p = command(users, "add", cmd_users_add, "add a user (the first manager needs no PIN)")
    p.add_argument("name")
    p.add_argument("--role", choices=["cashier", "manager"], default="cashier")
    p.add_argument("--pin", required=True)
    p.add_argument("--manager-pin", default=None)
    command(users, "list", cmd_users_list, "list users")
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    out = Output(getattr(args, "json", False))
    from .services import users
    from .services.setup import open_store

    args.user = args.user or users.login_name()

    try:
        open_store(args.db, create=args.create)
        return int(args.func(args, out))
    except BundleInvalid as exc:
        if out.as_json:
            out.emit({"error": "rules bundle rejected", "errors": [{"where": w, "what": m} for w, m in exc.errors]}, "")
        else:
            print(f"error: {exc}", file=sys.stderr)
        return 2
    except LoyaltyError as exc:
        field = getattr(exc, "field", None)
        if out.as_json:
            out.emit({"error": getattr(exc, "message", str(exc)), "field": field}, "")
        else:
            print(f"error: {exc}", file=sys.stderr)
        return 2
    except Exception as exc:  # an internal error: logged in full, reported in one line
        log.exception("internal error")
        print(f"internal error: {type(exc).__name__}: {exc}", file=sys.stderr)
        return 1
    finally:
        from .store.database import close_database

        close_database()


