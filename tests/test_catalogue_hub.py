"""The catalogue is central: imported on the hub, pulled by every till at `sync run`; an
attached till refuses an import of its own (as it refuses rules of its own)."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest

from pos_loyalty.domain.errors import ValidationError
from pos_loyalty.services import catalogue, sync
from pos_loyalty.services.setup import open_store
from pos_loyalty.store.database import close_database

from .conftest import MANAGER_PIN, ensure_manager
from .test_catalogue import CLEAN, write
from .test_hub import fresh_pg, pg_server  # noqa: F401 - the fixtures
from .test_sync import Tills, tills  # noqa: F401 - the fixture

pytestmark = pytest.mark.hub


def on_hub(tills: Tills, path: Path) -> catalogue.ImportResult:  # noqa: F811
    """A manager imports on the hub itself (`pos-loyalty --db HUB_URL products import FILE`)."""
    close_database()
    open_store(tills.hub)
    ensure_manager()
    try:
        return catalogue.import_file(path, "Maya", manager_pin=MANAGER_PIN)
    finally:
        close_database()


def test_a_product_imported_on_the_hub_reaches_the_tills_and_its_changes_follow(tills: Tills, tmp_path: Path) -> None:  # noqa: F811
    tills.attach("A")
    assert on_hub(tills, write(tmp_path, CLEAN)).added == 4
    open_store(tills.hub)  # the lookups on PostgreSQL (`pos-loyalty --db HUB_URL products find …`)
    try:
        assert [p.sku for p in catalogue.find("cake")] == ["CAKE-01", "CAKE-02"]
        assert [p.sku for p in catalogue.find("tea gr")] == ["TEA-01"] and [p.sku for p in catalogue.find("BRÛL")] == ["CAKE-02"]
        assert catalogue.find("biscuit") == [] and catalogue.show("2000000000015").sku == "CAKE-01"
    finally:
        close_database()
    tills.use("A")
    assert catalogue.by_barcode("4006381333931") is None
    sync.run()
    assert catalogue.by_barcode("4006381333931").sku == "CAKE-01"
    assert [p.sku for p in catalogue.find("creme")] == ["CAKE-02"]  # the name's words are indexed on the till
    with pytest.raises(ValidationError) as refused:
        catalogue.import_file(write(tmp_path, CLEAN, "local.csv"), manager_pin=MANAGER_PIN)
    assert refused.value.field == "catalogue" and "products import" in refused.value.message
    assert sync.waiting() == 0  # nothing of the catalogue goes back up

    change = "sku;name;price;barcodes\nCAKE-01;Dark chocolate cake;3,90;4006381333931\n"  # renamed, dearer, one barcode off
    assert on_hub(tills, write(tmp_path, change, "change.csv")).changed == 1
    tills.use("A")
    sync.run()
    cake = catalogue.show("CAKE-01")
    assert (cake.name, cake.price, cake.barcodes) == ("Dark chocolate cake", Decimal("3.9"), ("4006381333931",))
    assert catalogue.by_barcode("2000000000015") is None
    assert [p.sku for p in catalogue.find("dark")] == ["CAKE-01"]

    tills.attach("B")  # a till attached later gets the whole catalogue
    assert catalogue.show("TEA-01").barcodes == ("4000000000006", "4000000000013")


def test_a_hub_made_before_the_catalogue_journals_it_once_migrated(fresh_pg: str) -> None:  # noqa: F811
    """Migration 0018 on a hub (sync_state role = hub) adds the journal triggers of the two
    synced catalogue tables; run again, it changes nothing."""
    import importlib

    import psycopg

    sync.init_hub(fresh_pg)
    triggers = "SELECT count(*) FROM pg_trigger WHERE tgrelid IN ('product'::regclass, 'product_barcode'::regclass) AND NOT tgisinternal"
    with psycopg.connect(fresh_pg, autocommit=True) as conn:
        assert conn.execute(triggers).fetchone()[0] == 4
        for table in ("product", "product_barcode"):  # as on a hub made before 0018
            conn.execute(f"DROP TRIGGER sync_journal_ins ON {table}")
            conn.execute(f"DROP TRIGGER sync_journal_upd ON {table}")
    migration = importlib.import_module("pos_loyalty.store.migrations.0018_catalogue")
    database = sync.hub_database(fresh_pg)
    with database.atomic():
        migration.up(None, database)
    database.close()
    with psycopg.connect(fresh_pg, autocommit=True) as conn:
        assert conn.execute(triggers).fetchone()[0] == 4
        conn.execute("INSERT INTO product (sku, sku_key, name, collection, price, active) VALUES ('X', 'x', 'X', '', 10000, TRUE)")
        assert conn.execute("SELECT count(*) FROM sync_journal WHERE tbl = 'product'").fetchone()[0] == 1
