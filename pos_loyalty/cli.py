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

from . import cli_api, cli_products, cli_reports, cli_slip, cli_sync, cli_triggers
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


def _effective_from(text: str | None) -> dt.datetime | None:
    """`--effective-from`: when a published bundle takes over (None: at once). A plain date
    means the start of that day, not its end as `--as-of` reads it, and a moment to come is
    allowed (`moments.parse_from`); one already past is refused by the service."""
    from .domain.moments import parse_from

    return None if text is None else parse_from(text, "--effective-from")


def cmd_rules_publish(args: argparse.Namespace, out: Output) -> int:
    from .services import rules_sync

    effective = _effective_from(args.effective_from)
    result = rules_sync.publish_file(args.file, user=args.user, effective_from=effective, allow_empty=args.allow_empty, **_approval(args))
    when = "in force now" if result.state == rules_sync.ACTIVE else f"scheduled from {datetime_text(result.effective_from)}"
    out.emit(result, f"rules {result.version} {'published' if result.changed else 'already published: nothing changed'}, {when} ({result.checksum[:12]})")
    return 0


def cmd_rules_versions(args: argparse.Namespace, out: Output) -> int:
    from .services import rules_sync

    listed = rules_sync.versions()

    def text() -> str:
        if not listed:
            return "no rules published yet"
        return "\n".join(f"{v.version:<24} {v.state:<9} from {datetime_text(v.effective_from)}, published {datetime_text(v.published_at)}"
                         + (f" by {v.published_by}" if v.published_by else "") + f", synced {datetime_text(v.imported_at)} ({v.checksum[:12]})"
                         for v in listed)

    out.emit({"versions": listed}, text)
    return 0


def cmd_rules_show(args: argparse.Namespace, out: Output) -> int:
    from .services import rules_sync
    from .services.describe import describe_rules

    at = dt.datetime.now()  # one moment for both reads: a scheduled version may take over between them
    version = rules_sync.active_version(at)
    bundle, digest = rules_sync.active_rules(at)
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


def _progress_text(rows: Any) -> str:
    return "".join(f"\nmilestone: {p.text}" for p in rows)


def cmd_cards_show(args: argparse.Namespace, out: Output) -> int:
    from .services import cards, rules_sync

    rules, _ = rules_sync.active_rules()
    view = cards.lookup(args.number, rules, _moment(args.as_of, "--as-of"))
    rows = cards.history(cards.get_card(args.number), limit=args.history)
    progress: list[Any] = []
    if rules.milestones:  # imported only then: a programme without milestones starts as fast as before
        from .services import programme

        progress = programme.progress(args.number, include_hidden=False)
    data = {"card": view, "history": rows, "milestones": progress}
    out.emit(data, lambda: _card_text(view) + _progress_text(progress) + "".join(f"\n  {datetime_text(r.at)} {r.kind:<9} {r.points:>+7} {r.order_id or ''} {r.note}" for r in rows))
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


def cmd_cards_export(args: argparse.Namespace, out: Output) -> int:
    from .services import exports

    result = exports.export_batch(args.batch, args.csv)
    out.emit({"path": str(result.path), "cards": result.rows}, f"exported {count(result.rows, 'card number')} of batch {args.batch} to {result.path}")
    return 0


