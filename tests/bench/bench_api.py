"""The local HTTP API under load: `pos-loyalty serve --http` in a process of its own, 8 POS
clients in threads here, each quoting then committing orders on its own card as fast as it can
for a few seconds (localhost only, bounded in time and count). Prints requests/s, p50 and p99
of quote and commit, then checks that nothing was lost or doubled: the orders in the database
are exactly those the clients were told were committed, a replay (one commit in 10 is sent
twice) changed nothing, and each card's ledger sums to the balance its last answer gave.

    python tests/bench/run_all.py --only api          (or: make bench BENCH_ARGS="--only api")
"""

from __future__ import annotations

import json
import math
import socket
import sqlite3
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[2]
CLIENTS = 8
SECONDS = 4.0
MAX_SALES_PER_CLIENT = 5_000  # a bound whatever the speed
PIN = "246810"
LINES = [{"sku": "COFFEE", "quantity": 2, "unit_price": "2.80"}, {"sku": "CAKE", "quantity": 1, "unit_price": "4.10"},
         {"sku": "BEANS", "collection": "beans", "quantity": 1, "unit_price": "24.90"}, {"sku": "TEA", "quantity": 3, "unit_price": "3.00"},
         {"sku": "MUG", "quantity": 1, "unit_price": "9.00"}]


@dataclass
class Client:
    card: str
    quote_ms: list[float] = field(default_factory=list)
    commit_ms: list[float] = field(default_factory=list)
    committed: dict[str, int] = field(default_factory=dict)  # order id → points earned, as answered
    last_balance: int | None = None
    replays_ok: int = 0
    errors: list[str] = field(default_factory=list)


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _prepare(folder: Path) -> tuple[Path, str, list[str]]:
    """A small store: its manager, a token, one customer card per client."""
    from pos_loyalty.services import api_tokens, customers, users
    from pos_loyalty.services.setup import close_store, open_store

    db = folder / "api.db"
    open_store(str(db))
    try:
        users.add_user("Bench", "manager", PIN)
        token = api_tokens.create("bench-pos", manager_pin=PIN).token
        numbers = [customers.enrol(customers.CustomerInput(f"Client {i}", "", f"client{i}@example.com"))[1].number for i in range(CLIENTS)]
    finally:
        close_store()
    return db, token, numbers


def _sell(client: Client, index: int, url: str, token: str, deadline: float, per_client: int | None) -> None:
    import httpx

    with httpx.Client(base_url=url, headers={"Authorization": f"Bearer {token}"}, timeout=30) as pos:
        n = 0
        while n < (per_client or MAX_SALES_PER_CLIENT) and (per_client is not None or time.perf_counter() < deadline):
            order = {"order_id": f"B{index}-{n}", "card": client.card, "lines": LINES}
            start = time.perf_counter()
            quoted = pos.post("/orders/quote", json=order)
            client.quote_ms.append((time.perf_counter() - start) * 1000)
            start = time.perf_counter()
            done = pos.post("/orders", json=order)
            client.commit_ms.append((time.perf_counter() - start) * 1000)
            if quoted.status_code != 200 or done.status_code != 201:
                client.errors.append(f"{order['order_id']}: {quoted.status_code} {done.status_code} {done.text[:200]}")
                break
            answer = done.json()
            client.committed[answer["order_id"]] = answer["points_earned"]
            client.last_balance = answer["balance"]
            if answer["points_earned"] != quoted.json()["points_earned"]:
                client.errors.append(f"{order['order_id']}: quoted {quoted.json()['points_earned']}, committed {answer['points_earned']}")
            if n % 10 == 2:  # the POS timed out and sends it again (every 10th sale, from the 3rd)
                again = pos.post("/orders", json=order)
                if again.status_code == 200 and again.json()["replayed"] and again.json()["points_earned"] == answer["points_earned"]:
                    client.replays_ok += 1
                else:
                    client.errors.append(f"{order['order_id']}: replay answered {again.status_code} {again.text[:200]}")
            n += 1


