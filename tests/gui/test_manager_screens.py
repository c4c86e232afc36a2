"""The manager's screens driven offscreen with keys and clicks: card detail actions (manual
adjustment with and without the manager PIN), the rules import, bulk creation with progress and
cancel, the lazily paged cards list, settings. Every modal `exec()` is patched: nothing blocks."""

from __future__ import annotations

import json
import time
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog, QFileDialog, QInputDialog

from pos_loyalty.domain import card_numbers
from pos_loyalty.domain.rules import BundleInvalid
from pos_loyalty.resources import resource_path
from pos_loyalty.services import cards, customers, rules_sync, users
from pos_loyalty.store.database import transaction
from pos_loyalty.store.models import AuditLog, Card, CardBatch, LedgerEntry, now
from pos_loyalty.ui.bulk_screen import BulkCreateScreen
from pos_loyalty.ui.card_detail import AdjustDialog, CardDetail
from pos_loyalty.ui.cards_model import CardsModel
from pos_loyalty.ui.cards_screen import CardsScreen
from pos_loyalty.ui.pin_dialog import PinDialog
from pos_loyalty.ui.rules_screen import RulesScreen
from pos_loyalty.ui.settings_screen import SettingsScreen

from ..db_compare import assert_same_as_cli, snapshot
from ..conftest import MANAGER_PIN

pytestmark = pytest.mark.gui
WAIT_MS = 20_000


def insert_cards(count: int) -> None:
    """Unassigned cards with valid numbers, inserted directly (much faster than bulk_create)."""
    with transaction():
        for start in range(1, count + 1, 5_000):
            rows = []
            for i in range(start, min(start + 5_000, count + 1)):
                body = f"8{i:010d}"
                rows.append((body + card_numbers.check_digit(body), "unassigned", 0, now()))
            Card.insert_many(rows, fields=[Card.number, Card.status, Card.balance, Card.created_at]).execute()


def show_active(qtbot, widget) -> None:  # type: ignore[no-untyped-def]
    """Show the widget as the active window, so its keyboard shortcuts work."""
    qtbot.addWidget(widget)
    with qtbot.waitActive(widget):  # a context manager: it waits on leaving the block
        widget.show()
        widget.activateWindow()


class PinPad:
    """Stands in for the modal PIN dialog: types the given PINs in turn, then cancels;
    remembers the error the dialog showed before each try."""

    def __init__(self, monkeypatch: pytest.MonkeyPatch, qtbot, *pins: str) -> None:  # type: ignore[no-untyped-def]
        self.pins = list(pins)
        self.errors_seen: list[str] = []
        self.calls = 0
        pad = self

        def fake_exec(dialog: PinDialog) -> int:
            pad.calls += 1
            pad.errors_seen.append(dialog.error_text())
            if not pad.pins:
                return QDialog.DialogCode.Rejected
            assert dialog.pin_edit.echoMode() == dialog.pin_edit.EchoMode.Password  # masked
            dialog.pin_edit.clear()
            qtbot.keyClicks(dialog.pin_edit, pad.pins.pop(0))
            return QDialog.DialogCode.Accepted

        monkeypatch.setattr(PinDialog, "exec", fake_exec)


def drive_adjustment(monkeypatch: pytest.MonkeyPatch, qtbot, points: str, reason: str) -> list[AdjustDialog]:  # type: ignore[no-untyped-def]
    """Make AdjustDialog.exec type the points and reason and click Apply, as a manager would."""
    opened: list[AdjustDialog] = []

    def fake_exec(dialog: AdjustDialog) -> int:
        opened.append(dialog)
        dialog.points.lineEdit().selectAll()
        qtbot.keyClicks(dialog.points, points)
        qtbot.keyClicks(dialog.reason, reason)
        qtbot.mouseClick(dialog.apply_button, Qt.MouseButton.LeftButton)
        return dialog.result()

    monkeypatch.setattr(AdjustDialog, "exec", fake_exec)
    return opened


@pytest.fixture
def detail(qtbot, card, manager):  # type: ignore[no-untyped-def]
    widget = CardDetail()
    show_active(qtbot, widget)
    widget.show_card(card)
    return widget


def adjust_audits() -> list[AuditLog]:
    return list(AuditLog.select().where(AuditLog.action == "points.adjust"))


# -- manual adjustment -------------------------------------------------------------------


