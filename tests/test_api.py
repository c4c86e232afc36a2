"""The local HTTP API, called over a real socket as the store's POS calls it: uvicorn listens
on a free localhost port in a thread of the test, httpx sends the requests."""

from __future__ import annotations

import hashlib
import json
import re
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path
from typing import Iterator

import httpx
import pytest

from pos_loyalty.api.app import create_app
from pos_loyalty.api.guard import WrongTokens
from pos_loyalty.api.server import ApiServer
from pos_loyalty.services import api_tokens
from pos_loyalty.store.models import ApiToken, AuditLog, LedgerEntry, Order

from .conftest import MANAGER_PIN, ensure_manager
from .db_compare import dump
from .test_cli_output import REPO, cli_env

COFFEE = [{"sku": "COFFEE", "quantity": 2, "unit_price": "2.80"}]  # 55 points with the demo rules


@pytest.fixture
def api(store: Path) -> Iterator[ApiServer]:
    server = ApiServer(create_app(), port=0).start()
    yield server
    server.stop()


@pytest.fixture
def token(store: Path) -> str:
    return api_tokens.create("main-till", manager_pin=ensure_manager()).token


@pytest.fixture
def pos(api: ApiServer, token: str) -> Iterator[httpx.Client]:
    with httpx.Client(base_url=api.url, headers={"Authorization": f"Bearer {token}"}, timeout=10) as client:
        yield client


def test_every_call_needs_a_live_token_and_only_its_hash_is_kept(api, token):
    with httpx.Client(base_url=api.url, timeout=10) as anonymous:
        assert anonymous.get("/health").json() == {"status": "ok"}, "the one call without a token: is it up"
        missing = anonymous.get("/cards/080894804303")
        assert missing.status_code == 401 and missing.json()["field"] == "token" and missing.headers["www-authenticate"] == "Bearer"
        wrong = anonymous.post("/orders/quote", json={"order_id": "X", "lines": COFFEE}, headers={"Authorization": "Bearer plk_" + "A" * 43})
        assert wrong.status_code == 401 and wrong.json()["field"] == "token"
        right = {"Authorization": f"Bearer {token}"}
        assert anonymous.post("/orders/quote", json={"order_id": "X", "lines": COFFEE}, headers=right).status_code == 200
        api_tokens.revoke("main-till", manager_pin=MANAGER_PIN)
        revoked = anonymous.post("/orders/quote", json={"order_id": "X", "lines": COFFEE}, headers=right)
        assert revoked.status_code == 401 and "not a live API token" in revoked.json()["error"]
    row = ApiToken.get(ApiToken.name == "main-till")
    assert row.token_hash == hashlib.sha256(token.encode()).hexdigest() and token not in json.dumps(dump_tokens())
    assert [(r.action, r.target) for r in AuditLog.select().where(AuditLog.action.startswith("api.")).order_by(AuditLog.id)] == [
        ("api.token_create", "main-till"), ("api.token_refused", "127.0.0.1"), ("api.token_revoke", "main-till"),
        ("api.token_refused", "127.0.0.1")], "the first wrong token of each burst (a right one ends a burst)"


def dump_tokens() -> list[dict[str, str]]:
    return [{k: str(v) for k, v in row.items()} for row in ApiToken.select().dicts()]


def test_a_sale_over_http_with_the_cli_formats_and_guarantees(pos, card):
    order = {"order_id": "POS-1", "card": card, "lines": COFFEE}
    quoted = pos.post("/orders/quote", json=order)
    assert quoted.status_code == 200 and quoted.json()["points_earned"] == 55 and quoted.json()["total"] == "5.60"
    assert quoted.json()["discount"] == "0.00", "money with the currency's decimals, as the CLI's --json"
    assert not Order.select().exists(), "a quote writes nothing"
    committed = pos.post("/orders", json=order)
    assert committed.status_code == 201
    assert {k: committed.json()[k] for k in ("order_id", "card", "total", "points_earned", "points_spent", "balance", "replayed")} == {
        "order_id": "POS-1", "card": card, "total": "5.60", "points_earned": 55, "points_spent": 0, "balance": 55, "replayed": False}
    again = pos.post("/orders", json=order)  # the POS timed out and sends it again: nothing changes
    assert again.status_code == 200 and again.json()["replayed"] is True and again.json()["balance"] == 55
    other = pos.post("/orders", json={**order, "lines": [{"sku": "CAKE", "quantity": 1, "unit_price": "4.10"}]})
    assert other.status_code == 409 and other.json()["field"] == "order_id"
    shown = pos.get(f"/cards/{card}")
    assert shown.status_code == 200 and shown.json()["card"]["balance"] == 55
    assert shown.json()["history"][0]["user"] == "main-till", "the API acts as its token's name"
    refund = {"refund_id": "R-1", "lines": [{"position": 0, "quantity": 1}]}
    refunded = pos.post("/orders/POS-1/refunds", json=refund)
    assert refunded.status_code == 201, refunded.text
    assert {k: refunded.json()[k] for k in ("kind", "amount", "points_reversed", "balance", "replayed")} == {
        "kind": "partial", "amount": "2.80", "points_reversed": 52, "balance": 3, "replayed": False}
    replayed = pos.post("/orders/POS-1/refunds", json=refund)
    assert replayed.status_code == 200 and replayed.json()["replayed"] is True and replayed.json()["balance"] == 3
    assert Order.select().count() == 1 and sum(e.points for e in LedgerEntry.select()) == 3


