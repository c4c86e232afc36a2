"""A real PostgreSQL server for the hub tests and benchmarks: `initdb` and `pg_ctl` from
/usr/lib/postgresql/*/bin on a free port (as the `postgres` user when run as root), with one
database created on it; removed afterwards."""

from __future__ import annotations

import glob
import os
import shutil
import socket
import subprocess
import tempfile
from contextlib import contextmanager
from pathlib import Path
from typing import Iterator


class PostgresMissing(RuntimeError):
    """PostgreSQL's server programs are not installed."""


def _pg_bin(name: str) -> str | None:
    found = sorted(glob.glob(f"/usr/lib/postgresql/*/bin/{name}"), key=lambda p: [int(x) if x.isdigit() else x for x in Path(p).parts])
    return found[-1] if found else None


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@contextmanager
def postgres_server(name: str = "loyalty_session", settings: str = "-c fsync=off") -> Iterator[str]:
    """Start a server, create database `name`, yield its URL; stop and remove it at the end."""
    initdb, pg_ctl = _pg_bin("initdb"), _pg_bin("pg_ctl")
    if not initdb or not pg_ctl:
        raise PostgresMissing("PostgreSQL is not installed (no /usr/lib/postgresql/*/bin/initdb)")
    folder = Path(tempfile.mkdtemp(prefix="pos-loyalty-hub-"))
    data, sockdir, logfile = folder / "data", folder / "sock", folder / "server.log"
    sockdir.mkdir()
    as_postgres: list[str] = []
    if os.geteuid() == 0:  # the server refuses to run as root
        for path in (folder, sockdir):
            shutil.chown(path, "postgres", "postgres")
        as_postgres = ["runuser", "-u", "postgres", "--"]
    port = _free_port()
    subprocess.run([*as_postgres, initdb, "-D", str(data), "--auth=trust", "-U", "postgres", "-E", "UTF8"], check=True, capture_output=True, timeout=120)
    options = f"-p {port} -k {sockdir} -c listen_addresses=127.0.0.1 -c max_connections=200 {settings}"
    started = subprocess.run([*as_postgres, pg_ctl, "-D", str(data), "-l", str(logfile), "-o", options, "-w", "-t", "60", "start"],
                             capture_output=True, text=True, timeout=120)
    if started.returncode != 0:
        log = logfile.read_text(errors="replace") if logfile.exists() else ""
        shutil.rmtree(folder, ignore_errors=True)
        raise RuntimeError(f"PostgreSQL did not start: {started.stderr}\n{log}")
    try:
        import psycopg

        with psycopg.connect(f"postgresql://postgres@127.0.0.1:{port}/postgres", autocommit=True) as conn:
            conn.execute(f"CREATE DATABASE {name}")
        yield f"postgresql://postgres@127.0.0.1:{port}/{name}"
    finally:
        subprocess.run([*as_postgres, pg_ctl, "-D", str(data), "-m", "fast", "-w", "stop"], capture_output=True, timeout=120)
        shutil.rmtree(folder, ignore_errors=True)
