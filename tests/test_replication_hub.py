"""The hub takes a push's large batches by COPY (store/replication.py `_bulk_insert`): straight
into the table when no row is in the way, and when a row with the same key arrived meanwhile
(another push of the same rows) the batch goes in without it — never failing the push, never
writing a row twice."""

from __future__ import annotations

from typing import Iterator

import pytest

from pos_loyalty.services.setup import open_store
from pos_loyalty.store import replication
from pos_loyalty.store.database import COPY_FROM, close_database, transaction
from pos_loyalty.store.models import db, now

from .test_hub import fresh_pg, pg_server  # noqa: F401 - the fixtures

pytestmark = pytest.mark.hub

COLUMNS = ["key", "kind", "subject", "details", "at", "resolved_by", "resolution"]


@pytest.fixture
def hub(fresh_pg: str) -> Iterator[None]:  # noqa: F811 - the fixture above
    open_store(fresh_pg)
    yield
    close_database()


def _rows(keys: list[str]) -> list[tuple]:
    return [(key, "over_refund", f"subject {key}", "{}", now(), "", "") for key in keys]


def _stored() -> dict[str, str]:
    return dict(db.obj.execute_sql("SELECT key, subject FROM sync_exception").fetchall())


def test_a_large_batch_goes_in_whole_by_copy(hub: None) -> None:
    keys = [f"k{i:03d}" for i in range(COPY_FROM + 10)]
    with transaction():
        replication._bulk_insert(db.obj, "sync_exception", COLUMNS, _rows(keys), unique="key")
    assert sorted(_stored()) == keys


def test_a_row_already_there_is_left_out_and_the_rest_go_in(hub: None) -> None:
    with transaction():
        db.obj.execute_sql("INSERT INTO sync_exception (key, kind, subject, details, at, resolved_by, resolution) "
                           "VALUES ('k007', 'over_refund', 'there first', '{}', %s, '', '')", (now(),))
    keys = [f"k{i:03d}" for i in range(COPY_FROM + 10)]
    with transaction():
        replication._bulk_insert(db.obj, "sync_exception", COLUMNS, _rows(keys), unique="key")
        db.obj.execute_sql("SELECT 1").fetchone()  # the transaction goes on after the COPY that failed
    stored = _stored()
    assert sorted(stored) == keys
    assert stored["k007"] == "there first" and stored["k008"] == "subject k008"
