"""The `triggers` commands of the command line (read-only): the log of customer-reward
triggers and their stats (seed 002), as text, CSV or JSON."""

from __future__ import annotations

import argparse
import datetime as dt
import sys
from typing import TYPE_CHECKING

from .formats import count, date_text, datetime_text

if TYPE_CHECKING:
    from .cli import Output

def day(text: str) -> dt.date:
    """An argparse type: a date written YYYY-MM-DD, such as 2026-11-29 (nothing else)."""
    try:
        if len(text) != 10 or not text.isascii():
            raise ValueError(text)
        return dt.date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"'{text}' is not a date such as 2026-11-29") from None


def whole(text: str) -> int:
    """An argparse type: a whole number of ASCII digits (int() would take '1_000' and '١٢')."""
    if not text.isascii() or not text.isdigit() or len(text) > 9:
        raise argparse.ArgumentTypeError(f"'{text}' is not a whole number")
    return int(text)


def add_arguments(log: argparse.ArgumentParser, stats: argparse.ArgumentParser) -> None:
    for p in (log, stats):
        p.add_argument("--from", dest="since", type=day, default=None, help="first day (included)")
        p.add_argument("--to", dest="until", type=day, default=None, help="last day (included)")
    log.add_argument("--status", choices=["pending", "sent", "conversion", "blocked"], default=None)
    log.add_argument("--csv", action="store_true", help="CSV with a header row on standard output")
    log.add_argument("--limit", type=whole, default=100, help="rows per page (default 100, at most 1000)")
    log.add_argument("--offset", type=whole, default=0, help="rows to skip (the next page: --offset 100)")


def cmd_triggers_log(args: argparse.Namespace, out: Output) -> int:
    from .services import trigger_reports

    rows = trigger_reports.log(args.since, args.until, args.status, args.offset, args.limit)
    if args.csv:
        trigger_reports.write_csv(sys.stdout, rows)
        return 0

    def text() -> str:
        if not rows:
            return "no trigger log rows"
        lines = [f"{datetime_text(r.at)}  {r.status:<10} {r.trigger_name} → {r.customer} ({r.card})"
                 + (f", coupon {r.coupon}" if r.coupon else "") + (f", {r.points} points" if r.points else "")
                 + (f", order {r.conversion_order} {r.conversion_total}" if r.conversion_order else "")
                 + (f" — {r.reason}" if r.reason else "") for r in rows]
        return "\n".join(lines)

    out.emit(rows, text)
    return 0


def cmd_triggers_stats(args: argparse.Namespace, out: Output) -> int:
    from .services import trigger_reports

    s = trigger_reports.stats(args.since, args.until)

    def text() -> str:
        span = "all time" if s.since is None and s.until is None else f"{date_text(s.since) or '…'} to {date_text(s.until) or '…'}"
        lines = [f"triggers, {span}:", f"  messages pending  {s.pending:,}", f"  messages sent     {s.sent:,}",
                 f"  conversions       {s.conversions:,}", f"  blocked           {s.blocked:,}", f"  revenue           {s.revenue} {s.currency}"]
        if s.weekly:
            lines.append("  sent per week:")
            lines += [f"    {w.week} ({date_text(w.monday)})  {count(w.sent, 'message')}" for w in s.weekly]
        return "\n".join(lines)

    out.emit(s, text)
    return 0