def test_bad_input_is_refused_naming_the_field_and_changes_nothing(pos, card, store):
    assert pos.get(f"/cards/{card}").status_code == 200  # the token's first use is noted once: before the snapshot
    before = dump(store)
    cases = [
        (pos.post("/orders", content=b"{not json", headers={"content-type": "application/json"}), 400, "body"),
        (pos.post("/orders", content=b""), 422, "body"),
        (pos.post("/orders", json=[1, 2]), 422, "order"),
        (pos.post("/orders", json={"order_id": "B1", "card": card}), 422, "lines"),
        (pos.post("/orders", json={"order_id": "B1", "card": card, "lines": [{"sku": "X", "quantity": 0, "unit_price": "1"}]}), 422, "lines[0].quantity"),
        (pos.post("/orders", json={"order_id": "B1", "card": card, "lines": COFFEE, "colour": "red"}), 422, "colour"),
        (pos.post("/orders", json={"order_id": "B1", "card": "080894804303", "lines": COFFEE}), 404, "card"),
        (pos.post("/orders/quote", json={"order_id": "B1", "lines": [{"sku": "X", "quantity": 1, "unit_price": "NaN"}]}), 422, "lines[0].unit_price"),
        (pos.get("/cards/1234"), 422, "card"),
        (pos.get(f"/cards/{card}?history=0"), 422, "history"),
        (pos.post("/orders/NOPE/refunds", json={"refund_id": "R1"}), 404, "order_id"),
        (pos.post("/orders/NOPE/refunds", json={"refund_id": "R1", "lines": [{"position": -1, "quantity": 1}]}), 422, "lines[0].position"),
        (pos.post("/orders/NOPE/refunds", json={"lines": [{"position": 0, "quantity": 1}]}), 422, "refund_id"),
        (pos.post("/cart", json={"lines": COFFEE}), 503, "cart"),  # serve --http has no checkout screen
        (pos.get("/no/such/path"), 404, "path"),
    ]
    for response, status, field in cases:
        assert (response.status_code, response.json()["field"]) == (status, field), response.text
        assert response.json()["error"], "a message says what is wrong"
    assert dump(store) == before


def test_a_body_over_the_limit_is_refused_before_it_is_read(pos, card, store):
    big = {"order_id": "BIG", "card": card, "lines": COFFEE, "note": "x" * 1_100_000}
    declared = pos.post("/orders", json=big)
    assert declared.status_code == 413 and declared.json()["field"] == "body"

    def chunks() -> Iterator[bytes]:  # no Content-Length: counted as it arrives
        for _ in range(20):
            yield b" " * 100_000

    streamed = pos.post("/orders", content=chunks(), headers={"content-type": "application/json"})
    assert streamed.status_code == 413
    assert not Order.select().exists()


def test_the_openapi_description_is_served(pos, api):
    with httpx.Client(base_url=api.url, timeout=10) as anonymous:
        described = anonymous.get("/openapi.json").json()
        assets = []
        for page, pattern in (("/docs", r'(?:src|href)="([^"]+\.(?:js|css))"'), ("/redoc", r'src="([^"]+\.js)"')):
            shown = anonymous.get(page)
            assert shown.status_code == 200, page
            assets += re.findall(pattern, shown.text)
        assert len(assets) == 3, assets  # Swagger UI's script and style, ReDoc's script
        for asset in assets:  # served by the API itself: a till without internet still shows the pages
            assert asset.startswith("/"), f"{asset} is loaded from elsewhere"
            fetched = anonymous.get(asset)
            assert fetched.status_code == 200 and len(fetched.content) > 100_000, asset
    assert {"/orders", "/orders/quote", "/orders/{order_id}/refunds", "/cards/{number}", "/cart", "/cart/{cart_id}", "/health"} <= set(described["paths"])
    assert described["components"]["securitySchemes"]["HTTPBearer"]["scheme"] == "bearer"
    assert described["paths"]["/orders"]["post"]["requestBody"]["content"]["application/json"]["schema"]["required"] == ["order_id"]


