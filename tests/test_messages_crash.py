"""Exactly once, even through kill -9: a child process sending a batch of e-mails is killed
with SIGKILL twice — once while the server holds an incomplete message (it must be sent
again), once after the server has the whole message but before its "250" was recorded (it
must NOT be sent again: it is `in_doubt`). After restarting `send_due` until nothing is due,
the real SMTP server (aiosmtpd, in this process) received every message exactly once.

The server pauses at a chosen RCPT or DATA and says when it does, so the kill lands there
every time, not by luck of timing."""

from __future__ import annotations

import collections
import datetime as dt
import os
import signal
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from pos_loyalty.services import customers, messages, settings
from pos_loyalty.store.models import Message

from .conftest import ensure_manager
from .smtp_server import SmtpServer

REPO = Path(__file__).resolve().parents[1]
COUNT = 6

CHILD = textwrap.dedent("""
    import sys
    sys.path.insert(0, {repo!r})
    from pos_loyalty.services import messages
    from pos_loyalty.services.setup import open_store

    open_store({db!r})
    print(messages.send_due(), flush=True)
""")


def send_and_kill(db: Path, tmp_path: Path, server: SmtpServer, rcpt: int = 0, data: int = 0) -> None:
    """Run a sender child; SIGKILL it as soon as the server pauses at the chosen command."""
    server.recorder.pause_at(rcpt=rcpt, data=data)
    script = tmp_path / "child.py"
    script.write_text(CHILD.format(repo=str(REPO), db=str(db)), encoding="utf-8")
    env = dict(os.environ, POS_LOYALTY_LOG_DIR=str(tmp_path / "logs"), POS_LOYALTY_DATA_DIR=str(tmp_path / "data"),
               POS_LOYALTY_CONFIG_DIR=str(tmp_path / "config"))
    child = subprocess.Popen([sys.executable, str(script)], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env, cwd=tmp_path)
    try:
        paused = server.recorder.paused.wait(timeout=60)
        child.send_signal(signal.SIGKILL)
    finally:
        if child.poll() is None:
            child.kill()
        child.wait(timeout=10)
    stderr = child.stderr.read() if child.stderr else ""
    assert paused, f"the server never paused: {stderr}"
    assert child.returncode == -signal.SIGKILL, f"the child ended on its own: {stderr}"


@pytest.mark.slow
def test_kill_9_mid_send_delivers_every_message_exactly_once(store: Path, tmp_path: Path) -> None:
    with SmtpServer() as server:
        settings.set_values({"smtp_host": "127.0.0.1", "smtp_port": str(server.port), "smtp_security": "none",
                             "smtp_from": "shop@example.com"}, manager_pin=ensure_manager())
        queued = []
        for i in range(COUNT):
            customer, card = customers.enrol(customers.CustomerInput(f"Crash {i}", email=f"crash{i}@example.com"))
            queued.append(messages.queue(f"crash:{i}", customer, "Hello {{ customer_name }}", "Hi {{ customer_name }}", "",
                                         {}, source="test", card=card))

        # 1. Killed while the server waits to answer the 2nd message's recipient: incomplete.
        send_and_kill(store, tmp_path, server, rcpt=2)
        assert len(server.recorder.ids()) == 1
        cut_short = Message.get(Message.status == "sending")
        assert cut_short.data_done_at is None

        # 2. Killed after the server has the whole 2nd message of this run, before "250".
        send_and_kill(store, tmp_path, server, data=2)
        assert len(server.recorder.ids()) == 3
        [doubtful] = Message.select().where(Message.status == "sending", Message.data_done_at.is_null(False))
        assert doubtful.message_id == server.recorder.ids()[-1]

        # 3. Restart: send until nothing is due.
        server.recorder.pause_at()
        for _ in range(5):
            report = messages.send_due()
            if report.waiting == 0:
                break
        received = collections.Counter(server.recorder.ids())
        assert received == collections.Counter(m.message_id for m in queued), "each message exactly once, none lost"

        rows = {m.id: m for m in Message.select()}
        assert rows[cut_short.id].status == "sent" and rows[cut_short.id].attempts >= 2
        assert rows[doubtful.id].status == "in_doubt" and rows[doubtful.id].last_answer == messages.IN_DOUBT
        assert sorted(m.status for m in rows.values()) == ["in_doubt"] + ["sent"] * (COUNT - 1)
        later = messages.send_due(now=dt.datetime.now() + dt.timedelta(days=1))
        assert (later.sent, later.waiting) == (0, 0) and collections.Counter(server.recorder.ids()) == received
