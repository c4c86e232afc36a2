"""The `reports` command of the command line (read-only): `reports list`, and
`reports NAME [--from --to --grain --store --till --lapsed-days] [--csv FILE | --json]`.

Text: the headline figures, then each table aligned in columns. `--json`: the report as plain
data (dates ISO, money as strings). `--csv FILE`: the first table to FILE and every other one
beside it, named FILE's stem + "-" + the table's key + ".csv" (`points.csv`, `customers.csv`
and `customers-programme.csv`)."""

from __future__ import annotations

import argparse
import datetime as dt
from decimal import Decimal
from pathlib import Path
from typing import TYPE_CHECKING, Any

from .cli_triggers import day, whole
from .formats import date_text

if TYPE_CHECKING:
    from .cli import Output
    from .domain.report_table import Report, Table

DEFAULT_DAYS = 30

HELP = ("NAME is a report (`reports list` shows them). The range is whole days, both included, by each event's own time "
        f"(default: the last {DEFAULT_DAYS} days to today). --csv FILE writes the first table to FILE and each other table "
        "beside it as FILE's stem, '-', the table's key and '.csv' (e.g. customers.csv and customers-programme.csv).")


def add_command(groups: argparse._SubParsersAction, common: argparse.ArgumentParser) -> argparse.ArgumentParser:  # type: ignore[type-arg]
    p = groups.add_parser("reports", help="reports managers read: points, rewards, customers, tiers, orders (read-only)",
                          description=HELP, parents=[common])
    p.set_defaults(func=cmd_reports)
    p.add_argument("name", metavar="NAME", help="a report's name, or `list`")
    p.add_argument("--from", dest="since", type=day, default=None, metavar="YYYY-MM-DD", help=f"first day (default: {DEFAULT_DAYS} days ago)")
    p.add_argument("--to", dest="until", type=day, default=None, metavar="YYYY-MM-DD", help="last day, included (default: today)")
    p.add_argument("--grain", choices=["day", "week", "month"], default="day", help="the time series' step (weeks start on Monday)")
    p.add_argument("--store", default=None, help="only the tills attached to the hub under this store's name")
    p.add_argument("--till", default=None, help="only this till's orders (and the points, customers and refunds that go with them)")
    p.add_argument("--lapsed-days", type=whole, default=90, help="customers: lapsed after this many days without an order (default 90)")
    p.add_argument("--csv", default=None, metavar="FILE", help="write the tables as CSV (several tables: FILE, then FILE-stem-KEY.csv)")
    return p


def cmd_reports(args: argparse.Namespace, out: Output) -> int:
    from .services import reports

    if args.name == "list":
        infos = reports.catalogue()
        out.emit([{"name": i.name, "title": i.title, "description": i.description} for i in infos],
                 lambda: "\n".join(f"{i.name:<10} {i.title}: {i.description}" for i in infos))
        return 0
    until = args.until or dt.date.today()
    since = args.since or (until - dt.timedelta(days=DEFAULT_DAYS - 1))
    period = reports.check_period(since, until, args.grain, args.store, args.till, lapsed_days=args.lapsed_days)
    report = reports.run(args.name, period)
    if args.csv:
        written = [{"table": t.key, "path": str(reports.write_csv(t, path).path), "rows": len(t.rows)} for t, path in csv_paths(report, args.csv)]
        out.emit({"report": report.info.name, "files": written},
                 lambda: "\n".join(f"wrote {w['table']} ({w['rows']:,} rows) to {w['path']}" for w in written))
        return 0
    out.emit(plain(report), lambda: text(report))
    return 0


def csv_paths(report: Report, out: str) -> list[tuple[Table, Path]]:
    """The first table to `out`; every other one beside it: stem-key.csv."""
    first = Path(out)
    return [(t, first if i == 0 else first.with_name(f"{first.stem}-{t.key}.csv")) for i, t in enumerate(report.tables)]


def _value(value: Any, kind: str) -> Any:
    if kind == "percent" and isinstance(value, Decimal):
        return str(value)  # not money: no padding to the currency's minor unit
    return value


def plain(report: Report) -> dict[str, Any]:
    p = report.period
    return {
        "report": report.info.name, "title": report.info.title,
        "period": {"from": p.start, "to": p.end, "grain": p.grain, "store": p.store, "till": p.till, "lapsed_days": p.lapsed_days},
        "figures": {f.key: _value(f.value, f.kind) for f in report.figures},
        "tables": [{"key": t.key, "title": t.title, "columns": [{"key": c.key, "label": c.label, "kind": c.kind} for c in t.columns],
                    "rows": [{c.key: _value(v, c.kind) for c, v in zip(t.columns, row)} for row in t.rows]} for t in report.tables],
    }


def shown(value: Any, kind: str) -> str:
    """A value as a person reads it in the text output."""
    if value is None:
        return "–"
    if kind == "date" and isinstance(value, dt.date):
        return date_text(value)
    if kind == "percent":
        return f"{value}%"
    if isinstance(value, int) and not isinstance(value, bool):
        return f"{value:,}"
    return str(value)


def text(report: Report) -> str:
    p = report.period
    scope = "".join(f", {what} {name}" for what, name in (("store", p.store), ("till", p.till)) if name)
    lines = [f"{report.info.title}, {date_text(p.start)} to {date_text(p.end)} by {p.grain}{scope}"]
    if report.figures:
        width = max(len(f.label) for f in report.figures)
        lines += [f"  {f.label:<{width}}  {shown(f.value, f.kind)}" for f in report.figures]
    for t in report.tables:
        lines += ["", t.title]
        cells = [[c.label for c in t.columns]] + [[shown(v, c.kind) for c, v in zip(t.columns, row)] for row in t.rows]
        widths = [max(len(r[i]) for r in cells) for i in range(len(t.columns))]
        right = [c.kind not in ("text", "date") for c in t.columns]
        for r in cells:
            lines.append("  " + "  ".join(v.rjust(w) if ra else v.ljust(w) for v, w, ra in zip(r, widths, right)).rstrip())
        if not t.rows:
            lines.append("  (none)")
    return "\n".join(lines)
