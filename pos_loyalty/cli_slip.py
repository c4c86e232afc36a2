"""`orders slip ORDER_ID`: the loyalty slip of a committed sale — shown as text (the receipt
printer's lines), sent to the store's receipt printer (`--escpos`, Settings → Receipt
printer) or written as an 80 mm PDF (`--pdf FILE`). Read-only: printing changes nothing."""

from __future__ import annotations

import argparse
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from .cli import Output


def cmd_orders_slip(args: argparse.Namespace, out: Output) -> int:
    from .services import slip

    if args.pdf:
        path = slip.write_pdf(args.order_id, args.pdf)
        out.emit({"order_id": args.order_id.strip(), "out": str(path)}, f"loyalty slip written to {path}")
    elif args.escpos:
        printed = slip.print_receipt(args.order_id)
        out.emit(printed, f"loyalty slip of order {printed.order_id} sent to the {printed.printer}")
    else:
        lines = slip.text_lines(args.order_id)
        out.emit({"order_id": args.order_id.strip(), "lines": lines}, "\n".join(lines))
    return 0


def add_arguments(p: argparse.ArgumentParser) -> None:
    p.add_argument("order_id")
    where = p.add_mutually_exclusive_group()
    where.add_argument("--pdf", default=None, metavar="FILE", help="write the slip as an 80 mm PDF")
    where.add_argument("--escpos", action="store_true", help="print it on the receipt printer chosen in Settings")
