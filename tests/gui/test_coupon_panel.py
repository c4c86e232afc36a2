"""Coupons in the app: the card detail's coupons panel (issue with a manager's PIN, void with a
reason and a PIN, an expired one shown expired) and the checkout, where a coupon is one key to
apply, costs no points, and an expired one is refused with the reason on screen."""

from __future__ import annotations

import datetime as dt

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QInputDialog

from pos_loyalty.domain.coupons import end_of_day
from pos_loyalty.services import cards, coupons
from pos_loyalty.store.database import transaction
from pos_loyalty.store.models import AuditLog, Coupon, LedgerEntry, now
from pos_loyalty.ui.coupon_panel import IssueCouponDialog

from ..conftest import MANAGER_PIN
from .test_checkout_screen import press_f12, reward_key, scan, screen, type_line  # noqa: F401 (screen: the fixture)
from .test_manager_screens import PinPad, detail  # noqa: F401 (detail: the fixture)
from .test_spanish import spanish  # noqa: F401 (the fixture)

pytestmark = pytest.mark.gui

CODE, REWARD, STATE, EXPIRES, SOURCE = range(5)


def row_texts(panel) -> list[tuple[str, ...]]:  # type: ignore[no-untyped-def]
    table = panel.table
    return [tuple(table.item(r, c).text() for c in range(table.columnCount())) for r in range(table.rowCount())]


def drive_issue(monkeypatch: pytest.MonkeyPatch, qtbot, reward: str, reason: str, expires: str = "") -> list[IssueCouponDialog]:  # type: ignore[no-untyped-def]
    """Make the issue dialog pick the reward, type the reason and last day, and click Issue."""
    opened: list[IssueCouponDialog] = []

    def fake_exec(dialog: IssueCouponDialog) -> int:
        opened.append(dialog)
        dialog.reward.setCurrentIndex(dialog.reward.findText(reward))
        qtbot.keyClicks(dialog.reason, reason)
        qtbot.keyClicks(dialog.expires, expires)
        qtbot.mouseClick(dialog.issue_button, Qt.MouseButton.LeftButton)
        return dialog.result()

    monkeypatch.setattr(IssueCouponDialog, "exec", fake_exec)
    return opened


def lapsed_coupon(card: str) -> Coupon:
    """A milestone's free coffee whose last day was 2026-11-10."""
    with transaction():
        return coupons.grant(cards.get_card(card), "free-coffee", source="milestone", reason="30 orders", expires_at=end_of_day(dt.date(2026, 11, 10)))


def test_issue_with_the_manager_pin_shows_it_in_the_table(qtbot, monkeypatch, detail, card):
    panel = detail.coupon_panel
    assert panel.table.rowCount() == 0 and panel.issue_button.isEnabled() and not panel.void_button.isEnabled()
    last_day = (now().date() + dt.timedelta(days=30)).isoformat()
    pad = PinPad(monkeypatch, qtbot, "0000", MANAGER_PIN)  # a typo, then the right PIN
    opened = drive_issue(monkeypatch, qtbot, "Free coffee", "sorry for the wait", last_day)
    qtbot.keyClick(detail, Qt.Key.Key_K, Qt.KeyboardModifier.ControlModifier)
    assert len(opened) == 1 and pad.errors_seen == ["", "the manager PIN is not correct"]
    (coupon,) = Coupon.select()
    assert row_texts(panel) == [(coupon.code, "Free coffee", "issued", last_day, "manager")]
    assert f"Coupon {coupon.code} for Free coffee issued by Maya." == panel.message.text()
    audit = AuditLog.get(AuditLog.action == "coupon.issue")
    assert (audit.user, audit.target, audit.reason) == ("Maya", card, "sorry for the wait")


def test_issue_refused_next_to_the_field_changes_nothing(qtbot, monkeypatch, detail, card):
    PinPad(monkeypatch, qtbot, MANAGER_PIN)
    opened = drive_issue(monkeypatch, qtbot, "Free coffee", "sorry for the wait", "2020-01-01")
    qtbot.mouseClick(detail.coupon_panel.issue_button, Qt.MouseButton.LeftButton)
    assert "2020-01-01 is in the past" in opened[0].errors["expires"].text() and not opened[0].errors["expires"].isHidden()
    assert Coupon.select().count() == 0 and detail.coupon_panel.table.rowCount() == 0


