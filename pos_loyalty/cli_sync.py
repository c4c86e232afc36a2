"""The `hub` and `sync` commands: prepare a PostgreSQL hub, attach this till to it, sync,
and show how the sync stands and what a manager must look at."""

from __future__ import annotations

import argparse
import json
from typing import TYPE_CHECKING, Any

from .formats import count, datetime_text

if TYPE_CHECKING:
    from .cli import Output


def margin(text: str) -> int | None:
    """An argparse type: points of safety margin for offline redemptions, or `off`."""
    if text == "off":
        return None
    if not text.isascii() or not text.isdigit() or len(text) > 9:
        raise argparse.ArgumentTypeError(f"'{text}' is not a number of points or 'off'")
    return int(text)


def cmd_hub_init(args: argparse.Namespace, out: Output) -> int:
    from .services import sync

    applied = sync.init_hub(args.url)
    out.emit({"hub": sync.shown_url(args.url), "migrations": applied},
             f"hub ready at {sync.shown_url(args.url)}" + (f" ({count(len(applied), 'migration')} applied)" if applied else ""))
    return 0


def cmd_hub_attach(args: argparse.Namespace, out: Output) -> int:
    from .cli import _approval
    from .services import sync

    status = sync.attach(args.url, args.till, args.store, args.offline_margin, args.user or "", **_approval(args))
    out.emit(status, f"till {status.till} of {status.store} attached to {status.hub}; synced, {count(status.waiting, 'row')} waiting")
    return 0


def cmd_sync_run(args: argparse.Namespace, out: Output) -> int:
    from .services import sync

    report = sync.run()
    out.emit(report, f"pushed {count(report.pushed, 'row')}, pulled {count(report.pulled, 'row')} in {report.seconds:.2f} s"
                     + (f"; {count(report.exceptions, 'exception')} for a manager (sync exceptions)" if report.exceptions else ""))
    return 0


def cmd_sync_status(args: argparse.Namespace, out: Output) -> int:
    from .services import sync

    s = sync.status()

    def text() -> str:
        if not s.attached:
            return f"till {s.till} is not attached to a hub (pos-loyalty hub attach URL --till NAME --store NAME)"
        if s.online is None:  # this process has not talked to the hub: what the last round found
            online = "offline at the last try" if s.last_error else ("online at the last sync" if s.last_sync_at else "not synced yet")
        else:
            online = "online" if s.online else "offline"
        margin_text = "no redemption offline" if s.offline_margin is None else f"offline redemption up to the synced balance less {s.offline_margin} points"
        lines = [f"till {s.till} of {s.store}, hub {s.hub}: {online}",
                 f"last sync: {datetime_text(s.last_sync_at) if s.last_sync_at else 'never'}; {count(s.waiting, 'row')} waiting to be sent",
                 margin_text, f"{count(s.exceptions, 'exception')} for a manager"]
        if s.last_error:
            lines.append(f"last error: {s.last_error}")
        return "\n".join(lines)

    out.emit(s, text)
    return 0


def cmd_sync_exceptions(args: argparse.Namespace, out: Output) -> int:
    from .services import sync

    rows = sync.exceptions(include_resolved=args.all)
    data = [{"id": r.id, "kind": r.kind, "subject": r.subject, "at": r.at, "details": json.loads(r.details),
             "resolved_at": r.resolved_at, "resolved_by": r.resolved_by} for r in rows]

    def text() -> str:
        if not rows:
            return "no exceptions"
        return "\n".join(f"{datetime_text(r.at)}  {r.kind:<18} {r.subject}  {_details(json.loads(r.details))}"
                         + (f"  (resolved by {r.resolved_by})" if r.resolved_at else "") for r in rows)

    out.emit(data, text)
    return 0


def _details(details: dict[str, Any]) -> str:
    parts = []
    if "balance" in details:
        parts.append(f"balance {details['balance']}")
    if details.get("orders"):
        parts.append("orders " + ", ".join(details["orders"]))
    if details.get("till"):
        parts.append(f"from till {details['till']}")
    return "; ".join(parts)


def cmd_sync_resolve(args: argparse.Namespace, out: Output) -> int:
    from .cli import _approval
    from .services import sync

    sync.resolve(args.id, args.note, args.user or "", **_approval(args))
    out.emit({"resolved": args.id}, f"exception {args.id} resolved")
    return 0


def cmd_sync_merge(args: argparse.Namespace, out: Output) -> int:
    from .cli import _approval
    from .services import sync

    sync.merge_duplicate(args.id, args.user or "", **_approval(args))
    out.emit({"merged": args.id}, f"customers of exception {args.id} merged; resolved")
    return 0


def cmd_sync_margin(args: argparse.Namespace, out: Output) -> int:
    from .services import sync

    sync.set_offline_margin(args.points)
    out.emit({"offline_margin": args.points}, "no redemption offline" if args.points is None else f"offline margin: {args.points} points")
    return 0


def add_commands(group: Any, command: Any) -> None:
    """The `hub` and `sync` groups (cli.build_parser's helpers)."""
    hub = group("hub", "a PostgreSQL hub for many tills: prepare it, attach this till")
    p = command(hub, "init", cmd_hub_init, "create or update the hub's tables (same migrations as a till)")
    p.add_argument("url", help="postgresql://user@host:5432/name")
    p = command(hub, "attach", cmd_hub_attach, "attach this till to the hub (manager); what it holds is sent, then it syncs")
    p.add_argument("url")
    p.add_argument("--till", required=True, help="this till's name, unique on the hub (1 to 16 letters, digits or dashes)")
    p.add_argument("--store", required=True, help="the store this till is in")
    p.add_argument("--offline-margin", type=margin, default=0, help="points kept back when redeeming offline, or 'off' for none offline (default 0)")
    sync = group("sync", "send this till's sales to the hub and bring the others' (also runs in the app)")
    command(sync, "run", cmd_sync_run, "push, then pull, now")
    command(sync, "status", cmd_sync_status, "online or not, last sync, rows waiting, exceptions")
    p = command(sync, "exceptions", cmd_sync_exceptions, "cards overdrawn offline, number collisions, duplicate customers, coupons used twice")
    p.add_argument("--all", action="store_true", help="include the resolved ones")
    p = command(sync, "resolve", cmd_sync_resolve, "mark an exception settled, saying what was done (manager; online)")
    p.add_argument("id", type=int)
    p.add_argument("--note", required=True, help="what was done, e.g. 'points adjusted, customer told'")
    p = command(sync, "merge", cmd_sync_merge, "settle a duplicate_customer exception by merging the two customers (manager; online)")
    p.add_argument("id", type=int)
    p = command(sync, "margin", cmd_sync_margin, "points kept back when redeeming offline (manager), or 'off'")
    p.add_argument("points", type=margin)
