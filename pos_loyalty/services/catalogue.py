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
from typing import Iterable, Sequence

from peewee import JOIN, SQL, NodeList, Value

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


def _plan(rows: list[ProductRow], problems: list[Problem]) -> _Plan:
    """What the file changes, against the database; the problems only the database shows are
    added to `problems` (a barcode another product keeps, a card's number)."""
    skus = [r.sku for r in rows]
    stored: dict[str, tuple[int, str, str, Decimal, bool]] = {}
    for chunk in _chunks(skus):
        for p in Product.select(Product.id, Product.sku, Product.name, Product.collection, Product.price, Product.active).where(Product.sku.in_(chunk)):
            stored[p.sku] = (p.id, p.name, p.collection, p.price, bool(p.active))
    codes = [c for r in rows for c in r.barcodes or ()]
    owner: dict[str, str | None] = {}  # barcode → the SKU it names now (None: free)
    for chunk in _chunks(codes):
        query = (ProductBarcode.select(ProductBarcode.barcode, Product.sku).join(Product, JOIN.LEFT_OUTER)
                 .where(ProductBarcode.barcode.in_(chunk)).tuples())
        owner.update((code, sku) for code, sku in query)
    in_file = set(skus)
    for row in rows:
        for code in row.barcodes or ():
            sku = owner.get(code)
            if sku is not None and sku != row.sku and sku not in in_file:
                problems.append(Problem(row.line, "barcodes", f"'{code}' is product {sku}'s, which this file does not list: "
                                                              "take it off there first (or list that product too)"))
    numbers = [c for c in codes if c.isdigit() and len(c) <= Card.number.max_length]
    for chunk in _chunks(numbers):
        for (number,) in Card.select(Card.number).where(Card.number.in_(chunk)).tuples():
            line = next(r.line for r in rows if number in (r.barcodes or ()))
            problems.append(Problem(line, "barcodes", f"'{number}' is a loyalty card's number: a scan of it opens the card"))
    plan = _Plan()
    if problems:
        return plan
    ids = {sku: values[0] for sku, values in stored.items()}
    current: dict[int, set[str]] = {}
    for chunk in _chunks(list(ids.values())):
        for code, product_id in ProductBarcode.select(ProductBarcode.barcode, ProductBarcode.product).where(ProductBarcode.product.in_(chunk)).tuples():
            current.setdefault(product_id, set()).add(code)
    wanted_codes = set(codes)
    for row in rows:
        if row.sku not in stored:
            plan.new.append(replace(row, collection=row.collection or "", active=row.active is not False))
            plan.barcodes_to_set += [(code, row.sku) for code in row.barcodes or ()]
            continue
        product_id, name, collection, price, active = stored[row.sku]
        row = replace(row, collection=collection if row.collection is None else row.collection, active=active if row.active is None else row.active)
        if (name, collection, price, active) != (row.name, row.collection, row.price, row.active):
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
    fields = [Product.sku, Product.sku_key, Product.name, Product.collection, Product.price, Product.active]
    for chunk in _chunks(plan.new):
        Product.insert_many([(r.sku, _sku_key(r.sku), r.name, r.collection, r.price, r.active) for r in chunk], fields=fields).execute()
    for product_id, row in plan.changed:
        Product.update(name=row.name, collection=row.collection, price=row.price, active=row.active).where(Product.id == product_id).execute()
    if plan.barcodes_to_set:
        ids = _ids_of_skus(sorted({sku for _code, sku in plan.barcodes_to_set}))
        wanted = dict(plan.barcodes_to_set)
        known = set()
        for chunk in _chunks(sorted(wanted)):
            known.update(code for (code,) in ProductBarcode.select(ProductBarcode.barcode).where(ProductBarcode.barcode.in_(chunk)).tuples())
        for code in sorted(known):  # a free barcode given again, or one moving between two products of the file
            ProductBarcode.update(product=ids[wanted[code]]).where(ProductBarcode.barcode == code).execute()
        fresh = [(code, ids[sku]) for code, sku in plan.barcodes_to_set if code not in known]
        for chunk in _chunks(fresh):
            ProductBarcode.insert_many(chunk, fields=[ProductBarcode.barcode, ProductBarcode.product]).execute()
    for chunk in _chunks(plan.barcodes_to_free):
        ProductBarcode.update(product=None).where(ProductBarcode.barcode.in_(chunk)).execute()
    new_ids = _ids_of_skus([r.sku for r in plan.new])
    _index_words([(new_ids[r.sku], r.name) for r in plan.new] + [(i, r.name) for i, r in plan.changed if i in set(plan.renamed)], database)


