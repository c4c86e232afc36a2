"""The product catalogue: imported from a CSV file, found by barcode, SKU or name.

Import (`import_file`) is all or nothing: the whole file is checked first (domain/catalogue_csv.py,
then what only the database knows: a barcode that is another product's, or a loyalty card's
number), every problem is listed with its line and column, and with one problem nothing is
written. A dry run lists the same problems and what would change, and changes nothing. The file
says what its products are: a product of the file is added or brought to the file's values
(its barcodes included: one no longer listed is taken off it); a product not in the file is
left as it is (mark it `active` = no to stop selling it). Importing the same file again
changes nothing. It needs a manager's PIN and is audited.

The catalogue is central, like the rules: with a hub, it is imported on the hub
(``pos-loyalty --db HUB_URL products import FILE``) and every till pulls it at its next sync;
a till attached to a hub refuses a local import. The import is one transaction (all or
nothing): a first import of 100,000 products holds the database's write lock for a few
seconds — sales wait that long, so import a large catalogue outside opening hours.

Lookups read indexes only: a barcode is one unique-index probe joined to its product; a SKU
prefix walks `product.sku_key` (the folded SKU); a name is found by any word's prefix, without
case or accents, through `product_word` as customers are (domain/names.py).
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from decimal import Decimal
from pathlib import Path
from typing import Any, Iterable, Sequence

from ..domain import names
from ..domain.catalogue_csv import Problem, ProductRow, parse
from ..domain.errors import LoyaltyError, NotFound, ValidationError
from ..domain.limits import check_text
from ..domain.money import minor_units
from ..store.database import transaction
from ..store.models import Card, Product, ProductBarcode, ProductWord, db
from . import audit, auth, changes

FIND_LIMIT = 20
MAX_FILE_BYTES = 200 * 1024 * 1024
_CHUNK = 500  # values per IN (…) list, and rows per INSERT


@dataclass(frozen=True)
class ProductView:
    """A product as the till shows and sells it."""

    sku: str
    name: str
    collection: str
    price: Decimal
    active: bool
    barcodes: tuple[str, ...] = ()


@dataclass
class ImportResult:
    """What an import did (or, in a dry run, would do), and every problem found."""

    file: str
    rows: int
    added: int = 0
    changed: int = 0
    unchanged: int = 0
    barcodes_added: int = 0
    barcodes_removed: int = 0
    dry_run: bool = False
    problems: list[Problem] = field(default_factory=list)

    @property
    def valid(self) -> bool:
        return not self.problems


class CatalogueInvalid(ValidationError):
    """A catalogue file with problems: nothing was imported; `problems` lists every one."""

    def __init__(self, problems: list[Problem]) -> None:
        super().__init__("file", f"{len(problems)} problem{'s' if len(problems) != 1 else ''} in the catalogue file, nothing imported: "
                                 + "; ".join(str(p) for p in problems[:5]) + ("; …" if len(problems) > 5 else ""))
        self.problems = problems


# -- import ------------------------------------------------------------------------------------


def _refuse_on_a_till() -> None:
    """A till attached to a hub takes its catalogue from the hub, as it takes its rules."""
    from . import sync

    hub = sync.attached()
    if hub is not None:
        raise ValidationError("catalogue", f"this till takes its catalogue from the hub ({sync.shown_url(hub[0])}): "
                                           "import there, e.g. pos-loyalty --db HUB_URL products import FILE")


def _decimals() -> int:
    """The decimals a price may have: the active programme's currency's (2 without one)."""
    from . import rules_sync

    try:
        return minor_units(rules_sync.active_rules()[0].settings.currency)
    except LoyaltyError:
        return 2


def read_file(path: str | Path) -> bytes:
    file = Path(path)
    try:
        if file.stat().st_size > MAX_FILE_BYTES:
            raise ValidationError("file", f"{file} is larger than {MAX_FILE_BYTES // 1024 // 1024} MB")
        return file.read_bytes()
    except FileNotFoundError:
        raise ValidationError("file", f"{file} does not exist") from None
    except IsADirectoryError:
        raise ValidationError("file", f"{file} is a folder, not a CSV file") from None
    except OSError as exc:
        raise ValidationError("file", f"{file} cannot be read ({exc.strerror})") from None


def import_file(path: str | Path, user: str = "", *, dry_run: bool = False, manager_pin: str | None = None,
                manager: str | None = None) -> ImportResult:
    """Check the file and, unless `dry_run`, import it whole (see the module). A file with a
    problem raises `CatalogueInvalid` listing them all; a dry run returns them instead."""
    if not dry_run:
        _refuse_on_a_till()
    who = None if dry_run else auth.verify_manager(manager_pin, manager)
    data = read_file(path)
    return import_bytes(data, str(path), (who.name if who else ""), user, dry_run=dry_run)


def import_bytes(data: bytes, source: str, manager: str, user: str = "", *, dry_run: bool = False) -> ImportResult:
    """`import_file` once the manager is known (`manager`: their name; "" only for a dry run)."""
    rows, problems = parse(data, _decimals())
    result = ImportResult(source, len(rows) + len({p.line for p in problems if p.line > 1}), dry_run=dry_run)
    with transaction():
        plan = _plan(rows, problems)
        result.problems = sorted(problems, key=lambda p: (p.line, p.column))
        if problems:
            if dry_run:
                return result
            raise CatalogueInvalid(result.problems)
        result.added, result.changed = len(plan.new), len(plan.changed)
        result.unchanged = len(rows) - result.added - result.changed
        result.barcodes_added, result.barcodes_removed = len(plan.barcodes_to_set), len(plan.barcodes_to_free)
        if dry_run:
            return result
        if not manager:
            raise ValidationError("manager_pin", "a manager's PIN is needed to import the catalogue")
        _refuse_on_a_till()
        _write(plan)
        if plan.new or plan.changed or plan.barcodes_to_set or plan.barcodes_to_free:
            changes.announce("product")
        audit.record(manager, "catalogue.import", source[-120:], details={
            "rows": result.rows, "added": result.added, "changed": result.changed, "barcodes_added": result.barcodes_added,
            "barcodes_removed": result.barcodes_removed, "operator": user or manager})
    return result


@dataclass
class _Plan:
    new: list[ProductRow] = field(default_factory=list)
    changed: list[tuple[int, ProductRow]] = field(default_factory=list)  # (product id, the file's row)
    renamed: list[int] = field(default_factory=list)  # ids whose name changed: their words again
    barcodes_to_set: list[tuple[str, str]] = field(default_factory=list)  # (barcode, sku): new, or moved to this product
    barcodes_to_free: list[str] = field(default_factory=list)  # taken off their product


def _chunks(values: Sequence) -> Iterable[Sequence]:  # type: ignore[type-arg]
    for start in range(0, len(values), _CHUNK):
        yield values[start:start + _CHUNK]


# Plain SQL below: the file was checked whole before (every text within its column's limit), and
# building 100,000 rows' statements through the query builder took most of an import's time.


def _in(database: Any, sql: str, values: Sequence[Any]) -> list[tuple[Any, ...]]:
    """`sql` with ``IN ({marks})`` run over `values` a chunk at a time; all the rows."""
    rows: list[tuple[Any, ...]] = []
    for chunk in _chunks(list(values)):
        rows += database.execute_sql(sql.format(marks=", ".join([database.param] * len(chunk))), list(chunk)).fetchall()
    return rows


def _insert(database: Any, table: str, columns: Sequence[str], rows: list[tuple[Any, ...]]) -> None:
    if rows:
        marks = ", ".join([database.param] * len(columns))
        database.cursor().executemany(f'INSERT INTO "{table}" ({", ".join(columns)}) VALUES ({marks})', rows)


def _plan(rows: list[ProductRow], problems: list[Problem]) -> _Plan:
    """What the file changes, against the database; the problems only the database shows are
    added to `problems` (a barcode another product keeps, a card's number)."""
    database = db.obj
    price, active = Product.price, Product.active
    skus = [r.sku for r in rows]
    stored: dict[str, tuple[int, str, str, Decimal, bool]] = {}
    for product_id, sku, name, collection, raw_price, raw_active in _in(
            database, "SELECT id, sku, name, collection, price, active FROM product WHERE sku IN ({marks})", skus):
        stored[sku] = (int(product_id), name, collection or "", price.python_value(raw_price), bool(active.python_value(raw_active)))
    codes = [c for r in rows for c in r.barcodes or ()]
    owner: dict[str, str | None] = dict(_in(database, "SELECT b.barcode, p.sku FROM product_barcode b LEFT JOIN product p ON p.id = b.product_id "
                                                      "WHERE b.barcode IN ({marks})", codes))  # barcode → the SKU it names now (None: free)
    in_file = set(skus)
    for row in rows:
        for code in row.barcodes or ():
            sku = owner.get(code)
            if sku is not None and sku != row.sku and sku not in in_file:
                problems.append(Problem(row.line, "barcodes", f"'{code}' is product {sku}'s, which this file does not list: "
                                                              "take it off there first (or list that product too)"))
    numbers = [c for c in codes if c.isdigit() and len(c) <= Card.number.max_length]
    for (number,) in _in(database, "SELECT number FROM card WHERE number IN ({marks})", numbers):
        line = next(r.line for r in rows if number in (r.barcodes or ()))
        problems.append(Problem(line, "barcodes", f"'{number}' is a loyalty card's number: a scan of it opens the card"))
    plan = _Plan()
    if problems:
        return plan
    current: dict[int, set[str]] = {}
    for code, product_id in _in(database, "SELECT barcode, product_id FROM product_barcode WHERE product_id IN ({marks})",
                                [values[0] for values in stored.values()]):
        current.setdefault(int(product_id), set()).add(code)
    wanted_codes = set(codes)
    for row in rows:
        if row.sku not in stored:
            plan.new.append(replace(row, collection=row.collection or "", active=row.active is not False))
            plan.barcodes_to_set += [(code, row.sku) for code in row.barcodes or ()]
            continue
        product_id, name, collection, old_price, old_active = stored[row.sku]
        row = replace(row, collection=collection if row.collection is None else row.collection, active=old_active if row.active is None else row.active)
        if (name, collection, old_price, old_active) != (row.name, row.collection, row.price, row.active):
            plan.changed.append((product_id, row))
            if name != row.name:
                plan.renamed.append(product_id)
        if row.barcodes is None:  # the file says nothing of barcodes: they stay
            continue
        have = current.get(product_id, set())
        plan.barcodes_to_set += [(code, row.sku) for code in row.barcodes if code not in have]
        plan.barcodes_to_free += sorted(code for code in have - set(row.barcodes) if code not in wanted_codes)
    return plan


def _write(plan: _Plan) -> None:
    database = db.obj
    p = database.param
    price, active = Product.price, Product.active
    _insert(database, "product", ("sku", "sku_key", "name", "collection", "price", "active"),
            [(r.sku, _sku_key(r.sku), r.name, r.collection, price.db_value(r.price), active.db_value(r.active)) for r in plan.new])
    if plan.changed:
        database.cursor().executemany(f"UPDATE product SET name = {p}, collection = {p}, price = {p}, active = {p} WHERE id = {p}",
                                      [(r.name, r.collection, price.db_value(r.price), active.db_value(r.active), i) for i, r in plan.changed])
    if plan.barcodes_to_set:
        ids = _ids_of_skus(sorted({sku for _code, sku in plan.barcodes_to_set}))
        wanted = dict(plan.barcodes_to_set)
        known = {code for (code,) in _in(database, "SELECT barcode FROM product_barcode WHERE barcode IN ({marks})", sorted(wanted))}
        if known:  # a free barcode given again, or one moving between two products of the file
            database.cursor().executemany(f"UPDATE product_barcode SET product_id = {p} WHERE barcode = {p}",
                                          [(ids[wanted[code]], code) for code in sorted(known)])
        _insert(database, "product_barcode", ("barcode", "product_id"), [(code, ids[sku]) for code, sku in plan.barcodes_to_set if code not in known])
    if plan.barcodes_to_free:
        database.cursor().executemany(f"UPDATE product_barcode SET product_id = NULL WHERE barcode = {p}", [(c,) for c in plan.barcodes_to_free])
    new_ids = _ids_of_skus([r.sku for r in plan.new])
    renamed = set(plan.renamed)
    _index_words([(new_ids[r.sku], r.name) for r in plan.new] + [(i, r.name) for i, r in plan.changed if i in renamed], fresh=len(plan.new))


def _ids_of_skus(skus: Sequence[str]) -> dict[str, int]:
    return {sku: int(i) for sku, i in _in(db.obj, "SELECT sku, id FROM product WHERE sku IN ({marks})", skus)}


def _sku_key(sku: str) -> str:
    return names.fold(sku)[:64]


def _index_words(products: list[tuple[int, str]], fresh: int = 0) -> None:
    """The words of these products' names (`ProductWord`), replacing what they had; the first
    `fresh` are new products, with no words yet."""
    database = db.obj
    old = [i for i, _name in products[fresh:]]
    for chunk in _chunks(old):
        database.execute_sql(f"DELETE FROM product_word WHERE product_id IN ({', '.join([database.param] * len(chunk))})", list(chunk))
    rows = []
    for product_id, name in products:
        every = names.words_key(name)
        rows += [(product_id, word, every) for word in names.words(name)]
    _insert(database, "product_word", ("product_id", "word", "words"), rows)


def index_words_of(skus: Sequence[str]) -> None:
    """The name words of these products again (products a till pulled from the hub: their words
    are derived here, never synced). Inside the caller's transaction."""
    products: list[tuple[int, str]] = []
    for chunk in _chunks(list(skus)):
        products += list(Product.select(Product.id, Product.name).where(Product.sku.in_(chunk)).tuples())
    _index_words(products)
    changes.announce("product")


# -- lookups -------------------------------------------------------------------------------------


def _price(stored: Decimal) -> Decimal:
    """A stored price (kept to 1/10,000) as it was written: 4.2000 → 4.2, 10.0000 → 10."""
    return stored.quantize(Decimal(1)) if stored == stored.to_integral_value() else stored.normalize()


# The lookups run on every scan and keystroke: their SQL is written once (per database kind), not
# built by the query builder on each call (which took 10 times the query itself, make bench).
_COLUMNS = "p.sku, p.name, p.collection, p.price, p.active"
_BY_BARCODE = f"SELECT {_COLUMNS} FROM product_barcode b JOIN product p ON p.id = b.product_id WHERE b.barcode = {{p}}"
_BY_SKU = f"SELECT {_COLUMNS}, p.id FROM product p WHERE p.sku = {{p}}"
_BY_SKU_PREFIX = (f"SELECT p.id, {_COLUMNS} FROM product p WHERE p.sku_key >= {{p}} AND p.sku_key < {{p}}{{live}} "
                  "ORDER BY p.sku_key LIMIT {limit}")
_BY_WORD = ("SELECT w.product_id FROM product_word w WHERE w.word >= {p} AND w.word < {p}{others} "
            "ORDER BY w.word, w.product_id LIMIT {limit}")
_OTHER_WORD = " AND w.words LIKE {p} ESCAPE '\\'"
_BY_IDS = f"SELECT p.id, {_COLUMNS} FROM product p WHERE p.id IN ({{marks}}){{live}}"


def _row_view(row: Sequence[Any], barcodes: tuple[str, ...] = ()) -> ProductView:
    sku, name, collection, price, active = row
    return ProductView(sku, name, collection or "", _price(Product.price.python_value(price)), bool(active), barcodes)


def by_barcode(code: str) -> ProductView | None:
    """The product this barcode names (sold or not), or None: one unique-index probe."""
    code = code.strip()
    if not code or len(code) > ProductBarcode.barcode.max_length:
        return None
    database = db.obj
    row = database.execute_sql(_BY_BARCODE.format(p=database.param), (code,)).fetchone()
    return _row_view(row) if row is not None else None


def by_sku(sku: str) -> ProductView | None:
    sku = sku.strip()
    if not sku or len(sku) > Product.sku.max_length:
        return None
    database = db.obj
    row = database.execute_sql(_BY_SKU.format(p=database.param), (sku,)).fetchone()
    return _row_view(row[:5], _barcodes_of(row[5])) if row is not None else None


def _barcodes_of(product_id: int) -> tuple[str, ...]:
    return tuple(code for (code,) in ProductBarcode.select(ProductBarcode.barcode).where(ProductBarcode.product == product_id)
                 .order_by(ProductBarcode.barcode).tuples())


def show(sku_or_barcode: str) -> ProductView:
    """A product by its exact SKU, else by one of its barcodes, with all its barcodes."""
    text = sku_or_barcode.strip()
    if not text:
        raise ValidationError("product", "give a SKU or a barcode")
    check_text("query", text)
    view = by_sku(text)
    if view is None:
        found = by_barcode(text)
        view = by_sku(found.sku) if found is not None else None
    if view is None:
        raise NotFound("product", f"no product has the SKU or barcode '{text}'")
    return view


def find(text: str, limit: int = FIND_LIMIT, include_inactive: bool = False) -> list[ProductView]:
    """Products sold whose SKU starts with `text` (any case), then those with a name word
    starting with each word of `text` ("choc" finds "Chocolate cake", "cake ch" too; accents
    and case ignored). At most `limit`, SKU matches first, each part in index order. Each part
    is one walk along an index (`product.sku_key`; `product_word`'s (word, product, words)),
    stopped after `limit` entries, whatever the catalogue's size."""
    query_text = text.strip()
    if not query_text:
        return []
    check_text("query", query_text)
    database = db.obj
    p = database.param
    live = "" if include_inactive else " AND p.active = " + ("1" if p == "?" else "TRUE")
    limit = int(limit)
    found: dict[int, ProductView] = {}
    key = names.fold(query_text)
    if len(key) < Product.sku_key.max_length:
        for row in database.execute_sql(_BY_SKU_PREFIX.format(p=p, live=live, limit=limit), (key, key + "\uffff")):
            found[int(row[0])] = _row_view(row[1:])
    words = names.words(query_text)
    if words and len(found) < limit:
        first, *others = sorted(words, key=len, reverse=True)
        if len(first) < ProductWord.word.max_length:
            sql = _BY_WORD.format(p=p, others=_OTHER_WORD.format(p=p) * len(others), limit=limit * 2)
            ids = [int(i) for (i,) in database.execute_sql(sql, (first, first + "\uffff", *(_like_word_start(o) for o in others)))]
            ids = [i for i in dict.fromkeys(ids) if i not in found]
            if ids:
                rows = {int(r[0]): r[1:] for r in database.execute_sql(_BY_IDS.format(marks=", ".join([p] * len(ids)), live=live), ids)}
                for i in ids:
                    if i in rows and len(found) < limit:
                        found[i] = _row_view(rows[i])
    return list(found.values())


def _like_word_start(word: str) -> str:
    escaped = word.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return f"% {escaped}%"


def count() -> int:
    return Product.select().count()