def cmd_customers_import(args: argparse.Namespace, out: Output) -> int:
    """A programme import (services/programme_import.py): with --dry-run, check and report
    only. Bad rows: every one listed (line, column, problem), exit 2, nothing imported."""
    from .services import programme_import

    try:
        report = programme_import.import_file(args.file, args.user or "", dry_run=args.dry_run, **_approval(args))
    except programme_import.ImportRefused as refused:
        report = refused.report
        out.error({"error": refused.message, "field": refused.field, "bad": out.plain(list(report.bad))},
                  f"error: {refused.message}\n" + "\n".join(f"  line {b.line}{', ' + b.column if b.column else ''}: {b.problem}" for b in report.bad))
        return 2
    if report.bad:  # a dry run that found bad rows
        out.error({**out.plain(report), "error": f"{count(report.bad_rows, 'bad row')}: the import would be refused", "field": "file"},
                  f"{count(report.bad_rows, 'bad row')} in {report.file}; fix them and run again (nothing was imported):\n"
                  + "\n".join(f"  line {b.line}{', ' + b.column if b.column else ''}: {b.problem}" for b in report.bad))
        return 2

    def text() -> str:
        what = (f"{count(report.customers, 'customer')}, {count(report.cards, 'card')} and {points(report.points)} "
                f"in {count(report.balances, 'opening balance')}")
        already = f"; {count(report.already_imported, 'row')} imported before" if report.already_imported else ""
        if report.dry_run:
            return f"{report.file}: {count(report.rows, 'row')}, no bad rows; the import would add {what}{already}"
        if not report.written:
            return f"{report.file}: nothing new to import{already}"
        return f"imported {what} from {report.file} (batch '{report.batch}'){already}"
    out.emit(report, text)
    return 0


def cmd_customers_export(args: argparse.Namespace, out: Output) -> int:
    from .services import exports

    result = exports.export_customers(args.csv, args.user or "", **_approval(args))
    out.emit({"path": str(result.path), "rows": result.rows}, f"exported {count(result.rows, 'row')} (a customer and one of their cards a row) to {result.path}")
    return 0


def cmd_customers_data(args: argparse.Namespace, out: Output) -> int:
    from .services import privacy

    result = privacy.export_customer_data(args.customer, args.out, args.user or "", **_approval(args))
    out.emit({"path": str(result.path), "customer": result.customer_id, "records": result.records},
             f"customer #{result.customer_id}: {count(result.records, 'record')} written to {result.path}")
    return 0


def cmd_customers_forget(args: argparse.Namespace, out: Output) -> int:
    from .services import privacy

    r = privacy.forget(args.customer, args.reason, args.user or "", **_approval(args))
    if r.already:
        text = f"customer #{r.customer_id} was already forgotten on {date_text(r.forgotten_at)}; nothing changed"
    else:
        text = (f"customer #{r.customer_id} forgotten: now '{r.name}'; {count(len(r.cards_suspended), 'card')} suspended, "
                f"{count(r.messages_blocked, 'e-mail')} not to be sent, {count(r.texts_erased, 'text')} erased elsewhere")
    out.emit(r, text)
    return 0


def cmd_customers_add(args: argparse.Namespace, out: Output) -> int:
    from .services import customers

    customer, card = customers.enrol(customers.CustomerInput(args.name, args.phone or "", args.email or "", args.opt_in, args.birthday or None), args.card, user=args.user)
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


def _moment(text: str | None, option: str) -> dt.datetime | None:
    """A `--at` / `--as-of` moment (README "Command line"), or None when not given."""
    from .domain.moments import parse_as_of

    return None if text is None else parse_as_of(text, option)


def _order_request(args: argparse.Namespace) -> Any:
    """The order file, dated by `--at` when the file has no `at` of its own."""
    from .domain.order import parse_order

    request = parse_order(_read_json_file(args.file, "file"))
    at = _moment(args.at, "--at")
    if at is not None and request.at is not None and at != request.at:
        raise ValidationError("at", f"the file says {request.at:%Y-%m-%d %H:%M:%S} but --at says {at:%Y-%m-%d %H:%M:%S}; give one")
    return request if at is None else dataclasses.replace(request, at=at)


def cmd_checkout_quote(args: argparse.Namespace, out: Output) -> int:
    from .services import checkout

    q, _ = checkout.quote(_order_request(args))
    out.emit(q, lambda: _quote_text(q))
    return 0


def cmd_checkout_commit(args: argparse.Namespace, out: Output) -> int:
    from .services import checkout

    result = checkout.commit(_order_request(args), user=args.user)
    note = " (already committed: nothing changed)" if result.replayed else ""
    out.emit(result, f"order {result.order_id} committed{note}: total {result.total}, {points(result.points_earned, signed=True)} earned, {points(result.points_spent)} spent"
             + (f", balance {points(result.balance)}" if result.balance is not None else "") + "".join(f"\nUnlocked: {u.text}" for u in result.unlocked)
             + "".join(f"\n  {fired.summary()}" for fired in result.fired))
    return 0


