"""The catalogue file: products as CSV rows, read and checked whole before anything is written.

The format (README, "Product catalogue") is what a spreadsheet in a European store saves:
UTF-8 with or without a byte-order mark, `;` between columns, a decimal comma or point in
prices. The first row names the columns (any order, any case):

    sku;name;collection;price;barcodes;active
    CAKE-01;Chocolate cake;Bakery;3,50;4006381333931|2000000000015;yes

`sku`, `name` and `price` are required; `collection`, `barcodes` and `active` may be left out
of the file: a new product then has no collection, no barcode and is sold, a known one keeps
what it has (a file of prices only changes prices). A product's barcodes are separated by `|`
or spaces. `active` is yes/no (also y/n, 1/0, true/false); an empty cell means yes.

`parse` lists every problem (line, column, what), never only the first, so a manager fixes
the file in one go; the service (services/catalogue.py) adds what only the database knows.
"""

from __future__ import annotations

import csv
import io
import re
from dataclasses import dataclass
from decimal import Decimal

from .limits import HARD_MAX_AMOUNT, MAX_LENGTH, text_problem

COLUMNS = ("sku", "name", "collection", "price", "barcodes", "active")
REQUIRED = ("sku", "name", "price")
DELIMITER = ";"
MAX_ROWS = 1_000_000
MAX_BARCODES = 20  # on one product
MAX_FIELD = 10_000  # characters in one cell, whatever its column (csv's own limit is 128 KB)
_PRICE = re.compile(r"([0-9]{1,12})(?:[.,]([0-9]{1,12}))?")
_BARCODE = re.compile(r"[\x21-\x7e]+")  # printable ASCII without spaces: what a Code128 or EAN scanner types
_BARCODE_SPLIT = re.compile(r"[|\s]+")
_YES = {"", "yes", "y", "1", "true"}
_NO = {"no", "n", "0", "false"}


@dataclass(frozen=True)
class ProductRow:
    """One product as the file gives it (checked). None: the file has no such column."""

    line: int
    sku: str
    name: str
    collection: str | None
    price: Decimal
    barcodes: tuple[str, ...] | None
    active: bool | None


@dataclass(frozen=True)
class Problem:
    """What is wrong with the file: where (line, column) and what."""

    line: int
    column: str
    problem: str

    def __str__(self) -> str:
        return f"line {self.line}, {self.column}: {self.problem}"


def decode(data: bytes) -> tuple[str, list[Problem]]:
    """The file's text (a byte-order mark dropped), or the line where it stops being UTF-8."""
    try:
        return data.decode("utf-8-sig"), []
    except UnicodeDecodeError as exc:
        line = data[:exc.start].count(b"\n") + 1
        return "", [Problem(line, "file", f"is not UTF-8 text (byte {data[exc.start]:#04x}): save the file as CSV UTF-8")]


def parse(data: bytes, decimals: int) -> tuple[list[ProductRow], list[Problem]]:
    """Every row of the file, and every problem found; rows with a problem are not returned.
    `decimals`: the most a price may have (the currency's minor unit: 2 for euros)."""
    text, problems = decode(data)
    if problems:
        return [], problems
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=DELIMITER, strict=True)
    try:
        header = next(reader, None)
    except csv.Error as exc:
        return [], [Problem(1, "file", f"cannot be read as CSV ({exc})")]
    if header is None:
        return [], [Problem(1, "file", "is empty: the first row names the columns (" + DELIMITER.join(COLUMNS) + ")")]
    columns, problems = _columns(header)
    if problems:
        return [], problems
    rows: list[ProductRow] = []
    first_line: dict[str, int] = {}  # sku → the line that gave it
    barcode_line: dict[str, tuple[int, str]] = {}  # barcode → (line, sku)
    while True:
        try:
            cells = next(reader, None)
        except csv.Error as exc:
            problems.append(Problem(reader.line_num, "file", f"cannot be read as CSV ({exc})"))
            break
        if cells is None:
            break
        if not any(c.strip() for c in cells):
            continue  # a blank line
        line = reader.line_num
        if len(rows) + len(problems) >= MAX_ROWS:
            problems.append(Problem(line, "file", f"has more than {MAX_ROWS:,} products"))
            break
        row, found = _row(line, cells, columns, decimals)
        if row is not None:
            if row.sku in first_line:
                found.append(Problem(line, "sku", f"'{row.sku}' is also on line {first_line[row.sku]}: one row a product"))
            for code in row.barcodes or ():
                other = barcode_line.get(code)
                if other is not None and other[1] != row.sku:
                    found.append(Problem(line, "barcodes", f"'{code}' is also product {other[1]}'s (line {other[0]}): a barcode names one product"))
        if found:
            problems += found
            continue
        assert row is not None
        first_line[row.sku] = line
        for code in row.barcodes or ():
            barcode_line.setdefault(code, (line, row.sku))
        rows.append(row)
    return rows, problems


