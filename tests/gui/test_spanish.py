"""The app in Spanish: every screen the main window offers is opened with the Spanish
translation installed, and every text a person can see there (labels, buttons, group titles,
tabs, table, tree and list headers and cells at every depth, placeholders, tool tips, list and combo
items, window titles, the contents of read-only fields and of multi-line texts such as the Rules
screen's description of the programme, spin boxes' prefixes and suffixes) is checked for English words. An untranslated string — a tr() text missing from
pos_loyalty_es.ts, or a literal never passed through tr() — fails the test, naming the screen,
the widget and the text."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QCoreApplication, QModelIndex, Qt
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractItemView,
    QAbstractSpinBox,
    QComboBox,
    QGroupBox,
    QLabel,
    QLineEdit,
    QListWidget,
    QPlainTextEdit,
    QTabBar,
    QTextEdit,
    QWidget,
)

from pos_loyalty import formats, languages
from pos_loyalty.services import adjustments, cards, checkout, customers
from pos_loyalty.ui import i18n
from pos_loyalty.ui.main_window import MainWindow
from pos_loyalty.ui.translations import release

from ..conftest import MANAGER_PIN, ensure_manager, make_order
from .test_manager_screens import show_active

pytestmark = pytest.mark.gui

SPANISH_TS = languages.translations_dir() / "pos_loyalty_es.ts"

# Written the same in both languages, or names rather than words (a product, a protocol);
# "Re" is Qt's own Spanish name of the PageUp key ("Re Pág"); "English" is how the Settings
# list of languages names English (each language by its own name).
SAME_IN_BOTH = {"total", "subtotal", "no", "pin", "sku", "email", "csv", "pdf", "png", "json", "api", "pos", "usb", "ssl", "tls",
                "starttls", "smtp", "hub", "ctrl", "alt", "esc", "del", "tab", "loyalty", "ean", "url", "id", "ids", "host", "token",
                "tokens", "online", "offline", "re", "english", "sqlite", "postgresql", "docs", "yyyy", "mm", "dd", "db", "path", "local", "sync"}
# Common English words a literal string would carry even when no tr() text has them.
COMMON_ENGLISH = set("""the a an and or of to in on at for with from by is are was were be been not nothing this that these those
it its you your yes new all any some one two none more less after before until when where what who why how here there
card cards points point order orders customer customers sale sales store till balance reward rewards coupon coupons rules
name phone date day week month year search scan print save export import open close cancel settings report reports
refund refunds enrol tier status active expired pending sent total first last next previous page pages""".split())
WORD = re.compile(r"[A-Za-z][A-Za-z']+")


def _sources_and_translations() -> tuple[set[str], set[str], dict[str, str]]:
    tree = ET.parse(SPANISH_TS)
    english, spanish, pairs = set(), set(), {}
    for message in tree.iter("message"):
        source = message.findtext("source") or ""
        translation = message.findtext("translation") or ""
        english.update(w.lower() for w in WORD.findall(source))
        spanish.update(w.lower() for w in WORD.findall(translation))
        pairs[source] = translation
    return english, spanish, pairs


def english_words(text: str, vocabulary: set[str], data: set[str]) -> list[str]:
    """The words of `text` that are English and not Spanish (nor a name from the data shown)."""
    text = re.sub(r"<[^>]+>|\S*[/\\]\S*", " ", text)  # markup and file paths are not words
    return [w for w in WORD.findall(text) if w.lower() in vocabulary and w.lower() not in data]


@pytest.fixture
def spanish(qapp) -> Iterator[None]:  # type: ignore[no-untyped-def]
    """The Spanish translation compiled (as `make translations` does) and installed; English again after."""
    release(only_stale=True)
    assert i18n.install("es") == "es"
    yield
    i18n.install("en")


def _count(method) -> int:  # type: ignore[no-untyped-def]
    """rowCount/columnCount of any model (a list model's columnCount is private in PySide6)."""
    try:
        return method()
    except TypeError:
        return 1


def _cells(model, parent=None, depth: int = 0) -> Iterator[str]:  # type: ignore[no-untyped-def]
    """The text and tool tip of the first 20 rows of every column of `model`, and of their
    children (a tree's branches) a few levels down."""
    parent = parent if parent is not None else QModelIndex()
    columns = _count(lambda: model.columnCount(parent))
    for row in range(min(_count(lambda: model.rowCount(parent)), 20)):
        for column in range(columns):
            index = model.index(row, column, parent)
            for role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
                yield str(model.data(index, role) or "")
        first = model.index(row, 0, parent)
        if depth < 3 and _count(lambda: model.rowCount(first)) > 0:  # a list model's hasChildren is private in PySide6
            yield from _cells(model, first, depth + 1)


def _texts(root: QWidget) -> Iterator[tuple[str, str]]:
    """(where, text) for every text visible in `root`, itself included."""
    def named(widget: QWidget) -> str:
        return f"{type(widget).__name__}({widget.objectName() or '?'})"

    widgets = [root, *root.findChildren(QWidget)]
    for widget in widgets:
        if not widget.isVisibleTo(root) and widget is not root:
            continue
        where = named(widget)
        if widget.isWindow():
            yield where, widget.windowTitle()
        yield where + ".toolTip", widget.toolTip()
        if isinstance(widget, QLabel):
            yield where, widget.text()
        elif isinstance(widget, QAbstractButton):
            yield where, widget.text()
        elif isinstance(widget, QGroupBox):
            yield where, widget.title()
        elif isinstance(widget, QLineEdit):
            yield where + ".placeholder", widget.placeholderText()
        elif isinstance(widget, QTabBar):
            for i in range(widget.count()):
                yield where, widget.tabText(i)
        elif isinstance(widget, QComboBox):
            for i in range(widget.count()):
                yield where, widget.itemText(i)
        elif isinstance(widget, QListWidget):
            for i in range(widget.count()):
                yield where, widget.item(i).text()
        elif isinstance(widget, QLineEdit) and widget.isReadOnly():
            yield where, widget.text()
        elif isinstance(widget, (QPlainTextEdit, QTextEdit)):  # QTextBrowser too
            yield where, widget.toPlainText()
            yield where + ".placeholder", widget.placeholderText()
        elif isinstance(widget, QAbstractSpinBox):
            yield where + ".specialValue", widget.specialValueText()
            for part in ("prefix", "suffix"):
                if hasattr(widget, part):
                    yield f"{where}.{part}", getattr(widget, part)()
        if isinstance(widget, QAbstractItemView) and widget.model() is not None:
            model = widget.model()
            for column in range(_count(model.columnCount)):
                yield where + ".header", str(model.headerData(column, Qt.Orientation.Horizontal) or "")
            yield from ((where + ".cell", text) for text in _cells(model))
        for action in widget.actions():
            yield where + ".action", action.text()


def _shop_with_a_customer() -> str:
    """A card of a customer with a sale on it, so the card detail and history have rows."""
    ensure_manager()
    _customer, card = customers.enrol(customers.CustomerInput("Lucía Pérez", "+34 612 345 678", "lucia@ejemplo.es"), user="Maya")  # as the till does
    checkout.commit(make_order("T-1", card.number, [("CAFE", 2, "2.80")]))
    adjustments.adjust(card.number, 1500, "bienvenida", manager_pin=MANAGER_PIN, manager="Maya")  # a balance over a thousand
    cards.bulk_create(1000, "Folletos", user="Maya")  # a batch of a thousand cards on the bulk screen
    return card.number


def _programme() -> dict:  # type: ignore[type-arg]
    """The rules shown while the screens are read: the demo rules with something of every
    part the Rules screen describes — milestones (orders, amount spent, a free product), a
    trigger of every kind, an action of every kind — so the card detail shows milestone
    progress and the Rules screen's description has every kind of line. Their names are the
    store's (Spanish here); the demo rules' own names stay English, as a store's may."""
    import json

    from pos_loyalty.resources import resource_path

    data = json.loads(resource_path("demo_rules.json").read_text(encoding="utf-8"))
    data["version"] = "con-hitos"
    data["settings"]["points_total_includes"] = {"discounts": True, "taxes": True, "shipping": True}
    data["milestones"] = [
        {"id": "pedidos", "name": "Club de pedidos", "kind": "orders", "steps": [{"requirement": 5, "points": 100},
                                                                              {"requirement": 10, "reward_id": "free-coffee"}]},
        {"id": "gasto", "name": "Gran cliente", "kind": "amount_spent", "steps": [{"requirement": "1500", "points": 300}]}]
    message = {"subject": "Un regalo", "text": "Hola {{ customer_name }}"}
    criteria = [("tercero", {"kind": "bogo", "orders": 3}), ("habitual", {"kind": "order_count", "orders": 10}),
                ("fiel", {"kind": "total_spent", "amount": "100"}), ("media", {"kind": "average_spent", "amount": "20", "min_orders": 3}),
                ("grande", {"kind": "order_spent", "amount": "80"}), ("unidades", {"kind": "product_units", "units": 1})]
    data["triggers"] = [{"id": ident, "name": f"Premio {ident}", "criterion": criterion, "products": ["COFFEE"] if ident == "tercero" else [],
                         "reward": {"reward_id": "free-coffee"} if ident == "tercero" else {"points": 1}, "message": message,
                         **({"repeat_every": 3, "send_to": "opted_in"} if ident == "tercero" else {})} for ident, criterion in criteria]
    data["triggers"][-1]["active"] = False
    data["actions"] = [{"id": "alta", "kind": "sign_up", "name": "Alta", "points": 100},
                       {"id": "resena", "kind": "review", "name": "Reseña", "points": 50, "frequency": "daily"},
                       {"id": "compartir", "kind": "social_share", "name": "Compartir", "points": 1, "frequency": "weekly"},
                       {"id": "cumple", "kind": "birthday", "name": "Cumpleaños", "points": 200, "birthday_on": "month"},
                       {"id": "taza", "kind": "custom", "name": "Taza propia", "points": 5, "frequency": "monthly"},
                       {"id": "bolsa", "kind": "custom", "name": "Bolsa propia", "points": 5, "frequency": "yearly"},
                       {"id": "visita", "kind": "custom", "name": "Visita guiada", "points": 5, "frequency": "once"}]
    return data


def _data_words() -> set[str]:
    """Names that come from the store's data rather than the app (the rules' programme,
    rewards, tiers, rules, products; the till's user): shown as they are in every language."""
    names = ["Maya"]

    def walk(node: object) -> None:
        if isinstance(node, dict):
            for key, value in node.items():
                if isinstance(value, str) and key in ("name", "id", "product", "product_name", "sku", "tier", "collection"):
                    names.append(value)
                walk(value)
        elif isinstance(node, list):
            for value in node:
                walk(value)
    walk(_programme())
    return {w.lower() for name in names for w in WORD.findall(name)}


# "2,000" where Spanish writes "2.000" (a leading 0 is a decimal: "0,005 EUR" a point's worth).
ENGLISH_GROUPING = re.compile(r"(?<![\d,.])[1-9]\d{0,2},\d{3}(?![\d,])")


def untranslated(window: MainWindow, keys: list[str]) -> list[str]:
    english, spanish, _ = _sources_and_translations()
    vocabulary = (english | COMMON_ENGLISH) - spanish - SAME_IN_BOTH
    data = _data_words()
    found = []
    for key in keys:
        screen = window.go_to(key, ask=False)
        QCoreApplication.processEvents()
        for where, text in _texts(window):
            words = english_words(text, vocabulary, data)
            if words:
                found.append(f"{key}: {where}: {text!r} ({', '.join(words)})")
            if ENGLISH_GROUPING.search(text):
                found.append(f"{key}: {where}: {text!r} (thousands grouped the English way)")
        assert screen is window.stack.currentWidget()
    return sorted(set(found))


def _with_milestones(tmp_path: Path) -> None:
    """The programme of `_programme` imported and active."""
    import json

    from pos_loyalty.services import rules_sync

    path = tmp_path / "con-hitos.json"
    path.write_text(json.dumps(_programme()), encoding="utf-8")
    rules_sync.import_file(path, manager_pin=ensure_manager())


def test_every_screen_in_spanish_shows_no_english(qtbot, store, spanish, tmp_path):
    _with_milestones(tmp_path)
    number = _shop_with_a_customer()
    window = MainWindow(user="Maya")
    show_active(qtbot, window)
    window.sell_to(number)  # the checkout with a card: rewards, balance, tier
    checkout_screen = window.screen("checkout")
    for edit, text in ((checkout_screen.sku, "CAFE"), (checkout_screen.item_name, "Café con leche"), (checkout_screen.price, "2,80")):
        edit.setText(text)
    checkout_screen.add_line()  # a line: the totals and how the rules counted its points
    assert checkout_screen.lines_table.rowCount() == 1 and checkout_screen.explanation.text()
    keys = [s.key for s in window.screens]
    assert len(keys) >= 10, "every screen the main window offers"
    window.screen("cards").select_card(number)  # the card detail beside the list, with its milestones' progress
    assert window.screen("cards").detail.milestones.lines.text().startswith("Club de pedidos: 1 de 5 pedidos — siguiente: 100 puntos")
    refund = window.screen("refund")
    assert refund.open_order("T-1")  # the order, its lines and the preview of refunding all of it
    refund.all_mode.click()
    assert refund.preview_reversed.text().endswith(" puntos"), refund.preview_reversed.text()
    problems = untranslated(window, keys)
    window.show_shortcuts()  # F1: every shortcut of every screen, and what it does
    english, spanish_words, _ = _sources_and_translations()
    vocabulary = (english | COMMON_ENGLISH) - spanish_words - SAME_IN_BOTH
    problems += [f"F1: {where}: {text!r}" for where, text in _texts(window.shortcuts_dialog) if english_words(text, vocabulary, _data_words())]
    assert problems == [], "\n".join(problems)
    rules_text = window.screen("rules").description.toPlainText()  # it was read with every kind of line of the programme
    for line in ("Recompensas automáticas para clientes:", "Niveles:", "Puntos por acciones:", "  • Taza propia: 5 puntos cada vez que se registra en caja"):
        assert line in rules_text, rules_text
    assert window.windowTitle() and window.screens[0].title == "Caja"
    assert window.screen("checkout").commit_button.text().startswith("Cobrar")


def test_a_missing_translation_is_found(qtbot, store, spanish, tmp_path, monkeypatch):
    """The check itself: with one translation taken out of the file, its English shows and is reported."""
    ts = tmp_path / "pos_loyalty_es.ts"
    tree = ET.parse(SPANISH_TS)
    for message in tree.iter("message"):
        if message.findtext("source") == "Commit sale — F12":
            message.find("translation").text = ""
            message.find("translation").set("type", "unfinished")
    tree.write(ts, encoding="utf-8")
    monkeypatch.setattr(languages, "translations_dir", lambda: tmp_path)
    release()
    assert i18n.install("es") == "es"
    window = MainWindow(user="Maya")
    show_active(qtbot, window)
    problems = untranslated(window, ["checkout"])
    assert any("Commit sale" in p for p in problems), problems


def test_every_translation_keeps_placeholders_and_accelerators():
    """{name}, %1 and & survive translation: a lost placeholder would show '{name}' or raise KeyError."""
    placeholder = re.compile(r"\{[^}]*\}|%[0-9a-z]")
    _, _, pairs = _sources_and_translations()
    missing = [source for source, translation in pairs.items() if not translation]
    assert pairs and not missing, f"untranslated in pos_loyalty_es.ts (translate them, e.g. in pyside6-linguist): {missing}"
    for source, translation in pairs.items():
        assert sorted(placeholder.findall(source)) == sorted(placeholder.findall(translation)), (source, translation)
        assert ("&" in source.replace("&&", "")) == ("&" in translation.replace("&&", "")), (source, translation)


def test_every_report_in_spanish_shows_no_english(qtbot, store, spanish, monkeypatch):
    """The reports, opened with a manager's PIN: names, figures, table tabs, headings, charts."""
    from pos_loyalty.services import reports
    from pos_loyalty.ui.reports_screen import ReportsScreen

    from .test_manager_screens import PinPad

    _shop_with_a_customer()
    screen = ReportsScreen(user="Maya")
    screen.resize(1000, 700)
    show_active(qtbot, screen)
    PinPad(monkeypatch, qtbot, MANAGER_PIN)
    screen.unlock_button.click()
    english, spanish_words, _ = _sources_and_translations()
    vocabulary = (english | COMMON_ENGLISH) - spanish_words - SAME_IN_BOTH
    found = []
    for info in reports.catalogue():
        screen.choose(info.name)
        qtbot.waitUntil(lambda: not screen.is_busy() and screen.report is not None and screen.report.info.name == info.name, timeout=10_000)
        for index in range(screen.tabs.count()):
            screen.tabs.setCurrentIndex(index)
            for where, text in _texts(screen):
                if words := english_words(text, vocabulary, _data_words()):
                    found.append(f"{info.name}: {where}: {text!r} ({', '.join(words)})")
    found = sorted(set(found))
    assert found == [], "\n".join(found)
