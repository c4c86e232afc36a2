"""The loyalty slip after a sale (issue 15): what it says, exactly — the masked card, the points
earned and spent, the balance right after the sale, the milestone it reached and the coupon that
gave, the coupon used, the points expiring within 30 days, the next milestone — then the same
slip as ESC/POS bytes (python-escpos' Dummy printer, a device file, a network printer on
localhost), as an 80 mm PDF read back with pdftotext, and on the command line."""

from __future__ import annotations

import datetime as dt
import json
import os
import shutil
import socket
import subprocess
import threading
from pathlib import Path
from typing import Iterator

import pytest

from pos_loyalty.cli import main as cli
from pos_loyalty.domain.errors import NotFound, ValidationError
from pos_loyalty.domain.receipt_printer import parse_target
from pos_loyalty.domain.slip import mask_card, slip_lines
from pos_loyalty.services import checkout, coupons, customers, settings, slip
from pos_loyalty.store.database import transaction

from .conftest import MANAGER_PIN, activate_demo_rules, make_order
from .test_milestones import activate, bundle

SALE = dt.datetime(2026, 3, 2, 10, 30)
NEXT_DAY = SALE + dt.timedelta(days=1)
MILESTONES = {"id": "orders", "name": "Order milestones", "kind": "orders", "coupon_valid_days": 30,
              "steps": [{"requirement": 1, "points": 100}, {"requirement": 2, "reward_id": "free-shirt"}, {"requirement": 5, "points": 500}]}


@pytest.fixture
def sold(store: Path, manager: str, tmp_path: Path) -> str:
    """Zoë's first sale (10.00 → 10 points, and the first order milestone: +100); her card's number.
    Points expire 20 days after they are earned: all of them within the slip's 30 days."""
    data = bundle(MILESTONES)
    data["settings"]["points_expire_after_days"] = 20
    activate(tmp_path, data)
    _customer, card = customers.enrol(customers.CustomerInput("Zoë Brontë Smith", "+44 7700 900124"))
    result = checkout.commit(make_order("TILL1-1", card.number, [("COFFEE", 1, "10.00")]), when=SALE)
    assert (result.points_earned, result.balance) == (10, 110)
    return card.number


def second_sale(number: str) -> tuple[str, str]:
    """A goodwill coupon used and 50 points spent on the second sale, which reaches the second
    step (a coupon for a free T-shirt); the codes of the coupon used and the coupon issued."""
    with transaction():
        used = coupons.grant(customers_card(number), "free-shirt", source="manual", reason="goodwill", at=SALE)
    result = checkout.commit(make_order("TILL1-2", number, [("COFFEE", 2, "10.00")],
                                        rewards=[{"id": "free-shirt", "coupon": used.code}, {"id": "pay", "points": 50}]), when=NEXT_DAY)
    assert (result.points_earned, result.points_spent, result.balance) == (15, 50, 75)
    [unlocked] = result.unlocked
    return used.code, str(unlocked.coupon)


def pair(label: str, value: str, width: int) -> str:
    return label + value.rjust(width - len(label))


def customers_card(number: str):  # type: ignore[no-untyped-def]
    from pos_loyalty.store.models import Card

    return Card.get(Card.number == number)


def test_the_slip_of_a_sale_says_exactly_what_it_did(sold: str) -> None:
    last4 = sold[-4:]
    assert slip.text_lines("TILL1-1", width=42, when=SALE) == [
        "       My Store",  # the title prints at double width: centred in 21 columns
        "               Loyalty slip",
        "-" * 42,
        "Date                      2026-03-02 10:30",
        "Order                              TILL1-1",
        f"Card                        •••• •••• {last4}",
        "Customer                               Zoë",
        "Total                               €10.00",
        "-" * 42,
        "Points earned                   +10 points",
        "Balance                         110 points",
        "Reached with this sale:",
        "  Order milestones — 1 order: +100 points",
        "-" * 42,
        "110 points expire by 2026-03-22",
        "-" * 42,
        "Next milestone:",
        "  Order milestones: 1 of 2 orders — next:",
        "    a free T-shirt",
        "-" * 42,
        "                Thank you!",
    ]