def cmd_orders_fulfil(args: argparse.Namespace, out: Output) -> int:
    from .services import checkout

    result = checkout.fulfil(args.order_id, _moment(args.at, "--at"), user=args.user)
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
    result = refunds.refund(args.order_id, args.refund_id, kind, _parse_lines(args.lines), when=_moment(args.at, "--at"), user=args.user, **_approval(args))
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

    expired = expiry.sweep(_moment(args.as_of, "--as-of"))
    out.emit({"cards": len(expired), "points": sum(expired.values())}, f"expired {points(sum(expired.values()))} on {count(len(expired), 'card')}")
    return 0


def _coupon_state(v: Any) -> str:
    """A coupon's state in words: ``redeemed on order C-1``, ``void by Maya: wrong card``."""
    if v.state == "redeemed":
        return f"redeemed on order {v.order_id}"
    if v.state == "void":
        return f"void by {v.voided_by}: {v.void_reason}"
    if v.state == "expired":
        return f"expired on {date_text(v.expires_at)}"
    return "issued"


def _coupon_line(v: Any) -> str:
    expiry = f"expires {date_text(v.expires_at)}" if v.expires_at else "no expiry"
    return f"{v.code}  {v.reward_name:<24} {_coupon_state(v):<32} {expiry:<18} {v.source}"


def cmd_coupons_issue(args: argparse.Namespace, out: Output) -> int:
    from .domain.coupons import parse_day
    from .services import coupons

    expires = parse_day(args.expires) if args.expires is not None else None
    coupon = coupons.issue(args.number, args.reward, args.reason, expires_at=expires, **_approval(args))
    view = coupons.view(coupon.code)
    out.emit(view, f"coupon {view.code} for {view.reward_name} issued on card {view.card}"
             + (f", valid until {date_text(view.expires_at)}" if view.expires_at else ", no expiry"))
    return 0


def cmd_coupons_list(args: argparse.Namespace, out: Output) -> int:
    from .services import coupons

    views = coupons.of_card(args.number)
    out.emit(views, lambda: "\n".join(_coupon_line(v) for v in views) or "no coupons")
    return 0


def cmd_coupons_void(args: argparse.Namespace, out: Output) -> int:
    from .services import coupons

    coupon = coupons.void(args.code, args.reason, **_approval(args))
    view = coupons.view(coupon.code)
    out.emit(view, f"coupon {view.code} on card {view.card} is void ({view.void_reason})")
    return 0


def cmd_activity_record(args: argparse.Namespace, out: Output) -> int:
    from .services import activity

    at = _moment(args.at, "--at")
    result = activity.record(args.number, args.kind, at=at, key=args.id, user=args.user or "", note=args.note or "")
    note = " (already recorded: nothing changed)" if result.replayed else ""
    out.emit(result, f"card {result.card}: {result.name}{note}, {points(result.points, signed=True)}; balance {points(result.balance)}")
    return 0


def cmd_activity_list(args: argparse.Namespace, out: Output) -> int:
    from .services import activity

    rows = activity.of_card(args.number, limit=args.limit)
    out.emit(rows, lambda: "\n".join(f"{datetime_text(r.at)}  {r.name:<30} {r.points:>+7}  {r.user} {r.note}".rstrip() for r in rows) or "no actions recorded")
    return 0


def cmd_activity_birthdays(args: argparse.Namespace, out: Output) -> int:
    from .services import activity

    as_of = _moment(args.as_of, "--as-of") or dt.date.today()
    run = activity.award_birthdays(as_of, user=args.user or "")
    out.emit(run, f"birthdays of {date_text(run.as_of)}: {count(run.customers, 'customer')}, {points(run.points, signed=True)}")
    return 0


def cmd_programme_run_daily(args: argparse.Namespace, out: Output) -> int:
    from .services import programme

    as_of = _moment(args.as_of, "--as-of")
    report = programme.run_daily(as_of, user=args.user)
    out.emit(report, "daily job done: " + ", ".join(f"{k.replace('_', ' ')} {v:,}" for k, v in report.items()))
    return 0