def test_wrong_tokens_are_slowed_down_and_audited(store, token):
    audited: list[tuple[str, int]] = []
    server = ApiServer(create_app(throttle=WrongTokens(audit=lambda client, n: audited.append((client, n)), limit=3)), port=0).start()
    try:
        with httpx.Client(base_url=server.url, timeout=10) as client:
            codes = [client.get("/cards/1", headers={"Authorization": "Bearer guess"}).status_code for _ in range(4)]
            stopped = client.get("/cards/1", headers={"Authorization": f"Bearer {token}"})  # even the right one, for a minute
    finally:
        server.stop()
    assert codes == [401, 401, 401, 429] and stopped.status_code == 429 and int(stopped.headers["retry-after"]) > 0
    assert audited == [("127.0.0.1", 1), ("127.0.0.1", 3)], "the first wrong token and the stop, not a row per call"


def test_the_brake_on_wrong_tokens_is_per_address_and_lifts_after_its_window():
    now = [0.0]
    brake = WrongTokens(limit=2, window=60, clock=lambda: now[0])
    brake.failed("10.0.0.1")
    now[0] = 10
    brake.failed("10.0.0.1")
    assert brake.wait_for("10.0.0.1") == 50 and brake.wait_for("10.0.0.2") == 0
    now[0] = 61  # the first failure is out of the window: one left, under the limit
    assert brake.wait_for("10.0.0.1") == 0


def test_tokens_from_the_command_line(tmp_path, capsys, monkeypatch):
    from pos_loyalty.cli import main
    from pos_loyalty.services.setup import close_store, open_store

    db = tmp_path / "till.db"
    open_store(str(db))
    ensure_manager()
    close_store()
    monkeypatch.setenv("POS_LOYALTY_PIN", MANAGER_PIN)  # Maya, the manager, runs them
    assert main(["--db", str(db), "--user", "Maya", "--json", "api", "token", "create", "main-till"]) == 0
    made = json.loads(capsys.readouterr().out)
    assert made["name"] == "main-till" and made["token"].startswith("plk_")
    assert main(["--db", str(db), "--user", "Maya", "api", "token", "create", "main-till"]) == 2, "one live token per name"
    assert "revoke it first" in capsys.readouterr().err
    assert main(["--db", str(db), "api", "token", "list"]) == 0
    listed = capsys.readouterr().out
    assert "main-till" in listed and "never used" in listed and made["token"] not in listed
    assert main(["--db", str(db), "--user", "Maya", "api", "token", "revoke", "main-till"]) == 0
    monkeypatch.delenv("POS_LOYALTY_PIN")
    capsys.readouterr()
    monkeypatch.setattr("sys.stdin", __import__("io").StringIO(""))  # nobody at the keyboard to type a PIN
    assert main(["--db", str(db), "--user", "Maya", "--json", "api", "token", "create", "pos2"]) == 2, "a manager's PIN is needed"
    assert json.loads(capsys.readouterr().out)["field"] in ("manager_pin", "pin")


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def test_serve_http_runs_headless_until_stopped(store, card, token, tmp_path):
    port = _free_port()
    process = subprocess.Popen([sys.executable, "main.py", "--db", str(store), "serve", "--http", "--port", str(port)], cwd=REPO,
                               env=cli_env(tmp_path), stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        deadline = time.monotonic() + 20
        while True:
            try:
                if httpx.get(f"http://127.0.0.1:{port}/health", timeout=1).status_code == 200:
                    break
            except httpx.TransportError:
                assert process.poll() is None and time.monotonic() < deadline, process.stderr.read() if process.stderr else ""
                time.sleep(0.05)
        committed = httpx.post(f"http://127.0.0.1:{port}/orders", json={"order_id": "H1", "card": card, "lines": COFFEE},
                               headers={"Authorization": f"Bearer {token}"}, timeout=10)
        assert committed.status_code == 201 and committed.json()["balance"] == 55
    finally:
        process.send_signal(signal.SIGINT)
        out, err = process.communicate(timeout=20)
    assert process.returncode == 0 and out == "" and "Traceback" not in err and f"127.0.0.1:{port}" in err


def test_the_command_line_does_not_load_the_web_stack(tmp_path):
    """The CLI's start is benchmarked (120 ms): FastAPI and uvicorn load only for `serve --http`."""
    code = ("import sys; from pos_loyalty import cli; cli.build_parser(); cli.build_parser('cards'); "
            "print(sorted({m.split('.')[0] for m in sys.modules} & {'fastapi', 'starlette', 'uvicorn', 'httpx', 'anyio'}))")
    shown = subprocess.run([sys.executable, "-c", code], cwd=REPO, env=cli_env(tmp_path), capture_output=True, text=True, check=True)
    assert shown.stdout.strip() == "[]"


def test_a_port_in_use_is_refused_naming_the_port(store):
    from pos_loyalty.domain.errors import ValidationError

    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        with pytest.raises(ValidationError) as refused:
            ApiServer(create_app(), port=taken.getsockname()[1]).start()
    assert refused.value.field == "port" and "another port" in refused.value.message
