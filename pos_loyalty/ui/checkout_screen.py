"""Checkout, the start screen: scan a card, build the order, apply rewards, commit with F12.

The screen holds only what the cashier typed — the lines, the amounts and the rewards chosen —
and asks `checkout.quote` for every figure it shows, again on every change, so what the screen
says is exactly what F12 will commit. The sale's order id is made once and kept until the sale
commits: a double F12, or a retry after an error, replays the same order and never charges twice.

Keys: Enter in the scan field looks up a card, or adds the product of a scanned barcode (a repeat
scan adds one to its line), or searches phone, email, name (↓ moves into the matches); a barcode
the catalogue does not know offers a quick manual line (`manual_line_dialog`). The order of these
checks is `services/scanning.py`'s. F3 goes to the line entry, where Enter adds the line; typing a
SKU or a name there offers the catalogue's matches (↓/↑ choose, Enter adds it); Delete removes the
selected line.
Alt+1…Alt+9 apply or remove the numbered reward (Space on a selected one too). F12 commits, in a
pool thread (`workers`), so a slow or locked database never freezes the till.
Ctrl+N (or Esc in the scan field) starts a new sale. F2 goes back to the scan field. F7 records
an action (a review, a social share…) for the customer, with its points (`activity_dialog`).

A cart the store's POS sends through the local API (`receive_cart`) opens here as the sale — at
once, or when the sale under way is committed or cleared: its lines, amounts, card and order id
(so the POS's own retries of that order replay it). The cashier scans the card, applies rewards
and commits with F12; `cart_committed` hands the result back to the POS, `cart_dropped` tells it
the cashier cleared the cart instead.
"""

from __future__ import annotations

import logging
import re
from dataclasses import dataclass, replace
from decimal import Decimal
from typing import Any