def cmd_programme_progress(args: argparse.Namespace, out: Output) -> int:
    from .services import programme

    rows = programme.progress(args.number, include_hidden=True)
    out.emit(rows, lambda: "\n".join(p.text + ("  (hidden from customers)" if p.hidden else "") for p in rows) or "no milestone rules")
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


def cmd_settings_smtp_password(args: argparse.Namespace, out: Output) -> int:
    """Keep the SMTP password in the private file: read like a PIN (standard input with
    --pin-stdin, $POS_LOYALTY_SMTP_PASSWORD, or a hidden prompt), never from the command line."""
    from .services import smtp

    new = "" if args.clear else _pin_reader(args).read(smtp.PASSWORD_ENV, "SMTP password: ", "smtp_password", "the SMTP password")
    if not args.clear and not new:
        raise ValidationError("smtp_password", "the password is empty (use --clear to remove the stored one)")
    path = smtp.set_password(new, user=args.user, **_approval(args))
    out.emit({"stored": bool(new), "file": str(path)}, f"SMTP password {'stored in' if new else 'removed from'} {path}")
    return 0


def cmd_messages_send(args: argparse.Namespace, out: Output) -> int:
    from .services import messages

    report = messages.send_due()

    def text() -> str:
        line = f"{report.sent:,} sent, {report.failed:,} failed, {report.waiting:,} waiting"
        if report.in_doubt:
            line += f", {report.in_doubt:,} in doubt (see `messages list --status in_doubt`)"
        return line + (f"\nnot sending: {report.not_sending}" if report.not_sending else "")
    out.emit(report, text)
    return 0


def cmd_messages_list(args: argparse.Namespace, out: Output) -> int:
    from .services import messages

    rows = messages.list_messages(args.status, limit=args.limit)

    def text() -> str:
        if not rows:
            return "no messages"
        return "\n".join(f"{r.id:>6} {r.status:<9} {datetime_text(r.created_at)}  {r.to_address or '-':<30} {r.subject}"
                         + (f"\n{'':>17}{count(r.attempts, 'attempt')}; {r.last_answer}" if r.last_answer else "") for r in rows)
    out.emit(rows, text)
    return 0


def cmd_messages_retry(args: argparse.Namespace, out: Output) -> int:
    from .services import messages

    row = messages.retry(args.id, user=args.user, **_approval(args))
    out.emit({"id": row.id, "status": row.status}, f"message {row.id} will be sent again")
    return 0


def cmd_coupons_slip(args: argparse.Namespace, out: Output) -> int:
    from .services import coupon_slip

    path = coupon_slip.print_slip(args.code, args.out)
    out.emit({"code": args.code.strip().upper(), "out": str(path)}, f"coupon slip written to {path}")
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

    def add_mutually_exclusive_group(self, **kwargs: Any) -> "_Unbuilt":
        return self


_AS_OF_HELP = "{what}: a date (its end) or date and time, e.g. 2027-01-31 or 2026-11-20T14:30+01:00 (default: now)"
GLOBAL_OPTIONS_WITH_VALUE = ("--db", "--user", "--manager")
GROUPS = ("rules", "cards", "customers", "checkout", "orders", "points", "coupons", "users", "settings", "activity", "messages", "programme")  # those with actions