def _check(db: Path, clients: list[Client]) -> list[str]:
    """What the database holds against what the clients were told."""
    problems = [e for c in clients for e in c.errors]
    with sqlite3.connect(db) as conn:
        orders = {order_id for (order_id,) in conn.execute('SELECT order_id FROM "order"')}
        told = {order_id for c in clients for order_id in c.committed}
        if orders != told:
            problems.append(f"{len(orders - told)} orders nobody was told of, {len(told - orders)} told but not in the database")
        for c in clients:
            (card_id, balance) = conn.execute("SELECT id, balance FROM card WHERE number = ?", (c.card,)).fetchone()
            (ledger,) = conn.execute("SELECT COALESCE(SUM(points), 0) FROM ledger_entry WHERE card_id = ?", (card_id,)).fetchone()
            (earned,) = conn.execute("SELECT COALESCE(SUM(points), 0) FROM ledger_entry WHERE card_id = ? AND kind = 'earn'", (card_id,)).fetchone()
            if not ledger == balance == (c.last_balance or 0) or earned != sum(c.committed.values()):
                problems.append(f"card {c.card}: ledger {ledger}, balance {balance}, last answer {c.last_balance}, "
                                f"earned {earned} vs {sum(c.committed.values())} answered")
    return problems


def _rank(values: list[float], q: float) -> float:
    values = sorted(values)
    return values[max(0, min(len(values) - 1, math.ceil(q * len(values)) - 1))]


def measure(seconds: float = SECONDS, per_client: int | None = None) -> dict[str, Any]:
    """Run the load (for `seconds`, or `per_client` sales each when given) and check it."""
    from tests.bench.bench_cli import _env

    with tempfile.TemporaryDirectory(prefix="pos-loyalty-bench-api-") as name:
        folder = Path(name)
        db, token, numbers = _prepare(folder)
        port = _free_port()
        server = subprocess.Popen([sys.executable, str(REPO / "main.py"), "--db", str(db), "serve", "--http", "--port", str(port)],
                                  env=_env(folder), stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
        try:
            _wait_until_up(server, port)
            clients = [Client(card) for card in numbers]
            start = time.perf_counter()
            threads = [threading.Thread(target=_sell, args=(c, i, f"http://127.0.0.1:{port}", token, start + seconds, per_client))
                       for i, c in enumerate(clients)]
            for t in threads:
                t.start()
            for t in threads:
                t.join()
            elapsed = time.perf_counter() - start
        finally:
            server.terminate()
            _out, err = server.communicate(timeout=30)
        problems = _check(db, clients) + ([f"server: {err.strip()[-300:]}"] if "Traceback" in err else [])
    quotes = [ms for c in clients for ms in c.quote_ms]
    commits = [ms for c in clients for ms in c.commit_ms]
    requests = len(quotes) + len(commits) + sum(c.replays_ok for c in clients)
    return {"clients": CLIENTS, "seconds": elapsed, "requests_per_s": requests / elapsed, "sales": len(commits),
            "quote_p50_ms": _rank(quotes, 0.5), "quote_p99_ms": _rank(quotes, 0.99), "commit_p50_ms": _rank(commits, 0.5),
            "commit_p99_ms": _rank(commits, 0.99), "replays": sum(c.replays_ok for c in clients), "problems": problems}


def _wait_until_up(server: subprocess.Popen, port: int) -> None:
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise RuntimeError(f"serve --http stopped: {server.stderr.read() if server.stderr else ''}")
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=0.2):
                return
        except OSError:
            time.sleep(0.05)
    raise RuntimeError("serve --http did not listen within 30 s")


def run(cfg: Any) -> list:
    """Rows for `run_all`'s table: quote and commit latencies (not judged), and the check."""
    from tests.bench.run_all import Result

    m = measure(per_client=max(3, cfg.iterations // CLIENTS)) if cfg.iterations else measure()  # --iterations: sales in all
    rate = f"{m['requests_per_s']:.0f} requests/s overall, {m['sales']} sales in {m['seconds']:.1f} s"
    return [
        Result(f"API quote over HTTP, {m['clients']} clients", m["sales"], "baseline", None, m["quote_p50_ms"], m["quote_p99_ms"], note=rate),
        Result(f"API commit over HTTP, {m['clients']} clients", m["sales"], "baseline", None, m["commit_p50_ms"], m["commit_p99_ms"],
               note=f"{m['replays']} replays answered with the first result"),
        Result("API: nothing lost or doubled", m["sales"], "orders and ledger = answers", not m["problems"], total_s=m["seconds"],
               note="; ".join(m["problems"][:5]) or "every order answered is stored once; every card's ledger = its last balance"),
    ]


if __name__ == "__main__":
    print(json.dumps(measure(float(sys.argv[1]) if len(sys.argv) > 1 else SECONDS), indent=2))
