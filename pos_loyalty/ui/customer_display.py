"""The customer display: a window for a second screen turned towards the customer.

While the cashier works it shows the customer's first name, their balance, the points this
order earns, the total and the rewards they could take now; with no card, a welcome with the
store's name. It follows the checkout screen's `quote_changed` signal and reads what the
screen already worked out (card, quote, reward rows): it asks the database nothing while a
sale is built, so it can never disagree with the cashier's screen. After a commit it thanks
the customer with their new balance, then returns to the welcome.

Only what a customer may see: first name, no card number, no phone or e-mail, no
inactivity milestones. Big type: it is read from a step away.
"""

from __future__ import annotations

import logging

from PySide6.QtCore import Qt, QTimer
from PySide6.QtGui import QCloseEvent, QGuiApplication
from PySide6.QtWidgets import QLabel, QVBoxLayout, QWidget

from .. import formats
from ..domain.errors import LoyaltyError
from ..domain.slip import first_name
from ..services import cards, settings
from .widgets import money_text

log = logging.getLogger(__name__)

THANK_YOU_MS = 10_000  # the thank-you stays this long, unless the next sale starts sooner
BIG, MEDIUM, SMALL = 44, 30, 22  # point sizes: read from a step away


def _label(parent: QWidget, size: int, bold: bool = False) -> QLabel:
    label = QLabel(parent)
    label.setTextFormat(Qt.TextFormat.PlainText)  # a customer's name is shown as typed, never read as HTML
    label.setAlignment(Qt.AlignmentFlag.AlignCenter)
    label.setWordWrap(True)
    font = label.font()
    font.setPointSize(size)
    font.setBold(bold)
    label.setFont(font)
    return label


class CustomerDisplay(QWidget):
    """`follow(screen)` ties it to a checkout screen; `place()` puts it on the second screen."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent, Qt.WindowType.Window)
        self.setObjectName("customerDisplay")
        self.setWindowTitle(self.tr("Customer display"))
        self.screen_followed: QWidget | None = None
        layout = QVBoxLayout(self)
        layout.setContentsMargins(40, 40, 40, 40)
        layout.setSpacing(18)
        self.heading = _label(self, BIG, bold=True)
        self.balance = _label(self, MEDIUM)
        self.earns = _label(self, MEDIUM, bold=True)
        self.total = _label(self, MEDIUM)
        self.rewards_heading = _label(self, SMALL, bold=True)
        self.rewards = _label(self, SMALL)
        layout.addStretch(1)
        for label in (self.heading, self.balance, self.earns, self.total, self.rewards_heading, self.rewards):
            layout.addWidget(label)
        layout.addStretch(1)
        self.idle_timer = QTimer(self)
        self.idle_timer.setSingleShot(True)
        self.idle_timer.timeout.connect(self.show_welcome)
        self.resize(1024, 768)
        self.show_welcome()

    # -- following the checkout ---------------------------------------------------------

    def follow(self, screen: QWidget) -> None:
        """Show what `screen` (a `CheckoutScreen`) holds now, and again on every change and commit."""
        self.screen_followed = screen
        screen.quote_changed.connect(self.show_sale)  # type: ignore[attr-defined]
        screen.committed.connect(self.thank)  # type: ignore[attr-defined]
        self.show_sale()

    def show_sale(self) -> None:
        """The sale on the followed screen: the welcome while no card is scanned."""
        screen = self.screen_followed
        card = getattr(screen, "card", None)
        if card is None:
            if not self.idle_timer.isActive():  # a thank-you on show stays its time
                self.show_welcome()
            return
        self.idle_timer.stop()
        name = first_name(card.customer_name)
        self.heading.setText(self.tr("Hello, {name}").format(name=name) if name else self.tr("Hello"))
        self.balance.setText(self.tr("Your balance: {points}").format(points=formats.points(card.balance)))
        quote = getattr(screen, "quote", None)
        currency = getattr(screen, "currency", "EUR")
        if quote is not None and card.status == "active":
            self.earns.setText(self.tr("This order earns {points}").format(points=formats.points(quote.points_earned)))
            self.total.setText(self.tr("Total: {total}").format(total=money_text(quote.total, currency)))
            if quote.points_spent:
                self.balance.setText(self.tr("Your balance: {points} → {after} after this order").format(
                    points=formats.points(card.balance), after=formats.points(quote.balance_after)))
        else:
            self.earns.setText("")
            self.total.setText("")
        rows = [row for row in getattr(screen, "reward_rows", []) if row.available]
        self.rewards_heading.setText(self.tr("Rewards you can take now") if rows else "")
        self.rewards.setText("\n".join(f"{row.name} — {row.effect}" for row in rows))
        self._show_parts()

    def thank(self, order_id: str, number: str) -> None:
        """A sale was committed: thanks, with the card's balance now; the welcome a little later."""
        if not number:
            self.show_welcome()
            return
        try:
            view = cards.lookup(number)
        except LoyaltyError as exc:  # the checkout says what is wrong with the card; here: a plain thank-you
            log.info("customer display: no balance for %s: %s", number, exc)
            view = None
        self.heading.setText(self.tr("Thank you!"))
        self.balance.setText(self.tr("Your balance: {points}").format(points=formats.points(view.balance)) if view else "")
        for label in (self.earns, self.total, self.rewards_heading, self.rewards):
            label.setText("")
        self._show_parts()
        self.idle_timer.start(THANK_YOU_MS)

    def show_welcome(self) -> None:
        """No card on the till: the store greets whoever comes next."""
        self.idle_timer.stop()
        self.heading.setText(self.tr("Welcome to {store}").format(store=settings.get("store_name")))
        self.balance.setText(self.tr("Show your loyalty card to earn points"))
        for label in (self.earns, self.total, self.rewards_heading, self.rewards):
            label.setText("")
        self._show_parts()

    def _show_parts(self) -> None:
        for label in (self.balance, self.earns, self.total, self.rewards_heading, self.rewards):
            label.setVisible(bool(label.text()))

    # -- where it shows -----------------------------------------------------------------

    def place(self) -> None:
        """Full screen on the second screen when there is one (the first screen is the cashier's);
        else an ordinary window beside the till."""
        screens = QGuiApplication.screens()
        if len(screens) > 1:
            main = QGuiApplication.primaryScreen()
            target = next((s for s in screens if s is not main), screens[1])
            self.setScreen(target)
            self.setGeometry(target.geometry())
            self.showFullScreen()
        else:
            self.showNormal()
        self.raise_()

    def closeEvent(self, event: QCloseEvent) -> None:  # noqa: N802 (Qt's name)
        self.idle_timer.stop()
        super().closeEvent(event)