def test_coupons_used_and_issued_and_the_balance_right_after_the_sale(sold: str) -> None:
    used, issued = second_sale(sold)
    data = slip.slip_for("TILL1-2", when=NEXT_DAY)
    assert (data.points_earned, data.points_spent, data.balance) == (15, 50, 75)
    assert [(c.code, c.reward, c.expires) for c in data.coupons_issued] == [(issued, "Free shirt", NEXT_DAY + dt.timedelta(days=30))]
    assert [(c.code, c.reward) for c in data.coupons_used] == [(used, "Free shirt")]
    assert data.bonuses == ("Order milestones — 2 orders: Free shirt",)
    assert data.next_milestones == ("Order milestones: 2 of 5 orders — next: 500 points",)
    assert (data.expiring_points, data.expiring_on) == (75, SALE + dt.timedelta(days=20))
    lines = slip.text_lines("TILL1-2", width=48, when=NEXT_DAY)
    assert all(len(line) <= 48 for line in lines)
    for expected in (pair("Points spent", "-50 points", 48), pair("Balance", "75 points", 48),
                     f"  {issued} Free shirt, until 2026-04-02", f"  {used} Free shirt"):
        assert expected in lines
    # A reprint later says the same balance: the sale's, not the card's today.
    checkout.commit(make_order("TILL1-3", sold, [("COFFEE", 1, "30.00")]), when=NEXT_DAY + dt.timedelta(days=1))
    assert slip.slip_for("TILL1-2", when=NEXT_DAY).balance == 75
    assert slip.slip_for("TILL1-1", when=SALE).balance == 110


def test_points_awarded_on_fulfilment_are_announced_not_counted(store: Path, manager: str, tmp_path: Path) -> None:
    activate_demo_rules(tmp_path, "fulfil", award_on="fulfilled")
    _customer, card = customers.enrol(customers.CustomerInput("Ann Smith", "+44 7700 900123"))
    checkout.commit(make_order("F-1", card.number, [("COFFEE", 1, "10.00")]), when=SALE)
    lines = slip.text_lines("F-1", width=42, when=SALE)
    assert pair("Points earned", "+60 points (when fulfilled)", 42) in lines  # 10, and 50 welcome points
    assert pair("Balance", "0 points", 42) in lines


def test_a_slip_needs_a_committed_sale_with_a_card(sold: str) -> None:
    checkout.commit(make_order("NOCARD", None, [("COFFEE", 1, "3.00")]), when=SALE)
    with pytest.raises(ValidationError, match="without a loyalty card") as refused:
        slip.slip_for("NOCARD")
    assert refused.value.field == "order_id"
    with pytest.raises(NotFound):
        slip.slip_for("NO-SUCH-ORDER")


def test_the_card_is_masked_to_its_last_four_digits_and_the_width_is_kept() -> None:
    assert mask_card("0213 0989 5809") == "•••• •••• 5809"
    with pytest.raises(ValueError):
        slip_lines(None, width=20)  # type: ignore[arg-type]


# -- ESC/POS ------------------------------------------------------------------------------------


def printed_text(data: bytes) -> str:
    """What the printer prints, roughly: the bytes as code page 1252, control bytes dropped."""
    return data.decode("cp1252", errors="replace")


def test_escpos_bytes_from_the_dummy_printer_carry_the_lines_and_a_cut(sold: str) -> None:
    from escpos.printer import Dummy

    printer = Dummy(profile="default")
    data = slip.escpos_job("TILL1-1", width=42, when=SALE, printer=printer)
    assert data == printer.output
    text = printed_text(data)
    for line in ("Points earned                   +10 points", "Balance                         110 points",
                 "110 points expire by 2026-03-22", "Order milestones — 1 order: +100 points", "a free T-shirt", "My Store"):
        assert line in text
    assert b"\x95\x95\x95\x95 \x95\x95\x95\x95 " + sold[-4:].encode() in data  # the mask's bullets in code page 1252
    assert sold.encode() not in data  # the whole number never prints
    assert b"\x1b\x45\x01" in data  # the store's name in bold
    assert data.endswith(b"\x1dV\x00")  # GS V 0: the paper is cut at the end


def set_printer(kind: str, address: str, **more: str) -> None:
    settings.set_values({"slip_printer": kind, "slip_printer_address": address, **more}, manager_pin=MANAGER_PIN)


def test_printing_to_a_device_file(sold: str, tmp_path: Path) -> None:
    device = tmp_path / "lp0"
    set_printer("file", str(device), slip_columns="48")
    printed = slip.print_receipt("TILL1-1", when=SALE)
    assert printed.printer == f"printer device {device}"
    data = device.read_bytes()
    assert len(data) == printed.size and data.endswith(b"\x1dV\x00")
    assert pair("Balance", "110 points", 48) in printed_text(data)


@pytest.fixture
def network_printer() -> Iterator[tuple[int, list[bytes]]]:
    """A receipt printer on localhost: the port, and what it received."""
    server = socket.create_server(("127.0.0.1", 0))
    received: list[bytes] = []

    def serve() -> None:
        conn, _ = server.accept()
        with conn:
            chunks = []
            while chunk := conn.recv(65536):
                chunks.append(chunk)
            received.append(b"".join(chunks))
    thread = threading.Thread(target=serve, daemon=True)
    thread.start()
    yield server.getsockname()[1], received
    server.close()
    thread.join(5)