GROUPS += ("triggers",)  # the customer-reward triggers' log and stats (cli_triggers.py)
GROUPS += ("hub", "sync")  # tills syncing with a PostgreSQL hub (cli_sync.py)
GROUPS += ("products",)  # the product catalogue (cli_products.py)
GROUPS += ("api",)  # the local HTTP API's tokens (cli_api.py)
GROUPS += ("reports",)  # one command, `reports NAME` (cli_reports.py): the other groups need not be built for it


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
    p = command(rules, "publish", cmd_rules_publish, "validate and publish a bundle, in force at once or from a moment to come (atomic)")
    p.add_argument("file")
    p.add_argument("--effective-from", default=None, metavar="MOMENT",
                   help="when it takes over: a date (its start) or date and time, e.g. 2027-01-01 or 2026-12-01T06:00+01:00 (default: at once)")
    p.add_argument("--allow-empty", action="store_true", help="confirm a bundle with no earning rules and no rewards")
    command(rules, "versions", cmd_rules_versions, "every published version: active, scheduled or retired")
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
    p.add_argument("--as-of", default=None, metavar="MOMENT", help=_AS_OF_HELP.format(what="tier and expiring points"))
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
    p = command(cards, "export", cmd_cards_export, "a batch's card numbers as CSV, for a card-printing company")
    p.add_argument("--batch", required=True, help="the batch to export")
    p.add_argument("--csv", required=True, help="the CSV file to write (number, barcode, batch, status)")

    customers = group("customers", "enrol and export customers; a customer's own data, and forgetting them")
    customer_help = "a card number of the customer, or #ID"
    p = command(customers, "data", cmd_customers_data, "everything the store holds about one customer, as JSON (manager)")
    p.add_argument("customer", metavar="CUSTOMER", help=customer_help)
    p.add_argument("--out", required=True, help="the JSON file to write")
    p = command(customers, "forget", cmd_customers_forget, "erase a customer's personal details for good; sums stay (manager)")
    p.add_argument("customer", metavar="CUSTOMER", help=customer_help)
    p.add_argument("--reason", required=True, help="why (kept in the audit log), e.g. 'request by e-mail of 2 May'")
    p = command(customers, "export", cmd_customers_export, "every customer with their cards and balances, as CSV (manager)")
    p.add_argument("--csv", required=True, help="the CSV file to write")
    p = command(customers, "import", cmd_customers_import, "import an existing programme from CSV: customers, their cards and balances (manager)")
    p.add_argument("file", help="the CSV file (columns: see the README, 'Importing an existing programme')")
    p.add_argument("--dry-run", action="store_true", help="check every row and report; import nothing")
    p = command(customers, "add", cmd_customers_add, "enrol a customer with a new or pre-printed card")
    p.add_argument("--name", required=True)
    p.add_argument("--phone", default="")
    p.add_argument("--email", default="")
    p.add_argument("--opt-in", action="store_true", help="agrees to marketing")
    p.add_argument("--card", default=None, help="pre-printed card number to give (default: a new number)")
    p.add_argument("--birthday", default=None, help="MM-DD or YYYY-MM-DD (the year is not kept): the birthday action's day")

    checkout = group("checkout", "quote or commit an order from a JSON file (- for stdin)")
    for name, func, text in (("quote", cmd_checkout_quote, "points to earn, rewards available, totals"),
                             ("commit", cmd_checkout_commit, "commit the order and its points (idempotent by order_id)")):
        p = command(checkout, name, func, text)
        p.add_argument("file")
        p.add_argument("--at", default=None, metavar="MOMENT", help=_AS_OF_HELP.format(what="the sale's time, when the file has no 'at'"))

    orders = group("orders", "order follow-up")
    p = command(orders, "fulfil", cmd_orders_fulfil, "mark fulfilled (awards points in fulfilment mode)")
    p.add_argument("order_id")
    p.add_argument("--at", default=None, metavar="MOMENT", help=_AS_OF_HELP.format(what="when it was fulfilled"))
    cli_slip.add_arguments(command(orders, "slip", cli_slip.cmd_orders_slip, "the sale's loyalty slip: text, --pdf FILE or --escpos (receipt printer)"))

    p = groups.add_parser("refund", help="refund fully, by lines, or cancel an order", parents=[common])
    p.set_defaults(func=cmd_refund)
    p.add_argument("order_id")
    p.add_argument("--refund-id", required=True, help="idempotency key: the same id never refunds twice")
    p.add_argument("--lines", nargs="+", metavar="POS:QTY", help="partial refund: line position (from 0) and quantity")
    p.add_argument("--cancel", action="store_true", help="cancel the order instead of refunding")
    p.add_argument("--at", default=None, metavar="MOMENT", help=_AS_OF_HELP.format(what="when it was refunded"))

    points = group("points", "manual adjustments and expiry")
    p = command(points, "adjust", cmd_points_adjust, "add or remove points (manager PIN, reason, audited)")
    p.add_argument("number")
    p.add_argument("points", type=_positive_int, help="e.g. 50 or -20")
    p.add_argument("--reason", required=True)
    p = command(points, "expire", cmd_points_expire, "write expiry entries for every point past its date")
    p.add_argument("--as-of", default=None, metavar="MOMENT", help=_AS_OF_HELP.format(what="expire what was due by then"))

    coupon_group = group("coupons", "issue, list and void a card's coupons (a reward taken once, for no points)")
    p = command(coupon_group, "issue", cmd_coupons_issue, "put a coupon for a reward on a card (manager PIN, reason, audited)")
    p.add_argument("number")
    p.add_argument("--reward", required=True, help="the reward's id in the active rules, e.g. free-coffee")
    p.add_argument("--reason", required=True, help="why (kept in the audit log)")
    p.add_argument("--expires", default=None, metavar="YYYY-MM-DD", help="last day it can be used (default: never expires)")
    command(coupon_group, "list", cmd_coupons_list, "a card's coupons: code, reward, state, expiry, source").add_argument("number")
    p = command(coupon_group, "void", cmd_coupons_void, "take back an unused coupon (manager PIN, reason, audited)")
    p.add_argument("code")
    p.add_argument("--reason", required=True, help="why (kept in the audit log)")
    activity = group("activity", "points for actions: a review, a social share, a store's own action")
    p = command(activity, "record", cmd_activity_record, "record an action for the card's customer, with its points (capped; idempotent by --id)")
    p.add_argument("number")
    p.add_argument("--kind", required=True, help="the action's id in the rules, or its kind (review, social_share)")
    p.add_argument("--at", default=None, help="when it happened, ISO 8601 (default: now), e.g. 2026-11-03T10:00+01:00")
    p.add_argument("--id", default=None, help="idempotency key: the same id never records twice")
    p.add_argument("--note", default="", help="e.g. where the review was written")
    p = command(activity, "list", cmd_activity_list, "the card's customer's recent actions, with their points")
    p.add_argument("number")
    p.add_argument("--limit", type=_positive_int, default=50)
    p = command(activity, "birthdays", cmd_activity_birthdays, "give the birthday points due on a day (the daily job's step; twice changes nothing)")
    p.add_argument("--as-of", default=None, help="the day, e.g. 2026-03-14 (default: today)")

    programme = group("programme", "milestones and the daily job")
    p = command(programme, "run-daily", cmd_programme_run_daily, "the daily job: points expiry, inactivity milestones (idempotent per day)")
    p.add_argument("--as-of", default=None, help="run as of this day (YYYY-MM-DD: its end) or moment; not in the future")
    command(programme, "progress", cmd_programme_progress, "a card's milestone progress, inactivity included (manager)").add_argument("number")

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
    p = command(store_settings, "smtp-password", cmd_settings_smtp_password,
                "store the SMTP password in a private file (read like a PIN: never on the command line)")
    p.add_argument("--clear", action="store_true", help="remove the stored password")

    outbox = group("messages", "e-mails to customers: send the due ones, list them")
    command(outbox, "send", cmd_messages_send, "send the messages that are due (exactly once; retries wait for their time)")
    p = command(outbox, "list", cmd_messages_list, "the newest messages, with the server's last answer")
    p.add_argument("--status", choices=["pending", "sending", "sent", "in_doubt", "failed", "blocked"], default=None)
    p.add_argument("--limit", type=_positive_int, default=100)
    p = command(outbox, "retry", cmd_messages_retry, "send a message in doubt or failed again (manager; check first that it did not arrive)")
    p.add_argument("id", type=_positive_int)

    p = command(coupon_group, "slip", cmd_coupons_slip, "print a coupon on an 80 mm slip with its barcode (PDF)")
    p.add_argument("code")
    p.add_argument("--out", required=True, help="the PDF file to write")

    triggers = group("triggers", "customer-reward triggers: their log and stats (read-only)")
    cli_triggers.add_arguments(command(triggers, "log", cli_triggers.cmd_triggers_log, "log rows, newest first: --from/--to/--status, --csv"),
                               command(triggers, "stats", cli_triggers.cmd_triggers_stats, "pending, sent, conversions, revenue, sent per week"))

    cli_sync.add_commands(group, command)
    cli_products.add_commands(group, command)
    cli_api.add_commands(group, lambda sub: any(sub is u for u in unbuilt), common)
    cli_reports.add_command(groups, common)

    p = groups.add_parser("serve", help="answer commands as JSON lines (--stdio) or the local HTTP API (--http), one process for many sales (see README)",
                          parents=[common])
    cli_api.add_serve_options(p)
    return parser


