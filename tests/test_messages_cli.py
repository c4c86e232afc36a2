"""The e-mail outbox and the coupon slip on the command line: `messages send` (a proven user),
`messages list`, `settings smtp-password` (never from argv) and `coupons slip` — a PDF read
back with pdftotext and its barcode decoded from the rendered page."""

from __future__ import annotations

import datetime as dt
import json
import os
import shutil
import subprocess
from pathlib import Path
from typing import Any, Iterator

import pytest

from pos_loyalty.cli import main as cli
from pos_loyalty.services import coupons, customers, messages, settings, users
from pos_loyalty.services.setup import open_store
from pos_loyalty.store.database import close_database, transaction

from .conftest import MANAGER_PIN, ensure_manager
from .smtp_server import SmtpServer


def _missing_tools() -> list[str]:
    missing = [tool for tool in ("pdftoppm", "pdftotext") if shutil.which(tool) is None]
    try:
        import pyzbar.pyzbar  # noqa: F401
    except (ImportError, OSError):
        missing.append("pyzbar/libzbar0")
    return missing


MISSING = _missing_tools()
needs_tools = pytest.mark.skipif(bool(MISSING) and not os.environ.get("CI"), reason=f"needs {', '.join(MISSING)}; never skipped in CI")


@pytest.fixture
def server() -> Iterator[SmtpServer]:
    with SmtpServer() as running:
        yield running


def prepare(db: Path, name: str = "Ann Smith", expires: dt.datetime | None = dt.datetime(2099, 12, 31), **smtp: str) -> str:
    """A store with one customer, a coupon on the card and a message queued; the coupon's code."""
    open_store(str(db))
    try:
        ensure_manager()
        customer, card = customers.enrol(customers.CustomerInput(name, "", "ann@example.com"))
        with transaction():
            coupon = coupons.grant(card, "free-coffee", source="manual", reason="test", expires_at=expires)
            messages.queue("trigger:1", customer, "Your {{ reward_name }}", "Code {{ coupon_code }}", "<b>{{ coupon_code }}</b>",
                           {}, source="trigger:t1", card=card, coupon=coupon)
        if smtp:
            settings.set_values(smtp, manager_pin=MANAGER_PIN)
        return str(coupon.code)
    finally:
        close_database()


def run(db: Path, capsys: pytest.CaptureFixture[str], *args: str, user: bool = True) -> tuple[int, Any, str]:
    code = cli(["--db", str(db), *(["--user", "Maya"] if user else []), "--json", *args])
    out, err = capsys.readouterr()
    assert "Traceback" not in out + err
    return code, json.loads(out) if out.strip() else None, err


def test_messages_send_needs_a_user_and_sends_through_the_server(db_path: Path, server: SmtpServer, capsys, monkeypatch) -> None:
    code = prepare(db_path, smtp_host="127.0.0.1", smtp_port=str(server.port), smtp_security="none", smtp_from="shop@example.com")
    monkeypatch.setenv("POS_LOYALTY_PIN", MANAGER_PIN)
    status, data, _err = run(db_path, capsys, "messages", "send", user=False)
    assert status == 2 and data["field"] == "user"
    assert server.recorder.received == []
    status, data, _err = run(db_path, capsys, "messages", "send")
    assert status == 0 and (data["sent"], data["failed"], data["waiting"]) == (1, 0, 0)
    [got] = server.recorder.received
    assert got.message["Subject"] == "Your Free coffee" and code in got.part("plain") and code in got.part("html")
    status, rows, _err = run(db_path, capsys, "messages", "list", "--status", "sent", user=False)
    assert status == 0 and [(r["status"], r["coupon_code"], r["to_address"]) for r in rows] == [("sent", code, "ann@example.com")]
    assert rows[0]["last_answer"].startswith("250")
    assert cli(["--db", str(db_path), "--user", "Maya", "messages", "send"]) == 0
    assert capsys.readouterr().out.strip() == "0 sent, 0 failed, 0 waiting"


def test_without_a_server_messages_send_says_why_and_they_wait(db_path: Path, capsys, monkeypatch) -> None:
    prepare(db_path)
    monkeypatch.setenv("POS_LOYALTY_PIN", MANAGER_PIN)
    assert cli(["--db", str(db_path), "--user", "Maya", "messages", "send"]) == 0
    out = capsys.readouterr().out
    assert out.startswith("0 sent, 0 failed, 1 waiting") and "smtp_host" in out
    status, data, _err = run(db_path, capsys, "messages", "list", "--status", "bogus", user=False)
    assert status == 2 and data["field"] == "--status"