def _ids_of_skus(skus: Sequence[str]) -> dict[str, int]:
    found: dict[str, int] = {}
    for chunk in _chunks(list(skus)):
        found.update(Product.select(Product.sku, Product.id).where(Product.sku.in_(chunk)).tuples())
    return found


def _sku_key(sku: str) -> str:
    return names.fold(sku)[:64]


def _index_words(products: list[tuple[int, str]], database: object) -> None:
    """The words of these products' names (`ProductWord`), replacing what they had."""
    ids = [i for i, _name in products]
    for chunk in _chunks(ids):
        ProductWord.delete().where(ProductWord.product.in_(chunk)).execute()
    rows = [(product_id, word, names.words_key(name)) for product_id, name in products for word in names.words(name)]
    for chunk in _chunks(rows):
        ProductWord.insert_many(chunk, fields=[ProductWord.product, ProductWord.word, ProductWord.words]).execute()


def index_words_of(skus: Sequence[str]) -> None:
    """The name words of these products again (products a till pulled from the hub: their words
    are derived here, never synced). Inside the caller's transaction."""
    products: list[tuple[int, str]] = []
    for chunk in _chunks(list(skus)):
        products += list(Product.select(Product.id, Product.name).where(Product.sku.in_(chunk)).tuples())
    _index_words(products, db.obj)
    changes.announce("product")


# -- lookups -------------------------------------------------------------------------------------


def _price(stored: Decimal) -> Decimal:
    """A stored price (kept to 1/10,000) as it was written: 4.2000 → 4.2, 10.0000 → 10."""
    return stored.quantize(Decimal(1)) if stored == stored.to_integral_value() else stored.normalize()


def _view(product: Product, barcodes: tuple[str, ...] = ()) -> ProductView:
    return ProductView(product.sku, product.name, product.collection or "", _price(product.price), bool(product.active), barcodes)


def by_barcode(code: str) -> ProductView | None:
    """The product this barcode names (sold or not), or None: one unique-index probe."""
    code = code.strip()
    if not code or len(code) > 48:
        return None
    product = (Product.select(Product.sku, Product.name, Product.collection, Product.price, Product.active)
               .join(ProductBarcode).where(ProductBarcode.barcode == code).first())
    return _view(product) if product is not None else None


def by_sku(sku: str) -> ProductView | None:
    sku = sku.strip()
    if not sku or len(sku) > Product.sku.max_length:
        return None
    product = Product.get_or_none(Product.sku == sku)
    return _view(product, _barcodes_of(product.id)) if product is not None else None


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


def _prefix(column, text: str):  # type: ignore[no-untyped-def]
    """An index-friendly prefix range, the same on SQLite and PostgreSQL (as customers._prefix)."""
    if len(text) >= column.max_length:
        return SQL("1 = 0")
    return (column >= text) & (column < text + "\uffff")


def find(text: str, limit: int = FIND_LIMIT, include_inactive: bool = False) -> list[ProductView]:
    """Products sold whose SKU starts with `text` (any case), then those with a name word
    starting with each word of `text` ("choc" finds "Chocolate cake", "cake ch" too; accents
    and case ignored). At most `limit`, SKU matches first, each part in index order."""
    query_text = text.strip()
    if not query_text:
        return []
    check_text("query", query_text)
    found: dict[int, Product] = {}
    live = (Product.active == True) if not include_inactive else SQL("1 = 1")  # noqa: E712 - peewee's column comparison
    for p in (Product.select(Product.id, Product.sku, Product.name, Product.collection, Product.price, Product.active)
              .where(_prefix(Product.sku_key, names.fold(query_text)) & live).order_by(Product.sku_key).limit(limit)):
        found[p.id] = p
    words = names.words(query_text)
    if words and len(found) < limit:
        first, *others = sorted(words, key=len, reverse=True)
        ids_query = ProductWord.select(ProductWord.product).where(_prefix(ProductWord.word, first))
        for other in others:
            ids_query = ids_query.where(NodeList((ProductWord.words, SQL("LIKE"), Value(_like_word_start(other)), SQL("ESCAPE"), Value("\\"))))
        ids = list(dict.fromkeys(row.product_id for row in ids_query.order_by(ProductWord.word, ProductWord.product).limit(limit * 2)))
        ids = [i for i in ids if i not in found]
        if ids:
            by_id = {p.id: p for p in Product.select().where(Product.id.in_(ids) & live)}
            for i in ids:
                if i in by_id and len(found) < limit:
                    found[i] = by_id[i]
    return [_view(p) for p in found.values()]


def _like_word_start(word: str) -> str:
    escaped = word.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return f"% {escaped}%"


def count() -> int:
    return Product.select().count()
