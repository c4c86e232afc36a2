"""The product catalogue: CSV import (dry run, every bad row, all or nothing, idempotent,
manager-only, audited) and the lookups the checkout uses (barcode, SKU prefix, name word)."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest

from pos_loyalty.domain.catalogue_csv import parse
from pos_loyalty.domain.errors import NotFound, PermissionDenied, ValidationError
from pos_loyalty.domain.scan_codes import gs1_valid, unmatched_kind
from pos_loyalty.services import audit, catalogue, customers, scanning
from pos_loyalty.store.models import Product, ProductBarcode
from tests.conftest import MANAGER_PIN

CLEAN = (
    "sku;name;collection;price;barcodes;active\n"
    "CAKE-01;Chocolate cake;Bakery;3,50;4006381333931|2000000000015;yes\n"
    "CAKE-02;Crème brûlée;Bakery;4.20;2000000000022;\n"
    "TEA-01;Green tea;Drinks;2;4000000000006 4000000000013;1\n"
    "OLD-01;Old biscuit;Bakery;1,00;;no\n"
)


def write(tmp_path: Path, text: str, name: str = "catalogue.csv", bom: bool = False) -> Path:
    path = tmp_path / name
    path.write_bytes((b"\xef\xbb\xbf" if bom else b"") + text.encode("utf-8"))
    return path


def table_state() -> tuple[list[tuple], list[tuple]]:
    products = list(Product.select(Product.id, Product.sku, Product.name, Product.collection, Product.price, Product.active).order_by(Product.id).tuples())
    barcodes = list(ProductBarcode.select(ProductBarcode.id, ProductBarcode.barcode, ProductBarcode.product).order_by(ProductBarcode.id).tuples())
    return products, barcodes


def test_a_clean_file_with_bom_semicolons_and_decimal_commas_is_imported_and_audited(tmp_path: Path, manager: str) -> None:
    result = catalogue.import_file(write(tmp_path, CLEAN, bom=True), "Maya", manager_pin=MANAGER_PIN)
    assert (result.rows, result.added, result.changed, result.barcodes_added, result.problems) == (4, 4, 0, 5, [])
    cake = catalogue.show("CAKE-01")
    assert cake == catalogue.ProductView("CAKE-01", "Chocolate cake", "Bakery", Decimal("3.50"), True, ("2000000000015", "4006381333931"))
    assert catalogue.show("4000000000013").sku == "TEA-01" and catalogue.show("TEA-01").price == Decimal("2")
    assert catalogue.show("OLD-01").active is False
    row = audit.recent(1)[0]
    assert (row.user, row.action) == ("Maya", "catalogue.import") and '"added": 4' in row.details


def test_the_same_file_twice_changes_nothing(tmp_path: Path, manager: str) -> None:
    path = write(tmp_path, CLEAN)
    catalogue.import_file(path, manager_pin=MANAGER_PIN)
    before = table_state()
    again = catalogue.import_file(path, manager_pin=MANAGER_PIN)
    assert (again.added, again.changed, again.unchanged, again.barcodes_added, again.barcodes_removed) == (0, 0, 4, 0, 0)
    assert table_state() == before


def test_a_second_file_updates_prices_and_moves_barcodes_and_frees_the_dropped_one(tmp_path: Path, manager: str) -> None:
    catalogue.import_file(write(tmp_path, CLEAN), manager_pin=MANAGER_PIN)
    update = ("sku;price;name;barcodes\n"
              "CAKE-01;3,90;Chocolate cake;4006381333931\n"  # 2000000000015 taken off
              "CAKE-02;4,20;Crème brûlée;2000000000022 2000000000015\n")  # …and given to this one
    result = catalogue.import_file(write(tmp_path, update, "update.csv"), manager_pin=MANAGER_PIN)
    assert (result.changed, result.unchanged, result.barcodes_added, result.barcodes_removed) == (1, 1, 1, 0)
    assert catalogue.show("CAKE-01").price == Decimal("3.90") and catalogue.show("CAKE-01").barcodes == ("4006381333931",)
    assert catalogue.by_barcode("2000000000015").sku == "CAKE-02"
    assert catalogue.show("TEA-01").name == "Green tea"  # not in the file: left as it was
    dropped = "sku;name;price;barcodes\nCAKE-02;Crème brûlée;4,20;2000000000022\n"
    assert catalogue.import_file(write(tmp_path, dropped, "dropped.csv"), manager_pin=MANAGER_PIN).barcodes_removed == 1
    assert catalogue.by_barcode("2000000000015") is None


BAD = (
    "sku;name;collection;price;barcodes;active\n"
    ";No sku;;1,00;;\n"  # line 2: missing sku
    "A-1;Apple;;1,2,3;;\n"  # line 3: bad price
    "A-2;Pear;;0,999;;\n"  # line 4: more decimals than euros have
    "A-3;Plum;;1,00;111;\n"  # line 5: fine
    "A-3;Plum again;;1,00;;\n"  # line 6: duplicate sku
    "A-4;Fig;;1,00;111;\n"  # line 7: barcode of A-3
    f"{'S' * 65};Long;;1,00;;\n"  # line 8: sku too long
    f"A-5;{'n' * 121};;1,00;;\n"  # line 9: name too long
    "A-6;Kiwi;;1,00;;maybe\n"  # line 10: active not yes/no
)


def test_a_dry_run_lists_every_bad_row_and_changes_nothing(tmp_path: Path, manager: str) -> None:
    result = catalogue.import_file(write(tmp_path, BAD), dry_run=True)
    found = {(p.line, p.column) for p in result.problems}
    assert found == {(2, "sku"), (3, "price"), (4, "price"), (6, "sku"), (7, "barcodes"), (8, "sku"), (9, "name"), (10, "active")}
    texts = {(p.line, p.column): p.problem for p in result.problems}
    assert "sku is missing" in texts[(2, "sku")] and "also on line 5" in texts[(6, "sku")]
    assert "111" in texts[(7, "barcodes")] and "A-3" in texts[(7, "barcodes")] and "longer than 64" in texts[(8, "sku")]
    assert catalogue.count() == 0


def test_a_file_with_one_bad_row_imports_nothing(tmp_path: Path, manager: str) -> None:
    with pytest.raises(catalogue.CatalogueInvalid) as refused:
        catalogue.import_file(write(tmp_path, CLEAN + "X-1;Broken;;abc;;\n"), manager_pin=MANAGER_PIN)
    assert [(p.line, p.column) for p in refused.value.problems] == [(6, "price")]
    assert catalogue.count() == 0


def test_the_database_s_own_conflicts_are_listed_too(tmp_path: Path, manager: str, card: str) -> None:
    catalogue.import_file(write(tmp_path, CLEAN), manager_pin=MANAGER_PIN)
    other = f"sku;name;price;barcodes\nNEW-1;New;1,00;4006381333931\nNEW-2;Card;1,00;{card}\n"
    result = catalogue.import_file(write(tmp_path, other, "other.csv"), dry_run=True)
    assert [(p.line, p.column) for p in result.problems] == [(2, "barcodes"), (3, "barcodes")]
    assert "CAKE-01" in result.problems[0].problem and "loyalty card" in result.problems[1].problem


@pytest.mark.parametrize("text, problem", [
    ("sku,name,price\nA,B,1\n", "separated by ';'"),
    ("sku;name;prize\nA;B;1\n", "is not a column"),
    ("sku;collection\nA;B\n", "column is missing"),
])
def test_a_wrong_header_is_named(text: str, problem: str) -> None:
    rows, problems = parse(text.encode(), 2)
    assert rows == [] and any(problem in p.problem for p in problems), problems


def test_a_file_that_is_not_utf8_names_its_line() -> None:
    _rows, problems = parse("sku;name;price\nA;Caf\xe9;1\n".encode("latin-1"), 2)
    assert [(p.line, p.column) for p in problems] == [(2, "file")] and "UTF-8" in problems[0].problem


def test_importing_needs_a_manager_pin_and_a_wrong_one_changes_nothing(tmp_path: Path, manager: str) -> None:
    with pytest.raises(PermissionDenied):
        catalogue.import_file(write(tmp_path, CLEAN), manager_pin="000000")
    with pytest.raises(PermissionDenied):
        catalogue.import_file(write(tmp_path, CLEAN), manager_pin=None)
    assert catalogue.count() == 0


def test_lookups_by_barcode_sku_prefix_and_name_word(tmp_path: Path, manager: str) -> None:
    catalogue.import_file(write(tmp_path, CLEAN), manager_pin=MANAGER_PIN)
    assert catalogue.by_barcode("4006381333931").sku == "CAKE-01"
    assert catalogue.by_barcode("9999999999994") is None
    assert [p.sku for p in catalogue.find("cake")] == ["CAKE-01", "CAKE-02", ]  # SKU prefix, any case
    assert [p.sku for p in catalogue.find("CAKE-0")] == ["CAKE-01", "CAKE-02"]
    assert [p.sku for p in catalogue.find("creme")] == ["CAKE-02"]  # a name word, accents ignored
    assert [p.sku for p in catalogue.find("BRÛL")] == ["CAKE-02"]
    assert [p.sku for p in catalogue.find("tea gr")] == ["TEA-01"]  # every word, any order
    assert [p.sku for p in catalogue.find("choc")] == ["CAKE-01"]
    assert catalogue.find("biscuit") == []  # not sold any more
    with pytest.raises(NotFound):
        catalogue.show("nothing")


def test_scanning_adds_a_line_and_a_repeat_scan_adds_one_to_it(tmp_path: Path, manager: str) -> None:
    catalogue.import_file(write(tmp_path, CLEAN), manager_pin=MANAGER_PIN)
    lines: list[dict] = []
    for code in ("4006381333931", "2000000000022", "2000000000015"):
        product = scanning.product_for(code)
        assert product is not None
        scanning.add_product(lines, product, "EUR")
    assert [(l["sku"], l["quantity"], l["unit_price"]) for l in lines] == [("CAKE-01", 2, "3.50"), ("CAKE-02", 1, "4.20")]
    catalogue.import_file(write(tmp_path, "sku;name;price;barcodes;active\nOLD-01;Old biscuit;1;123456;no\n", "old.csv"), manager_pin=MANAGER_PIN)
    with pytest.raises(ValidationError, match="no longer sold"):
        scanning.product_for("123456")


def test_an_unmatched_code_is_a_card_typo_an_unknown_barcode_or_text(card: str) -> None:
    mistyped = card[:-1] + str((int(card[-1]) + 1) % 10)
    assert unmatched_kind(mistyped, [(card[:2], len(card))]) == "card"  # a batch's scheme: the card's message
    assert scanning.unmatched_kind(mistyped) == "card"
    assert gs1_valid("4006381333931") and not gs1_valid("4006381333932")
    assert unmatched_kind("4006381333931", []) == "barcode"
    assert unmatched_kind("ABC-123", []) == "barcode" and unmatched_kind("12345", []) == "barcode"
    assert unmatched_kind("1234567", []) == "card"  # a card's length, no GS1 code: a mistyped card
    assert unmatched_kind("Ann Smith", []) == "text"
    assert customers.search("4006381333931") == []
