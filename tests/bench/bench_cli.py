"""CLI start: `pos-loyalty cards show NUMBER --json`, a whole process, against the floor of
starting Python at all (`python -c pass`), both timed the same way (wall clock around
`subprocess.run`). The database is a small one made here: what is measured is the start —
imports, opening the database, reading the active rules — not the query (see `lookup`).

    python tests/bench/run_all.py --only cli          (or: make bench BENCH_ARGS="--only cli")
"""

from __future__ import annotations

import json
import math
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[2]
TARGET_MS = 120.0
DEFAULT_RUNS = 30


def _env(folder: Path) -> dict[str, str]:
    # As installed: Python keeps the compiled bytecode (PYTHONDONTWRITEBYTECODE would compile
    # every module again on every start, which no till does).
    env = {k: v for k, v in os.environ.items() if not k.startswith("POS_LOYALTY_") and k != "PYTHONDONTWRITEBYTECODE"}
    env.update(POS_LOYALTY_DATA_DIR=str(folder / "data"), POS_LOYALTY_CONFIG_DIR=str(folder / "config"),
               POS_LOYALTY_LOG_DIR=str(folder / "logs"), PYTHONPATH=str(REPO))
    return env


CPU_MS: list[float] = []  # CPU time (user + system) of each timed CLI start: steadier than wall time on a busy machine


def _wall_ms(command: list[str], env: dict[str, str]) -> float:
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    done = subprocess.run(command, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, check=False)
    elapsed = (time.perf_counter() - start) * 1000
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    if done.returncode != 0:
        raise RuntimeError(f"{' '.join(command)} failed: {done.stderr.decode(errors='replace')}")
    CPU_MS.append((after.ru_utime - before.ru_utime + after.ru_stime - before.ru_stime) * 1000)
    return elapsed


def measure(runs: int = DEFAULT_RUNS) -> dict[str, Any]:
    """p50 and p90 of the CLI start and of the floor, interleaved so both see the same load."""
    with tempfile.TemporaryDirectory(prefix="pos-loyalty-bench-cli-") as name:
        folder = Path(name)
        env = _env(folder)
        db = str(folder / "cli.db")
        # The store's first user (its manager) needs no PIN to be made; then she enrols a customer.
        subprocess.run([sys.executable, str(REPO / "main.py"), "--db", db, "users", "add", "Bench", "--role", "manager"],
                       env={**env, "POS_LOYALTY_NEW_PIN": "246810"}, capture_output=True, text=True, check=True)
        made = subprocess.run([sys.executable, str(REPO / "main.py"), "--db", db, "--user", "Bench", "--json", "customers", "add", "--name", "Bench Customer",
                               "--email", "bench@example.com"], env={**env, "POS_LOYALTY_PIN": "246810"}, capture_output=True, text=True, check=True)
        number = json.loads(made.stdout)["card"]
        show = [sys.executable, str(REPO / "main.py"), "--db", db, "cards", "show", number, "--json"]
        floor = [sys.executable, "-c", "pass"]
        for _ in range(3):  # warm the OS caches (files, .pyc) for both
            _wall_ms(show, env)
            _wall_ms(floor, env)
        cli_ms, floor_ms, cpu_ms = [], [], []
        for _ in range(runs):
            cli_ms.append(_wall_ms(show, env))
            cpu_ms.append(CPU_MS[-1])
            floor_ms.append(_wall_ms(floor, env))
    cli_ms.sort()
    floor_ms.sort()
    p50, base = statistics.median(cli_ms), statistics.median(floor_ms)
    rank = lambda values, q: values[max(0, min(len(values) - 1, math.ceil(q * len(values)) - 1))]  # noqa: E731 (nearest rank)
    return {"runs": runs, "p50_ms": p50, "p90_ms": rank(cli_ms, 0.9), "p99_ms": rank(cli_ms, 0.99), "floor_p50_ms": base,
            "floor_p99_ms": rank(floor_ms, 0.99), "ratio": p50 / base if base else float("inf"), "cpu_p50_ms": statistics.median(cpu_ms),
            "load": os.getloadavg()[0]}


def run(cfg: Any) -> list:
    """Rows for `run_all`'s table: the floor (a baseline) and the CLI start against 120 ms."""
    from tests.bench.run_all import Result

    m = measure(cfg.iterations or DEFAULT_RUNS)
    return [
        Result("process start floor (python -c pass)", m["runs"], "baseline", None, m["floor_p50_ms"], m["floor_p99_ms"]),
        Result("CLI start: cards show N --json", m["runs"], f"p50 <= {TARGET_MS:g} ms", m["p50_ms"] <= TARGET_MS, m["p50_ms"], m["p99_ms"],
               note=f"{m['ratio']:.1f}x the floor (p50 {m['floor_p50_ms']:.1f} ms); p90 {m['p90_ms']:.1f} ms; "
                    f"CPU p50 {m['cpu_p50_ms']:.0f} ms; load average {m['load']:.1f} while measuring"),
    ]


if __name__ == "__main__":
    print(json.dumps(measure(int(sys.argv[1]) if len(sys.argv) > 1 else DEFAULT_RUNS), indent=2))