def test_smtp_password_is_read_like_a_pin_and_kept_in_a_private_file(db_path: Path, capsys, monkeypatch, tmp_path: Path) -> None:
    prepare(db_path)
    monkeypatch.setenv("POS_LOYALTY_PIN", MANAGER_PIN)
    status, data, _err = run(db_path, capsys, "settings", "smtp-password", "hunter2-on-argv")
    assert status == 2  # argparse: no password argument exists
    monkeypatch.setenv("POS_LOYALTY_SMTP_PASSWORD", "from-env-0123")
    status, data, _err = run(db_path, capsys, "settings", "smtp-password")
    assert status == 0 and data["stored"] is True
    stored = Path(data["file"])
    assert stored.read_text(encoding="utf-8").strip() == "from-env-0123" and stored.stat().st_mode & 0o777 == 0o600
    assert "from-env-0123" not in db_path.read_bytes().decode("latin-1")
    monkeypatch.delenv("POS_LOYALTY_SMTP_PASSWORD")
    status, data, _err = run(db_path, capsys, "settings", "smtp-password", "--clear")
    assert status == 0 and not stored.exists()


def test_coupons_slip_prints_the_code_as_a_barcode_that_scans_back(db_path: Path, capsys, tmp_path: Path) -> None:
    code = prepare(db_path, name="Zoë Brontë")
    out = tmp_path / "slip.pdf"
    status, data, _err = run(db_path, capsys, "coupons", "slip", code.lower(), "--out", str(out), user=False)
    assert status == 0 and data == {"code": code, "out": str(out)}
    if MISSING:
        pytest.skip(f"needs {', '.join(MISSING)}") if not os.environ.get("CI") else pytest.fail(f"missing {MISSING}")
    text = subprocess.run(["pdftotext", "-layout", str(out), "-"], check=True, capture_output=True, text=True).stdout
    for expected in ("My Store", "Free coffee", "Zoë Brontë", code, "Valid until 2099-12-31"):
        assert expected in text
    info = subprocess.run(["pdfinfo", str(out)], check=True, capture_output=True, text=True).stdout
    assert "226.772 x" in info  # 80 mm wide
    from PIL import Image
    from pyzbar.pyzbar import ZBarSymbol, decode

    subprocess.run(["pdftoppm", "-r", "300", "-png", "-gray", str(out), str(tmp_path / "slip")], check=True)
    [png] = tmp_path.glob("slip-*.png")
    with Image.open(png) as image:
        found = decode(image.convert("L"), symbols=[ZBarSymbol.CODE128])
    assert [s.data.decode("ascii") for s in found] == [code]


def test_a_slip_is_refused_for_an_unknown_or_expired_coupon(db_path: Path, capsys, tmp_path: Path) -> None:
    code = prepare(db_path, expires=dt.datetime(2020, 1, 31))
    out = tmp_path / "slip.pdf"
    status, data, _err = run(db_path, capsys, "coupons", "slip", code, "--out", str(out), user=False)
    assert status == 2 and data["field"] == "code" and "expired on 2020-01-31" in data["error"]
    status, data, _err = run(db_path, capsys, "coupons", "slip", "NOSUCHCODE", "--out", str(out), user=False)
    assert status == 2 and data["field"] == "code"
    assert not out.exists()


def test_a_manager_sends_a_message_in_doubt_again(db_path: Path, server: SmtpServer, capsys, monkeypatch) -> None:
    prepare(db_path, smtp_host="127.0.0.1", smtp_port=str(server.port), smtp_security="none", smtp_from="shop@example.com")
    open_store(str(db_path))
    try:
        from pos_loyalty.store.models import Message

        Message.update(status="in_doubt", last_answer=messages.IN_DOUBT).execute()
        message_id = Message.get().id
        users.add_user("Sam", "cashier", "1357", manager_pin=MANAGER_PIN)
    finally:
        close_database()
    monkeypatch.setenv("POS_LOYALTY_PIN", "1357")
    assert cli(["--db", str(db_path), "--user", "Sam", "--json", "messages", "retry", str(message_id)]) == 2
    assert json.loads(capsys.readouterr().out)["field"] == "manager_pin"
    monkeypatch.setenv("POS_LOYALTY_PIN", MANAGER_PIN)
    status, data, _err = run(db_path, capsys, "messages", "retry", str(message_id))
    assert status == 0 and data == {"id": message_id, "status": "pending"}
    status, data, _err = run(db_path, capsys, "messages", "send")
    assert data["sent"] == 1 and len(server.recorder.received) == 1
    status, data, _err = run(db_path, capsys, "messages", "retry", str(message_id))
    assert status == 2 and data["field"] == "message" and "is sent" in data["error"]