def test_printing_to_a_network_printer(sold: str, network_printer: tuple[int, list[bytes]]) -> None:
    port, received = network_printer
    set_printer("network", f"127.0.0.1:{port}")
    slip.print_receipt("TILL1-1", when=SALE)
    for _ in range(100):
        if received:
            break
        threading.Event().wait(0.02)
    assert received and received[0] == slip.escpos_job("TILL1-1", when=SALE)


def test_a_printer_that_does_not_answer_is_a_clear_error_and_the_sale_stays(sold: str) -> None:
    with socket.create_server(("127.0.0.1", 0)) as taken:
        port = taken.getsockname()[1]
    set_printer("network", f"127.0.0.1:{port}")  # nothing listens there now
    with pytest.raises(ValidationError) as refused:
        slip.print_receipt("TILL1-1")
    assert refused.value.field == "printer" and f"network printer 127.0.0.1:{port} did not print" in refused.value.message
    assert slip.slip_for("TILL1-1").points_earned == 10  # the sale is untouched
    set_printer("none", "")
    with pytest.raises(ValidationError, match="no receipt printer is set up"):
        slip.print_receipt("TILL1-1")


@pytest.mark.parametrize(("kind", "address", "field"), [
    ("network", "", "slip_printer_address"), ("network", "printer:99999", "slip_printer_address"),
    ("usb", "04b8", "slip_printer_address"), ("usb", "zz:0202", "slip_printer_address"), ("serial", "x", "slip_printer"),
])
def test_a_printer_setting_that_cannot_work_is_refused_naming_the_field(store: Path, manager: str, kind: str, address: str, field: str) -> None:
    with pytest.raises(ValidationError) as refused:
        set_printer(kind, address)
    assert refused.value.field == field
    assert settings.get("slip_printer") == "none"  # nothing changed
    with pytest.raises(ValidationError) as refused:
        settings.set_values({"slip_columns": "20"}, manager_pin=MANAGER_PIN)
    assert refused.value.field == "slip_columns"


def test_printer_addresses_are_read() -> None:
    assert parse_target("network", "10.0.0.5").port == 9100
    usb = parse_target("usb", "04b8:0x0202")
    assert (usb.vendor_id, usb.product_id, usb.describe()) == (0x04B8, 0x0202, "USB printer 04b8:0202")
    assert parse_target("file", "/dev/usb/lp0").path == "/dev/usb/lp0"


# -- PDF and the command line ---------------------------------------------------------------------

needs_poppler = pytest.mark.skipif(shutil.which("pdftotext") is None and not os.environ.get("CI"), reason="needs pdftotext; never skipped in CI")


@needs_poppler
def test_the_pdf_slip_is_80_mm_wide_and_reads_back(sold: str, tmp_path: Path) -> None:
    used, issued = second_sale(sold)
    out = slip.write_pdf("TILL1-2", tmp_path / "slip.pdf", when=NEXT_DAY)
    text = " ".join(subprocess.run(["pdftotext", "-layout", str(out), "-"], check=True, capture_output=True, text=True).stdout.split())
    for expected in ("My Store", "Order TILL1-2", f"Card •••• •••• {sold[-4:]}", "Customer Zoë", "Points earned +15 points",
                     "Points spent -50 points", "Balance 75 points", f"{issued} Free shirt, until 2026-04-02", f"{used} Free shirt",
                     "75 points expire by 2026-03-22", "Order milestones: 2 of 5 orders — next: 500 points"):
        assert expected in text
    info = subprocess.run(["pdfinfo", str(out)], check=True, capture_output=True, text=True).stdout
    assert "226.772 x" in info  # 80 mm wide


def run(db: Path, capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, dict]:
    status = cli(["--db", str(db), "--json", *args])
    return status, json.loads(capsys.readouterr().out)


@needs_poppler
def test_the_command_line_prints_the_slip(sold: str, db_path: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    from pos_loyalty.store.database import close_database

    device = tmp_path / "lp0"
    set_printer("file", str(device))
    close_database()
    status, data = run(db_path, capsys, "orders", "slip", "TILL1-1")
    assert status == 0 and "Balance                         110 points" in data["lines"]
    status, data = run(db_path, capsys, "orders", "slip", "TILL1-1", "--escpos")
    assert status == 0 and data["printer"] == f"printer device {device}" and device.read_bytes().endswith(b"\x1dV\x00")
    out = tmp_path / "slip.pdf"
    status, data = run(db_path, capsys, "orders", "slip", "TILL1-1", "--pdf", str(out))
    assert status == 0 and data == {"order_id": "TILL1-1", "out": str(out)}
    assert "+10 points" in subprocess.run(["pdftotext", str(out), "-"], check=True, capture_output=True, text=True).stdout
    status, data = run(db_path, capsys, "orders", "slip", "NOPE", "--pdf", str(tmp_path / "no.pdf"))
    assert status == 2 and data["field"] == "order_id" and not (tmp_path / "no.pdf").exists()