from PySide6.QtCore import QModelIndex, Qt, QTimer, Signal
from PySide6.QtGui import QKeySequence, QShortcut, QStandardItem, QStandardItemModel
from PySide6.QtWidgets import (
    QCompleter,
    QFrame,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from .. import formats
from ..domain.engine import Quote, RewardOption
from ..domain.money import minor_units, parse_money, round_money
from ..domain import card_numbers
from ..domain.errors import LoyaltyError, NotFound, ValidationError
from ..domain.order import OrderRequest, parse_line, parse_order
from ..services import busy, cards, catalogue, checkout, coupons, rules_sync, scanning, search
from ..services.cards import CardView
from ..services.catalogue import ProductView
from .programme_texts import milestone_words
from .service_texts import translated
from .workers import Worker, run_in_thread_pool
from .table_fill import filling
from .widgets import ScanField, bind_shortcut, cell, confirmation_label, error_label, money_text, read_only_table, show_field_error

log = logging.getLogger(__name__)

_REWARD_INDEX = re.compile(r"^rewards\[(\d+)\]")
_LINE_FIELD = re.compile(r"^lines\[(\d+)\](?:\.(\w+))?")
MAX_REWARD_KEYS = 9
MAX_TYPED_QUANTITY = 9_999_999
MATCHES_SHOWN = 10  # catalogue matches offered while a SKU or name is typed
MIN_MATCH_TEXT = 2  # characters typed before matches are offered


@dataclass(frozen=True)
class Choice:
    """A reward the cashier applied: by points (`points` None = the most useful amount) or a coupon."""

    reward_id: str
    points: int | None = None
    coupon: str | None = None

    def as_json(self) -> dict[str, Any]:
        data: dict[str, Any] = {"id": self.reward_id}
        if self.points is not None:
            data["points"] = self.points
        if self.coupon:
            data["coupon"] = self.coupon
        return data


@dataclass(frozen=True)
class RewardRow:
    """One line of the rewards list: a reward of the rules, or a coupon on the card."""

    reward_id: str
    name: str
    cost: str
    effect: str
    available: bool
    reason: str
    coupon: str | None = None


def _big(label: QLabel, name: str) -> QLabel:
    label.setObjectName(name)  # sized and coloured by resources/style.qss
    label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
    return label


class CheckoutScreen(QWidget):
    committed = Signal(str, str)  # order id, card number ("" without a card)
    enrol_requested = Signal(str)  # an unassigned card was scanned: enrol a customer on it
    quote_changed = Signal()  # the card, quote or rewards on screen changed (the customer display follows)
    cart_opened = Signal(str)  # cart id: a cart from the POS is the sale on screen
    cart_committed = Signal(str, object)  # cart id, checkout.CommitResult
    cart_dropped = Signal(str)  # cart id: cleared by the cashier, not committed

    def __init__(self, parent: QWidget | None = None, user: str = "") -> None:
        super().__init__(parent)
        self.setObjectName("checkoutScreen")
        self.user = user
        self.card: CardView | None = None
        self.quote: Quote | None = None
        self.lines: list[dict[str, Any]] = []
        self.choices: list[Choice] = []
        self.reward_rows: list[RewardRow] = []
        self.order_id = checkout.new_order_id()
        self.currency = "EUR"
        self._hits: list[search.Hit] = []
        self._matches: list[ProductView] = []
        self._match_added = False  # a match was just chosen: the field's own Enter adds nothing more
        self.manual_dialog: Any = None  # the quick manual line of an unknown barcode, while it is open
        self._commit_worker: Worker | None = None
        self.pos_cart: Any = None  # the POS's cart (api.carts.Cart) that is the sale on screen
        self._waiting_carts: list[Any] = []
        self._build()
        self._connect()
        self.new_sale()

    # -- building -------------------------------------------------------------------------

    def _build(self) -> None:
        """Laid out for a till screen of 1024×768 and up: the order lines take the height (8+ rows
        at 1024×768); customer, rewards and the points earned share a narrow left column; the
        totals and the commit button sit in a short box under the lines, so an error above the
        button takes room from the lines, never pushes the button out of the window."""
        layout = QVBoxLayout(self)
        layout.setContentsMargins(8, 8, 8, 8)
        layout.setSpacing(4)

        top = QHBoxLayout()
        self.scan = ScanField(self)
        self.scan.setObjectName("scanField")
        self.scan.setPlaceholderText(self.tr("Scan a card or a product — or type a phone, email or name, then Enter"))
        self.scan.setAccessibleName(self.tr("Scan or search"))
        self.scan.setClearButtonEnabled(True)
        self.new_sale_button = QPushButton(self.tr("New sale"), self)
        top.addWidget(self.scan, 1)
        top.addWidget(self.new_sale_button)
        layout.addLayout(top)
        self.scan_error = error_label(self)
        layout.addWidget(self.scan_error)

        self.message = confirmation_label(self)
        layout.addWidget(self.message)

        self.results = read_only_table(self, [self.tr("Customer"), self.tr("Phone"), self.tr("Email"), self.tr("Card"), self.tr("Status"), self.tr("Balance")])
        self.results.setMaximumHeight(150)
        self.results.hide()
        layout.addWidget(self.results)

        body = QHBoxLayout()
        left = QVBoxLayout()
        right = QVBoxLayout()
        body.addLayout(left, 3)
        body.addLayout(right, 4)
        layout.addLayout(body, 1)

        # -- the customer ------------------------------------------------------------------
        box = self.customer_box = QGroupBox(self.tr("Customer"), self)
        grid = QGridLayout(box)
        grid.setVerticalSpacing(2)
        self.customer_name = _big(QLabel(self.tr("No card scanned"), box), "customerName")
        self.card_status = _big(QLabel(box), "cardStatus")
        self.card_number = QLabel(box)
        self.card_number.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.tier = QLabel(box)
        self.balance = _big(QLabel("—", box), "balance")
        self.expiring = QLabel(box)
        self.expiring.setObjectName("expiring")
        for label in (self.customer_name, self.card_status, self.card_number, self.tier, self.balance, self.expiring):
            label.setTextFormat(Qt.TextFormat.PlainText)  # a customer's name is shown as typed, never read as HTML
        self.balance.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        self.enrol_button = QPushButton(self.tr("Enrol a customer on this card"), box)
        self.enrol_button.hide()
        self.activity_button = QPushButton(self.tr("Record an action… (F7)"), box)
        self.activity_button.setToolTip(self.tr("A review, a social share…: points for the customer"))
        grid.addWidget(self.customer_name, 0, 0)
        grid.addWidget(self.card_status, 0, 1, Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignTop)
        grid.addWidget(self.card_number, 1, 0, 1, 2)
        balance_row = QHBoxLayout()  # a row of its own: a wider balance moves nothing else in the box
        balance_row.addWidget(QLabel(self.tr("Balance"), box))
        balance_row.addStretch(1)
        balance_row.addWidget(self.balance)
        grid.addLayout(balance_row, 2, 0, 1, 2)
        grid.addWidget(self.tier, 3, 0)
        grid.addWidget(self.expiring, 3, 1, Qt.AlignmentFlag.AlignRight)
        grid.addWidget(self.enrol_button, 4, 0, 1, 2)
        grid.addWidget(self.activity_button, 5, 0, 1, 2)
        grid.setColumnStretch(0, 1)
        left.addWidget(box)

        # -- rewards: one short row each (name; what it costs → what it gives) ------------
        box = QGroupBox(self.tr("Rewards (Alt+number)"), self)
        rewards_layout = QVBoxLayout(box)
        self.rewards = read_only_table(box, [self.tr("Key"), self.tr("Reward: cost → what it gives")])
        self.rewards.horizontalHeader().setSectionResizeMode(0, QHeaderView.ResizeMode.ResizeToContents)
        self.rewards.horizontalHeader().setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        self.rewards.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.rewards.setWordWrap(True)  # what a reward costs and gives is never cut off
        self.rewards.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.rewards.setMinimumHeight(80)
        self.rewards_error = error_label(box)
        points_row = QHBoxLayout()
        self.points_label = QLabel(self.tr("Points to use:"), box)
        self.points_to_use = QSpinBox(box)
        self.points_to_use.setRange(0, 100_000_000)
        self.points_to_use.setGroupSeparatorShown(True)
        self.points_to_use.setAccessibleName(self.tr("Points to use"))
        points_row.addWidget(self.points_label)
        points_row.addWidget(self.points_to_use)
        points_row.addStretch(1)
        rewards_layout.addWidget(self.rewards, 1)
        rewards_layout.addLayout(points_row)
        rewards_layout.addWidget(self.rewards_error)
        left.addWidget(box, 1)

        # -- points this sale earns, and why -------------------------------------------------
        box = QGroupBox(self.tr("Points"), self)
        earn = QGridLayout(box)
        earn.setVerticalSpacing(2)
        self.points_earned = _big(QLabel("—", box), "pointsEarned")
        self.explanation = QLabel(box)
        self.explanation.setObjectName("explanation")
        self.explanation.setWordWrap(True)
        self.explanation.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        earn.addWidget(QLabel(self.tr("Earns"), box), 0, 0)
        earn.addWidget(self.points_earned, 0, 1, Qt.AlignmentFlag.AlignRight)
        earn.addWidget(self.explanation, 1, 0, 1, 2)
        earn.setColumnStretch(0, 1)
        left.addWidget(box)

        # -- the order -------------------------------------------------------------------
        box = QGroupBox(self.tr("Order"), self)
        order_layout = QVBoxLayout(box)
        order_layout.setSpacing(4)
        entry = QHBoxLayout()
        entry.setSpacing(4)
        self.sku = QLineEdit(box)
        self.sku.setPlaceholderText(self.tr("SKU (F3)"))
        self.item_name = QLineEdit(box)
        self.item_name.setPlaceholderText(self.tr("Name"))
        self.collection = QLineEdit(box)
        self.collection.setPlaceholderText(self.tr("Collection"))
        self.quantity = QSpinBox(box)
        self.quantity.setRange(-MAX_TYPED_QUANTITY, MAX_TYPED_QUANTITY)  # "-3" stays -3 and is refused, never turned into 3
        self.quantity.setValue(1)
        self.quantity.setAccessibleName(self.tr("Quantity"))
        self.quantity.setMaximumWidth(64)
        self.price = QLineEdit(box)
        self.price.setPlaceholderText(self.tr("Price"))
        self.price.setToolTip(self.tr("Unit price"))
        self.add_button = QPushButton(self.tr("Add"), box)
        self.add_button.setToolTip(self.tr("Add the line (Enter)"))
        for edit in (self.sku, self.collection, self.price):  # their placeholder is their label: never cut
            edit.setMinimumWidth(edit.fontMetrics().horizontalAdvance(edit.placeholderText()) + 18)
        self.item_name.setMinimumWidth(60)
        self.matches_model = QStandardItemModel(self)  # the catalogue's matches for what is typed (`_offer_matches`)
        self.completers: dict[QLineEdit, QCompleter] = {}
        for edit in (self.sku, self.item_name):
            completer = QCompleter(self.matches_model, edit)
            completer.setCompletionMode(QCompleter.CompletionMode.UnfilteredPopupCompletion)  # the catalogue filtered them
            completer.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
            completer.setMaxVisibleItems(MATCHES_SHOWN)
            completer.setCompletionRole(Qt.ItemDataRole.UserRole)  # a highlighted match leaves the typed text in the field
            edit.setCompleter(completer)
            self.completers[edit] = completer
        for widget, stretch in ((self.sku, 2), (self.item_name, 3), (self.collection, 2), (self.quantity, 0), (self.price, 2), (self.add_button, 0)):
            entry.addWidget(widget, stretch)
        order_layout.addLayout(entry)
        self.line_error = error_label(box)
        order_layout.addWidget(self.line_error)
        self.lines_table = read_only_table(box, [self.tr("SKU"), self.tr("Name"), self.tr("Collection"), self.tr("Qty"), self.tr("Price"), self.tr("Total")])
        self.lines_table.horizontalHeaderItem(4).setToolTip(self.tr("Unit price"))
        header = self.lines_table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)  # only the name gives way (elided)
        header.setStretchLastSection(False)
        self.lines_table.setTextElideMode(Qt.TextElideMode.ElideRight)
        self.lines_table.verticalHeader().setDefaultSectionSize(self.fontMetrics().height() + 10)
        self.lines_table.setMinimumHeight(4 * (self.fontMetrics().height() + 10))
        order_layout.addWidget(self.lines_table, 1)

        self.total_only = QLineEdit(box)
        self.total_only.setPlaceholderText(self.tr("no lines"))
        self.discount = QLineEdit(box)
        self.tax = QLineEdit(box)
        self.shipping = QLineEdit(box)
        self.amount_edits = {"total": self.total_only, "discount": self.discount, "tax": self.tax, "shipping": self.shipping}
        self.amount_errors = {key: error_label(box) for key in self.amount_edits}
        captions = {"total": self.tr("Order &total (F4):"), "discount": self.tr("&Discount:"), "tax": self.tr("Ta&x:"), "shipping": self.tr("S&hipping:")}
        amounts_grid = QGridLayout()
        amounts_grid.setVerticalSpacing(2)
        for index, (key, edit) in enumerate(self.amount_edits.items()):
            edit.setMinimumWidth(80)
            edit.setMaximumWidth(130)
            if key != "total":
                edit.setPlaceholderText(formats.number_text("0.00"))
            edit.setAlignment(Qt.AlignmentFlag.AlignRight)
            row, column = divmod(index, 2)
            caption = QLabel(captions[key], box)
            caption.setBuddy(edit)
            amounts_grid.addWidget(caption, row * 2, column * 3)
            amounts_grid.addWidget(edit, row * 2, column * 3 + 1)
            amounts_grid.addWidget(self.amount_errors[key], row * 2 + 1, column * 3, 1, 2)
        amounts_grid.setColumnStretch(2, 1)
        amounts_grid.setColumnStretch(5, 1)
        order_layout.addLayout(amounts_grid)
        right.addWidget(box, 1)

        # -- totals and the commit button: short, two columns of figures -------------------
        box = QGroupBox(self.tr("Totals"), self)
        totals = QGridLayout(box)
        totals.setVerticalSpacing(2)
        self.figures: dict[str, QLabel] = {}
        rows = [("subtotal", self.tr("Subtotal")), ("discount", self.tr("Discount")), ("rewards", self.tr("Rewards")),
                ("tax", self.tr("Tax")), ("shipping", self.tr("Shipping")), ("spent", self.tr("Points spent")),
                ("balance_after", self.tr("Balance after"))]
        half = (len(rows) + 1) // 2
        for index, (key, caption) in enumerate(rows):
            value = QLabel("—", box)
            value.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
            self.figures[key] = value
            row, column = index % half, (index // half) * 3
            totals.addWidget(QLabel(caption, box), row, column)
            totals.addWidget(value, row, column + 1)
        totals.setColumnMinimumWidth(2, 16)
        totals.setColumnStretch(1, 1)
        totals.setColumnStretch(4, 1)
        line = QFrame(box)
        line.setFrameShape(QFrame.Shape.HLine)
        totals.addWidget(line, half, 0, 1, 5)
        self.commit_error = error_label(box)
        totals.addWidget(self.commit_error, half + 1, 0, 1, 5)
        pay = QHBoxLayout()
        self.total = _big(QLabel("—", box), "orderTotal")
        self.commit_button = QPushButton(self.tr("Commit sale — F12"), box)
        self.commit_button.setObjectName("commitButton")
        to_pay = QVBoxLayout()  # the caption above the amount: a six-figure total still fits beside the button
        to_pay.setSpacing(0)
        to_pay.addWidget(QLabel(self.tr("Total to pay"), box))
        to_pay.addWidget(self.total)
        pay.addLayout(to_pay, 1)
        pay.addSpacing(12)
        pay.addWidget(self.commit_button, 0, Qt.AlignmentFlag.AlignBottom)
        totals.addLayout(pay, half + 2, 0, 1, 5)
        right.addWidget(box)
        self._sale_inputs: list[QWidget] = [self.scan, self.new_sale_button, self.sku, self.item_name, self.collection, self.quantity,
                                            self.price, self.add_button, self.lines_table, self.discount, self.tax, self.shipping,
                                            self.rewards, self.points_to_use, self.enrol_button]

    def _connect(self) -> None:
        self.scan.returnPressed.connect(self.scan_entered)
        self.scan.down_pressed.connect(self._into_results)
        self.scan.escape_pressed.connect(self.new_sale)
        self.results.itemActivated.connect(lambda item: self.pick_result(item.row()))
        self.new_sale_button.clicked.connect(lambda: self.new_sale())
        self.enrol_button.clicked.connect(self._request_enrol)
        for edit in (self.sku, self.item_name, self.collection, self.price):
            edit.returnPressed.connect(self._line_entered)
        for edit, completer in self.completers.items():
            edit.textEdited.connect(lambda text, edit=edit: self._offer_matches(edit, text))
            completer.activated[QModelIndex].connect(self._match_chosen)
        self.add_button.clicked.connect(self.add_line)
        for edit in self.amount_edits.values():
            edit.textChanged.connect(lambda _text: self.refresh_quote())
            edit.returnPressed.connect(self.focus_scan)
        self.points_to_use.valueChanged.connect(self._points_changed)
        self.rewards.itemActivated.connect(lambda item: self.toggle_reward(item.row()))
        self.commit_button.clicked.connect(self.commit)

        bind_shortcut(self, self.commit_button, Qt.Key.Key_F12)
        bind_shortcut(self, self.new_sale_button, "Ctrl+N")
        QShortcut(QKeySequence(Qt.Key.Key_F2), self, activated=self.focus_scan)
        QShortcut(QKeySequence(Qt.Key.Key_F3), self, activated=self.sku.setFocus)
        QShortcut(QKeySequence(Qt.Key.Key_F4), self, activated=self.total_only.setFocus)
        QShortcut(QKeySequence(Qt.Key.Key_F7), self, activated=self.open_activity)
        self.activity_button.clicked.connect(self.open_activity)
        remove = QShortcut(QKeySequence(Qt.Key.Key_Delete), self.lines_table, activated=self.remove_selected_line)
        remove.setContext(Qt.ShortcutContext.WidgetShortcut)
        space = QShortcut(QKeySequence(Qt.Key.Key_Space), self.rewards, activated=lambda: self.toggle_reward(self.rewards.currentRow()))
        space.setContext(Qt.ShortcutContext.WidgetShortcut)
        for n in range(1, MAX_REWARD_KEYS + 1):
            QShortcut(QKeySequence(f"Alt+{n}"), self, activated=lambda n=n: self.toggle_reward(n - 1))
        self.setTabOrder(self.scan, self.sku)
        for first, second in ((self.sku, self.item_name), (self.item_name, self.collection), (self.collection, self.quantity),
                              (self.quantity, self.price), (self.price, self.add_button), (self.add_button, self.lines_table),
                              (self.lines_table, self.total_only), (self.total_only, self.discount), (self.discount, self.tax),
                              (self.tax, self.shipping), (self.shipping, self.rewards), (self.rewards, self.commit_button)):
            self.setTabOrder(first, second)

    # -- the sale ---------------------------------------------------------------------------

    def focus_first(self) -> None:
        self.focus_scan()

    def focus_scan(self) -> None:
        self.scan.setFocus()
        self.scan.selectAll()

    def new_sale(self) -> None:
        """Forget the card, the lines and the rewards; a fresh order id for the next sale — or
        the next cart the POS sent, if one waits."""
        if self.pos_cart is not None:  # cleared before it was committed: the POS hears so
            self.cart_dropped.emit(self.pos_cart.cart_id)
            self.pos_cart = None
        self.message.hide()
        self.card = None
        self.lines = []
        self.choices = []
        self.order_id = checkout.new_order_id()
        self.scan.clear()
        self.results.hide()
        self.enrol_button.hide()
        for edit in (*self.amount_edits.values(), self.sku, self.item_name, self.collection, self.price):
            edit.blockSignals(True)
            edit.clear()
            edit.blockSignals(False)
        self.quantity.setValue(1)
        for label in (self.scan_error, self.line_error, self.rewards_error, self.commit_error, *self.amount_errors.values()):
            show_field_error(label, "")
        self._show_card()
        self.refresh_quote()
        self.focus_scan()
        if self._waiting_carts:
            self._open_next_cart()

    # -- carts from the POS (the local API) -------------------------------------------------

    def receive_cart(self, cart: Any) -> None:
        """A cart the POS sent (GUI thread): the sale now if the screen is free, else the next one."""
        self._waiting_carts.append(cart)
        if self.is_empty() and self.pos_cart is None and not self.is_committing():
            self._open_next_cart()
        else:
            self.show_message(self.tr("{carts} from the POS waiting: the next opens when this sale is committed or cleared (Ctrl+N).").format(
                carts=formats.count(len(self._waiting_carts), self.tr("cart"), self.tr("carts"))))

    def _open_next_cart(self) -> None:
        """The first waiting cart becomes the sale (the screen was just cleared)."""
        cart = self._waiting_carts.pop(0)
        request = parse_order(cart.order)  # checked by the API already: the same parser
        self.pos_cart = cart
        self.order_id = request.order.order_id
        if request.order.from_total:
            self.total_only.setText(str(request.order.lines[0].unit_price))
        else:
            self.lines = [{"sku": l.sku, "name": l.name, "collection": l.collection, "quantity": l.quantity, "unit_price": str(l.unit_price)}
                          for l in request.order.lines]
        for key in ("discount", "tax", "shipping"):
            if cart.order.get(key) not in (None, ""):
                edit = self.amount_edits[key]
                edit.blockSignals(True)
                edit.setText(str(cart.order[key]))
                edit.blockSignals(False)
        self.cart_opened.emit(cart.cart_id)
        if request.card:
            self.open_card(request.card)  # quotes the order with the card
        else:
            self.refresh_quote()
        self.show_message(self.cart_text())

    def cart_text(self) -> str:
        cart = self.pos_cart
        if cart is None:
            return ""
        what = formats.count(len(self.lines), self.tr("line"), self.tr("lines")) if self.lines else self.tr("a total")
        return self.tr("Cart from {sender} ({what}, order {order}): scan the card, apply rewards, F12 commits.").format(
            sender=cart.sent_by, what=what, order=cart.order_id)

    def is_empty(self) -> bool:
        return self.card is None and not self.lines and not self.total_only.text().strip()

    def unfinished_work(self) -> str:
        """A sentence for the "leave / close?" question while a sale is under way: a card
        scanned, lines or a total typed, or F12's commit still running; empty otherwise."""
        if self.is_committing():
            return self.tr("A sale is being committed right now.")
        if self.is_empty():
            return ""
        what = []
        if self.card is not None:
            what.append(self.tr("card {number}").format(number=self.card.number))
        if self.lines:
            what.append(formats.count(len(self.lines), self.tr("line"), self.tr("lines")))
        elif self.total_only.text().strip():
            what.append(self.tr("a total of {total}").format(total=self.total_only.text().strip()))
        return self.tr("A sale is in progress ({what}) and not committed.").format(what=", ".join(what))

    # -- scanning and searching ------------------------------------------------------------

    def scan_entered(self) -> None:
        """A scanned number opens its card; other text lists the customers it matches."""
        text = self.scan.text().strip()
        show_field_error(self.scan_error, "")
        self.results.hide()
        if not text:
            return
        number = card_numbers.normalise(text)
        if card_numbers.is_valid(number) and self.open_card(number, unknown_ok=True) is not None:
            return  # the scanner's path: one statement from number to balance on screen
        try:
            product = scanning.product_for(text)
        except LoyaltyError as exc:
            show_field_error(self.scan_error, exc.message)
            self.scan.selectAll()
            return
        if product is not None:
            self.add_product(product)
            return
        try:
            hits = search.find(text)
        except LoyaltyError as exc:
            show_field_error(self.scan_error, exc.message)
            return
        if len(hits) == 1 and hits[0].number and re.sub(r"\D", "", text) == hits[0].number:
            self.open_card(hits[0].number)
            return
        if not hits:
            self._no_match(text)
            return
        self._hits = hits
        self.results.setRowCount(len(hits))
        for row, hit in enumerate(hits):
            values = (hit.name, hit.phone, hit.email, hit.number or self.tr("no card"), hit.status, formats.number(hit.balance))
            for column, value in enumerate(values):
                self.results.setItem(row, column, cell(value, right=column == 5))
        self.results.show()
        self.results.selectRow(0)
        if len(hits) == 1:
            self.pick_result(0)

    def _no_match(self, text: str) -> None:
        """Nothing matched: a number taken for a card says why it is none (its check digit, or
        unknown); an unknown product barcode offers a manual line (`scanning.unmatched_kind`)."""
        kind = scanning.unmatched_kind(text)
        if kind == "card":
            try:
                cards.get_card(text)
            except LoyaltyError as exc:
                show_field_error(self.scan_error, exc.message)
                self.scan.selectAll()
                return
        elif kind == "barcode":
            self.offer_manual_line(text)
            return
        show_field_error(self.scan_error, self.tr("No card or customer matches “{text}”.").format(text=text))
        self.scan.selectAll()

    def _into_results(self) -> None:
        if self.results.isVisible() and self.results.rowCount():
            self.results.setFocus()
            if self.results.currentRow() < 0:
                self.results.selectRow(0)

    def pick_result(self, row: int) -> None:
        if not 0 <= row < len(self._hits):
            return
        hit = self._hits[row]
        if not hit.number:
            show_field_error(self.scan_error, self.tr("{name} has no card yet: give them one on the Enrol screen.").format(name=hit.name))
            return
        self.results.hide()
        self.open_card(hit.number)

    def open_card(self, number: str, unknown_ok: bool = False) -> bool | None:
        """Show the card's customer, balance and rewards; the order so far stays. True when the
        card is open, False when it cannot be sold on (the reason is shown). With `unknown_ok`, a
        number that is no card of this store shows nothing and gives None: a phone number typed
        can pass a check digit too, and is then searched for as a phone."""
        show_field_error(self.scan_error, "")
        self.enrol_button.hide()
        try:
            rules, _ = rules_sync.active_rules()
            view = cards.lookup(number, rules)
        except LoyaltyError as exc:
            if unknown_ok and isinstance(exc, NotFound):
                return None
            show_field_error(self.scan_error, exc.message)
            self.scan.selectAll()
            return False
        if view.status == "unassigned":
            show_field_error(self.scan_error, self.tr("Card {number} has not been given to a customer yet.").format(number=view.number))
            self.enrol_button.setText(self.tr("Enrol a customer on card {number}").format(number=view.number))
            self.enrol_button.setProperty("card", view.number)
            self.enrol_button.show()
            self.scan.selectAll()
            return False
        if view.status == "replaced":
            show_field_error(self.scan_error, self.tr("Card {old} was replaced by {new}: ask for the new card.").format(old=view.number, new=view.replaced_by))
            self.scan.selectAll()
            return False
        self.card = view
        self.choices = []
        self._show_card()
        # The card and its balance are on screen now, before the rewards and totals are worked
        # out. A figure wider than the label would be cut off in the label's old place: the box
        # is laid out for it first, and the label keeps that width (the text sits at its right
        # edge), so a later figure as wide or narrower is painted in place, with no layout.
        # `repaint` paints every widget changed so far: the scan field empties after it.
        wanted = self.balance.sizeHint().width()
        if self.balance.width() < wanted:
            self.balance.setMinimumWidth(wanted)
            self.customer_box.layout().activate()
        self.balance.repaint()
        self.scan.clear()
        self.refresh_quote()
        self.focus_scan()
        return True

    def reload_card(self) -> None:
        """Read the open card again — it changed here or elsewhere (a sale at another till, a
        refused commit) — keeping the order and the rewards chosen; the quote follows."""
        if self.card is not None:
            try:
                rules, _ = rules_sync.active_rules()
                self.card = cards.lookup(self.card.number, rules)
            except LoyaltyError as exc:
                show_field_error(self.scan_error, exc.message)
                return
            self._show_card()
        self.refresh_quote()

    def open_activity(self) -> None:
        """F7: record a review, a share… for the customer of the open card (`ui.activity_dialog`);
        the balance shown follows what it gave."""
        if self.card is None or self.card.customer_id is None:
            show_field_error(self.scan_error, self.tr("Scan the customer's card first, then F7 records an action for them."))
            return
        from .activity_dialog import ActivityDialog

        dialog = ActivityDialog(self.card.number, self.card.customer_name, self.card.balance, self, self.user)
        dialog.recorded.connect(lambda _number: self.reload_card())
        try:
            dialog.exec()
        finally:
            dialog.deleteLater()
        self.focus_scan()

    def _request_enrol(self) -> None:
        number = self.enrol_button.property("card") or ""
        self.enrol_requested.emit(str(number))

    def _show_card(self) -> None:
        """The card in the customer box. Every scan comes here before its balance is painted:
        the status label is styled again only when the status changed (a style polish costs
        more than all the labels' texts)."""
        view = self.card
        if view is None:
            self.customer_name.setText(self.tr("No card scanned"))
            self.card_number.setText(self.tr("Sales without a card earn no points."))
            self.card_status.setText("")
            status = "none"
            self.balance.setText("—")
            self.tier.setText("")
            self.expiring.setText("")
        else:
            statuses = {"active": self.tr("active"), "suspended": self.tr("SUSPENDED — earns and spends nothing")}
            self.customer_name.setText(view.customer_name or self.tr("no customer"))
            self.card_number.setText(self.tr("Card {number}").format(number=view.number))
            self.card_status.setText(statuses.get(view.status, view.status))
            status = view.status
            self.balance.setText(formats.points(view.balance))
            self.tier.setText(self.tr("Tier: {tier}").format(tier=view.tier) if view.tier else self.tr("No tier"))
            if view.expiring_points and view.expiring_on:
                self.expiring.setText(self.tr("{points} expire by {date}").format(points=formats.points(view.expiring_points), date=formats.date_text(view.expiring_on)))
            else:
                self.expiring.setText("")
        if self.card_status.property("status") != status:  # its colour (style.qss) follows the status
            self.card_status.setProperty("status", status)
            self.card_status.style().unpolish(self.card_status)
            self.card_status.style().polish(self.card_status)

    # -- lines ------------------------------------------------------------------------------

    def add_line(self) -> None:
        """Check the line with the order's own parser (so its errors name the field), then add it."""
        if self.is_committing():  # the sale on its way to the database does not change
            return
        show_field_error(self.line_error, "")
        data = {"sku": self.sku.text(), "name": self.item_name.text(), "collection": self.collection.text(),
                "quantity": self.quantity.value(), "unit_price": formats.money_input(self.price.text())}
        if not data["unit_price"]:
            show_field_error(self.line_error, self.tr("unit price: is required"))
            self.price.setFocus()
            return
        try:
            line = parse_line(data, "line")
        except ValidationError as exc:
            field = exc.field.removeprefix("line.")
            show_field_error(self.line_error, f"{field.replace('_', ' ')}: {exc.message}")
            {"sku": self.sku, "name": self.item_name, "collection": self.collection, "quantity": self.quantity}.get(field, self.price).setFocus()
            return
        problem = self._decimals_problem(data["unit_price"])
        if problem:
            show_field_error(self.line_error, self.tr("unit price: {problem}").format(problem=problem))
            self.price.setFocus()
            self.price.selectAll()
            return
        self.lines.append({"sku": line.sku, "name": line.name, "collection": line.collection, "quantity": line.quantity, "unit_price": str(line.unit_price)})
        for edit in (self.sku, self.item_name, self.collection, self.price):
            edit.clear()
        self.quantity.setValue(1)
        self.sku.setFocus()
        self.refresh_quote()

    def _line_entered(self) -> None:
        """Enter in the line entry adds the line — unless it chose a catalogue match, which
        added its own line already (the popup passes its Enter on to the field)."""
        if self._match_added:
            self._match_added = False
            return
        self.add_line()

    def add_product(self, product: ProductView) -> None:
        """A scanned product: its line (name, collection, price from the catalogue), or one
        more on the line already selling it."""
        if self.is_committing():  # the sale on its way to the database does not change
            return
        row = scanning.add_product(self.lines, product, self.currency)
        self.scan.clear()
        self.refresh_quote()
        self.lines_table.selectRow(row)
        self.focus_scan()

    def _offer_matches(self, edit: QLineEdit, text: str) -> None:
        """The catalogue's products whose SKU or a name word starts with what is typed."""
        self._matches = []
        self.matches_model.clear()
        if len(text.strip()) < MIN_MATCH_TEXT:
            return
        try:
            self._matches = catalogue.find(text, MATCHES_SHOWN)
        except LoyaltyError:
            return  # text no search takes (too long…): nothing to offer, the line is checked on Enter
        for product in self._matches:
            label = f"{product.sku} — {product.name} — {money_text(product.price, self.currency)}"
            item = QStandardItem(label)
            item.setData(edit.text(), Qt.ItemDataRole.UserRole)  # what the field keeps while a match is highlighted
            self.matches_model.appendRow(item)
        if self._matches:
            self.completers[edit].complete()

    def _match_chosen(self, index: QModelIndex) -> None:
        """A match chosen (Enter or a click): its line is added, the entry cleared for the next."""
        row = index.row()
        if not 0 <= row < len(self._matches) or self.is_committing():
            return
        product = self._matches[row]
        self._match_added = True
        QTimer.singleShot(0, self._forget_match_enter)  # only the Enter that chose it is swallowed
        line = scanning.product_line(product, self.currency, self.quantity.value())
        for edit, value in ((self.sku, line["sku"]), (self.item_name, line["name"]), (self.collection, line["collection"] or ""), (self.price, line["unit_price"])):
            edit.setText(value)
        self.add_line()

    def _forget_match_enter(self) -> None:
        self._match_added = False

    def offer_manual_line(self, code: str) -> None:
        """An unknown barcode: a small dialog (SKU = the barcode; name and price asked) adds a
        line of its own. Opened window-modal without blocking (`open`): the till keeps running."""
        from .manual_line_dialog import ManualLineDialog

        show_field_error(self.scan_error, "")
        dialog = self.manual_dialog = ManualLineDialog(code.strip(), self._manual_line_problem, self)
        dialog.line_ready.connect(self._manual_line_added)
        dialog.finished.connect(lambda _result: self._manual_line_closed(dialog))
        dialog.open()

    def _manual_line_problem(self, data: dict[str, Any]) -> tuple[str, str]:
        if not data["name"]:
            return "name", self.tr("name: is required")
        if not data["unit_price"]:
            return "unit_price", self.tr("price: is required")
        try:
            parse_line(data, "line")
        except ValidationError as exc:
            field = exc.field.removeprefix("line.")
            return field, f"{field.replace('_', ' ')}: {exc.message}"
        problem = self._decimals_problem(data["unit_price"])
        return ("unit_price", self.tr("price: {problem}").format(problem=problem)) if problem else ("", "")

    def _manual_line_added(self, line: dict[str, Any]) -> None:
        if self.is_committing():
            return
        line = parse_line(line, "line")
        self.lines.append({"sku": line.sku, "name": line.name, "collection": line.collection, "quantity": line.quantity, "unit_price": str(line.unit_price)})
        self.scan.clear()
        self.refresh_quote()
        self.lines_table.selectRow(len(self.lines) - 1)

    def _manual_line_closed(self, dialog: Any) -> None:
        if self.manual_dialog is dialog:
            self.manual_dialog = None
        dialog.deleteLater()
        self.window().activateWindow()  # the till's window, not the closed dialog, takes the keys again
        self.focus_scan()

    def remove_selected_line(self) -> None:
        if self.is_committing():  # the sale on its way to the database does not change
            return
        row = self.lines_table.currentRow()
        if 0 <= row < len(self.lines):
            del self.lines[row]
            self.refresh_quote()
            self.lines_table.selectRow(min(row, len(self.lines) - 1))

    def _show_lines(self) -> None:
        """The typed lines, then the free lines the product rewards add (greyed; they cannot be deleted)."""
        totals = self.quote.line_totals if self.quote and self.lines else ()
        free = self.quote.free_lines if self.quote else ()
        self.lines_table.setRowCount(len(self.lines) + len(free))
        for row, line in enumerate(self.lines):
            total = money_text(totals[row], self.currency) if row < len(totals) else ""
            values = (line["sku"], line["name"], line["collection"] or "", formats.number(line['quantity']), money_text(line["unit_price"], self.currency), total)
            for column, value in enumerate(values):
                self.lines_table.setItem(row, column, cell(value, right=column >= 3))
        for row, line in enumerate(free, start=len(self.lines)):
            values = (line.sku, self.tr("{name} — reward").format(name=line.name), "", "1", money_text(line.value, self.currency), self.tr("free"))
            for column, value in enumerate(values):
                item = cell(value, right=column >= 3)
                item.setForeground(self.palette().placeholderText())
                self.lines_table.setItem(row, column, item)
        self.total_only.setEnabled(not self.lines)

    # -- rewards ----------------------------------------------------------------------------

    def toggle_reward(self, row: int) -> None:
        """Apply the reward on that row of the list, or take it off again."""
        if self.is_committing():  # the sale on its way to the database does not change
            return
        if not 0 <= row < len(self.reward_rows):
            return
        show_field_error(self.rewards_error, "")
        reward = self.reward_rows[row]
        chosen = next((c for c in self.choices if c.reward_id == reward.reward_id and c.coupon == reward.coupon), None)
        if chosen is not None:
            self.choices.remove(chosen)
        elif not reward.available:
            show_field_error(self.rewards_error, self.tr("{name}: {reason}").format(name=reward.name, reason=reward.reason))
            return
        else:
            self.choices.append(Choice(reward.reward_id, coupon=reward.coupon))
        self.refresh_quote()
        self.rewards.selectRow(row)

    def _points_changed(self, value: int) -> None:
        if self.is_committing():  # the sale on its way to the database does not change
            return
        index = next((i for i, c in enumerate(self.choices) if self._is_points_reward(c)), None)
        if index is None:
            return
        self.choices[index] = replace(self.choices[index], points=value)
        self.refresh_quote()

    def _is_points_reward(self, choice: Choice) -> bool:
        return any(a.reward_id == choice.reward_id and a.kind == "points" for a in (self.quote.applied if self.quote else ()))

    def _offer(self, option: RewardOption, reward: Any) -> str:
        """What a reward costs and what it gives, in the store's currency: ``200 points → 10% off
        the order (at most €15.00)``, ``1 point → €0.05 off (up to €7.05 now)``. `reward` is the
        active bundle's reward (read by attribute: the bundle may be pydantic models or the
        plain objects `rules_sync` builds from a trusted bundle)."""
        cur = self.currency
        if reward is None:
            return option.effect
        if option.kind == "points":
            rate = Decimal(reward.conversion_factor)
            rate_text = money_text(rate, cur) if rate == round_money(rate, cur) else f"{rate.normalize()} {cur}"
            text = self.tr("1 point → {rate} off").format(rate=rate_text)
            if option.available and option.money_off:
                text += self.tr(" (up to {money} now)").format(money=money_text(option.money_off, cur))
            if reward.min_points > 1:
                text += self.tr(", from {points}").format(points=formats.points(reward.min_points))
            return text
        if option.kind == "discount":
            value = f"{Decimal(reward.value).normalize():f}%" if reward.discount == "percent" else money_text(reward.value, cur)
            target = {"order": self.tr("the order"), "shipping": self.tr("shipping")}.get(reward.apply_to, reward.sku or "")
            gives = self.tr("{value} off {target}").format(value=value, target=target)
            if reward.max_amount:
                gives += self.tr(" (at most {cap})").format(cap=money_text(reward.max_amount, cur))
        elif option.kind == "product":
            gives = (self.tr("free {product}").format(product=reward.product_name) if reward.mode == "add"
                     else self.tr("{product} instead of {sku}").format(product=reward.product_name, sku=reward.replaces_sku))
        else:
            gives = option.effect
        cost = formats.points(option.points_cost) if option.points_cost else self.tr("free")
        return f"{cost} → {gives}"

    def _reward_rows(self, quote: Quote | None) -> list[RewardRow]:
        if self.card is None or self.card.status != "active" or quote is None:
            return []
        rules = self._shown_rules()
        applied = {a.reward_id: a for a in quote.applied if not a.coupon}
        rows = []
        for option in quote.options:
            if option.reward_id in applied:
                spent = applied[option.reward_id]
                off = spent.money_off + spent.shipping_off
                gives = self.tr("{money} off").format(money=money_text(off, self.currency)) if off else spent.explanation
                rows.append(RewardRow(option.reward_id, option.name, formats.points(spent.points_cost), f"{formats.points(spent.points_cost)} → {gives}", True, ""))
                continue
            offer = self._offer(option, rules.reward(option.reward_id))
            rows.append(RewardRow(option.reward_id, option.name, formats.points(option.points_cost), offer, option.available, translated(option.reason)))
        for offered in coupons.at_checkout(self.card.number):  # one per reward (a sale takes one), soonest to expire first;
            coupon = offered.coupon                               # the last few expired after them, greyed, saying why
            reason = "" if rules.reward(coupon.reward_id) else self.tr("not in the active rules")
            if coupon.state == "expired":
                reason = self.tr("expired on {date}").format(date=formats.date_text(coupon.expires_at))
            effect = self.tr("coupon → free")
            if coupon.expires_at and not reason:
                effect = self.tr("coupon → free, until {date}").format(date=formats.date_text(coupon.expires_at))
            name = self.tr("Coupon {code}: {name}").format(code=coupon.code, name=coupon.reward_name)
            if offered.more:
                name = self.tr("{coupon} (the card holds more)").format(coupon=name)
            rows.append(RewardRow(coupon.reward_id, name, self.tr("coupon"), effect, not reason, reason, coupon.code))
        return rows

    def _show_rewards(self, quote: Quote | None) -> None:
        self.reward_rows = self._reward_rows(quote)  # the list a cashier sees: Alt+1 is its first row
        self.rewards.setRowCount(len(self.reward_rows))
        for row, reward in enumerate(self.reward_rows):
            applied = any(c.reward_id == reward.reward_id and c.coupon == reward.coupon for c in self.choices)
            key = f"Alt+{row + 1}" if row < MAX_REWARD_KEYS else ""
            name = ("✔ " + reward.name) if applied else reward.name
            second = reward.effect if reward.available or applied else f"{reward.effect} — {reward.reason}"
            for column, value in enumerate((key, f"{name}\n{second}")):
                item = cell(value)
                if not reward.available and not applied:
                    item.setForeground(self.palette().placeholderText())
                if applied:
                    font = item.font()
                    font.setBold(True)
                    item.setFont(font)
                item.setToolTip(f"{reward.name}\n{second}")
                self.rewards.setItem(row, column, item)
        points_choice = next((a for a in (quote.applied if quote else ()) if a.kind == "points"), None)
        self.points_label.setVisible(points_choice is not None)
        self.points_to_use.setVisible(points_choice is not None)
        if points_choice is not None:
            self.points_to_use.blockSignals(True)
            self.points_to_use.setValue(points_choice.points_cost)
            self.points_to_use.blockSignals(False)

    # -- quoting ----------------------------------------------------------------------------

    def order_data(self, allow_empty: bool = False) -> dict[str, Any] | None:
        """The order in the documented JSON shape (README "Order files"). None while it has no
        lines and no total — unless `allow_empty`: then a zero total, to list the rewards."""
        data: dict[str, Any] = {"order_id": self.order_id, "card": self.card.number if self.card else None}
        if self.lines:
            data["lines"] = self.lines
        elif self.total_only.text().strip():
            data["total"] = formats.money_input(self.total_only.text())
        elif allow_empty:
            data["total"] = "0"
        else:
            return None
        for key in ("discount", "tax", "shipping"):
            text = formats.money_input(self.amount_edits[key].text())  # "2,80" where a decimal comma is written
            if text:
                data[key] = text
        if self.choices:
            data["rewards"] = [c.as_json() for c in self.choices]
        return data

    def refresh_quote(self) -> None:
        """Quote the order as it stands; a reward that no longer applies is taken off, with the reason.
        With no order yet (but a card) an empty order is quoted, so the rewards list shows what the
        customer can take and what each costs."""
        for label in (self.line_error, self.commit_error, *self.amount_errors.values()):
            show_field_error(label, "")
        self._quote_rules = None
        try:
            rules, _ = rules_sync.active_rules()
        except LoyaltyError as exc:
            show_field_error(self.commit_error, exc.message)
            return
        self.currency = rules.settings.currency
        empty = self.order_data() is None
        quote: Quote | None = None
        refused = False
        for key, edit in self.amount_edits.items():
            problem = self._decimals_problem(formats.money_input(edit.text())) if edit.text().strip() else ""
            if problem:
                show_field_error(self.amount_errors[key], problem)
                refused = True
        while not refused and (data := self.order_data(allow_empty=self.card is not None)) is not None:
            try:
                quote, self._quote_rules = checkout.quote(parse_order(data))  # what the screen shows of it: this version
                break
            except ValidationError as exc:
                if not self._drop_failed_reward(exc):
                    self._show_input_error(exc)
                    break
            except LoyaltyError as exc:
                show_field_error(self.commit_error, exc.message)
                break
        with filling(self.rewards):  # one layout pass, not one per cell
            self._show_rewards(quote)
        self.quote = None if empty else quote
        self._show_lines()
        self._show_totals(self.quote)
        self.quote_changed.emit()

    def _drop_failed_reward(self, exc: ValidationError) -> bool:
        match = _REWARD_INDEX.match(exc.field)
        if match is None and exc.field == "rewards" and self.choices:  # e.g. the card was suspended meanwhile
            self.choices = []
            show_field_error(self.rewards_error, exc.message)
            return True
        if match is None or int(match.group(1)) >= len(self.choices):
            return False
        index = int(match.group(1))
        choice = self.choices[index]
        if exc.field.endswith(".points") and choice.points is not None:
            self.choices[index] = replace(choice, points=None)  # back to the most useful amount
        else:
            del self.choices[index]
        show_field_error(self.rewards_error, self.tr("Taken off {reward}: {message}").format(reward=self._reward_name(choice.reward_id), message=translated(exc.message)))
        return True

    def _decimals_problem(self, text: str) -> str:
        """Money with more decimals than the currency has ("1.005" in euros) is refused, never
        rounded behind the cashier's back. Empty when the amount is fine (or not a number at all:
        the order's own parser says that)."""
        try:
            amount = parse_money(text, "amount")
        except LoyaltyError:
            return ""
        if amount == round_money(amount, self.currency):
            return ""
        places = minor_units(self.currency)
        return self.tr("{amount} has more decimals than {currency} allows ({places})").format(amount=text, currency=self.currency, places=places)

    def _field_text(self, field: str) -> str:
        """An error's field as the cashier knows it: "line 2 (CAKE), unit price", the reward's name —
        never a path such as "lines[1].unit_price" or "rewards[0]"."""
        if match := _LINE_FIELD.match(field):
            index, rest = int(match.group(1)), match.group(2)
            sku = self.lines[index]["sku"] if index < len(self.lines) else ""
            text = self.tr("line {n} ({sku})").format(n=index + 1, sku=sku) if sku else self.tr("line {n}").format(n=index + 1)
            return f"{text}, {rest.replace('_', ' ')}" if rest else text
        if match := _REWARD_INDEX.match(field):
            index = int(match.group(1))
            if index < len(self.choices):
                return self._reward_name(self.choices[index].reward_id)
        return field.replace("_", " ")

    def _reward_name(self, reward_id: str) -> str:
        row = next((r for r in self.reward_rows if r.reward_id == reward_id), None)
        if row is not None:
            return row.name
        try:
            reward = rules_sync.active_rules()[0].reward(reward_id)
        except LoyaltyError:
            reward = None
        return reward.name if reward else reward_id

    def _show_input_error(self, exc: LoyaltyError) -> None:
        field = exc.field
        if field in self.amount_errors:
            show_field_error(self.amount_errors[field], exc.message)
        elif field.startswith("lines"):
            show_field_error(self.line_error, f"{self._field_text(field)}: {exc.message}")
        elif field == "card":
            show_field_error(self.scan_error, exc.message)
        else:
            show_field_error(self.commit_error, f"{self._field_text(field)}: {exc.message}")

    def _show_totals(self, quote: Quote | None) -> None:
        cur = self.currency
        if quote is None:
            for value in self.figures.values():
                value.setText("—")
            self.total.setText("—")
            self.points_earned.setText("—")
            self.explanation.setText(self.tr("Add lines (F3) or an order total (F4)."))
            self.commit_button.setEnabled(False)
            return
        self.figures["subtotal"].setText(money_text(quote.subtotal, cur))
        self.figures["discount"].setText(money_text(-quote.discount, cur) if quote.discount else "—")
        self.figures["rewards"].setText(money_text(-quote.rewards_off, cur) if quote.rewards_off else "—")
        self.figures["tax"].setText(money_text(quote.tax, cur) if quote.tax else "—")
        shipping = quote.shipping - quote.shipping_off
        self.figures["shipping"].setText(money_text(shipping, cur) + (self.tr(" (free)") if quote.shipping_off and not shipping else "")
                                         if quote.shipping else "—")
        self.figures["spent"].setText(formats.points(quote.points_spent) if quote.points_spent else "—")
        self.figures["balance_after"].setText(formats.points(quote.balance_after) if self.card else "—")
        self.total.setText(money_text(quote.total, cur))
        self.points_earned.setText(formats.points(quote.points_earned) if self.card else self.tr("no card"))
        lines = [translated(e.explanation) for e in quote.earnings]
        if self.card is not None and quote.points_earned and not self._awards_now():
            lines.append(self.tr("The points are added when the order is fulfilled."))
        self.explanation.setText("\n".join(lines) if lines else (self.tr("Scan a card to earn points.") if self.card is None else ""))
        self.commit_button.setEnabled(not self.is_committing())

    def _awards_now(self) -> bool:
        return self._shown_rules().settings.award_on == "paid"

    def _shown_rules(self) -> Any:
        """The rules of the quote on screen, so that its rewards and wording come from the version
        that quoted it (a scheduled version may take over between two reads); else those in force."""
        rules = getattr(self, "_quote_rules", None)
        return rules if rules is not None else rules_sync.active_rules()[0]

    def show_message(self, text: str) -> None:
        """The green line under the scan field: what just happened (a commit, an enrolment)."""
        self.message.setText(text)
        self.message.show()

    # -- committing -------------------------------------------------------------------------

    def is_committing(self) -> bool:
        """True while F12's commit runs in the background (the screen waits for its answer)."""
        return self._commit_worker is not None

    def commit(self) -> None:
        """Commit the sale in one transaction, off the GUI thread: the till stays responsive
        while the database is slow or locked. F12 again while it runs does nothing; a failure
        keeps the sale and its order id, so F12 retries it and can never charge twice."""
        if self._commit_worker is not None:
            return
        show_field_error(self.commit_error, "")
        data = self.order_data()
        if data is None:
            show_field_error(self.commit_error, self.tr("Nothing to commit: add lines (F3) or an order total (F4)."))
            return
        try:
            request = parse_order(data)
        except LoyaltyError as exc:
            self._show_input_error(exc)
            return
        if not self._discount_confirmed(request.order.discount):
            return
        self._set_committing(True)
        self._commit_worker = run_in_thread_pool(_commit_in_pool, request, self.user, report_progress=False,
                                                 on_finished=self._commit_done, on_failed=self._commit_failed)

    def _discount_confirmed(self, discount: Decimal) -> bool:
        """A discount larger than the goods is most likely a slip of the finger: ask before committing it."""
        quote = self.quote
        if quote is None or discount <= quote.subtotal:
            return True
        answer = QMessageBox.question(
            self, self.tr("Discount larger than the order"),
            self.tr("The discount {discount} is larger than the order ({subtotal}). Commit the sale with it?").format(
                discount=money_text(discount, self.currency), subtotal=money_text(quote.subtotal, self.currency)),
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No, QMessageBox.StandardButton.No)
        if answer == QMessageBox.StandardButton.Yes:
            return True
        self.discount.setFocus()
        self.discount.selectAll()
        return False

    def _set_committing(self, busy: bool) -> None:
        self.commit_button.setText(self.tr("Committing…") if busy else self.tr("Commit sale — F12"))
        self.commit_button.setEnabled(not busy and self.quote is not None)
        for widget in self._sale_inputs:  # the sale being committed cannot change under it
            widget.setEnabled(not busy)
        self.total_only.setEnabled(not busy and not self.lines)

    def _commit_failed(self, error: object) -> None:
        self._commit_worker = None
        self._set_committing(False)
        if isinstance(error, Exception) and busy.is_busy(error):  # first: Busy is a LoyaltyError too
            show_field_error(self.commit_error, self.tr("The database is busy — press F12 to try again. Nothing was charged yet."))
        elif isinstance(error, LoyaltyError):
            self.reload_card()  # refused: perhaps because the card changed meanwhile; show it as it is now
            self._show_input_error(error)
        else:
            log.error("commit of order %s failed: %r", self.order_id, error)
            show_field_error(self.commit_error, self.tr("The sale did not go through ({error}). Press F12 to try again: "
                                                        "it will not be charged twice.").format(error=error))
        self.commit_button.setFocus()

    def _commit_done(self, result: object) -> None:
        self._commit_worker = None
        self._set_committing(False)
        assert isinstance(result, checkout.CommitResult)
        if self.pos_cart is not None and self.pos_cart.order_id == result.order_id:  # the POS gets its totals
            self.cart_committed.emit(self.pos_cart.cart_id, result)
            self.pos_cart = None
        total = money_text(Decimal(result.total), self.currency)
        if result.replayed:
            text = self.tr("Order {order} was already committed; nothing changed.").format(order=result.order_id)
        elif result.card is None:
            text = self.tr("Order {order} committed: {total}. No card, no points.").format(order=result.order_id, total=total)
        else:
            text = self.tr("Order {order} committed: {total}. Earned {earned}, spent {spent}. New balance: {balance}.").format(
                order=result.order_id, total=total, earned=formats.points(result.points_earned if result.points_awarded else 0),
                spent=formats.points(result.points_spent), balance=formats.points(result.balance or 0))
            if not result.points_awarded and result.points_earned:
                text += " " + self.tr("{points} will be added when the order is fulfilled.").format(points=formats.points(result.points_earned))
            if result.unlocked:  # milestone steps this sale reached: the cashier tells the customer
                words = milestone_words()
                text += " " + self.tr("Unlocked: {what}.").format(what="; ".join(u.line(words) for u in result.unlocked))
        self.new_sale()
        for fired in result.fired:  # customer-reward triggers the sale fired (seed 002)
            if fired.status == "blocked":
                text += " " + self.tr("{name}: reached, nothing issued ({reason}).").format(name=fired.name, reason=fired.reason)
            else:
                what = self.tr("coupon {code}").format(code=fired.coupon) if fired.coupon else formats.points(fired.points, signed=True)
                text += " " + self.tr("{name}: {what} issued — e-mail queued.").format(name=fired.name, what=what)
        self.show_message(text + ("\n" + self.cart_text() if self.pos_cart is not None else ""))  # the next cart opened
        self.committed.emit(result.order_id, result.card or "")

    def shutdown(self) -> None:
        """The window is closing: let a commit under way finish (it is one short transaction)."""
        worker = self._commit_worker
        if worker is not None:
            worker.wait(30)


def _commit_in_pool(request: OrderRequest, user: str, should_cancel: Any = None) -> checkout.CommitResult:
    """Runs in the pool thread (`workers.Worker`): a commit is one transaction, never cancelled half-way."""
    return checkout.commit(request, user=user)