def test_void_with_a_reason_and_the_pin_shows_void(qtbot, monkeypatch, detail, card):
    code = coupons.issue(card, "free-coffee", "sorry for the wait", MANAGER_PIN).code
    detail.show_card(card)
    panel = detail.coupon_panel
    panel.table.selectRow(0)
    assert panel.void_button.isEnabled()
    monkeypatch.setattr(QInputDialog, "getText", staticmethod(lambda *args, **kwargs: ("issued to the wrong card", True)))
    pad = PinPad(monkeypatch, qtbot)  # no manager comes: nothing changes
    qtbot.mouseClick(panel.void_button, Qt.MouseButton.LeftButton)
    assert pad.calls == 1 and row_texts(panel)[0][STATE] == "issued"
    PinPad(monkeypatch, qtbot, MANAGER_PIN)
    panel.table.selectRow(0)
    qtbot.mouseClick(panel.void_button, Qt.MouseButton.LeftButton)
    assert row_texts(panel) == [(code, "Free coffee", "void by Maya: issued to the wrong card", "never", "manager")]
    panel.table.selectRow(0)
    assert not panel.void_button.isEnabled(), "a void coupon cannot be voided again"
    assert AuditLog.get(AuditLog.action == "coupon.void").reason == "issued to the wrong card"


def test_an_expired_coupon_shows_expired_and_the_checkout_refuses_it_saying_why(qtbot, monkeypatch, detail, screen, card):
    lapsed = lapsed_coupon(card)
    detail.show_card(card)
    assert row_texts(detail.coupon_panel) == [(lapsed.code, "Free coffee", "expired on 2026-11-10", "2026-11-10", "milestone")]

    screen.activateWindow()
    scan(qtbot, screen, card)
    type_line(qtbot, screen, "CAKE", 1, "4.00")
    n = reward_key(screen, "free-coffee", lapsed.code)
    row = screen.reward_rows[n - 1]
    assert not row.available and row.reason == "expired on 2026-11-10"
    qtbot.keyClick(screen, getattr(Qt.Key, f"Key_{n}"), Qt.KeyboardModifier.AltModifier)
    assert screen.rewards_error.text() == f"Coupon {lapsed.code}: Free coffee: expired on 2026-11-10" and not screen.rewards_error.isHidden()
    assert screen.choices == []

    # A coupon applied while valid, past its last day by the time the sale commits: refused, on screen.
    fresh = coupons.issue(card, "free-coffee", "sorry for the wait", MANAGER_PIN)
    screen.reload_card()
    qtbot.keyClick(screen, getattr(Qt.Key, f"Key_{reward_key(screen, 'free-coffee', fresh.code)}"), Qt.KeyboardModifier.AltModifier)
    assert [c.coupon for c in screen.choices] == [fresh.code]
    Coupon.update(expires_at=end_of_day(dt.date(2026, 11, 10))).where(Coupon.id == fresh.id).execute()
    press_f12(qtbot, screen)
    assert f"{fresh.code} expired on 2026-11-10" in screen.commit_error.text() and not screen.commit_error.isHidden()
    assert Coupon.get_by_id(fresh.id).status == "issued" and LedgerEntry.select().count() == 0


def test_a_coupon_is_one_key_at_the_checkout_and_costs_no_points(qtbot, screen, card, manager):
    code = coupons.issue(card, "free-coffee", "sorry for the wait", MANAGER_PIN).code
    scan(qtbot, screen, card)
    type_line(qtbot, screen, "CAKE", 1, "4.00")
    n = reward_key(screen, "free-coffee", code)
    assert screen.reward_rows[n - 1].available and screen.reward_rows[n - 1].name == f"Coupon {code}: Free coffee"
    qtbot.keyClick(screen, getattr(Qt.Key, f"Key_{n}"), Qt.KeyboardModifier.AltModifier)
    assert screen.quote is not None and screen.quote.points_spent == 0 and screen.quote.points_earned == 4
    press_f12(qtbot, screen)
    assert "Earned 4 points, spent 0 points. New balance: 4 points." in screen.message.text()
    coupon = Coupon.get(Coupon.code == code)
    assert coupon.status == "redeemed" and coupon.redeemed_order.order_id in screen.message.text()
    assert cards.get_card(card).balance == 4