# What each command needs before it runs (cli_auth): read-only commands need nobody; every
# command that changes data needs a proven --user; manager-only actions need a manager's PIN.
_READ_ONLY = {cmd_rules_check, cmd_rules_show, cmd_cards_show, cmd_cards_find, cmd_cards_print, cmd_checkout_quote, cmd_users_list, cmd_settings_show,
              cmd_coupons_list, cmd_activity_list}
_MANAGER_ONLY = {cmd_rules_import, cmd_cards_replace, cmd_cards_suspend, cmd_cards_reactivate, cmd_points_adjust,
                 cmd_users_add, cmd_users_change, cmd_settings_set, cmd_coupons_issue, cmd_coupons_void}
_READ_ONLY |= {cmd_messages_list, cmd_coupons_slip}
_MANAGER_ONLY |= {cmd_settings_smtp_password, cmd_messages_retry}
_MANAGER_ONLY |= {cmd_programme_progress}  # inactivity milestones are for managers' eyes only
_MANAGER_ONLY |= {cmd_customers_import}  # a programme's customers, cards and balances (services/programme_import.py)
_MANAGER_ONLY |= {cmd_rules_publish}
_READ_ONLY |= {cmd_rules_versions}


_READ_ONLY |= {cli_slip.cmd_orders_slip}
_READ_ONLY |= {cli_triggers.cmd_triggers_log, cli_triggers.cmd_triggers_stats, cmd_cards_export}
_READ_ONLY |= {cli_sync.cmd_hub_init, cli_sync.cmd_sync_status, cli_sync.cmd_sync_exceptions}
_READ_ONLY |= {cli_reports.cmd_reports}  # it brings the report summaries up to date: bookkeeping, not a change anyone makes
_MANAGER_ONLY |= {cmd_customers_export}
_MANAGER_ONLY |= {cmd_customers_data, cmd_customers_forget}
_MANAGER_ONLY |= {cli_api.cmd_api_token_create, cli_api.cmd_api_token_revoke}
_READ_ONLY |= {cli_api.cmd_api_token_list}
_MANAGER_ONLY |= {cli_sync.cmd_hub_attach, cli_sync.cmd_sync_margin, cli_sync.cmd_sync_resolve, cli_sync.cmd_sync_merge}
_READ_ONLY |= cli_products.READ_ONLY


def needs(args: argparse.Namespace) -> Any:
    """What the parsed command needs proven before it runs (a `cli_auth.Need`)."""
    from .cli_auth import Need
    from .services import auth

    if args.group == "serve":  # a --user given is proven at start; each request is checked by serve
        return Need.NOTHING
    if args.func in _READ_ONLY or (args.func is cli_products.cmd_products_import and args.dry_run):  # a dry run writes nothing
        return Need.NOTHING
    if args.func is cmd_users_add and not auth.managers_exist():
        return Need.NOTHING  # the store's first user, its manager
    if args.func in _MANAGER_ONLY or cli_products.needs_manager(args):
        return Need.MANAGER
    if args.func is cmd_refund and args.refund_id:
        from .services import refunds  # loaded for a refund only: 20 ms of a read-only command's start

        if refunds.needs_manager(args.order_id, args.refund_id, _refund_kind(args), _parse_lines(args.lines)):
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
            if code == 0 and args.group == "serve" and args.http:
                from .api.server import serve_http  # the web stack is imported only now

                code = serve_http(args.host, args.port)
            elif code == 0 and args.group == "serve":
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
