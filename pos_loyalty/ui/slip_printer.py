"""The checkout's loyalty slip: printed after each sale with a card when the store asks for it
(Settings → Receipt printer, "print after every sale"), or on Ctrl+P for the last such sale.

Printing runs in a pool thread (`workers`): a printer that is off or out of paper never
freezes the till. The sale was committed before the slip is even asked for, so a printer
error changes nothing about it: the error is shown in red on the checkout, saying the sale
went through and that Ctrl+P tries again.
"""

from __future__ import annotations

import logging
from typing import Any

from PySide6.QtCore import QObject, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import QWidget

from ..domain.errors import LoyaltyError
from ..services import slip
from .widgets import show_field_error
from .workers import Worker, run_in_thread_pool

log = logging.getLogger(__name__)

SHORTCUT = "Ctrl+P"


class SlipPrinter(QObject):
    """Prints the slips of the sales committed on `screen` (a `CheckoutScreen`)."""

    printed = Signal(str, str)  # order id, the printer
    failed = Signal(str, str)  # order id, why

    def __init__(self, screen: QWidget) -> None:
        super().__init__(screen)
        self.screen = screen
        self.last_order: str | None = None  # the last sale with a card: Ctrl+P prints its slip
        self._worker: Worker | None = None
        screen.committed.connect(self._committed)  # type: ignore[attr-defined]
        self.shortcut = QShortcut(QKeySequence(SHORTCUT), screen, activated=self.print_last)

    def is_printing(self) -> bool:
        return self._worker is not None

    def _committed(self, order_id: str, card: str) -> None:
        if not card:
            return  # a sale without a card has no loyalty slip
        self.last_order = order_id
        try:
            wanted = slip.auto_print()
        except LoyaltyError as exc:
            log.warning("cannot read the slip settings: %s", exc)
            return
        if wanted:
            self.print_slip(order_id)

    def print_last(self) -> None:
        """Ctrl+P: the slip of the last sale with a card, again."""
        if self.last_order is None:
            show_field_error(self.screen.commit_error, self.tr("No sale with a card yet: Ctrl+P prints the slip of the last one."))  # type: ignore[attr-defined]
            return
        self.print_slip(self.last_order)

    def print_slip(self, order_id: str) -> None:
        if self._worker is not None:
            return  # one slip at a time: a second Ctrl+P while printing does nothing
        self._worker = run_in_thread_pool(_print_in_pool, order_id, report_progress=False,
                                          on_finished=self._done, on_failed=lambda error: self._failed(order_id, error))

    def _done(self, result: object) -> None:
        self._worker = None
        assert isinstance(result, slip.Printed)
        text = self.tr("Loyalty slip of {order} printed on the {printer}.").format(order=result.order_id, printer=result.printer)
        current = self.screen.message.text() if self.screen.message.isVisible() else ""  # type: ignore[attr-defined]
        self.screen.show_message(f"{current} {text}".strip())  # type: ignore[attr-defined]
        self.printed.emit(result.order_id, result.printer)

    def _failed(self, order_id: str, error: object) -> None:
        self._worker = None
        why = error.message if isinstance(error, LoyaltyError) else str(error)
        if not isinstance(error, LoyaltyError):
            log.error("slip of order %s: %r", order_id, error)
        show_field_error(self.screen.commit_error, self.tr(  # type: ignore[attr-defined]
            "Order {order} is committed, but its loyalty slip did not print: {why}. Ctrl+P tries again.").format(order=order_id, why=why))
        self.failed.emit(order_id, why)


def _print_in_pool(order_id: str, should_cancel: Any = None) -> slip.Printed:
    """Runs in the pool thread: read the sale and send its slip to the receipt printer."""
    return slip.print_receipt(order_id)