def test_a_usable_coupon_prints_on_a_slip_whose_barcode_scans_back(qtbot, monkeypatch, detail, card, tmp_path):
    """A coupon whose e-mail cannot go out is handed over on paper: the slip's barcode is its code."""
    import shutil
    import subprocess

    from PySide6.QtWidgets import QFileDialog

    if shutil.which("pdftoppm") is None:
        pytest.skip("poppler-utils (pdftoppm) is not installed")
    from pyzbar.pyzbar import decode
    from PIL import Image

    code = coupons.issue(card, "free-coffee", "sorry for the wait", MANAGER_PIN).code
    detail.show_card(card)
    panel = detail.coupon_panel
    assert not panel.slip_button.isEnabled(), "nothing selected yet"
    panel.table.selectRow(0)
    target = tmp_path / "slip"  # the dialog's name without .pdf: the panel adds it
    monkeypatch.setattr(QFileDialog, "getSaveFileName", staticmethod(lambda *args, **kwargs: (str(target), "")))
    qtbot.mouseClick(panel.slip_button, Qt.MouseButton.LeftButton)
    pdf = tmp_path / "slip.pdf"
    assert panel.message.text() == f"Slip of coupon {code} saved to {pdf}."
    subprocess.run(["pdftoppm", "-r", "300", "-png", "-singlefile", str(pdf), str(tmp_path / "page")], check=True)
    assert [symbol.data.decode() for symbol in decode(Image.open(tmp_path / "page.png"))] == [code]
    coupons.void(code, "wrong card", MANAGER_PIN)
    detail.show_card(card)
    panel.table.selectRow(0)
    assert not panel.slip_button.isEnabled(), "a void coupon has no slip"


def test_the_coupon_slip_printed_from_a_spanish_app_is_in_spanish(qtbot, monkeypatch, detail, card, tmp_path, spanish):
    """Every word of the coupon slip and its date in the app's language; the store's own names
    (the shop, the reward, the customer) as they are. The CLI's slip stays English."""
    import shutil
    import subprocess

    from PySide6.QtWidgets import QFileDialog

    from .test_spanish import COMMON_ENGLISH, SAME_IN_BOTH, _data_words, _sources_and_translations, english_words

    if shutil.which("pdftotext") is None:
        pytest.skip("poppler-utils (pdftotext) is not installed")
    until = dt.date.today() + dt.timedelta(days=30)
    code = coupons.issue(card, "free-coffee", "sorry for the wait", MANAGER_PIN, expires_at=until).code
    detail.show_card(card)
    panel = detail.coupon_panel
    panel.table.selectRow(0)
    pdf = tmp_path / "cupon.pdf"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", staticmethod(lambda *args, **kwargs: (str(pdf), "")))
    qtbot.mouseClick(panel.slip_button, Qt.MouseButton.LeftButton)
    assert pdf.exists(), panel.error.text()
    lines = [" ".join(line.split()) for line in subprocess.run(["pdftotext", str(pdf), "-"], check=True, capture_output=True,
                                                                text=True).stdout.splitlines() if line.strip()]
    assert lines == ["My Store", "Su cupón", "Free coffee", "para Ann Smith", code, f"Válido hasta el {until:%d/%m/%Y}",
                     "Presente este ticket en caja. Un solo uso."]
    assert f"Cupón {code}" in subprocess.run(["pdfinfo", str(pdf)], check=True, capture_output=True, text=True).stdout
    english, spanish_words, _ = _sources_and_translations()
    vocabulary = (english | COMMON_ENGLISH) - spanish_words - SAME_IN_BOTH
    names = _data_words() | {"my", "store", "ann", "smith"}
    assert [line for line in lines if english_words(line, vocabulary, names)] == []


def test_the_panel_lists_the_newest_coupons_and_says_where_the_rest_are(qtbot, monkeypatch, detail, card):
    """A card can gather coupons for years: the panel lists the newest `SHOWN`, newest first, and
    says how to list them all; a card with fewer shows them all and says nothing more."""
    from pos_loyalty.ui import coupon_panel

    monkeypatch.setattr(coupon_panel, "SHOWN", 3)
    with transaction():
        given = [coupons.grant(cards.get_card(card), "free-coffee", source="milestone", reason=f"step {i}", at=now() + dt.timedelta(seconds=i))
                 for i in range(3)]
    detail.show_card(card)
    assert [r[CODE] for r in row_texts(detail.coupon_panel)] == [c.code for c in reversed(given)]
    assert detail.coupon_panel.more.isHidden()
    with transaction():
        newest = coupons.grant(cards.get_card(card), "free-coffee", source="milestone", reason="step 3", at=now() + dt.timedelta(seconds=5))
    detail.show_card(card)
    assert [r[CODE] for r in row_texts(detail.coupon_panel)] == [newest.code, given[2].code, given[1].code]
    assert not detail.coupon_panel.more.isHidden()
    assert f"coupons list {card}" in detail.coupon_panel.more.text()