def test_adjustment_refused_with_a_wrong_pin(qtbot, monkeypatch, detail, card):
    pad = PinPad(monkeypatch, qtbot, "0000")  # a wrong PIN, then the manager gives up
    opened = drive_adjustment(monkeypatch, qtbot, "25", "goodwill for a late order")
    qtbot.keyClick(detail, Qt.Key.Key_J, Qt.KeyboardModifier.ControlModifier)
    assert len(opened) == 1 and pad.calls == 2
    assert pad.errors_seen == ["", "the manager PIN is not correct"]
    assert opened[0].result() != QDialog.DialogCode.Accepted
    assert cards.get_card(card).balance == 0
    assert LedgerEntry.select().count() == 0 and adjust_audits() == []
    assert detail.balance_text() == "0 points"


def test_adjustment_without_a_pin_changes_nothing(qtbot, monkeypatch, detail, card):
    pad = PinPad(monkeypatch, qtbot)  # the PIN dialog is cancelled at once
    drive_adjustment(monkeypatch, qtbot, "25", "goodwill")
    qtbot.mouseClick(detail.adjust_button, Qt.MouseButton.LeftButton)
    assert pad.calls == 1
    assert cards.get_card(card).balance == 0 and adjust_audits() == []


def test_adjustment_needs_a_reason_shown_next_to_the_field(qtbot, monkeypatch, detail, card):
    PinPad(monkeypatch, qtbot, MANAGER_PIN)
    opened = drive_adjustment(monkeypatch, qtbot, "25", "")
    qtbot.mouseClick(detail.adjust_button, Qt.MouseButton.LeftButton)
    assert "reason is required" in opened[0].reason_error.text()
    assert not opened[0].reason_error.isHidden()
    assert cards.get_card(card).balance == 0 and adjust_audits() == []


def test_adjustment_accepted_with_the_manager_pin_and_audited(qtbot, monkeypatch, detail, card, store, tmp_path):
    before = snapshot(store, tmp_path / "before.db")
    pad = PinPad(monkeypatch, qtbot, "1111", MANAGER_PIN)  # a typo first, then the right PIN
    drive_adjustment(monkeypatch, qtbot, "25", "goodwill for a late order")
    qtbot.mouseClick(detail.adjust_button, Qt.MouseButton.LeftButton)
    assert pad.errors_seen == ["", "the manager PIN is not correct"]
    assert cards.get_card(card).balance == 25
    assert detail.balance_text() == "25 points"
    (audit,) = adjust_audits()
    assert (audit.user, audit.target, audit.reason) == ("Maya", card, "goodwill for a late order")
    assert json.loads(audit.details)["points"] == 25
    (entry,) = LedgerEntry.select()
    assert (entry.kind, entry.points, entry.user, entry.note) == ("adjust", 25, "Maya", "goodwill for a late order")
    assert detail.history_model.rowCount() == 1
    assert_same_as_cli(before, store, "points", "adjust", card, "25", "--reason", "goodwill for a late order", user="Maya")


# -- other card actions ------------------------------------------------------------------


def test_suspend_reactivate_and_replace_a_lost_card(qtbot, monkeypatch, detail, card):
    monkeypatch.setattr(QInputDialog, "getText", staticmethod(lambda *args, **kwargs: ("fraud check", True)))
    pad = PinPad(monkeypatch, qtbot)  # no manager comes: nothing changes
    qtbot.keyClick(detail, Qt.Key.Key_U, Qt.KeyboardModifier.ControlModifier)
    assert pad.calls == 1 and cards.get_card(card).status == "active"
    PinPad(monkeypatch, qtbot, MANAGER_PIN)
    qtbot.keyClick(detail, Qt.Key.Key_U, Qt.KeyboardModifier.ControlModifier)
    assert cards.get_card(card).status == "suspended"
    assert detail.suspend_button.text() == "Reactivate"
    audit = AuditLog.get(AuditLog.action == "card.suspend")
    assert (audit.user, audit.reason) == ("Maya", "fraud check")
    PinPad(monkeypatch, qtbot, MANAGER_PIN)
    qtbot.mouseClick(detail.suspend_button, Qt.MouseButton.LeftButton)
    assert cards.get_card(card).status == "active"

    monkeypatch.setattr(QInputDialog, "getText", staticmethod(lambda *args, **kwargs: ("123", True)))
    qtbot.mouseClick(detail.replace_button, Qt.MouseButton.LeftButton)
    assert "123" in detail.error.text() and cards.get_card(card).status == "active"  # a bad number: nothing changed

    monkeypatch.setattr(QInputDialog, "getText", staticmethod(lambda *args, **kwargs: ("", True)))
    pad = PinPad(monkeypatch, qtbot, "0000")  # a wrong PIN, then the cashier gives up: the card stays
    qtbot.mouseClick(detail.replace_button, Qt.MouseButton.LeftButton)
    assert pad.errors_seen == ["", "the manager PIN is not correct"] and cards.get_card(card).status == "active"
    PinPad(monkeypatch, qtbot, MANAGER_PIN)
    changed: list[str] = []
    detail.changed.connect(changed.append)
    qtbot.mouseClick(detail.replace_button, Qt.MouseButton.LeftButton)
    old = cards.get_card(card)
    assert old.status == "replaced" and changed and changed[0] != card
    assert detail.number == changed[0] == Card.get_by_id(old.replaced_by_id).number