def _columns(header: list[str]) -> tuple[dict[str, int], list[Problem]]:
    names = [h.strip().lower() for h in header]
    problems: list[Problem] = []
    if len(names) == 1 and "," in names[0] and DELIMITER not in names[0]:
        return {}, [Problem(1, "file", f"columns are separated by '{DELIMITER}', not ',' (save as CSV with semicolons)")]
    columns: dict[str, int] = {}
    for index, name in enumerate(names):
        if name not in COLUMNS:
            problems.append(Problem(1, name or f"column {index + 1}", f"is not a column of the catalogue (columns: {', '.join(COLUMNS)})"))
        elif name in columns:
            problems.append(Problem(1, name, "is named twice"))
        else:
            columns[name] = index
    problems += [Problem(1, name, "column is missing") for name in REQUIRED if name not in columns]
    return columns, problems


def _row(line: int, cells: list[str], columns: dict[str, int], decimals: int) -> tuple[ProductRow | None, list[Problem]]:
    problems: list[Problem] = []
    if len(cells) > len(columns):
        problems.append(Problem(line, "file", f"has {len(cells)} cells, the header {len(columns)} columns (a '{DELIMITER}' too many?)"))

    def cell(name: str) -> str:
        index = columns.get(name)
        return cells[index].strip() if index is not None and index < len(cells) else ""

    def text(name: str, required: bool) -> str:
        value = cell(name)
        if not value:
            if required:
                problems.append(Problem(line, name, f"{name} is missing"))
            return ""
        problem = text_problem(value)
        limit = MAX_LENGTH[name]
        if problem:
            problems.append(Problem(line, name, problem))
        elif len(value) > limit:
            problems.append(Problem(line, name, f"is longer than {limit} characters ({len(value)})"))
        return value

    sku = text("sku", True)
    name = text("name", True)
    collection = text("collection", False) if "collection" in columns else None
    price = _price(line, cell("price"), decimals, problems)
    barcodes = _barcodes(line, cell("barcodes"), problems) if "barcodes" in columns else None
    active_text = cell("active").lower()
    if active_text not in _YES | _NO:
        problems.append(Problem(line, "active", f"'{cell('active')[:40]}' is not yes or no"))
    if problems:
        return None, problems
    assert price is not None
    return ProductRow(line, sku, name, collection, price, barcodes, active_text in _YES if "active" in columns else None), []


def _price(line: int, value: str, decimals: int, problems: list[Problem]) -> Decimal | None:
    if not value:
        problems.append(Problem(line, "price", "price is missing"))
        return None
    match = _PRICE.fullmatch(value)
    if match is None:
        problems.append(Problem(line, "price", f"'{value[:40]}' is not a price (write it like 3,50 or 3.50)"))
        return None
    whole, fraction = match.group(1), match.group(2) or ""
    if len(fraction.rstrip("0")) > decimals:
        problems.append(Problem(line, "price", f"'{value}' has more than {decimals} decimals"))
        return None
    price = Decimal(f"{whole}.{fraction or '0'}")
    if price >= HARD_MAX_AMOUNT:
        problems.append(Problem(line, "price", f"'{value}' is too large (at most {HARD_MAX_AMOUNT - 1:,})"))
        return None
    return price


def _barcodes(line: int, value: str, problems: list[Problem]) -> tuple[str, ...]:
    if len(value) > MAX_FIELD:
        problems.append(Problem(line, "barcodes", f"is longer than {MAX_FIELD:,} characters"))
        return ()
    codes = [c for c in _BARCODE_SPLIT.split(value) if c]
    limit = MAX_LENGTH["barcode"]
    for code in codes:
        if not _BARCODE.fullmatch(code):
            problems.append(Problem(line, "barcodes", f"'{code[:40]}' is not a barcode (letters, digits and punctuation only)"))
        elif len(code) > limit:
            problems.append(Problem(line, "barcodes", f"'{code[:20]}…' is longer than {limit} characters ({len(code)})"))
    if len(codes) > MAX_BARCODES:
        problems.append(Problem(line, "barcodes", f"has {len(codes)} barcodes; at most {MAX_BARCODES} a product"))
    return tuple(dict.fromkeys(codes))
