"""The `products` commands: import the catalogue from CSV, find a product, show one."""

from __future__ import annotations

import argparse
from typing import TYPE_CHECKING, Any

from .formats import count

if TYPE_CHECKING:
    from .cli import Output
    from .services.catalogue import ImportResult, ProductView


def _problems(result: ImportResult) -> list[dict[str, Any]]:
    return [{"line": p.line, "column": p.column, "problem": p.problem} for p in result.problems]


def _summary(result: ImportResult) -> str:
    verb = "would add" if result.dry_run else "added"
    return (f"{result.file}: {count(result.rows, 'product')} read; {verb} {result.added}, "
            f"{'would change' if result.dry_run else 'changed'} {result.changed}, {result.unchanged} unchanged; "
            f"barcodes: {result.barcodes_added} given, {result.barcodes_removed} taken off")


def cmd_products_import(args: argparse.Namespace, out: Output) -> int:
    """Exit 2 with every problem listed (line, column, what) when the file has any: nothing is
    imported. `--dry-run` checks and says what would change, and changes nothing."""
    from .cli import _approval
    from .services import catalogue

    try:
        if args.dry_run:
            result = catalogue.import_file(args.file, dry_run=True)
        else:
            result = catalogue.import_file(args.file, args.user or "", **_approval(args))
    except catalogue.CatalogueInvalid as exc:
        result = catalogue.ImportResult(args.file, 0, problems=exc.problems)
    data = {"file": result.file, "dry_run": result.dry_run, "valid": result.valid, "rows": result.rows, "added": result.added,
            "changed": result.changed, "unchanged": result.unchanged, "barcodes_added": result.barcodes_added,
            "barcodes_removed": result.barcodes_removed, "problems": _problems(result)}
    if result.problems:
        text = "\n".join(f"line {p.line}, {p.column}: {p.problem}" for p in result.problems)
        out.error({"error": "catalogue file rejected: nothing imported", **data},
                  f"{text}\nerror: {count(len(result.problems), 'problem')} in {result.file}: nothing imported")
        return 2
    out.emit(data, _summary(result) + (" (dry run: nothing changed)" if result.dry_run else ""))
    return 0


def _line(p: ProductView) -> str:
    return f"{p.sku:<16} {p.name:<40} {p.collection:<16} {p.price:>10}" + ("" if p.active else "  (not sold)")


def cmd_products_find(args: argparse.Namespace, out: Output) -> int:
    from .services import catalogue

    found = catalogue.find(args.text, limit=args.limit)
    out.emit(found, lambda: "\n".join(_line(p) for p in found) or "no match")
    return 0


def cmd_products_show(args: argparse.Namespace, out: Output) -> int:
    from .services import catalogue

    product = catalogue.show(args.code)
    out.emit(product, lambda: _line(product) + "\n  barcodes: " + (", ".join(product.barcodes) or "none"))
    return 0


def _limit(text: str) -> int:
    if not text.isascii() or not text.isdigit() or not 1 <= int(text) <= 200:
        raise argparse.ArgumentTypeError(f"'{text}' is not a number from 1 to 200")
    return int(text)


def add_commands(group: Any, command: Any) -> None:
    """The `products` group (cli.build_parser's helpers)."""
    products = group("products", "the product catalogue: import it from CSV, find and show products")
    p = command(products, "import", cmd_products_import, "import the catalogue from a CSV file (manager; all or nothing; README: Product catalogue)")
    p.add_argument("file")
    p.add_argument("--dry-run", action="store_true", help="check the file and say what would change; change nothing (no PIN needed)")
    p = command(products, "find", cmd_products_find, "products sold whose SKU starts with TEXT, or with a name word starting so")
    p.add_argument("text")
    p.add_argument("--limit", type=_limit, default=20, help="at most this many (default 20)")
    p = command(products, "show", cmd_products_show, "one product by its SKU or one of its barcodes")
    p.add_argument("code", metavar="SKU_OR_BARCODE")


def needs_manager(args: argparse.Namespace) -> bool:
    """An import needs a manager's PIN; its dry run writes nothing and needs nobody."""
    return args.func is cmd_products_import and not args.dry_run


READ_ONLY = {cmd_products_find, cmd_products_show}