def test_edit_customer_shows_errors_next_to_the_field(qtbot, monkeypatch, detail, card):
    from pos_loyalty.ui.card_detail import CustomerDialog

    seen: dict[str, str] = {}

    def fake_exec(dialog: CustomerDialog) -> int:
        dialog.email.clear()
        qtbot.keyClicks(dialog.email, "not-an-email")
        qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
        seen["email"] = dialog.errors["email"].text()
        dialog.email.clear()
        qtbot.keyClicks(dialog.email, "ann.smith@example.com")
        qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
        return dialog.result()

    monkeypatch.setattr(CustomerDialog, "exec", fake_exec)
    qtbot.keyClick(detail, Qt.Key.Key_E, Qt.KeyboardModifier.ControlModifier)
    assert "is not an email address" in seen["email"]
    assert cards.lookup(card).email == "ann.smith@example.com"
    assert detail.values["email"].text() == "ann.smith@example.com"


# -- rules -------------------------------------------------------------------------------


def test_a_bad_rules_file_lists_every_error_and_the_old_rules_stay(qtbot, monkeypatch, store, tmp_path: Path):
    bundle = json.loads(resource_path("demo_rules.json").read_text())
    bundle["version"] = "2027.1-broken"
    bundle["settings"]["currency"] = "EURO"
    bundle["earning_rules"][0]["points"] = -3
    bundle["rewards"][0]["points_cost"] = "lots"
    bad = tmp_path / "bad_rules.json"
    bad.write_text(json.dumps(bundle))
    with pytest.raises(BundleInvalid) as info:
        rules_sync.read_bundle_file(bad)
    before = rules_sync.active_version()

    screen = RulesScreen()
    show_active(qtbot, screen)
    monkeypatch.setattr(QFileDialog, "getOpenFileName", staticmethod(lambda *args, **kwargs: (str(bad), "")))
    qtbot.keyClick(screen, Qt.Key.Key_O, Qt.KeyboardModifier.ControlModifier)

    listed = screen.listed_errors()
    assert listed == [(where, what) for where, what in info.value.errors] and len(listed) >= 3
    wheres = [where for where, _what in listed]
    assert "earning_rules[0].points" in wheres and any(w.startswith("settings.currency") for w in wheres)
    assert "rejected" in screen.error.text() and not screen.errors.isHidden()
    assert screen.active_version_text() == before.version == rules_sync.active_version().version
    assert rules_sync.active_version().checksum == before.checksum
    assert "Earning:" in screen.description.toPlainText()


def test_a_good_rules_file_becomes_active_once_a_manager_allows_it(qtbot, monkeypatch, manager, tmp_path: Path):
    bundle = json.loads(resource_path("demo_rules.json").read_text())
    bundle["version"] = "2027.1"
    good = tmp_path / "rules.json"
    good.write_text(json.dumps(bundle))
    screen = RulesScreen(user="Sam")
    qtbot.addWidget(screen)
    pad = PinPad(monkeypatch, qtbot)  # no manager's PIN: the rules stay as they were
    screen.import_file(str(good))
    assert pad.calls == 1 and rules_sync.active_version().version != "2027.1"
    assert "Not imported" in screen.message.text()
    PinPad(monkeypatch, qtbot, MANAGER_PIN)
    screen.import_file(str(good))
    assert screen.active_version_text() == "2027.1" == rules_sync.active_version().version
    assert "now active" in screen.message.text() and screen.errors.isHidden()
    audit = AuditLog.get(AuditLog.action == "rules.import", AuditLog.target == "2027.1")
    assert audit.user == "Maya" and json.loads(audit.details)["operator"] == "Sam"


# -- bulk creation -----------------------------------------------------------------------


@pytest.fixture
def bulk(qtbot, store):  # type: ignore[no-untyped-def]
    screen = BulkCreateScreen()
    show_active(qtbot, screen)
    yield screen
    screen.shutdown()


def test_bulk_create_5000_cards_with_the_progress_bar_reaching_the_end(qtbot, bulk):
    bulk.count.lineEdit().selectAll()
    qtbot.keyClicks(bulk.count, "5000")
    qtbot.keyClicks(bulk.batch, "Spring flyers")
    seen: list[tuple[int, int]] = []
    qtbot.keyClick(bulk.batch, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    assert bulk.is_busy() and not bulk.create_button.isEnabled() and bulk.cancel_button.isEnabled()
    bulk.worker.signals.progress.connect(lambda done, total: seen.append((done, total)))
    qtbot.waitUntil(lambda: not bulk.is_busy(), timeout=WAIT_MS)
    assert bulk.progress.maximum() == 5_000 and bulk.progress.value() == 5_000
    assert seen and seen[-1] == (5_000, 5_000)
    assert len(cards.batch_numbers("Spring flyers")) == 5_000
    assert Card.select().where(Card.status == "unassigned").count() == 5_000
    assert "5,000 cards created" in bulk.status.text()
    assert bulk.batches.item(0, 0).text() == "Spring flyers" and bulk.batches.item(0, 1).text() == "5,000"
    assert bulk.create_button.isEnabled() and not bulk.cancel_button.isEnabled()


def test_cancelling_a_bulk_creation_leaves_no_cards(qtbot, bulk):
    bulk.count.setValue(100_000)
    qtbot.keyClicks(bulk.batch, "Too many")
    qtbot.mouseClick(bulk.create_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: bulk.progress.value() > 0 or not bulk.is_busy(), timeout=WAIT_MS)
    assert bulk.is_busy(), "finished before it could be cancelled"
    qtbot.keyClick(bulk, Qt.Key.Key_Escape)
    qtbot.waitUntil(lambda: not bulk.is_busy(), timeout=WAIT_MS)
    assert "no cards were created" in bulk.status.text()
    assert Card.select().count() == 0 and CardBatch.select().count() == 0
    assert bulk.batches.rowCount() == 0


def test_bulk_errors_are_shown_next_to_the_field(qtbot, bulk):
    qtbot.mouseClick(bulk.create_button, Qt.MouseButton.LeftButton)  # no batch name
    qtbot.waitUntil(lambda: not bulk.is_busy(), timeout=WAIT_MS)
    assert "batch name" in bulk.errors["batch"].text() and not bulk.errors["batch"].isHidden()
    bulk.prefix.setText("12a")
    qtbot.keyClicks(bulk.batch, "Named")
    qtbot.mouseClick(bulk.create_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: not bulk.is_busy(), timeout=WAIT_MS)
    assert "digits only" in bulk.errors["prefix"].text()
    assert Card.select().count() == 0


# -- the cards list ----------------------------------------------------------------------


def test_cards_model_loads_one_page_then_more_on_demand(qtbot, store):
    insert_cards(450)
    model = CardsModel(page_size=200)
    model.set_filter()
    assert model.rowCount() == 200 and model.canFetchMore()
    model.fetchMore()
    assert model.rowCount() == 400
    model.fetchMore()
    assert model.rowCount() == 450 and not model.canFetchMore()
    numbers = [model.row_at(i).number for i in range(450)]
    assert len(set(numbers)) == 450


def test_cards_list_scrolls_in_pages_and_opens_fast_on_50000_cards(qtbot, store):
    insert_cards(50_000)
    started = time.perf_counter()
    screen = CardsScreen()
    qtbot.addWidget(screen)
    screen.resize(1200, 700)
    with qtbot.waitExposed(screen):
        screen.show()
    opened = time.perf_counter() - started
    assert opened < 1.0, f"the cards list took {opened:.2f} s to open"
    assert 0 < screen.model.rowCount() <= CardsModel.page_size
    assert screen.count_label.text() == "50,000 cards"
    screen.table.scrollToBottom()
    qtbot.waitUntil(lambda: screen.model.rowCount() > CardsModel.page_size, timeout=WAIT_MS)
    assert screen.model.rowCount() <= 3 * CardsModel.page_size


def test_search_selects_a_card_and_shows_its_detail(qtbot, store, card):
    insert_cards(300)
    screen = CardsScreen()
    show_active(qtbot, screen)
    qtbot.keyClick(screen, Qt.Key.Key_F, Qt.KeyboardModifier.ControlModifier)
    qtbot.keyClicks(screen.search, "+44 7700 900123")
    qtbot.keyClick(screen.search, Qt.Key.Key_Return)
    assert screen.model.rowCount() == 1 and screen.count_label.text() == "1 card"
    assert screen.detail.number == card
    assert screen.detail.values["customer"].text() == "Ann Smith"
    screen.search.clear()
    screen.status.setCurrentIndex(screen.status.findData("active"))
    assert screen.model.rowCount() == 1


# -- settings ----------------------------------------------------------------------------


def test_settings_pin_change_and_add_user(qtbot, monkeypatch, manager):
    screen = SettingsScreen()
    show_active(qtbot, screen)
    assert "EUR" in screen.currency.text()
    qtbot.keyClicks(screen.old_pin, "9999")
    qtbot.keyClicks(screen.new_pin, "135790")
    qtbot.keyClicks(screen.new_pin_again, "135790")
    qtbot.mouseClick(screen.change_pin_button, Qt.MouseButton.LeftButton)
    assert "not correct" in screen.pin_errors["old_pin"].text()
    screen.old_pin.clear()
    qtbot.keyClicks(screen.old_pin, MANAGER_PIN)
    qtbot.mouseClick(screen.change_pin_button, Qt.MouseButton.LeftButton)
    assert "was changed" in screen.pin_message.text()
    assert users.verify_manager("135790").name == "Maya"

    pad = PinPad(monkeypatch, qtbot, MANAGER_PIN, "135790")  # the old PIN no longer works
    qtbot.keyClicks(screen.new_user, "Sam")
    qtbot.keyClicks(screen.new_user_pin, "1357")
    qtbot.mouseClick(screen.add_user_button, Qt.MouseButton.LeftButton)
    assert pad.errors_seen == ["", "the manager PIN is not correct"]
    assert [u.name for u in users.list_users()] == ["Maya", "Sam"]
    assert screen.users_table.rowCount() == 2

    screen.store_name.setText("Corner Café")
    screen.security["refund_manager_above"].setText("80.00")
    PinPad(monkeypatch, qtbot, "135790")
    qtbot.keyClick(screen, Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)
    from pos_loyalty.services import settings

    assert settings.get("store_name") == "Corner Café" and settings.get("refund_manager_above") == "80.00"
    assert AuditLog.get(AuditLog.action == "setting.change", AuditLog.target == "store_name").user == "Maya"
    assert str(customers) and screen.db_location.text().endswith("loyalty.db")


def test_a_bad_logo_is_refused_next_to_its_field_and_the_store_name_is_not_half_saved(qtbot, monkeypatch, manager, tmp_path):
    from pos_loyalty.services import settings

    PinPad(monkeypatch, qtbot, MANAGER_PIN)
    screen = SettingsScreen()
    show_active(qtbot, screen)
    screen.store_name.setText("Corner Café")
    screen.logo_path.setText(str(tmp_path / "nowhere.png"))
    qtbot.keyClick(screen, Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)
    assert "does not exist" in screen.store_errors["logo_path"].text() and not screen.store_errors["logo_path"].isHidden()
    assert settings.get("store_name") == "My Store" and settings.get("logo_path") == ""


def test_the_store_limits_are_set_on_the_settings_screen_and_a_bad_one_is_refused_next_to_it(qtbot, monkeypatch, manager):
    from pos_loyalty.services import settings

    PinPad(monkeypatch, qtbot, MANAGER_PIN, MANAGER_PIN)  # each save is allowed by the manager
    screen = SettingsScreen()
    show_active(qtbot, screen)
    assert screen.limit_edits["country"].text() == "GB" and screen.limit_edits["max_order_total"].text() == "100000.00"
    screen.limit_edits["country"].setText("FR")
    screen.limit_edits["max_line_quantity"].setText("٣")
    qtbot.keyClick(screen, Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)
    assert "whole number" in screen.store_errors["max_line_quantity"].text() and not screen.store_errors["max_line_quantity"].isHidden()
    assert settings.get("country") == "GB" and settings.get("max_line_quantity") == "10000"  # nothing half-saved
    screen.limit_edits["max_line_quantity"].setText("500")
    qtbot.keyClick(screen, Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)
    assert (settings.get("country"), settings.get("max_line_quantity")) == ("FR", "500") and settings.order_caps().max_line_quantity == 500
